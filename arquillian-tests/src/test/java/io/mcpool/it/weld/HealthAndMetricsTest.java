package io.mcpool.it.weld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.McpPool;
import io.mcpool.PoolMetrics;
import io.mcpool.cdi.McpPoolName;
import io.mcpool.it.McpServers;
import io.mcpool.metrics.PoolMetric;
import io.mcpool.testkit.TestMcpServer;
import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import io.smallrye.metrics.MetricsRequestHandler;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Gauge;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * MicroProfile Health checks and Metrics per pool, with SmallRye Health and SmallRye Metrics as the
 * implementations: pool {@code up} runs, pool {@code down} has no server (its start failed at
 * application start), pool {@code later} is {@code lazy-start} and unused.
 */
@ExtendWith({McpServers.class, ArquillianExtension.class})
class HealthAndMetricsTest {

    private static final TestMcpServer SERVER = McpServers.start();

    @Deployment
    static JavaArchive deployment() {
        return Archives.app(Map.of(
                "mcpool.up.endpoint", SERVER.endpoint(),
                "mcpool.down.endpoint", "http://127.0.0.1:1/mcp",
                "mcpool.down.connect-timeout", "2s",
                "mcpool.later.endpoint", "http://127.0.0.1:1/mcp",
                "mcpool.later.lazy-start", "true",
                "mcpool.optional.endpoint", "http://127.0.0.1:1/mcp",
                "mcpool.optional.connect-timeout", "2s",
                "mcpool.optional.health.readiness", "off"))
                // SmallRye Health's reporter is a bean of its own bean archive; the flat test deployment needs it listed.
                .addPackages(true, SmallRyeHealthReporter.class.getPackage());
    }

    @Inject
    @Readiness
    Instance<HealthCheck> readiness;

    @Inject
    @Liveness
    Instance<HealthCheck> liveness;

    @Inject
    SmallRyeHealthReporter reporter;

    @Inject
    MetricRegistry registry;

    @Inject
    @McpPoolName("up")
    McpPool up;

    @Inject
    @Any
    Instance<McpPool> anyPool;

    @Test
    void readinessPerPool() {
        Map<String, HealthCheckResponse> ready = byName(readiness);
        assertEquals(HealthCheckResponse.Status.UP, ready.get("mcpool-up").getStatus());
        assertEquals(HealthCheckResponse.Status.DOWN, ready.get("mcpool-down").getStatus());
        assertTrue(ready.get("mcpool-down").getData().orElseThrow().get("error").toString().contains("failed to start"),
                ready.get("mcpool-down").getData().toString());
        assertEquals(HealthCheckResponse.Status.UP, ready.get("mcpool-later").getStatus(), "lazy and unused: up");
        assertEquals(Boolean.TRUE, ready.get("mcpool-later").getData().orElseThrow().get("lazy-start"));
        // Its server is down as "down"'s is, but it is optional: UP, saying it does not serve.
        HealthCheckResponse optional = ready.get("mcpool-optional");
        assertEquals(HealthCheckResponse.Status.UP, optional.getStatus(), optional.getData().toString());
        assertEquals(Boolean.TRUE, optional.getData().orElseThrow().get("optional"));
        assertEquals(Boolean.FALSE, optional.getData().orElseThrow().get("serving"));
    }

    @Test
    void livenessStaysUpWhilePoolsCanRecover() {
        Map<String, HealthCheckResponse> live = byName(liveness);
        assertEquals(4, live.size(), live.keySet().toString());
        assertTrue(live.values().stream().allMatch(r -> r.getStatus() == HealthCheckResponse.Status.UP), live.toString());
    }

    @Test
    void theHealthReporterShowsThePoolChecks() {
        SmallRyeHealth health = reporter.getReadiness();
        String json = health.getPayload().toString();
        assertFalse(health.isDown() && !json.contains("mcpool-down"), json);
        assertTrue(json.contains("\"mcpool-up\""), json);
        assertTrue(json.contains("\"mcpool-down\""), json);
        assertTrue(health.isDown(), "one pool is down: " + json);
    }

