package io.mcpool.jmx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.McpPool;
import io.mcpool.PooledSession;
import io.mcpool.testkit.TestMcpServer;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The manager MBean over pools it is given: names, per-pool rows, sums; the set may change. */
class ManagerMXBeanTest {

    private static TestMcpServer server;
    private final List<McpPool> pools = new CopyOnWriteArrayList<>();
    private MBeanServer mbeans;
    private ObjectName name;
    private Supplier<Collection<McpPool>> supplier;

    @BeforeAll
    static void startServer() {
        server = TestMcpServer.builder().build().start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void startPools() {
        pools.add(started("billing", 1, 3));
        pools.add(started("accounts", 2, 4));
        mbeans = MBeanServerFactory.newMBeanServer();
        supplier = () -> pools;
        name = McpPoolJmx.registerManager("main", supplier, mbeans);
    }

    @AfterEach
    void stopPools() {
        pools.forEach(McpPool::close);
    }

    private static McpPool started(String name, int min, int max) {
        McpPool pool = McpPool.create(TestPools.config(server, name).minSessions(min).maxSessions(max).build());
        pool.start();
        return pool;
    }

    @Test
    void showsEveryPoolAndTheirSums() throws Exception {
        assertEquals(new ObjectName("io.mcpool:type=McpPoolManager,name=main"), name);
        try (PooledSession lent = pools.get(0).borrow()) {
            lent.callTool("echo", Map.of("message", "hi"));
            Map<String, Object> values = OpenValues.readAll(mbeans, name);
            assertEquals("main", values.get("Name"));
            assertArrayEquals(new String[] {"accounts", "billing"}, (String[]) values.get("PoolNames"));
            assertEquals(2, values.get("PoolCount"));
            assertEquals(2, values.get("ReadyPools"));
            assertEquals(0, values.get("DegradedPools"));
            assertEquals(1, values.get("ActiveSessions"));
            assertEquals(2, values.get("IdleSessions"));
            assertEquals(3, values.get("TotalSessions"));
            assertEquals(0, values.get("Waiters"));
            assertEquals(1L, values.get("BorrowCount"));
            assertEquals(0L, values.get("Errors"));
            assertEquals(0L, values.get("BorrowTimeouts"));
            values.forEach((attribute, value) -> assertTrue(OpenValues.onlyJdkClasses(value), attribute));

            CompositeData[] rows = (CompositeData[]) values.get("Pools");
            assertEquals(2, rows.length);
            assertEquals("accounts", rows[0].get("name"));
            assertEquals(4, rows[0].get("maxSessions"));
            assertEquals(2, rows[0].get("idle"));
            assertEquals("billing", rows[1].get("name"));
            assertEquals(1, rows[1].get("active"));
            assertEquals(server.endpoint().replace("/mcp", ""), rows[1].get("endpoint"), "scheme, host and port");
            assertEquals(true, rows[1].get("ready"));
            assertEquals("RUNNING", rows[1].get("state"));
            assertEquals("CLOSED", rows[1].get("circuitState"));

            CompositeData sum = (CompositeData) values.get("AggregatedMetrics");
            assertEquals(3, sum.get("minSessions"));
            assertEquals(7, sum.get("maxSessions"));
            assertEquals(3, sum.get("total"));
            assertEquals(3L, sum.get("sessionsCreated"));
            assertEquals(true, sum.get("ready"));
            assertEquals("CLOSED", sum.get("circuitState"));
        }
    }

    @Test
    void poolsAddedOrRemovedShowUpAtOnce() throws Exception {
        pools.add(started("catalog", 0, 1));
        assertEquals(3, mbeans.getAttribute(name, "PoolCount"));
        assertArrayEquals(new String[] {"accounts", "billing", "catalog"}, (String[]) mbeans.getAttribute(name, "PoolNames"));
        McpPool removed = pools.remove(0);
        removed.close();
        assertEquals(2, mbeans.getAttribute(name, "PoolCount"));
        assertEquals(2, mbeans.getAttribute(name, "TotalSessions"));
    }

    @Test
    void aStoppedPoolCountsAsNotReady() throws Exception {
        pools.get(1).shutdown();
        assertEquals(1, mbeans.getAttribute(name, "ReadyPools"));
        assertEquals(false, ((CompositeData) mbeans.getAttribute(name, "AggregatedMetrics")).get("ready"));
    }

    @Test
    void registrationIsIdempotentAndNamesAreUnique() throws Exception {
        assertEquals(name, McpPoolJmx.registerManager("main", supplier, mbeans));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> McpPoolJmx.registerManager("main", List::of, mbeans));
        assertTrue(e.getMessage().contains("another manager of that name is already registered as " + name),
                e.getMessage());
        assertTrue(McpPoolJmx.unregisterManager("main", mbeans));
        assertFalse(mbeans.isRegistered(name));
        assertFalse(McpPoolJmx.unregisterManager("main", mbeans));
    }

    @Test
    void anEmptyManagerReadsAsZeros() throws Exception {
        ObjectName empty = McpPoolJmx.registerManager("empty", List::of, mbeans);
        assertEquals(0, mbeans.getAttribute(empty, "PoolCount"));
        assertEquals(0, ((CompositeData[]) mbeans.getAttribute(empty, "Pools")).length);
        CompositeData sum = (CompositeData) mbeans.getAttribute(empty, "AggregatedMetrics");
        assertEquals(0.0, sum.get("cacheHitRate"));
        assertEquals(false, sum.get("ready"), "no pool, nothing ready");
    }
}
