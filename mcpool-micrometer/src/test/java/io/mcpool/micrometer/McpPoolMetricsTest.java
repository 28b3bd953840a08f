package io.mcpool.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mcpool.BorrowOptions;
import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.PooledSession;
import io.mcpool.metrics.MetricKind;
import io.mcpool.metrics.MetricTag;
import io.mcpool.metrics.PoolMetric;
import io.mcpool.testkit.TestMcpServer;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The binder on a real pool against a real MCP server, read back from a real {@link SimpleMeterRegistry}. */
class McpPoolMetricsTest {

    private TestMcpServer server;
    private McpPool pool;

    @BeforeEach
    void start() {
        server = TestMcpServer.builder().build().start();
        pool = McpPool.create(PoolConfig.builder().name("github").endpoint(server.endpoint())
                .minSessions(1).maxSessions(3).build());
        pool.start();
    }

    @AfterEach
    void stop() {
        pool.close();
        server.close();
    }

    @Test
    void everyMetricOfTheTableIsInTheRegistryTaggedWithThePool() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (McpPoolMetrics metrics = new McpPoolMetrics(pool)) {
            metrics.bindTo(registry);
            for (int i = 0; i < 5; i++) {
                assertFalse(pool.callTool("echo", Map.of("message", "m" + i)).isError());
            }
            assertTrue(pool.callTool("fail", Map.of()).isError());
            // Two leases at once: the warm floor is one session, so the second is created now, while bound.
            try (PooledSession a = pool.borrow(); PooledSession b = pool.borrow()) {
                assertFalse(a.sessionId().equals(b.sessionId()));
            }
            Set<String> names = registry.getMeters().stream().map(m -> m.getId().getName())
                    .collect(Collectors.toCollection(TreeSet::new));
            for (PoolMetric metric : PoolMetric.values()) {
                assertTrue(names.contains(metric.metricName()), metric + " as " + metric.metricName() + " in " + names);
                Meter meter = registry.get(metric.metricName()).tag("pool", "github").meter();
                Meter.Type expected = switch (metric.kind()) {
                    case GAUGE -> Meter.Type.GAUGE;
                    case COUNTER -> Meter.Type.COUNTER;
                    case TIMER -> Meter.Type.TIMER;
                    case HISTOGRAM -> Meter.Type.DISTRIBUTION_SUMMARY;
                };
                assertEquals(expected, meter.getId().getType(), metric.toString());
                assertEquals(metric.description(), meter.getId().getDescription(), metric.toString());
            }

            assertEquals(3.0, registry.get("mcpool.sessions.max").gauge().value());
            assertEquals(1.0, registry.get("mcpool.ready").gauge().value());
            FunctionCounter borrows = registry.get("mcpool.borrows").functionCounter();
            assertTrue(borrows.count() >= 5, "borrows " + borrows.count());
            Timer wait = registry.get("mcpool.borrow.wait").timer();
            assertTrue(wait.count() >= 5, "borrow waits timed: " + wait.count());
            Timer usage = registry.get(PoolMetric.LEASE_TIME.metricName()).timer();
            assertTrue(usage.count() >= 5, "lease usage timed: " + usage.count());
            assertTrue(usage.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS) > 0);
            assertEquals(5, registry.get("mcpool.tool.call").tag("tool", "echo").timer().count(), "per-tool latency");
            assertEquals(1.0, registry.get("mcpool.tool.call.errors").tag("tool", "fail").counter().count(),
                    "per-tool errors");
            assertEquals(6.0, registry.get("mcpool.tool.calls").functionCounter().count());
            assertTrue(registry.get("mcpool.session.creation").timer().count() >= 1, "the second session's creation");
            assertEquals("seconds", registry.get("mcpool.uptime").gauge().getId().getBaseUnit());
            assertTrue(registry.getMeters().stream().noneMatch(m -> m.getId().getTag("tenant") != null),
                    "no tenant tag unless asked");
        }
    }

    @Test
    void closingStopsFeedingTheTimers() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        McpPoolMetrics metrics = new McpPoolMetrics(pool);
        metrics.bindTo(registry);
        pool.callTool("echo", Map.of("message", "x"));
        long before = registry.get("mcpool.borrow.wait").timer().count();
        metrics.close();
        pool.callTool("echo", Map.of("message", "y"));
        assertEquals(before, registry.get("mcpool.borrow.wait").timer().count());
    }

    @Test
    void theTenantTagIsCappedWithTheRestAsOther() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (McpPoolMetrics metrics = new McpPoolMetrics(pool).withTenantTag()) {
            metrics.bindTo(registry);
            int tenants = MetricTag.TENANT.maxValues() + 20;
            for (int i = 0; i < tenants; i++) {
                try (PooledSession s = pool.borrow(BorrowOptions.builder().tenant("t" + i).build())) {
                    assertNotNull(s);
                }
            }
            Set<String> seen = registry.find("mcpool.borrow.wait").timers().stream()
                    .map(t -> t.getId().getTag("tenant")).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(MetricTag.TENANT.maxValues() + 1, seen.size(), "the cap, plus 'other': " + seen.size());
            assertTrue(seen.contains(MetricTag.OTHER));
            assertTrue(seen.contains(McpPoolMetrics.NO_TENANT), "the shared sessions' meters, made up front");
            Gauge active = registry.get("mcpool.sessions.active").gauge();
            assertEquals(null, active.getId().getTag("tenant"), "gauges read the whole pool: no tenant tag");
            assertTrue(registry.get("mcpool.borrow.wait").tag("tenant", MetricTag.OTHER).timer().count() >= 20);
        }
    }

    /** Guards the assumption behind the meter types above: the table's kinds are the four Micrometer has. */
    @Test
    void theTableHasOnlyKindsTheBinderMaps() {
        for (PoolMetric metric : PoolMetric.values()) {
            assertTrue(metric.kind() != MetricKind.GAUGE || metric.component().isPresent(),
                    metric + ": a gauge must be read from the snapshot");
        }
    }
}
