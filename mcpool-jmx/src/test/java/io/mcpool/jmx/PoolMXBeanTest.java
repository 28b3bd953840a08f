package io.mcpool.jmx;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.BorrowOptions;
import io.mcpool.McpPool;
import io.mcpool.PoolMetrics;
import io.mcpool.PooledSession;
import io.mcpool.RateLimitExceededException;
import io.mcpool.RateLimitMode;
import io.mcpool.testkit.TestMcpServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.management.Attribute;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real pool against a real MCP server, read and changed only through the MBean server, by ObjectName. */
class PoolMXBeanTest {

    static final Set<String> ATTRIBUTES = new TreeSet<>(List.of(
            "Name", "Endpoint", "Transport", "State", "Started", "Ready", "Degraded", "CircuitState",
            "ActiveSessions", "IdleSessions", "TotalSessions", "Waiters",
            "MinSessions", "MaxSessions", "BorrowTimeoutMillis", "ToolCacheTtlSeconds", "HealthCheckIntervalSeconds",
            "BorrowCount", "ReturnCount", "BorrowTimeouts", "AvgBorrowWaitMillis", "MaxBorrowWaitMillis",
            "SessionsCreated", "SessionsDestroyed", "CreationFailures", "Errors",
            "CacheHits", "CacheMisses", "CacheRefreshCount", "CacheWaiters", "CacheHitRate", "UptimeSeconds",
            "HealthChecks", "HealthCheckFailures", "RecycledCount", "RetryAttempts", "ReconnectCount",
            "LeaksDetected", "RateLimitWaits", "RateLimitRejects", "AutoscaleUps", "AutoscaleDowns",
            "BorrowWaitP50Millis", "BorrowWaitP95Millis", "BorrowWaitP99Millis", "AvgLeaseTimeMillis",
            "LeaseTimeP95Millis", "MaxLeaseTimeMillis", "ToolCalls", "ToolErrors", "Suspended",
            "LimitsBackend", "LimitsBackendState", "LimitsFailedOpen", "LimitsFailedClosed",
            "Protocol", "ProtocolVersion", "ProtocolEra"));

    private static TestMcpServer server;
    private MBeanServer mbeans;
    private McpPool pool;
    private ObjectName name;

    @BeforeAll
    static void startServer() {
        server = TestMcpServer.builder().build().start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void startPool() {
        mbeans = MBeanServerFactory.newMBeanServer();
        pool = McpPool.create(TestPools.config(server, "orders").minSessions(2).maxSessions(4)
                .healthCheckInterval(Duration.ofSeconds(30)).build());
        pool.start();
        name = McpPoolJmx.register(pool, mbeans);
    }

    @AfterEach
    void stopPool() {
        pool.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.liveSessions() == 0);
        server.resetCounters();
    }

    @Test
    void everyAttributeIsReadableThroughTheMBeanServer() throws Exception {
        assertEquals(new ObjectName("io.mcpool:type=McpPool,name=orders"), name);
        pool.listTools();
        pool.listTools();
        try (PooledSession lent = pool.borrow()) {
            Map<String, Object> values = OpenValues.readAll(mbeans, name);
            assertEquals(ATTRIBUTES, values.keySet());
            assertEquals("orders", values.get("Name"));
            assertEquals(server.endpoint().replace("/mcp", ""), values.get("Endpoint"), "scheme, host and port");
            assertEquals("STREAMABLE_HTTP", values.get("Transport"));
            assertEquals("local", values.get("LimitsBackend"));
            assertEquals("LOCAL", values.get("LimitsBackendState"));
            assertEquals(true, values.get("Started"));
            assertEquals("RUNNING", values.get("State"));
            assertEquals(true, values.get("Ready"));
            assertEquals(false, values.get("Degraded"));
            assertEquals("CLOSED", values.get("CircuitState"));
            assertEquals(1, values.get("ActiveSessions"));
            assertEquals(1, values.get("IdleSessions"));
            assertEquals(2, values.get("TotalSessions"));
            assertEquals(0, values.get("Waiters"));
            assertEquals(2, values.get("MinSessions"));
            assertEquals(4, values.get("MaxSessions"));
            assertEquals(10_000L, values.get("BorrowTimeoutMillis"));
            assertEquals(300L, values.get("ToolCacheTtlSeconds"));
            assertEquals(30L, values.get("HealthCheckIntervalSeconds"));
            assertEquals(2L, values.get("BorrowCount"), "the one upstream tools/list borrowed, plus the lease");
            assertEquals(2L, values.get("SessionsCreated"));
            assertEquals(0L, values.get("SessionsDestroyed"));
            assertEquals(1L, values.get("CacheHits"));
            assertEquals(1L, values.get("CacheMisses"));
            assertEquals(1L, values.get("CacheRefreshCount"));
            assertEquals(0.5, (double) values.get("CacheHitRate"), 1e-9);
            assertTrue((double) values.get("MaxBorrowWaitMillis") >= (double) values.get("AvgBorrowWaitMillis"));
            assertEquals(0L, values.get("RateLimitWaits"), "no rate limit configured");
            assertEquals(0L, values.get("RateLimitRejects"));
            assertEquals(0L, values.get("AutoscaleUps"), "no autoscaler configured");
            assertEquals(0L, values.get("AutoscaleDowns"));
            values.forEach((attribute, value) -> assertTrue(OpenValues.onlyJdkClasses(value), attribute));

            Map<String, Object> bulk = OpenValues.readBulk(mbeans, name);
            assertEquals(ATTRIBUTES, bulk.keySet());
            assertEquals(1, bulk.get("ActiveSessions"));
        }
        assertEquals(0, mbeans.getAttribute(name, "ActiveSessions"));
        assertEquals(2L, mbeans.getAttribute(name, "ReturnCount"));
    }