    @Test
    void healthChecksNeverStartALazyPool() {
        byName(readiness);
        byName(liveness);
        assertFalse(anyPool.select(McpPoolName.Literal.of("later")).get().isStarted());
    }

    @Test
    void gaugesCountersAndTimersAreTaggedByPool() {
        up.callTool("echo", Map.of("message", "metered"));
        Tag pool = new Tag("pool", "up");
        Map<MetricID, Gauge> gauges = registry.getGauges();
        assertEquals(1L, gauges.get(new MetricID("mcpool.sessions.open", pool)).getValue().longValue());
        assertEquals(1L, gauges.get(new MetricID("mcpool.ready", pool)).getValue().longValue());
        assertEquals(0L, gauges.get(new MetricID("mcpool.circuit.state", pool)).getValue().longValue());
        assertEquals(10L, gauges.get(new MetricID("mcpool.sessions.max", pool)).getValue().longValue());
        for (String trafficCounter : List.of("mcpool.ratelimit.waits", "mcpool.ratelimit.rejects",
                "mcpool.autoscale.ups", "mcpool.autoscale.downs")) {
            MetricID id = new MetricID(trafficCounter, pool);
            assertTrue(gauges.containsKey(id), trafficCounter + " is registered");
            assertEquals(0L, gauges.get(id).getValue().longValue(), trafficCounter + ": no rate limit, no autoscaler");
            assertFalse(registry.getMetadata(trafficCounter).getDescription().isBlank(), trafficCounter);
        }
        Counter borrows = registry.getCounters().get(new MetricID("mcpool.borrows", pool));
        assertTrue(borrows.getCount() >= 1, "borrows " + borrows.getCount());
        assertEquals(1, registry.getCounters().get(new MetricID("mcpool.sessions.created", pool)).getCount());
        Timer wait = registry.getTimers().get(new MetricID("mcpool.borrow.wait", pool));
        assertTrue(wait.getCount() >= 1);
        List<String> downMetrics = registry.getMetricIDs().stream().filter(id -> id.getTags().containsValue("down"))
                .map(MetricID::getName).collect(Collectors.toList());
        assertEquals(List.of(), downMetrics, "a pool whose start failed keeps no metrics");
    }

