package io.mcpool.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.PooledSession;
import io.mcpool.manager.McpPoolManager;
import io.mcpool.metrics.MetricKind;
import io.mcpool.metrics.PoolMetric;
import io.mcpool.prometheus.PromText.Family;
import io.mcpool.prometheus.PromText.Sample;
import io.mcpool.testkit.TestMcpServer;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.http.HttpClient;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The collector on real pools and a real manager against a real MCP server, registered in a real
 * registry, served by the Prometheus client's HTTP server, scraped over HTTP and parsed strictly.
 */
class McpPoolCollectorTest {

    private TestMcpServer server;
    private McpPool github;
    private McpPool search;
    private McpPoolManager manager;
    private PrometheusRegistry registry;
    private HTTPServer http;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        server = TestMcpServer.builder().build().start();
        github = pool("github", 1, 3);
        search = pool("search", 1, 2);
        manager = McpPoolManager.create("replicas");
        manager.add("primary", PoolConfig.builder().endpoint(server.endpoint()).minSessions(1).maxSessions(2).build());
        manager.start();
        registry = new PrometheusRegistry();
        http = HTTPServer.builder().hostname("127.0.0.1").port(0).registry(registry).buildAndStart();
    }

    private McpPool pool(String name, int min, int max) {
        McpPool pool = McpPool.create(PoolConfig.builder().name(name).endpoint(server.endpoint())
                .minSessions(min).maxSessions(max).build());
        pool.start();
        return pool;
    }

    @AfterEach
    void stop() {
        http.close();
        manager.close();
        search.close();
        github.close();
        server.close();
    }

    @Test
    void everyMetricOfTheTableIsScrapedForEveryPoolWithPlausibleValues() throws Exception {
        new McpPoolCollector().add(github).add(search).add(manager).register(registry);
        int calls = 6;
        for (int i = 0; i < calls; i++) {
            assertFalse(github.callTool("echo", Map.of("message", "m" + i)).isError());
        }
        // Two leases at once: the warm floor is one session, so a second one is created now.
        try (PooledSession a = github.borrow(); PooledSession b = github.borrow()) {
            assertNotEquals(a.sessionId(), b.sessionId());
        }
        assertFalse(github.listTools().isEmpty());
        assertFalse(github.listTools().isEmpty());
        manager.callTool("echo", Map.of("message", "via the manager"), io.mcpool.manager.SelectionStrategy.FAILOVER);
        // A tool error in each pool: the per-tool error counter has a series (pool, tool) for each.
        assertTrue(github.callTool("fail", Map.of()).isError());
        assertTrue(search.callTool("fail", Map.of()).isError());
        assertTrue(manager.callTool("fail", Map.of(), io.mcpool.manager.SelectionStrategy.FAILOVER).isError());

        Map<String, Family> families = PromText.parse(scrape());
        for (PoolMetric metric : PoolMetric.values()) {
            String name = PrometheusNames.name(metric);
            String familyName = PrometheusNames.type(metric) == io.prometheus.metrics.model.registry.MetricType.COUNTER
                    ? name + "_total" : name;
            Family family = families.get(familyName);
            assertNotNull(family, metric + " as " + familyName + " in " + families.keySet());
            assertEquals(PrometheusNames.type(metric).name().toLowerCase(java.util.Locale.ROOT), family.type(),
                    metric.toString());
            assertEquals(metric.description(), family.help(), metric.toString());
            Set<String> sampleNames = family.samples().stream().map(Sample::name).collect(Collectors.toSet());
            assertEquals(Set.copyOf(PrometheusNames.sampleNames(metric)), sampleNames, metric.toString());
            Set<String> poolsSeen = family.samples().stream().map(s -> s.label("pool")).collect(Collectors.toSet());
            assertEquals(Set.of("github", "search", "primary"), poolsSeen, metric + ": one series per pool");
            for (Sample s : family.samples()) {
                assertEquals(metric.tags().stream().map(io.mcpool.metrics.MetricTag::name).collect(Collectors.toSet()),
                        s.labels().keySet().stream().filter(k -> !k.equals("le")).collect(Collectors.toSet()),
                        metric + ": " + s);
                assertTrue(s.value() >= 0 && !Double.isNaN(s.value()), metric + ": " + s);
                if (metric.unit() == io.mcpool.metrics.MetricUnit.BOOLEAN) {
                    assertTrue(s.value() == 0 || s.value() == 1, metric + " is 0 or 1: " + s);
                }
                if (!metric.states().isEmpty()) {
                    assertTrue(s.value() < metric.states().size() && s.value() == Math.rint(s.value()),
                            metric + " is a state code: " + s);
                }
            }
            if (PrometheusNames.type(metric) == io.prometheus.metrics.model.registry.MetricType.HISTOGRAM) {
                assertHistogram(family);
            }
        }

        assertTrue(value(families, PoolMetric.BORROW_COUNT, "github") >= calls + 2, "borrows ≥ the calls made");
        assertTrue(value(families, PoolMetric.RETURN_COUNT, "github") >= calls + 2, "returns ≥ the calls made");
        assertTrue(value(families, PoolMetric.BORROW_COUNT, "primary") >= 1, "the manager's pool served a call");
        assertEquals(3.0, value(families, PoolMetric.MAX_SESSIONS, "github"));
        assertEquals(2.0, value(families, PoolMetric.MAX_SESSIONS, "search"));
        assertEquals(1.0, value(families, PoolMetric.READY, "github"));
        assertEquals(0.0, value(families, PoolMetric.CIRCUIT_STATE, "github"), "CLOSED is 0");
        assertTrue(value(families, count(PoolMetric.BORROW_WAIT), "github") >= calls + 2);
        assertTrue(value(families, PoolMetric.SESSIONS_CREATED, "github") >= 2, "the warm one and the second");
        assertTrue(value(families, count(PoolMetric.SESSION_CREATION), "github") >= 1,
                "the second session's creation, timed while reported");
        assertTrue(value(families, PoolMetric.CACHE_HITS, "github") >= 1, "the second listTools from the cache");
        double ratio = value(families, PoolMetric.CACHE_HIT_RATE, "github");
        assertTrue(ratio > 0 && ratio <= 1, "hit ratio " + ratio);
        assertTrue(value(families, PoolMetric.UPTIME, "github") > 0);
        assertEquals(1.0, value(families, PoolMetric.BORROW_COUNT, "search"), "search served its one tool error");
    }

    @Test
    void aClosedPoolDisappearsAndAManagersNewPoolAppears() throws Exception {
        McpPoolCollector collector = new McpPoolCollector().add(github).add(search).add(manager).register(registry);
        search.callTool("echo", Map.of("message", "x"));
        assertTrue(pools(PromText.parse(scrape())).contains("search"));

        search.close();
        manager.add("backup", PoolConfig.builder().endpoint(server.endpoint()).minSessions(1).maxSessions(1).build());
        manager.get("backup").orElseThrow().callTool("echo", Map.of("message", "y"));
        Map<String, Family> families = PromText.parse(scrape());
        for (Family family : families.values()) {
            Set<String> seen = family.samples().stream().map(s -> s.label("pool")).collect(Collectors.toSet());
            if (family.name().startsWith("mcpool_")) {
                assertEquals(Set.of("github", "primary", "backup"), seen, family.name());
            }
        }
        // The event-fed series of the closed pool went with it, and its listener too.
        search = pool("search", 1, 1);
        collector.add(search);
        search.callTool("echo", Map.of("message", "z"));
        families = PromText.parse(scrape());
        assertEquals(1.0, value(families, count(PoolMetric.BORROW_WAIT), "search"),
                "a new pool of the same name starts from zero: the closed one's counts are gone");

        // A pool replaced by one of the same name with no scrape between: the new one's series are there.
        github.close();
        github = pool("github", 1, 1);
        collector.add(github);
        families = PromText.parse(scrape());
        assertEquals(0.0, value(families, count(PoolMetric.BORROW_WAIT), "github"), "the new pool's, at zero");

        assertTrue(collector.remove(manager));
        assertFalse(collector.remove(manager));
        assertEquals(Set.of("github", "search"), pools(PromText.parse(scrape())));
    }

    @Test
    void poolNamesAreUniqueWithinACollectorAndOneCollectorServesThemAll() {
        McpPoolCollector collector = new McpPoolCollector().add(github).add(manager);
        McpPool twin = McpPool.create(PoolConfig.builder().name("github").endpoint(server.endpoint()).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> collector.add(twin));
        assertTrue(e.getMessage().contains("'github'"), e.getMessage());
        McpPool primary = McpPool.create(PoolConfig.builder().name("primary").endpoint(server.endpoint()).build());
        e = assertThrows(IllegalArgumentException.class, () -> collector.add(primary));
        assertTrue(e.getMessage().contains("'primary'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> collector.add(manager));

        collector.register(registry);
        // A second collector of the same names is refused by the registry: that is why one serves all.
        assertThrows(IllegalArgumentException.class, () -> registry.register(new McpPoolCollector()));
    }

    @Test
    void namesFollowThePrometheusConventions() {
        Set<String> samples = new HashSet<>();
        for (PoolMetric metric : PoolMetric.values()) {
            String name = PrometheusNames.name(metric);
            assertTrue(name.matches("mcpool_[a-z0-9_]+"), name);
            if (metric.unit().isTime()) {
                assertTrue(name.endsWith("_seconds"), name);
            }
            if (metric.unit() == io.mcpool.metrics.MetricUnit.RATIO) {
                assertTrue(name.endsWith("_ratio"), name);
            }
            if (metric.kind() == MetricKind.COUNTER) {
                assertEquals(List.of(name + "_total"), PrometheusNames.sampleNames(metric));
            }
            for (String sample : PrometheusNames.sampleNames(metric)) {
                assertTrue(samples.add(sample), "two metrics expose " + sample);
            }
        }
    }

    private static void assertHistogram(Family family) {
        // One histogram per series: per pool, and per tool where the metric has that tag.
        Map<String, List<Sample>> byPool = family.samples().stream().collect(Collectors.groupingBy(s -> s.labels()
                .entrySet().stream().filter(e -> !e.getKey().equals("le")).map(Map.Entry::toString).sorted()
                .collect(Collectors.joining(","))));
        byPool.forEach((pool, samples) -> {
            double count = samples.stream().filter(s -> s.name().endsWith("_count")).findFirst().orElseThrow().value();
            List<Sample> buckets = samples.stream().filter(s -> s.name().endsWith("_bucket")).toList();
            assertEquals(McpPoolCollector.BUCKETS.length + 1, buckets.size(), family.name());
            double previous = 0;
            for (Sample b : buckets) {
                assertTrue(b.value() >= previous, family.name() + " buckets grow: " + b);
                previous = b.value();
            }
            assertEquals("+Inf", buckets.get(buckets.size() - 1).label("le"));
            assertEquals(count, previous, family.name() + ": the +Inf bucket holds every observation");
        });
    }

    private String scrape() throws Exception {
        return PromText.scrape(client, http.getPort());
    }

    private static Set<String> pools(Map<String, Family> families) {
        return families.values().stream().filter(f -> f.name().startsWith("mcpool_"))
                .flatMap(f -> f.samples().stream()).map(s -> s.label("pool")).collect(Collectors.toSet());
    }

    private static String count(PoolMetric timer) {
        return PrometheusNames.name(timer) + "_count";
    }

    private static double value(Map<String, Family> families, PoolMetric metric, String pool) {
        return value(families, PrometheusNames.sampleNames(metric).get(0), pool);
    }

    private static double value(Map<String, Family> families, String sample, String pool) {
        return families.values().stream().flatMap(f -> f.samples().stream())
                .filter(s -> s.name().equals(sample) && pool.equals(s.label("pool"))).findFirst()
                .orElseThrow(() -> new AssertionError(sample + "{pool=" + pool + "} not scraped")).value();
    }
}
