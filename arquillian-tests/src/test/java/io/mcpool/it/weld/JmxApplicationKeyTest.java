package io.mcpool.it.weld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.McpPool;
import io.mcpool.cdi.McpPoolName;
import io.mcpool.it.McpServers;
import io.mcpool.jmx.McpPoolJmx;
import io.mcpool.testkit.TestMcpServer;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.util.Map;
import javax.management.MBeanServer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code mcpool.jmx.application}: the CDI extension registers each pool under its application's key. */
@ExtendWith({McpServers.class, ArquillianExtension.class})
class JmxApplicationKeyTest {

    private static final TestMcpServer SERVER = McpServers.start();

    @Deployment
    static JavaArchive deployment() {
        return Archives.app(Map.of(
                "mcpool.jmx.application", "orders-app",
                "mcpool.keyed.endpoint", SERVER.endpoint(),
                "mcpool.keyed.min-sessions", "1"),
                JmxApplicationKeyTest.class);
    }

    @Inject
    @McpPoolName("keyed")
    McpPool pool;

    @Test
    void thePoolIsRegisteredUnderTheApplicationsKey() throws Exception {
        pool.callTool("echo", Map.of("message", "keyed"));
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        assertTrue(server.isRegistered(McpPoolJmx.objectName("orders-app", "keyed")));
        assertFalse(server.isRegistered(McpPoolJmx.objectName("keyed")), "not also without the key");
        assertEquals("keyed", server.getAttribute(McpPoolJmx.objectName("orders-app", "keyed"), "Name"));
    }
}
