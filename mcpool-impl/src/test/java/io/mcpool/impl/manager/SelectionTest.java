package io.mcpool.impl.manager;

import static io.mcpool.impl.manager.ManagerFixtures.config;
import static io.mcpool.impl.manager.ManagerFixtures.manager;
import static io.mcpool.impl.manager.ManagerFixtures.poolOf;
import static io.mcpool.impl.manager.ManagerFixtures.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.BorrowOptions;
import io.mcpool.InvalidConfigException;
import io.mcpool.McpPool;
import io.mcpool.PoolClosedException;
import io.mcpool.PooledSession;
import io.mcpool.manager.ManagerMetrics;
import io.mcpool.manager.McpPoolManager;
import io.mcpool.manager.PoolAvailability;
import io.mcpool.manager.SelectionStrategy;
import io.mcpool.testkit.TestMcpServer;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Which pool each strategy picks, with three healthy servers; and the manager's own contract. */
class SelectionTest {

    private static TestMcpServer a;
    private static TestMcpServer b;
    private static TestMcpServer c;

    @BeforeAll
    static void startServers() {
        a = TestMcpServer.builder().build().start();
        b = TestMcpServer.builder().build().start();
        c = TestMcpServer.builder().build().start();
    }

    @AfterAll
    static void stopServers() {
        a.stop();
        b.stop();
        c.stop();
    }

    private static McpPoolManager threePools(String name) {
        McpPoolManager m = manager(name);
        m.add("a", config(a).build());
        m.add("b", config(b).build());
        m.add("c", config(c).build());
        return m;
    }

