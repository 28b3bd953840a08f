package io.mcpool.it.liberty;

import static io.mcpool.it.liberty.LibertyHttp.checkStatus;
import static io.mcpool.it.liberty.LibertyHttp.get;
import static io.mcpool.it.liberty.LibertyHttp.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.it.McpServers;
import io.mcpool.testkit.TestMcpServer;
import java.io.File;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * {@code examples/liberty-app}, the WAR the build makes of it, on the same managed Open Liberty server
 * as {@link LibertyPoolIT} (one server start for both). Its two pools are pointed at testkit servers
 * on loopback by a library with a higher {@code config_ordinal}, as a deployment would override the
 * example's {@code microprofile-config.properties}; everything else is the example as shipped.
 */
@ExtendWith({McpServers.class, ArquillianExtension.class})
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LibertyExampleAppIT {

    private static final TestMcpServer EVERYTHING = McpServers.start();
    private static final TestMcpServer SECOND = McpServers.start();

    @Deployment(testable = false)
    static WebArchive deployment() {
        File war = new File(System.getProperty("example.liberty.war", "../examples/liberty-app/target/liberty-app.war"));
        JavaArchive endpoints = ShrinkWrap.create(JavaArchive.class, "test-endpoints.jar")
                .addAsManifestResource(new StringAsset("config_ordinal=200\n"
                        + "mcpool.everything.endpoint=" + EVERYTHING.endpoint() + "\n"
                        + "mcpool.second.endpoint=" + SECOND.endpoint() + "\n"),
                        "microprofile-config.properties");
        return ShrinkWrap.create(ZipImporter.class, "liberty-app.war").importFrom(war).as(WebArchive.class)
                .addAsLibrary(endpoints);
    }

    @Test
    @Order(1)
    void theRestResourceCallsAToolThroughTheInjectedPool() throws Exception {
        HttpResponse<String> r = get("/liberty-app/api/echo?message=hello-example");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("hello-example", r.body());
        assertTrue(EVERYTHING.toolsCallCount() >= 1);
        assertEquals(0, SECOND.toolsCallCount(), "the call went to the other pool's server");
    }

    @Test
    @Order(2)
    void theLazyPoolOpensAtItsFirstUse() throws Exception {
        assertEquals("everything=ready,second=not-ready", get("/liberty-app/api/pools").body());
        HttpResponse<String> r = get("/liberty-app/api/pools/second/echo?message=through-second");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("through-second", r.body());
        assertEquals(1, SECOND.toolsCallCount());
        assertEquals("everything=ready,second=ready", get("/liberty-app/api/pools").body());
        assertEquals(404, get("/liberty-app/api/pools/nope/echo").statusCode());
    }

    @Test
    @Order(3)
    void healthAndMetricsAreOnForBothPools() throws Exception {
        HttpResponse<String> ready = get("/health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        assertEquals("UP", checkStatus(ready.body(), "mcpool-everything"), ready.body());
        assertEquals("UP", checkStatus(ready.body(), "mcpool-second"), ready.body());

        String metrics = get("/metrics?scope=application").body();
        assertEquals(2, metric(metrics, "mcpool_sessions_min", "everything"), metrics);
        assertEquals(8, metric(metrics, "mcpool_sessions_max", "everything"), metrics);
        assertTrue(metric(metrics, "mcpool_borrows_total", "everything") >= 1, metrics);
        assertTrue(metric(metrics, "mcpool_borrows_total", "second") >= 1, metrics);
    }

    /** {@code mvn liberty:run} uses the example's own server.xml: it must ask for nothing this server lacks. */
    @Test
    @Order(4)
    void theExampleServerNeedsOnlyFeaturesThisServerHas() throws IOException {
        Set<String> example = features(Path.of(System.getProperty("example.liberty.server.xml",
                "../examples/liberty-app/src/main/liberty/config/server.xml")));
        Set<String> tested = features(Path.of("src/test/liberty/server/server.xml"));
        assertTrue(example.containsAll(List.of("cdi-4.0", "mpConfig-3.1", "mpHealth-4.0", "mpMetrics-5.1")), example.toString());
        assertTrue(tested.containsAll(example), "the example needs " + example + ", the tested server has " + tested);
    }

    private static Set<String> features(Path serverXml) throws IOException {
        Matcher m = Pattern.compile("<feature>\\s*([^<\\s]+)\\s*</feature>").matcher(Files.readString(serverXml));
        Set<String> features = new TreeSet<>();
        while (m.find()) {
            features.add(m.group(1));
        }
        return features;
    }
}
