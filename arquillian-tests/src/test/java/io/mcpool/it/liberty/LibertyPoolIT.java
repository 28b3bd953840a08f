package io.mcpool.it.liberty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static io.mcpool.it.liberty.LibertyHttp.checkStatus;
import static io.mcpool.it.liberty.LibertyHttp.get;
import static io.mcpool.it.liberty.LibertyHttp.metric;

import io.mcpool.it.McpServers;
import io.mcpool.testkit.TestMcpServer;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The module's WAR (a JAX-RS resource injecting pools, mcpool-cdi in WEB-INF/lib) on a real Open
 * Liberty server with mpConfig, mpHealth, mpMetrics and mpFaultTolerance, talking to MCP servers
 * this test JVM runs on loopback.
 *
 * <p>Pool {@code default} has its server from the start. Pool {@code backup} has none when the
 * application starts: its start fails, readiness is DOWN; once its server is up, the next use starts
 * it and readiness turns UP. One server start and one deployment for the whole class.
 */
@ExtendWith({McpServers.class, ArquillianExtension.class})
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LibertyPoolIT {

    /** The default pool's MCP server, up before the WAR is built so its URL can go into it. */
    private static final TestMcpServer SERVER = McpServers.start();

    /** The backup pool's port: free now; its server starts in the middle of the test. */
    private static final int BACKUP_PORT = freePort();

    @Deployment(testable = false)
    static WebArchive deployment() {
        File war = new File(System.getProperty("liberty.war", "target/arquillian-tests-0.1.0-SNAPSHOT.war"));
        // The application's own microprofile-config.properties stays; a library with a higher
        // config_ordinal points the pools at this test's servers, as a deployment would override it.
        JavaArchive endpoints = ShrinkWrap.create(JavaArchive.class, "test-endpoints.jar")
                .addAsManifestResource(new StringAsset("config_ordinal=200\n"
                        + "mcpool.default.endpoint=" + SERVER.endpoint() + "\n"
                        + "mcpool.backup.endpoint=http://127.0.0.1:" + BACKUP_PORT + "/mcp\n"),
                        "microprofile-config.properties");
        return ShrinkWrap.create(ZipImporter.class, "mcpool-it.war").importFrom(war).as(WebArchive.class)
                .addAsLibrary(endpoints);
    }

    @Test
    @Order(1)
    void aJaxRsResourceCallsAToolThroughTheInjectedPool() throws Exception {
        HttpResponse<String> r = get("/mcpool-it/api/tools/echo?message=hello-liberty");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("hello-liberty", r.body());
        assertTrue(SERVER.toolsCallCount() >= 1);
    }

    @Test
    @Order(2)
    void readinessIsDownForThePoolWhoseServerIsDownAndUpForTheOther() throws Exception {
        HttpResponse<String> r = get("/health/ready");
        System.out.println("/health/ready: " + r.body());
        assertEquals(503, r.statusCode(), r.body());
        assertEquals("UP", checkStatus(r.body(), "mcpool-default"), r.body());
        assertEquals("DOWN", checkStatus(r.body(), "mcpool-backup"), r.body());

        HttpResponse<String> live = get("/health/live");
        assertEquals(200, live.statusCode(), "a pool that can recover is live: " + live.body());
        assertEquals("UP", checkStatus(live.body(), "mcpool-backup"), live.body());
    }

    @Test
    @Order(3)
    void metricsShowThePoolsGaugesCountersAndTimerTaggedByPool() throws Exception {
        get("/mcpool-it/api/tools/echo?message=for-metrics");
        HttpResponse<String> r = get("/metrics?scope=application");
        assertEquals(200, r.statusCode(), r.body());
        String body = r.body();
        body.lines().filter(l -> l.startsWith("mcpool_") && l.contains("pool=\"default\"")).forEach(System.out::println);
        assertTrue(metric(body, "mcpool_sessions_open", "default") >= 1, body);
        assertTrue(metric(body, "mcpool_sessions_max", "default") == 4, body);
        assertTrue(metric(body, "mcpool_ready", "default") == 1, body);
        assertTrue(metric(body, "mcpool_circuit_state", "default") == 0, body);
        assertTrue(metric(body, "mcpool_borrows_total", "default") >= 2, body);
        assertTrue(metric(body, "mcpool_sessions_created_total", "default") >= 1, body);
        assertTrue(metric(body, "mcpool_borrow_wait_seconds_count", "default") >= 2, body);
    }

    @Test
    @Order(4)
    void faultToleranceRetriesACallWhoseSessionCouldNotBeCreated() throws Exception {
        int before = Integer.parseInt(get("/mcpool-it/api/tools/backup/attempts").body());
        // The backup's server is not up yet: the pool cannot create a session (SessionCreationException,
        // not in abortOn), so @Retry(maxRetries = 1) runs the method once more before giving up.
        HttpResponse<String> r = get("/mcpool-it/api/tools/backup/echo?message=not-yet");
        assertEquals(500, r.statusCode(), r.body());
        int after = Integer.parseInt(get("/mcpool-it/api/tools/backup/attempts").body());
        assertEquals(2, after - before, "the first attempt and exactly one retry");
    }

    @Test
    @Order(5)
    void whenTheBackupServerComesUpTheNextUseStartsThePoolAndReadinessTurnsUp() throws Exception {
        McpServers.start(TestMcpServer.builder().port(BACKUP_PORT));
        HttpResponse<String> r = get("/mcpool-it/api/tools/backup/echo?message=recovered");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("recovered", r.body());

        HttpResponse<String> ready = get("/health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        assertEquals("UP", checkStatus(ready.body(), "mcpool-backup"), ready.body());
        assertEquals("backup=ready,default=ready", get("/mcpool-it/api/tools/pools").body());
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