    @Test
    void writableAttributesChangeTheRunningPoolAtOnce() throws Exception {
        mbeans.setAttribute(name, new Attribute("MaxSessions", 6));
        assertEquals(6, pool.config().maxSessions());
        assertEquals(6, pool.metrics().maxSessions());
        assertEquals(6, mbeans.getAttribute(name, "MaxSessions"));

        mbeans.setAttribute(name, new Attribute("MinSessions", 3));
        assertEquals(3, pool.config().minSessions());
        await().atMost(Duration.ofSeconds(10)).until(() -> server.liveSessions() == 3);

        mbeans.setAttribute(name, new Attribute("BorrowTimeoutMillis", 1_500L));
        assertEquals(Duration.ofMillis(1_500), pool.config().borrowTimeout());

        pool.listTools();
        mbeans.setAttribute(name, new Attribute("ToolCacheTtlSeconds", 0L));
        assertEquals(Duration.ZERO, pool.config().toolCacheTtl());
        int fetches = server.toolsListCount();
        pool.listTools();
        pool.listTools();
        assertEquals(fetches + 2, server.toolsListCount(), "with TTL 0 every listTools goes upstream");

        int pings = server.pingCount();
        mbeans.setAttribute(name, new Attribute("HealthCheckIntervalSeconds", 1L));
        assertEquals(Duration.ofSeconds(1), pool.config().healthCheckInterval());
        await().atMost(Duration.ofSeconds(10)).until(() -> server.pingCount() > pings);
        mbeans.setAttribute(name, new Attribute("HealthCheckIntervalSeconds", 0L));
        assertEquals(Duration.ZERO, pool.config().healthCheckInterval());
    }

    @Test
    void resizeThroughTheMBeanServerGrowsAndShrinksThePool() throws Exception {
        mbeans.invoke(name, "resize", new Object[] {4, 5}, new String[] {"int", "int"});
        assertEquals(4, pool.config().minSessions());
        assertEquals(5, pool.config().maxSessions());
        await().atMost(Duration.ofSeconds(10)).until(() -> server.liveSessions() == 4);
        assertEquals(4, mbeans.getAttribute(name, "TotalSessions"));

        mbeans.invoke(name, "resize", new Object[] {1, 2}, new String[] {"int", "int"});
        await().atMost(Duration.ofSeconds(10)).until(() -> server.liveSessions() <= 2);
        assertEquals(2, mbeans.getAttribute(name, "MaxSessions"));
        assertTrue((int) mbeans.getAttribute(name, "TotalSessions") <= 2);
    }

    @Test
    void invalidateToolsCacheMakesTheNextListGoUpstream() throws Exception {
        pool.listTools();
        int fetches = server.toolsListCount();
        pool.listTools();
        assertEquals(fetches, server.toolsListCount(), "cached");
        mbeans.invoke(name, "invalidateToolsCache", null, null);
        pool.listTools();
        assertEquals(fetches + 1, server.toolsListCount());
    }

    @Test
    void toolMetricsShowEachToolsCallsErrorsAndLatencyOverARealConnector() throws Exception {
        for (int i = 0; i < 3; i++) {
            pool.callTool("echo", Map.of("message", "m" + i));
        }
        pool.callTool("fail", Map.of());
        CompositeData[] rows = (CompositeData[]) mbeans.invoke(name, "toolMetrics", null, null);
        assertEquals(List.of("echo", "fail"), Arrays.stream(rows).map(r -> (String) r.get("tool")).toList(),
                "most called first");
        assertEquals(3L, rows[0].get("calls"));
        assertEquals(0L, rows[0].get("toolErrors"));
        assertEquals(1L, rows[1].get("toolErrors"));
        double p95 = (Double) rows[0].get("p95Millis");
        double max = (Double) rows[0].get("maxMillis");
        assertTrue(p95 > 0 && p95 <= max, "p95 " + p95 + " ms, max " + max + " ms");
        assertEquals(4L, mbeans.getAttribute(name, "ToolCalls"));
        assertEquals(1L, mbeans.getAttribute(name, "ToolErrors"));
    }

