package io.mcpool.it.weld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.mcpool.McpPool;
import io.mcpool.cdi.McpPoolName;
import io.mcpool.cdi.McpPools;
import io.mcpool.it.McpServers;
import io.mcpool.testkit.TestMcpServer;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The only configured pool is also the unqualified {@code McpPool}; a system property overrides
 * microprofile-config.properties, and an environment variable ({@code MCPOOL_OVERRIDDEN_MIN_SESSIONS=2},
 * set for the test JVM by the pom) overrides both, as MicroProfile Config defines.
 */
@ExtendWith({McpServers.class, ArquillianExtension.class})
class DefaultPoolTest {

    private static final TestMcpServer SERVER = McpServers.start();

    @Deployment
    static JavaArchive deployment() {
        System.setProperty("mcpool.overridden.max-sessions", "7");
        System.setProperty("mcpool.overridden.borrow-timeout", "PT3S");
        return Archives.app(Map.of(
                "mcpool.overridden.endpoint", SERVER.endpoint(),
                "mcpool.overridden.min-sessions", "1",
                "mcpool.overridden.max-sessions", "4",
                "mcpool.overridden.borrow-timeout", "10s"));
    }

    @AfterAll
    static void clearProperties() {
        System.clearProperty("mcpool.overridden.max-sessions");
        System.clearProperty("mcpool.overridden.borrow-timeout");
    }

    @Inject
    McpPool unqualified;

    @Inject
    @McpPoolName("overridden")
    McpPool named;

    @Inject
    McpPools pools;

    @Test
    void theOnlyPoolIsTheDefaultOne() {
        assertEquals("overridden", unqualified.name());
        assertSame(pools.get("overridden"), pools.asMap().get("overridden"));
        McpSchema.CallToolResult r = unqualified.callTool("add", Map.of("a", 2, "b", 3));
        assertEquals("5", ((McpSchema.TextContent) r.content().get(0)).text());
        assertEquals(named.config().maxSessions(), unqualified.config().maxSessions());
    }

    @Test
    void systemPropertiesOverrideTheApplicationsConfigFile() {
        assertEquals(7, named.config().maxSessions());
        assertEquals(Duration.ofSeconds(3), named.config().borrowTimeout());
    }

    @Test
    void environmentVariablesOverrideAsMicroProfileConfigMapsThem() {
        assertEquals("2", System.getenv("MCPOOL_OVERRIDDEN_MIN_SESSIONS"), "set by the pom for this test");
        assertEquals(2, named.config().minSessions());
        assertEquals(2, named.metrics().idle() + named.metrics().active(), "two sessions warmed at start");
    }
}
