package io.mcpool.springapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.McpPool;
import io.mcpool.event.PoolEvent;
import io.mcpool.spi.AuthProvider;
import io.mcpool.spi.PoolListener;
import io.mcpool.spi.SamplingHandler;
import io.mcpool.spi.TransportFactory;
import io.mcpool.spi.WarmupHook;
import io.mcpool.spring.McpPoolConfigCustomizer;
import io.mcpool.spring.McpPoolName;
import io.mcpool.testkit.RecordedRequest;
import io.mcpool.testkit.TestMcpServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application's SPI beans reach the pools they are meant for, in a real application context against
 * real MCP servers: a bean qualified with {@code @McpPoolName} serves its pool only (its credential
 * never reaches another pool's server), an unqualified one serves every pool that has none of its own,
 * listeners and customizers apply per pool.
 */
@SpringBootTest(classes = SpiBeansTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"mcpool.alpha.min-sessions=2", "mcpool.beta.min-sessions=2",
            "mcpool.gamma.transport=streamable-http"})
class SpiBeansTest {

    private static final String ALPHA_SECRET = "alpha-secret-7f3a";
    private static final TestMcpServer ALPHA = TestMcpServer.builder().clientFeatureTools().build().start();
    private static final TestMcpServer BETA = TestMcpServer.builder().clientFeatureTools().build().start();
    private static final TestMcpServer GAMMA = TestMcpServer.builder().build().start();

    @DynamicPropertySource
    static void endpoints(DynamicPropertyRegistry registry) {
        registry.add("mcpool.alpha.endpoint", ALPHA::endpoint);
        registry.add("mcpool.beta.endpoint", BETA::endpoint);
    }

    @AfterAll
    static void stopServers() {
        ALPHA.close();
        BETA.close();
        GAMMA.close();
    }

    /** An application with SPI beans for one pool and for all. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {

        final List<PoolEvent> allEvents = new CopyOnWriteArrayList<>();
        final List<PoolEvent> betaEvents = new CopyOnWriteArrayList<>();
        final List<String> warmedUp = new CopyOnWriteArrayList<>();

        @Bean
        @McpPoolName("alpha")
        AuthProvider alphaCredentials() {
            return key -> Map.of("Authorization", "Bearer " + ALPHA_SECRET);
        }

        @Bean
        AuthProvider sharedCredentials() {
            return key -> Map.of("X-Shared-Auth", "shared");
        }

        @Bean
        @McpPoolName("alpha")
        WarmupHook alphaWarmup() {
            return (client, key) -> warmedUp.add("alpha");
        }

        @Bean
        @McpPoolName("alpha")
        SamplingHandler alphaSampling() {
            return request -> McpSchema.CreateMessageResult.builder(McpSchema.Role.ASSISTANT, "from alpha's bean",
                    "alpha-model").build();
        }

        @Bean
        @McpPoolName("gamma")
        TransportFactory gammaTransport() {
            return context -> {
                URI uri = URI.create(GAMMA.endpoint());
                return HttpClientStreamableHttpTransport.builder(uri.getScheme() + "://" + uri.getRawAuthority())
                        .endpoint(uri.getRawPath())
                        .clientBuilder(context.sharedHttpClient())
                        .httpRequestCustomizer(context.leaseHeaders())
                        .build();
            };
        }

        @Bean
        PoolListener everyPool() {
            return allEvents::add;
        }

        @Bean
        @McpPoolName("beta")
        PoolListener betaOnly() {
            return betaEvents::add;
        }

        @Bean
        McpPoolConfigCustomizer clientNames() {
            return (pool, builder) -> builder.clientName("spring-" + pool);
        }

        @Bean
        @McpPoolName("beta")
        McpPoolConfigCustomizer betaSize() {
            return (pool, builder) -> builder.maxSessions(3);
        }
    }

    @Autowired
    App app;

    @Autowired
    @McpPoolName("alpha")
    McpPool alpha;

    @Autowired
    @McpPoolName("beta")
    McpPool beta;

    @Autowired
    @McpPoolName("gamma")
    McpPool gamma;

    @Autowired
    @McpPoolName("alpha")
    AuthProvider alphaCredentials;

    @Autowired
    @McpPoolName("alpha")
    WarmupHook alphaWarmup;

    @Test
    void aQualifiedCredentialReachesItsPoolsServerAndNoOther() {
        alpha.callTool("echo", Map.of("message", "a"));
        beta.callTool("echo", Map.of("message", "b"));
        gamma.callTool("echo", Map.of("message", "c"));
        assertSame(alphaCredentials, alpha.config().authProvider());
        List<RecordedRequest> alphaSeen = ALPHA.requests();
        assertFalse(alphaSeen.isEmpty());
        for (RecordedRequest r : alphaSeen) {
            assertEquals("Bearer " + ALPHA_SECRET, r.header("Authorization"), r.method() + " to alpha");
            assertNull(r.header("X-Shared-Auth"), "the pool's own provider wins over the unqualified one: " + r.method());
        }
        for (TestMcpServer other : List.of(BETA, GAMMA)) {
            assertFalse(other.requests().isEmpty());
            for (RecordedRequest r : other.requests()) {
                assertEquals("shared", r.header("X-Shared-Auth"), r.method() + " carries the unqualified provider's header");
                assertFalse(r.headers().toString().contains(ALPHA_SECRET), "alpha's credential on another server: " + r.headers());
            }
        }
    }

    @Test
    void singleValuedBeansGoToTheirPoolOnly() {
        assertSame(alphaWarmup, alpha.config().warmupHook());
        assertNull(beta.config().warmupHook());
        assertTrue(app.warmedUp.size() >= 2, "alpha's two warm sessions ran its hook: " + app.warmedUp);
        assertNull(alpha.config().transportFactory());
        assertTrue(gamma.config().transportFactory() != null);
        assertTrue(GAMMA.initializeCount() >= 1, "gamma's sessions came from its TransportFactory bean");
    }

    @Test
    void aQualifiedHandlerAnswersItsPoolsServerAndNoOther() {
        assertEquals(java.util.Set.of(io.mcpool.spi.ClientCapability.SAMPLING), alpha.config().clientCapabilities());
        assertEquals("model=alpha-model text=from alpha's bean",
                text(alpha.callTool("sample", Map.of("prompt", "hi"))));
        assertEquals(java.util.Set.of(), beta.config().clientCapabilities(), "beta advertises no sampling");
        McpSchema.CallToolResult refused = beta.callTool("sample", Map.of("prompt", "hi"));
        assertTrue(refused.isError(), () -> text(refused));
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    @Test
    void listenersAndCustomizersApplyPerPool() {
        alpha.callTool("echo", Map.of("message", "a"));
        beta.callTool("echo", Map.of("message", "b"));
        assertTrue(app.allEvents.stream().anyMatch(e -> e.poolName().equals("alpha")), "unqualified listener hears alpha");
        assertTrue(app.allEvents.stream().anyMatch(e -> e.poolName().equals("beta")), "unqualified listener hears beta");
        assertFalse(app.betaEvents.isEmpty());
        assertTrue(app.betaEvents.stream().allMatch(e -> e.poolName().equals("beta")), "qualified listener hears beta only");
        assertEquals("spring-alpha", alpha.config().clientName());
        assertEquals("spring-beta", beta.config().clientName());
        assertEquals(3, beta.config().maxSessions());
        assertEquals(io.mcpool.PoolConfig.builder().endpoint("http://127.0.0.1:1/mcp").build().maxSessions(),
                alpha.config().maxSessions(), "the beta customizer left alpha alone");
    }
}