    /**
     * Every metric of the table is registered for a pool under the name, type and unit docs/jakarta.md
     * documents, with the pool's value, and shows in the Prometheus output under the documented name.
     */
    @Test
    void everyMetricOfTheTableIsRegisteredAsDocumented() throws Exception {
        up.callTool("echo", Map.of("message", "table"));
        up.callTool("fail", Map.of()); // the per-tool error counter's first series (tool=fail)
        up.listTools();
        up.listTools();
        Map<String, String[]> documented = documentedMetrics();
        assertEquals(PoolMetric.values().length, documented.size(), "one documented row per metric of the table");
        Tag pool = new Tag("pool", "up");
        Map<MetricID, Gauge> gauges = registry.getGauges();
        Map<MetricID, Counter> counters = registry.getCounters();
        Map<MetricID, Timer> timers = registry.getTimers();
        // Every value read between two snapshots of the pool.
        PoolMetrics before = up.metrics();
        Map<PoolMetric, Double> shownValues = new EnumMap<>(PoolMetric.class);
        for (PoolMetric m : PoolMetric.values()) {
            MetricID id = new MetricID(m.metricName(), pool);
            if (gauges.containsKey(id)) {
                shownValues.put(m, gauges.get(id).getValue().doubleValue());
            } else if (counters.containsKey(id)) {
                shownValues.put(m, (double) counters.get(id).getCount());
            }
        }
        PoolMetrics after = up.metrics();
        for (PoolMetric m : PoolMetric.values()) {
            String[] doc = documented.get(m.metricName());
            assertTrue(doc != null, m.metricName() + " is documented");
            // A per-tool metric is registered per tool, with the tool's tag beside the pool's.
            MetricID id = m.tags().contains(io.mcpool.metrics.MetricTag.TOOL)
                    ? new MetricID(m.metricName(), pool, new Tag("tool", "fail")) : new MetricID(m.metricName(), pool);
            Metadata metadata = registry.getMetadata(m.metricName());
            assertEquals(m.description(), metadata.getDescription(), m.metricName());
            String type = doc[0];
            if (type.startsWith("gauge")) {
                assertTrue(gauges.containsKey(id), m.metricName() + " is a gauge");
                assertEquals(doc[1], metadata.unit().orElse("none"), m.metricName() + ": documented unit");
                double shown = shownValues.get(m);
                double low = m.value(before, m.unitFor(PoolMetric.MICROPROFILE_METRICS)).doubleValue();
                double high = m.value(after, m.unitFor(PoolMetric.MICROPROFILE_METRICS)).doubleValue();
                assertTrue(Math.min(low, high) <= shown && shown <= Math.max(low, high),
                        m.metricName() + "=" + shown + " not in " + low + ".." + high);
            } else if (type.equals("counter")) {
                assertTrue(counters.containsKey(id), m.metricName() + " is a counter");
                assertEquals(doc[1], metadata.unit().orElse("none"), m.metricName() + ": documented unit");
                if (m.component().isPresent()) {
                    double shown = shownValues.get(m);
                    assertTrue(m.value(before).doubleValue() <= shown && shown <= m.value(after).doubleValue(),
                            m.metricName() + "=" + shown + ": counts what the pool counts, " + m.value(before));
                }
            } else {
                assertEquals("timer", type, m.metricName());
                assertEquals("seconds", doc[1], m.metricName() + ": Prometheus shows timers in seconds");
                assertTrue(timers.containsKey(id), m.metricName() + " is a timer");
            }
        }
        assertTrue(timers.get(new MetricID("mcpool.borrow.wait", pool)).getCount() >= 1);
        assertEquals(before.sessionsCreated(), timers.get(new MetricID("mcpool.session.creation", pool)).getCount());

        String prometheus = prometheusOutput();
        for (Map.Entry<String, String[]> row : documented.entrySet()) {
            String line = row.getValue()[2] + "{";
            assertTrue(prometheus.lines().anyMatch(l -> l.startsWith(line) && l.contains("pool=\"up\"")),
                    row.getKey() + " shows in Prometheus output as " + row.getValue()[2] + ":\n" + prometheus);
        }
    }

    /** @return metric name to {type, unit, Prometheus name}, from the generated table of docs/jakarta.md */
    private static Map<String, String[]> documentedMetrics() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "jakarta.md"));
        int from = doc.indexOf("<!-- generated from PoolMetric by JakartaMetricsDocTest: start -->");
        String table = doc.substring(from, doc.indexOf("<!-- generated: end -->", from));
        Matcher row = Pattern.compile("(?m)^\\| `([a-z0-9.]+)` \\| ([a-z ()]+) \\| ([a-z]+) \\| `([a-z0-9_]+)` \\|")
                .matcher(table);
        Map<String, String[]> rows = new TreeMap<>();
        while (row.find()) {
            rows.put(row.group(1), new String[] {row.group(2), row.group(3), row.group(4)});
        }
        return rows;
    }

    /** @return what a Prometheus scrape of the application scope returns, through SmallRye Metrics */
    private static String prometheusOutput() throws IOException {
        StringBuilder out = new StringBuilder();
        new MetricsRequestHandler().handleRequest("/metrics", "GET", Stream.of("text/plain"),
                Map.of("scope", new String[] {"application"}), (status, message, headers) -> {
                    assertEquals(200, status, message);
                    out.append(message);
                });
        return out.toString();
    }

    private static Map<String, HealthCheckResponse> byName(Instance<HealthCheck> checks) {
        return checks.stream().map(HealthCheck::call)
                .filter(r -> r.getName().startsWith("mcpool-"))
                .collect(Collectors.toMap(HealthCheckResponse::getName, r -> r));
    }
}
