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
import javax.management.Attribute;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The CDI to JMX path: with {@code mcpool-jmx} on the class path, every configured pool is an MBean
 * of the platform MBeanServer, showing the pool's own values and changing the pool when set.
 */
@ExtendWith({McpServers.class, ArquillianExtension.class})
class JmxTest {

    private static final TestMcpServer SERVER = McpServers.start();

    @Deployment
    static JavaArchive deployment() {
        return Archives.app(Map.of(
                "mcpool.jmxed.endpoint", SERVER.endpoint() + "?api_key=jmx-query-secret-1",
                "mcpool.jmxed.min-sessions", "1",
                "mcpool.jmxed.max-sessions", "4"),
                JmxTest.class);
    }

    @Inject
    @McpPoolName("jmxed")
    McpPool pool;

    @Test
    void theConfiguredPoolIsAnMBeanThatShowsAndChangesIt() throws Exception {
        pool.callTool("echo", Map.of("message", "via cdi"));
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = McpPoolJmx.objectName("jmxed");
        assertTrue(server.isRegistered(name), "registered by the CDI extension: " + name);
        assertEquals("jmxed", server.getAttribute(name, "Name"));
        assertEquals(4, server.getAttribute(name, "MaxSessions"));
        assertEquals(pool.state().name(), server.getAttribute(name, "State"));
        String endpoint = (String) server.getAttribute(name, "Endpoint");
        assertEquals(pool.config().redactedEndpoint(), endpoint);
        assertFalse(endpoint.contains("jmx-query-secret-1"), endpoint);

        server.setAttribute(name, new Attribute("MaxSessions", 6));
        assertEquals(6, pool.config().maxSessions(), "set over JMX, seen by the injected pool");
        server.invoke(name, "resize", new Object[] {1, 5}, new String[] {"int", "int"});
        assertEquals(5, pool.config().maxSessions());
    }
}