    @Test
    void suspendMakesBorrowersWaitAndResumeLetsThemThrough() throws Exception {
        mbeans.invoke(name, "suspend", null, null);
        assertEquals(true, mbeans.getAttribute(name, "Suspended"));
        assertTrue(pool.tryBorrow(BorrowOptions.none()).isEmpty(), "nothing is lent while suspended");
        java.util.concurrent.ExecutorService borrower = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.Future<String> waiting = borrower.submit(() -> ((McpSchema.TextContent) pool
                    .callTool("echo", Map.of("message", "after resume")).content().get(0)).text());
            await().atMost(Duration.ofSeconds(10)).until(() -> pool.metrics().waiters() == 1);
            assertEquals(1, mbeans.getAttribute(name, "Waiters"), "the suspended borrower counts as a waiter");
            assertFalse(waiting.isDone(), "nothing is lent while suspended");
            mbeans.invoke(name, "resume", null, null);
            assertEquals("after resume", waiting.get(10, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            borrower.shutdownNow();
        }
        assertEquals(false, mbeans.getAttribute(name, "Suspended"));
    }

    @Test
    void evictIdleSessionsReplacesTheIdleOnesAndLeavesTheLentOneAlone() throws Exception {
        try (PooledSession lent = pool.borrow()) {
            Set<String> before = ids(mbeans.invoke(name, "debugSnapshot", null, null));
            mbeans.invoke(name, "evictIdleSessions", null, null);
            await().atMost(Duration.ofSeconds(10)).until(() -> pool.metrics().idle() == 1
                    && pool.metrics().sessionsDestroyed() == 1);
            Set<String> after = ids(mbeans.invoke(name, "debugSnapshot", null, null));
            assertEquals(2, after.size());
            assertEquals(1, after.stream().filter(before::contains).count(), "only the lent session survives");
            lent.callTool("echo", Map.of("message", "still mine"));
        }
    }

    @Test
    void softEvictSessionsRetiresIdleOnesNowAndTheLentOneOnReturn() throws Exception {
        PooledSession lent = pool.borrow();
        CompositeData[] rows = (CompositeData[]) mbeans.invoke(name, "debugSnapshot", null, null);
        String lentId = Arrays.stream(rows).filter(r -> "LENT".equals(r.get("state")))
                .map(r -> (String) r.get("id")).findFirst().orElseThrow();
        mbeans.invoke(name, "softEvictSessions", null, null);
        lent.callTool("echo", Map.of("message", "never cut under its holder"));
        assertTrue(ids(mbeans.invoke(name, "debugSnapshot", null, null)).contains(lentId));
        lent.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Set<String> now = ids(mbeans.invoke(name, "debugSnapshot", null, null));
            return !now.contains(lentId) && now.size() == 2;
        });
    }

    @Test
    void theRevisionSpokenIsShownForEachEra() throws Exception {
        assertEquals("legacy", mbeans.getAttribute(name, "Protocol"));
        assertEquals("SESSION_BASED", mbeans.getAttribute(name, "ProtocolEra"));
        assertEquals("2025-11-25", mbeans.getAttribute(name, "ProtocolVersion"));
        try (TestMcpServer stateless = TestMcpServer.builder().mode(TestMcpServer.Mode.HTTP_2026_07_28).build().start();
                McpPool auto = McpPool.create(TestPools.config(stateless, "stateless").protocol(io.mcpool.Protocol.AUTO)
                        .minSessions(0).maxSessions(2).build())) {
            auto.start();
            ObjectName autoName = McpPoolJmx.register(auto, mbeans);
            assertEquals("auto", mbeans.getAttribute(autoName, "Protocol"));
            assertEquals("UNKNOWN", mbeans.getAttribute(autoName, "ProtocolEra"), "not asked yet");
            assertEquals("", mbeans.getAttribute(autoName, "ProtocolVersion"));
            auto.callTool("echo", Map.of("message", "hi"));
            assertEquals("STATELESS_2026_07_28", mbeans.getAttribute(autoName, "ProtocolEra"));
            assertEquals("2026-07-28", mbeans.getAttribute(autoName, "ProtocolVersion"));
            CompositeData[] rows = (CompositeData[]) mbeans.invoke(autoName, "debugSnapshot", null, null);
            assertTrue(rows.length >= 1 && Arrays.stream(rows).allMatch(r -> "2026-07-28".equals(r.get("protocolVersion"))));
        }
    }

    @Test
    void debugSnapshotHasOneRowPerSessionAsOpenData() throws Exception {
        try (PooledSession shared = pool.borrow();
                PooledSession tenant = pool.borrow(BorrowOptions.builder().tenant("acme").affinityKey("site-1").build())) {
            Object result = mbeans.invoke(name, "debugSnapshot", null, null);
            assertInstanceOf(CompositeData[].class, result);
            assertTrue(OpenValues.onlyJdkClasses(result));
            CompositeData[] rows = (CompositeData[]) result;
            assertEquals(3, rows.length);
            Set<String> columns = rows[0].getCompositeType().keySet();
            assertEquals(Set.of("id", "tenant", "affinityKey", "state", "ageMillis", "idleMillis", "borrowCount",
                    "generation", "protocolVersion"), columns);
            assertTrue(Arrays.stream(rows).allMatch(r -> "2025-11-25".equals(r.get("protocolVersion"))));
            CompositeData acme = Arrays.stream(rows).filter(r -> "acme".equals(r.get("tenant"))).findFirst().orElseThrow();
            assertEquals("site-1", acme.get("affinityKey"));
            assertEquals("LENT", acme.get("state"));
            assertEquals(1L, acme.get("borrowCount"));
            assertEquals(2, Arrays.stream(rows).filter(r -> "LENT".equals(r.get("state"))).count());
            assertEquals(1, Arrays.stream(rows).filter(r -> "IDLE".equals(r.get("state"))).count());
            assertEquals(pool.debugSnapshot().size(), rows.length);
        }
    }

    @Test
    void metricsSnapshotCarriesEveryMetricInOneComposite() throws Exception {
        pool.callTool("echo", Map.of("message", "count me"));
        Object result = mbeans.invoke(name, "metricsSnapshot", null, null);
        CompositeData m = assertInstanceOf(CompositeData.class, result);
        assertTrue(OpenValues.onlyJdkClasses(m));
        Set<String> items = m.getCompositeType().keySet();
        Set<String> components = Arrays.stream(PoolMetrics.class.getRecordComponents())
                .map(c -> c.getType() == Duration.class ? c.getName() + (c.getName().equals("uptime") ? "Seconds" : "Millis")
                        : c.getName()).collect(Collectors.toSet());
        assertEquals(components, items, "one item per PoolMetrics component, named as before the metrics table");
        assertEquals(MetricAttributes.snapshotCompositeType(), m.getCompositeType());
        assertEquals(1L, m.get("borrowCount"));
        assertEquals(2, m.get("total"));
        assertEquals(4, m.get("maxSessions"));
        assertEquals("CLOSED", m.get("circuitState"));
        assertEquals(true, m.get("ready"));
        assertNotEquals(null, m.get("avgBorrowWaitMillis"));
        assertEquals(0L, m.get("rateLimitWaits"));
        assertEquals(0L, m.get("rateLimitRejects"));
        assertEquals(0L, m.get("autoscaleUps"));
        assertEquals(0L, m.get("autoscaleDowns"));
    }

    @Test
    void aRateLimitRejectionIsCountedInTheAttributeTheSnapshotAndTheManagersSum() throws Exception {
        // One permit, refilled once in 1000 s: the first borrow takes it, the second is refused.
        try (McpPool throttled = McpPool.create(TestPools.config(server, "throttled").maxSessions(2)
                .rateLimit(0.001).rateLimitBurst(1).rateLimitMode(RateLimitMode.REJECT).build())) {
            throttled.start();
            ObjectName throttledName = McpPoolJmx.register(throttled, mbeans);
            ObjectName managerName = McpPoolJmx.registerManager("traffic", () -> List.of(pool, throttled), mbeans);
            throttled.borrow().close();
            assertThrows(RateLimitExceededException.class, throttled::borrow);

            assertEquals(1L, mbeans.getAttribute(throttledName, "RateLimitRejects"));
            assertEquals(0L, mbeans.getAttribute(throttledName, "RateLimitWaits"), "REJECT mode never waits");
            assertEquals(0L, mbeans.getAttribute(name, "RateLimitRejects"), "the unlimited pool refused nothing");
            CompositeData snapshot = (CompositeData) mbeans.invoke(throttledName, "metricsSnapshot", null, null);
            assertEquals(1L, snapshot.get("rateLimitRejects"));
            assertEquals(0L, snapshot.get("rateLimitWaits"));
            CompositeData sum = (CompositeData) mbeans.getAttribute(managerName, "AggregatedMetrics");
            assertEquals(1L, sum.get("rateLimitRejects"), "summed over both pools");
            assertEquals(0L, sum.get("rateLimitWaits"));
        }
    }

    private static Set<String> ids(Object snapshot) {
        return Arrays.stream((CompositeData[]) snapshot).map(r -> (String) r.get("id")).collect(Collectors.toSet());
    }
}
