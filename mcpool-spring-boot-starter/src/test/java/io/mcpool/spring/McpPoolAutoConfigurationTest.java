package io.mcpool.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.McpPool;
import io.mcpool.PoolState;
import io.mcpool.metrics.PoolMetric;
import io.mcpool.testkit.TestMcpServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The starter in a real Spring Boot application on a real web server (random port), against real MCP
 * servers of the testkit, read over real HTTP.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.endpoints.web.exposure.include=health,metrics",
            "management.endpoint.health.show-details=always",
            "management.endpoint.health.probes.enabled=true",
            "management.endpoint.health.group.readiness.include=readinessState,mcpool",
            "management.endpoint.health.group.readiness.show-components=always",
            "mcpool.github.max-sessions=4",
            "mcpool.github.min-sessions=1",
            "mcpool.files.graceful-degradation=yes",
            // An optional pool whose server is not there: it must not sink readiness.
            "mcpool.optional.endpoint=http://127.0.0.1:1/mcp",
            "mcpool.optional.health.readiness=false",
            "mcpool.optional.connect-timeout=500ms",
            "mcpool.optional.retry-count=0",
            "mcpool.lazy.lazy-start=true",
            "mcpool.lazy.min-sessions=1"
        })
class McpPoolAutoConfigurationTest {

    private static final TestMcpServer GITHUB = TestMcpServer.builder().build().start();
    private static final TestMcpServer FILES = TestMcpServer.builder().build().start();
    private static final TestMcpServer LAZY = TestMcpServer.builder().build().start();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void endpoints(DynamicPropertyRegistry registry) {
        registry.add("mcpool.github.endpoint", GITHUB::endpoint);
        registry.add("mcpool.files.endpoint", FILES::endpoint);
        registry.add("mcpool.lazy.endpoint", LAZY::endpoint);
    }

    @AfterAll
    static void stopServers() {
        GITHUB.close();
        FILES.close();
        LAZY.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    TestApplication.ByAnnotation byAnnotation;

    @Autowired
    TestApplication.ByQualifier byQualifier;

    @Autowired
    ConfigurableApplicationContext context;

    private String get(String path) throws IOException, InterruptedException {
        return get(path, 200);
    }

    private String get(String path, int status) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(status, r.statusCode(), path + ": " + r.body());
        return r.body();
    }

    @Test
    void poolsAreBeansInjectedByNameStartedAndCallable() {
        McpPool github = byAnnotation.pool;
        assertEquals("github", github.name());
        assertEquals(4, github.config().maxSessions());
        assertEquals("files", byQualifier.pool.name());
        assertTrue(byQualifier.pool.config().gracefulDegradation());
        assertSame(github, context.getBean("github", McpPool.class));
        assertNotSame(github, byQualifier.pool);
        assertEquals(PoolState.RUNNING, github.state());
        assertFalse(github.callTool("echo", Map.of("message", "hi")).isError());
        assertTrue(GITHUB.initializeCount() >= 1);
    }

    /**
     * The optional pool's server is down: its indicator says so in {@code /actuator/health} (which is
     * therefore DOWN, as with any down component), while the readiness group, which includes
     * {@code mcpool}, leaves the optional pool out and stays UP.
     */
    @Test
    void healthShowsEveryPoolAndAnOptionalPoolDoesNotSinkReadiness() throws Exception {
        String health = get("/actuator/health/mcpool", 503);
        assertTrue(health.contains("\"github\":{\"details\""), health);
        assertTrue(health.contains("\"files\":{\"details\""), health);
        assertTrue(health.matches(".*\"optional\":\\{\"details\":\\{[^}]*\"optional\":true[^}]*},\"status\":\"DOWN\"}.*"),
                "the optional pool is reported DOWN: " + health);
        assertTrue(health.matches(".*\"github\":\\{\"details\":\\{[^}]*},\"status\":\"UP\"}.*"), health);
        assertFalse(health.contains("127.0.0.1:1"), "no configuration values in health: " + health);
        assertTrue(get("/actuator/health", 503).contains("\"optional\":true"));
        String readiness = get("/actuator/health/readiness");
        assertTrue(readiness.endsWith("},\"status\":\"UP\"}"), "ready overall: " + readiness);
        assertTrue(readiness.contains("\"github\""), readiness);
        assertTrue(readiness.contains("\"files\""), readiness);
        assertFalse(readiness.contains("\"optional\""), "the optional pool is not a member of readiness: " + readiness);
        // Without the rule the same group would be DOWN: the optional pool is a member of the include.
        get("/actuator/health/mcpool/optional", 503);
    }

    /** Health, metrics and injection leave a lazy pool alone; its first call starts it. */
    @Test
    void aLazyPoolStartsAtItsFirstUse() throws Exception {
        McpPool lazy = context.getBean("lazy", McpPool.class);
        get("/actuator/metrics/mcpool.sessions.max?tag=pool:lazy");
        String health = get("/actuator/health/mcpool/lazy");
        assertTrue(health.contains("\"lazyStart\":true") && health.endsWith("\"status\":\"UP\"}"), health);
        assertEquals(PoolState.NEW, lazy.state());
        assertEquals(0, LAZY.initializeCount(), "not started before its first use");
        assertFalse(lazy.callTool("echo", Map.of("message", "first")).isError());
        assertEquals(PoolState.RUNNING, lazy.state());
        assertTrue(LAZY.initializeCount() >= 1);
        assertTrue(get("/actuator/health/mcpool/lazy").contains("\"state\":\"RUNNING\""));
    }

    @Test
    void metricsShowEveryMetricOfTheTableTaggedWithThePool() throws Exception {
        byAnnotation.pool.callTool("echo", Map.of("message", "m"));
        byAnnotation.pool.callTool("fail", Map.of()); // brings the per-tool error counter's first series
        String names = get("/actuator/metrics");
        for (PoolMetric metric : PoolMetric.values()) {
            assertTrue(names.contains("\"" + metric.metricName() + "\""), metric.metricName() + " in " + names);
        }
        String active = get("/actuator/metrics/mcpool.sessions.max?tag=pool:github");
        assertTrue(active.contains("\"value\":4.0"), active);
        String wait = get("/actuator/metrics/mcpool.borrow.wait?tag=pool:github");
        assertTrue(wait.contains("\"statistic\":\"COUNT\""), wait);
    }

    /** Spring stops higher phases first: the pools' phase is below every web server lifecycle of this context. */
    @Test
    void poolsCloseAfterTheWebServerStopsTakingRequests() {
        int ours = context.getBean(McpPoolLifecycle.class).getPhase();
        Map<String, org.springframework.context.SmartLifecycle> web = new java.util.TreeMap<>(
                context.getBeansOfType(org.springframework.context.SmartLifecycle.class));
        web.keySet().removeIf(name -> !name.startsWith("webServer"));
        assertTrue(web.size() >= 2, "the web server's start/stop and graceful-shutdown lifecycles: " + web.keySet());
        web.forEach((name, lifecycle) -> assertTrue(ours < lifecycle.getPhase(),
                name + " phase " + lifecycle.getPhase() + " vs the pools' " + ours));
        assertTrue(context.getBean(McpPoolLifecycle.class).isRunning());
    }
}