    /** Borrows {@code n} times one after the other and says which pool lent each lease. */
    private static List<String> servedBy(McpPoolManager m, SelectionStrategy strategy, int n) {
        List<String> pools = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            try (PooledSession s = m.borrow(strategy)) {
                pools.add(poolOf(s));
            }
        }
        return pools;
    }

    private static Map<String, Integer> toolCalls() {
        return Map.of("a", a.toolsCallCount(), "b", b.toolsCallCount(), "c", c.toolsCallCount());
    }

    @Test
    void roundRobinAlternates() {
        try (McpPoolManager m = threePools("rr")) {
            m.start();
            List<String> order = servedBy(m, SelectionStrategy.ROUND_ROBIN, 9);
            assertEquals(3, order.subList(0, 3).stream().distinct().count(), "each pool once per cycle: " + order);
            for (int i = 0; i < order.size(); i++) {
                assertEquals(order.get(i % 3), order.get(i), "the same cycle of three repeats: " + order);
            }

            Map<String, Integer> before = toolCalls();
            for (int i = 0; i < 6; i++) {
                assertEquals("rr" + i, text(m.callTool("echo", Map.of("message", "rr" + i), SelectionStrategy.ROUND_ROBIN)));
            }
            Map<String, Integer> after = toolCalls();
            for (String pool : List.of("a", "b", "c")) {
                assertEquals(2, after.get(pool) - before.get(pool), "each server got two of six calls");
            }
        }
    }

    @Test
    void failoverAlwaysPrefersTheFirstPoolAdded() {
        try (McpPoolManager m = threePools("failover")) {
            m.start();
            assertEquals(List.of("a", "a", "a", "a"), servedBy(m, SelectionStrategy.FAILOVER, 4));
            m.remove("a");
            assertEquals(List.of("b", "b"), servedBy(m, SelectionStrategy.FAILOVER, 2));
            assertEquals(0, m.metrics().failovers(), "a removed pool is not a failure");
        }
    }

    @Test
    void weightedSharesFollowTheWeights() {
        try (McpPoolManager m = manager("weighted")) {
            m.add("a", config(a).build(), 3);
            m.add("b", config(b).build(), 1);
            m.start();
            List<String> order = servedBy(m, SelectionStrategy.WEIGHTED, 12);
            assertEquals(9, order.stream().filter("a"::equals).count(), order.toString());
            assertEquals(3, order.stream().filter("b"::equals).count(), order.toString());
            for (int i = 0; i + 1 < order.size(); i++) {
                assertFalse(order.get(i).equals("b") && order.get(i + 1).equals("b"), "interleaved: " + order);
            }
        }
    }

    @Test
    void leastConnectionsPicksThePoolWithTheFewestLeasesOut() {
        try (McpPoolManager m = threePools("least")) {
            m.start();
            McpPool poolA = m.get("a").orElseThrow();
            try (PooledSession heldA1 = poolA.borrow(); PooledSession heldA2 = poolA.borrow();
                    PooledSession heldB = m.get("b").orElseThrow().borrow()) {
                // a has 2 out, b 1, c 0: c first; while c's lease is held, c and b tie at 1.
                try (PooledSession first = m.borrow(SelectionStrategy.LEAST_CONNECTIONS)) {
                    assertEquals("c", poolOf(first));
                    try (PooledSession second = m.borrow(SelectionStrategy.LEAST_CONNECTIONS)) {
                        assertTrue(List.of("b", "c").contains(poolOf(second)), poolOf(second));
                    }
                }
                // Idle pools share the work: ties are broken in turn, not always towards the first.
                List<String> sequential = servedBy(m, SelectionStrategy.LEAST_CONNECTIONS, 6);
                assertFalse(sequential.contains("a"), "a has the most leases out: " + sequential);
                assertEquals(List.of("c"), sequential.stream().distinct().toList(), "c is the only one at 0: " + sequential);
            }
            List<String> allIdle = servedBy(m, SelectionStrategy.LEAST_CONNECTIONS, 6);
            assertEquals(3, allIdle.stream().distinct().count(), "ties rotate: " + allIdle);
        }
    }

    @Test
    void errorsFromTheServerAreNotFailedOver() {
        try (McpPoolManager m = threePools("answers")) {
            m.start();
            Map<String, Integer> before = toolCalls();
            // A JSON-RPC error: the server answered; asking another server would not help.
            assertThrows(McpError.class, () -> m.callTool("no-such-tool", Map.of(), SelectionStrategy.FAILOVER));
            // A tool error is a result, returned as is.
            McpSchema.CallToolResult failed = m.callTool("fail", Map.of(), SelectionStrategy.FAILOVER);
            assertTrue(failed.isError());
            Map<String, Integer> after = toolCalls();
            assertEquals(2, after.get("a") - before.get("a"));
            assertEquals(0, after.get("b") - before.get("b"));
            assertEquals(0, after.get("c") - before.get("c"));
            assertEquals(0, m.metrics().failovers());
        }
    }

    @Test
    void theLifecycleIsEnforced() {
        McpPoolManager m = threePools("lifecycle");
        assertThrows(IllegalStateException.class, () -> m.borrow(SelectionStrategy.FAILOVER));
        assertEquals(Map.of("a", PoolAvailability.NOT_STARTED, "b", PoolAvailability.NOT_STARTED,
                "c", PoolAvailability.NOT_STARTED), m.availability());
        m.start();
        m.start(); // idempotent
        assertTrue(m.isStarted());
        m.shutdown();
        m.shutdown(); // idempotent
        assertFalse(m.isStarted());
        assertThrows(PoolClosedException.class, () -> m.borrow(SelectionStrategy.FAILOVER));
        assertThrows(PoolClosedException.class, () -> m.add("d", config(a).build()));
        assertThrows(PoolClosedException.class, m::start);
        assertEquals(List.of("a", "b", "c"), m.names(), "the pools stay listed");
        assertTrue(m.pools().stream().noneMatch(McpPool::isStarted), "and are shut down");
        assertEquals(PoolAvailability.STOPPED, m.availability().get("a"));

        McpPoolManager neverStarted = threePools("never-started");
        neverStarted.close();
        assertEquals(PoolAvailability.STOPPED, neverStarted.availability().get("b"));
    }

    @Test
    void namesAndWeightsAreCheckedWithClearMessages() {
        assertThrows(IllegalArgumentException.class, () -> manager("no spaces"));
        try (McpPoolManager m = manager("checks")) {
            McpPool added = m.add("a", config(a).build());
            assertEquals("a", added.name(), "an unnamed configuration takes the pool's name");
            IllegalArgumentException duplicate = assertThrows(IllegalArgumentException.class,
                    () -> m.add("a", config(b).build()));
            assertTrue(duplicate.getMessage().contains("already has a pool named 'a'"), duplicate.getMessage());
            IllegalArgumentException otherName = assertThrows(IllegalArgumentException.class,
                    () -> m.add("b", config(b).name("bee").build()));
            assertTrue(otherName.getMessage().contains("'bee'"), otherName.getMessage());
            assertThrows(IllegalArgumentException.class, () -> m.add("b", config(b).build(), 0));
            assertThrows(IllegalArgumentException.class, () -> m.add("b", config(b).build(), 101));
            assertThrows(InvalidConfigException.class, () -> m.add("no spaces", config(b).build()));
            m.add(config(b).name("b").build());
            assertEquals(List.of("a", "b"), m.names());
            assertTrue(m.get("b").isPresent());
            assertTrue(m.get("zzz").isEmpty());
            assertFalse(m.remove("zzz"));
            IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> m.listTools("zzz"));
            assertTrue(unknown.getMessage().contains("[a, b]"), unknown.getMessage());
        }
    }

    @Test
    void listToolsAndMetricsCoverEveryPool() {
        try (McpPoolManager m = threePools("observed")) {
            m.start();
            assertTrue(m.listTools("b").stream().anyMatch(t -> t.name().equals("echo")));
            Map<String, Integer> leases = new HashMap<>();
            try (PooledSession s1 = m.borrow(SelectionStrategy.FAILOVER);
                    PooledSession s2 = m.borrow(SelectionStrategy.FAILOVER)) {
                ManagerMetrics metrics = m.metrics();
                assertEquals("observed", metrics.name());
                assertEquals(List.of("a", "b", "c"), List.copyOf(metrics.pools().keySet()));
                metrics.pools().forEach((name, pm) -> leases.put(name, pm.active()));
                assertEquals(2, metrics.combined().active());
                assertEquals(Map.of("a", 2, "b", 0, "c", 0), leases);
                assertEquals(3, metrics.availablePools());
                assertEquals(metrics.pools().values().stream().mapToInt(pm -> pm.maxSessions()).sum(),
                        metrics.combined().maxSessions());
                assertEquals(metrics.pools().values().stream().mapToLong(pm -> pm.cacheRefreshCount()).sum(),
                        metrics.combined().cacheRefreshCount());
                assertTrue(metrics.combined().ready());
                assertTrue(metrics.combined().uptime().toNanos() > 0);
            }
            assertEquals(0, m.metrics().combined().active());
            assertEquals(3, m.pools().size(), "pools() is what mcpool-jmx's manager MXBean needs");
        }
    }

    @Test
    void aLeaseIsThePoolsOwnAndCarriesTheBorrowOptions() {
        try (McpPoolManager m = threePools("leases")) {
            m.start();
            BorrowOptions tenant = BorrowOptions.builder().tenant("acme").header("X-Request-ID", "r-1").build();
            try (PooledSession s = m.borrow(SelectionStrategy.FAILOVER, tenant)) {
                assertEquals("acme", s.key().tenant());
                assertEquals("hello", text(s.callTool("echo", Map.of("message", "hello"))));
            }
        }
    }
}
