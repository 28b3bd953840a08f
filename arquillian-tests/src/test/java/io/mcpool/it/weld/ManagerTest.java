package io.mcpool.it.weld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.mcpool.McpPool;
import io.mcpool.cdi.McpPoolName;
import io.mcpool.it.McpServers;
import io.mcpool.manager.McpPoolManager;
import io.mcpool.manager.SelectionStrategy;
import io.mcpool.testkit.TestMcpServer;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The injectable {@code McpPoolManager} groups the configured pools: the same instances, with failover. */
@ExtendWith({McpServers.class, ArquillianExtension.class})
class ManagerTest {

    private static final TestMcpServer PRIMARY = McpServers.start();
    private static final TestMcpServer BACKUP = McpServers.start();

    @Deployment
    static JavaArchive deployment() {
        return Archives.app(Map.of(
                "mcpool.primary.endpoint", PRIMARY.endpoint(),
                "mcpool.backup.endpoint", BACKUP.endpoint()),
                ManagerTest.class);
    }

    @Inject
    McpPoolManager manager;

    @Inject
    @McpPoolName("primary")
    McpPool primary;

    @Test
    void theManagerServesTheConfiguredPoolsAndFailsOverBetweenThem() {
        assertEquals(List.of("backup", "primary"), manager.names().stream().sorted().toList());
        assertSame(primary.name(), manager.get("primary").orElseThrow().name());
        McpSchema.CallToolResult r = manager.callTool("echo", Map.of("message", "managed"), SelectionStrategy.ROUND_ROBIN);
        assertEquals("managed", ((McpSchema.TextContent) r.content().get(0)).text());
        int before = PRIMARY.toolsCallCount() + BACKUP.toolsCallCount();
        for (int i = 0; i < 4; i++) {
            manager.callTool("echo", Map.of("message", "rr"), SelectionStrategy.ROUND_ROBIN);
        }
        assertEquals(before + 4, PRIMARY.toolsCallCount() + BACKUP.toolsCallCount());
        assertEquals(true, PRIMARY.toolsCallCount() >= 2 && BACKUP.toolsCallCount() >= 2);
    }
}
