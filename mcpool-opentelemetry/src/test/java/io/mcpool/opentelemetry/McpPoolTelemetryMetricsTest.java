package io.mcpool.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;

import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.PooledSession;
import io.mcpool.manager.McpPoolManager;
import io.mcpool.metrics.MetricKind;
import io.mcpool.metrics.MetricTag;
import io.mcpool.metrics.PoolMetric;
import io.mcpool.testkit.TestMcpServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The instruments of a real pool against a real MCP server, read back from the SDK's in-memory reader. */
class McpPoolTelemetryMetricsTest {

    @RegisterExtension
    static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

    /** The names the MCP and (renamed) database pool conventions give. */
    static final List<String> CONVENTION_NAMES = List.of("mcp.client.operation.duration", "mcp.client.session.duration",
            "mcp.client.pool.count", "mcp.client.pool.max", "mcp.client.pool.idle.min",
            "mcp.client.pool.pending_requests", "mcp.client.pool.timeouts", "mcp.client.pool.wait_time",
            "mcp.client.pool.use_time", "mcp.client.pool.create_time");

    private static final AttributeKey<String> POOL = AttributeKey.stringKey("mcp.client.pool.name");

    private TestMcpServer server;

    @BeforeEach
    void startServer() {
        server = TestMcpServer.builder().build().start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private static MetricData metric(Collection<MetricData> all, String name) {
        return all.stream().filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + names(all)));
    }

    private static Set<String> names(Collection<MetricData> all) {
        return all.stream().map(MetricData::getName).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String attr(PointData p, String key) {
        return p.getAttributes().get(AttributeKey.stringKey(key));
    }

    private static <P extends PointData> P point(Collection<P> points, Predicate<PointData> which, String what) {
        return points.stream().filter(which).findFirst().orElseThrow(() -> new AssertionError("no point " + what
                + " in " + points));
    }

    private static long longValue(MetricData m, String pool, String state) {
        LongPointData p = point(m.getLongSumData().getPoints(), x -> pool.equals(attr(x, POOL.getKey()))
                && (state == null || state.equals(attr(x, "mcp.client.pool.state"))), pool + " " + state);
        return p.getValue();
    }

    @Test
    void everyRowOfTheTableAndEveryConventionNameIsReported() {
        try (McpPool pool = McpPool.create(PoolConfig.builder().name("github").endpoint(server.endpoint())
                .minSessions(1).maxSessions(3).build())) {
            McpPoolTelemetry.create(OTEL.getOpenTelemetry()).instrument(pool);
            pool.start();
            for (int i = 0; i < 5; i++) {
                assertFalse(pool.callTool("echo", Map.of("message", "m" + i)).isError());
            }
            assertTrue(pool.callTool("fail", Map.of()).isError());
            try (PooledSession a = pool.borrow(); PooledSession b = pool.borrow()) {
                assertFalse(a.sessionId().equals(b.sessionId()), "a second session, created while instrumented");
                b.invalidate(); // closed when returned: one session's whole life is measured
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> pool.metrics().sessionsDestroyed() >= 1);

            List<MetricData> all = List.copyOf(OTEL.getMetrics());
            Set<String> names = names(all);
            for (PoolMetric row : PoolMetric.values()) {
                String name = McpPoolTelemetry.instrumentName(row);
                assertTrue(names.contains(name), row + " as " + name + " in " + names);
                MetricData m = metric(all, name);
                assertTrue(m.getData().getPoints().stream().allMatch(p -> "github".equals(attr(p, POOL.getKey()))),
                        name + ": every point carries the pool");
                MetricDataType expected = switch (row.kind()) {
                    case TIMER, HISTOGRAM -> MetricDataType.HISTOGRAM;
                    case COUNTER -> MetricDataType.LONG_SUM;
                    case GAUGE -> m.getType(); // checked below: a sum for the conventions, a gauge otherwise
                };
                assertEquals(expected, m.getType(), name);
                if (row.kind() == MetricKind.COUNTER) {
                    assertTrue(m.getLongSumData().isMonotonic(), name + " is a counter");
                }
            }
            for (String name : CONVENTION_NAMES) {
                assertTrue(names.contains(name), name + " in " + names);
            }
            for (PoolMetric row : PoolMetric.values()) {
                if (row.kind() == MetricKind.GAUGE && !McpPoolTelemetry.instrumentName(row).startsWith("mcp.client.")) {
                    MetricDataType type = metric(all, row.metricName()).getType();
                    assertTrue(type == MetricDataType.LONG_GAUGE || type == MetricDataType.DOUBLE_GAUGE, row + ": " + type);
                }
            }

            // The pool conventions: counts of now as UpDownCounters, in their units.
            MetricData count = metric(all, "mcp.client.pool.count");
            assertEquals("{session}", count.getUnit());
            assertFalse(count.getLongSumData().isMonotonic());
            assertEquals(pool.metrics().idle(), longValue(count, "github", "idle"));
            assertEquals(pool.metrics().active(), longValue(count, "github", "used"));
            assertEquals(3, longValue(metric(all, "mcp.client.pool.max"), "github", null));
            assertEquals(1, longValue(metric(all, "mcp.client.pool.idle.min"), "github", null));
            assertEquals(0, longValue(metric(all, "mcp.client.pool.pending_requests"), "github", null));
            assertEquals("{request}", metric(all, "mcp.client.pool.pending_requests").getUnit());
            assertEquals(0, longValue(metric(all, "mcp.client.pool.timeouts"), "github", null));
            assertEquals("{timeout}", metric(all, "mcp.client.pool.timeouts").getUnit());
            for (String histogram : List.of("mcp.client.pool.wait_time", "mcp.client.pool.use_time",
                    "mcp.client.pool.create_time", "mcp.client.operation.duration", "mcp.client.session.duration")) {
                MetricData m = metric(all, histogram);
                assertEquals("s", m.getUnit(), histogram);
                assertEquals(Names.DURATION_BUCKETS, m.getHistogramData().getPoints().iterator().next().getBoundaries(),
                        histogram + ": the buckets the MCP conventions advise");
            }
            long waits = metric(all, "mcp.client.pool.wait_time").getHistogramData().getPoints().stream()
                    .mapToLong(HistogramPointData::getCount).sum();
            assertEquals(8, waits, "6 calls and 2 leases borrowed");
            long creations = metric(all, "mcp.client.pool.create_time").getHistogramData().getPoints().stream()
                    .mapToLong(HistogramPointData::getCount).sum();
            assertTrue(creations >= 2, "the warm-up's and the second lease's session: " + creations);

            // The MCP conventions: per operation, per tool, with the outcome.
            MetricData operations = metric(all, "mcp.client.operation.duration");
            HistogramPointData echo = point(operations.getHistogramData().getPoints(),
                    p -> "echo".equals(attr(p, "gen_ai.tool.name")), "for echo");
            assertEquals(5, echo.getCount());
            assertEquals("tools/call", attr(echo, "mcp.method.name"));
            assertEquals("execute_tool", attr(echo, "gen_ai.operation.name"));
            assertEquals("tcp", attr(echo, "network.transport"));
            assertEquals("127.0.0.1", attr(echo, "server.address"));
            assertEquals(null, attr(echo, "mcp.session.id"), "no per-session attribute on a metric");
            HistogramPointData fail = point(operations.getHistogramData().getPoints(),
                    p -> "fail".equals(attr(p, "gen_ai.tool.name")), "for fail");
            assertEquals("tool_error", attr(fail, "error.type"));
            point(operations.getHistogramData().getPoints(), p -> "initialize".equals(attr(p, "mcp.method.name"))
                    && attr(p, "mcp.protocol.version") != null, "for initialize with the negotiated version");

            HistogramPointData session = point(metric(all, "mcp.client.session.duration").getHistogramData().getPoints(),
                    p -> "invalidated_by_user".equals(attr(p, "mcpool.session.end_reason")), "for the invalidated one");
            assertEquals(1, session.getCount());
            assertEquals(null, attr(session, "error.type"), "closed on purpose: not an error");
            assertTrue(attr(session, "mcp.protocol.version") != null);

            // A row of the table under its own name, with the tool as the conventions name it.
            HistogramPointData perTool = point(metric(all, "mcpool.tool.call").getHistogramData().getPoints(),
                    p -> "echo".equals(attr(p, "gen_ai.tool.name")), "per tool");
            assertEquals(5, perTool.getCount());
            LongPointData toolErrors = point(metric(all, "mcpool.tool.call.errors").getLongSumData().getPoints(),
                    p -> "fail".equals(attr(p, "gen_ai.tool.name")), "errors per tool");
            assertEquals(1, toolErrors.getValue());
            assertEquals(6, longValue(metric(all, "mcpool.tool.calls"), "github", null));
            assertEquals("s", metric(all, "mcpool.uptime").getUnit());
        }
    }

    @Test
    void toolNamesOnMetricsAreCappedWhileSpansKeepThem() {
        int tools = MetricTag.TOOL.maxValues() + 3;
        try (TestMcpServer many = TestMcpServer.builder().extraTools(tools).build().start();
                McpPool pool = McpPool.create(PoolConfig.builder().name("many").endpoint(many.endpoint())
                        .minSessions(1).maxSessions(1).build())) {
            McpPoolTelemetry.create(OTEL.getOpenTelemetry()).instrument(pool);
            pool.start();
            for (int i = 0; i < tools; i++) {
                assertFalse(pool.callTool(String.format(java.util.Locale.ROOT, "tool-%03d", i), Map.of()).isError());
            }
            Set<String> named = metric(List.copyOf(OTEL.getMetrics()), "mcp.client.operation.duration")
                    .getHistogramData().getPoints().stream().filter(p -> "many".equals(attr(p, POOL.getKey())))
                    .map(p -> attr(p, "gen_ai.tool.name")).filter(java.util.Objects::nonNull)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(MetricTag.TOOL.maxValues() + 1, named.size(), "the cap, and 'other'");
            assertTrue(named.contains(MetricTag.OTHER));
            String last = String.format(java.util.Locale.ROOT, "tool-%03d", tools - 1);
            SpanData span = OTEL.getSpans().stream().filter(x -> x.getName().equals("tools/call " + last)).findFirst()
                    .orElseThrow();
            assertEquals(last, span.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.name")),
                    "a span names the tool beyond the cap too");
        }
    }

    @Test
    void aPoolThatShutDownIsNoLongerRead() {
        McpPool pool = McpPool.create(PoolConfig.builder().name("short-lived").endpoint(server.endpoint())
                .minSessions(1).maxSessions(2).build());
        McpPoolTelemetry.create(OTEL.getOpenTelemetry()).instrument(pool);
        pool.start();
        assertEquals(2, longValue(metric(List.copyOf(OTEL.getMetrics()), "mcp.client.pool.max"), "short-lived", null));
        pool.close();
        assertTrue(OTEL.getMetrics().stream().filter(m -> m.getName().equals("mcp.client.pool.max"))
                .flatMap(m -> m.getData().getPoints().stream())
                .noneMatch(p -> "short-lived".equals(attr(p, POOL.getKey()))), "the instrumentation closed with the pool");
    }

    @Test
    void oneTelemetryReportsEveryPoolOfAManagerApartAndClosingStopsTheReadings() {
        try (McpPoolManager manager = McpPoolManager.create("search")) {
            manager.add("primary", PoolConfig.builder().name("primary").endpoint(server.endpoint()).minSessions(1)
                    .maxSessions(2).build());
            manager.add("backup", PoolConfig.builder().name("backup").endpoint(server.endpoint()).minSessions(1)
                    .maxSessions(4).build());
            McpPoolTelemetry.Instrumentation instrumentation = McpPoolTelemetry.create(OTEL.getOpenTelemetry())
                    .instrument(manager);
            manager.start();
            List<MetricData> all = List.copyOf(OTEL.getMetrics());
            assertEquals(2, longValue(metric(all, "mcp.client.pool.max"), "primary", null));
            assertEquals(4, longValue(metric(all, "mcp.client.pool.max"), "backup", null));

            instrumentation.close();
            List<MetricData> after = List.copyOf(OTEL.getMetrics());
            assertTrue(after.stream().filter(m -> m.getName().equals("mcp.client.pool.max"))
                    .flatMap(m -> m.getData().getPoints().stream()).findAny().isEmpty(),
                    "closed: the snapshots are no longer read");
        }
    }
}
