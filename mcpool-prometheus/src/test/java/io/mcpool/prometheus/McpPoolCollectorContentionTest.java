package io.mcpool.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.McpPool;
import io.mcpool.McpPoolException;
import io.mcpool.PoolState;
import io.mcpool.PoolConfig;
import io.mcpool.PooledSession;
import io.mcpool.metrics.MetricKind;
import io.mcpool.metrics.PoolMetric;
import io.mcpool.prometheus.PromText.Family;
import io.mcpool.prometheus.PromText.Sample;
import io.mcpool.testkit.TestMcpServer;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Scrapes while callers use the pools and pools are shut down and added: every scrape parses strictly
 * (no series twice), every family shows exactly the same pools in one scrape, counters never go back
 * for a pool, and a shut-down pool never comes back.
 */
class McpPoolCollectorContentionTest {

    private static final int CALLERS = 4;
    private static final int SCRAPERS = 2;
    private static final int CHURNS = 12;

    @Test
    void scrapesStayConsistentWhilePoolsAreUsedClosedAndAdded() throws Exception {
        try (TestMcpServer server = TestMcpServer.builder().build().start()) {
            PrometheusRegistry registry = new PrometheusRegistry();
            McpPoolCollector collector = new McpPoolCollector().register(registry);
            List<McpPool> open = new CopyOnWriteArrayList<>();
            Set<String> closed = java.util.concurrent.ConcurrentHashMap.newKeySet();
            AtomicInteger names = new AtomicInteger();
            for (int i = 0; i < 3; i++) {
                open.add(newPool(server, "p" + names.getAndIncrement(), collector));
            }
            AtomicBoolean done = new AtomicBoolean();
            AtomicInteger scrapes = new AtomicInteger();
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            ExecutorService threads = Executors.newFixedThreadPool(CALLERS + SCRAPERS + 1);
            try (HTTPServer http = HTTPServer.builder().hostname("127.0.0.1").port(0).registry(registry).buildAndStart()) {
                HttpClient client = HttpClient.newHttpClient();
                List<Future<?>> work = new ArrayList<>();
                for (int c = 0; c < CALLERS; c++) {
                    work.add(threads.submit(() -> {
                        ThreadLocalRandom random = ThreadLocalRandom.current();
                        while (!done.get()) {
                            McpPool pool = open.get(random.nextInt(open.size()));
                            try {
                                switch (random.nextInt(3)) {
                                    case 0 -> pool.callTool("echo", Map.of("message", "x"));
                                    case 1 -> pool.listTools();
                                    default -> {
                                        try (PooledSession s = pool.borrow()) {
                                            s.callTool("echo", Map.of("message", "y"));
                                        }
                                    }
                                }
                            } catch (McpPoolException e) {
                                assertTrue(pool.state() == PoolState.CLOSING || pool.state() == PoolState.CLOSED,
                                        "only a pool being shut down fails here: " + e);
                            }
                        }
                        return null;
                    }));
                }
                for (int s = 0; s < SCRAPERS; s++) {
                    work.add(threads.submit(() -> {
                        Map<String, Double> last = new HashMap<>();
                        while (!done.get()) {
                            Set<String> closedBefore = Set.copyOf(closed);
                            Map<String, Family> families = PromText.parse(PromText.scrape(client, http.getPort()));
                            scrapes.incrementAndGet();
                            checkOneScrape(families, closedBefore, last);
                        }
                        return null;
                    }));
                }
                work.add(threads.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < CHURNS; i++) {
                        TimeUnit.MILLISECONDS.sleep(50);
                        McpPool victim = open.get(random.nextInt(open.size()));
                        open.add(newPool(server, "p" + names.getAndIncrement(), collector));
                        open.remove(victim);
                        victim.close();
                        closed.add(victim.name());
                    }
                    done.set(true);
                    return null;
                }));
                for (Future<?> f : work) {
                    try {
                        f.get(120, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.ExecutionException e) {
                        failures.add(e.getCause());
                        done.set(true);
                    }
                }
                assertEquals(List.of(), List.copyOf(failures));
                assertTrue(scrapes.get() >= SCRAPERS, "scrapes made: " + scrapes.get());

                Map<String, Family> end = PromText.parse(PromText.scrape(client, http.getPort()));
                Set<String> reported = pools(end.get(PrometheusNames.name(PoolMetric.TOTAL)));
                assertEquals(open.stream().map(McpPool::name).collect(Collectors.toSet()), reported);
            } finally {
                done.set(true);
                threads.shutdownNow();
                open.forEach(McpPool::close);
            }
        }
    }

    private static McpPool newPool(TestMcpServer server, String name, McpPoolCollector collector) {
        McpPool pool = McpPool.create(PoolConfig.builder().name(name).endpoint(server.endpoint())
                .minSessions(1).maxSessions(2).build());
        pool.start();
        collector.add(pool);
        return pool;
    }

    /** Checks one scrape, and that no counter went back since this scraper's previous one. */
    private static void checkOneScrape(Map<String, Family> families, Set<String> closedBefore, Map<String, Double> last) {
        Set<String> pools = null;
        for (PoolMetric metric : PoolMetric.values()) {
            String familyName = PrometheusNames.sampleNames(metric).get(0);
            Family family = families.get(metric.kind() == MetricKind.COUNTER ? familyName : PrometheusNames.name(metric));
            // A metric with a tag of its own (a tool's) has series only for the values events brought so far.
            boolean perValue = metric.tags().size() > 1;
            if (perValue && family == null) {
                continue;
            }
            assertTrue(family != null, metric + " missing");
            Set<String> here = pools(family);
            if (!perValue) {
                if (pools == null) {
                    pools = here;
                }
                assertEquals(pools, here, metric + ": the same pools in every family of one scrape");
            }
            for (String gone : closedBefore) {
                assertTrue(!here.contains(gone), metric + ": pool " + gone + " was shut down before the scrape");
            }
            if (metric.kind() != MetricKind.GAUGE) {
                String counted = metric.kind() == MetricKind.COUNTER ? familyName : PrometheusNames.name(metric) + "_count";
                for (Sample s : family.samples()) {
                    if (s.name().equals(counted)) {
                        String key = counted + "/" + s.labels().entrySet().stream().filter(e -> !e.getKey().equals("le"))
                                .map(e -> e.getKey() + "=" + e.getValue()).sorted().collect(Collectors.joining(","));
                        Double before = last.put(key, s.value());
                        assertTrue(before == null || s.value() >= before, key + " went back: " + before + " -> "
                                + s.value());
                    }
                }
            }
        }
    }

    private static Set<String> pools(Family family) {
        return family.samples().stream().map(s -> s.label("pool")).collect(Collectors.toSet());
    }
}
