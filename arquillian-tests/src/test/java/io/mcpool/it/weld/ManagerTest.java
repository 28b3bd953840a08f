package io.mcpool.it.weld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.BorrowOptions;
import io.mcpool.McpPool;
import io.mcpool.cdi.McpPoolName;
import io.mcpool.it.McpServers;
import io.mcpool.manager.McpPoolManager;
import io.mcpool.manager.PoolAvailability;
import io.mcpool.manager.SelectionStrategy;
import io.mcpool.testkit.RecordedRequest;
import io.mcpool.testkit.TestMcpServer;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The injectable {@code McpPoolManager} groups the configured pools: the same instances, spread by
 * round robin, and failed over for real when the first pool's server stops. The pools are taken in
 * name order, so {@code primary} comes before {@code secondary}.
 */
@ExtendWith({McpServers.class, ArquillianExtension.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManagerTest {

    private static final TestMcpServer PRIMARY = McpServers.start();
    private static final TestMcpServer SECONDARY = McpServers.start();
    private static final String TOKEN = "weld-primary-token-51c2";

    @Deployment
    static JavaArchive deployment() {
        return Archives.app(Map.of(
                "mcpool.primary.endpoint", PRIMARY.endpoint(),
                "mcpool.secondary.endpoint", SECONDARY.endpoint()),
                ManagerTest.class);
    }

    @Inject
    McpPoolManager manager;

    @Inject
    @McpPoolName("primary")
    McpPool primary;

    @Test
    @Order(1)
    void theManagerServesTheConfiguredPoolsByRoundRobin() {
        assertEquals(List.of("primary", "secondary"), manager.names());
        assertSame(primary.name(), manager.get("primary").orElseThrow().name());
        McpSchema.CallToolResult r = manager.callTool("echo", Map.of("message", "managed"), SelectionStrategy.ROUND_ROBIN);
        assertEquals("managed", text(r));
        int primaryBefore = PRIMARY.toolsCallCount();
        int secondaryBefore = SECONDARY.toolsCallCount();
        for (int i = 0; i < 4; i++) {
            manager.callTool("echo", Map.of("message", "rr"), SelectionStrategy.ROUND_ROBIN);
        }
        assertEquals(2, PRIMARY.toolsCallCount() - primaryBefore, "round robin: half each");
        assertEquals(2, SECONDARY.toolsCallCount() - secondaryBefore, "round robin: half each");
    }

    @Test
    @Order(2)
    void failoverGoesToTheSecondaryWhenThePrimarysServerStops() {
        BorrowOptions withToken = BorrowOptions.builder().header("Authorization", "Bearer " + TOKEN).build();
        int secondaryBefore = SECONDARY.toolsCallCount();
        assertEquals("first", text(manager.callTool("echo", Map.of("message", "first"), SelectionStrategy.FAILOVER,
                withToken)));
        assertEquals(secondaryBefore, SECONDARY.toolsCallCount(), "the primary serves while it is up");

        PRIMARY.stop();
        for (int i = 0; i < 10; i++) {
            assertEquals("after-" + i, text(manager.callTool("echo", Map.of("message", "after-" + i),
                    SelectionStrategy.FAILOVER, withToken)));
        }
        assertEquals(secondaryBefore + 10, SECONDARY.toolsCallCount(), "every call after the stop: the secondary");
        assertTrue(manager.metrics().failovers() > 0, "counted as failovers");
        assertNotEquals(PoolAvailability.CIRCUIT_OPEN, manager.availability().get("secondary"));
        List<RecordedRequest> calls = SECONDARY.toolCalls();
        for (RecordedRequest call : calls.subList(calls.size() - 10, calls.size())) {
            assertEquals(null, call.header("Authorization"), "the primary's credential stays with the primary");
        }
    }

    private static String text(McpSchema.CallToolResult r) {
        return ((McpSchema.TextContent) r.content().get(0)).text();
    }
}
