package io.mcpool.impl;

import static io.mcpool.impl.TestPools.config;
import static io.mcpool.impl.TestPools.text;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.AutoScalerConfig;
import io.mcpool.BorrowOptions;
import io.mcpool.McpPool;
import io.mcpool.PooledSession;
import io.mcpool.RateLimitExceededException;
import io.mcpool.RateLimitMode;
import io.mcpool.event.PoolEvent;
import io.mcpool.testkit.TestMcpServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Rate limits, server back-off (429), the autoscaler and resizing under load. */
class TrafficControlTest {

    @Test
    void rejectModeAdmitsNoMoreThanTheBucketAllowsOverAWindow() {
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(config(server).maxSessions(4).rateLimit(20).rateLimitBurst(5)
                        .rateLimitMode(RateLimitMode.REJECT).build())) {
            pool.start();
            int admitted = 0;
            int rejected = 0;
            long start = System.nanoTime();
            for (int i = 0; i < 200; i++) {
                try {
                    pool.borrow().close();
                    admitted++;
                } catch (RateLimitExceededException e) {
                    rejected++;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long allowed = 5 + (long) Math.ceil(20 * seconds) + 1;
            assertTrue(admitted <= allowed, "admitted " + admitted + " in " + seconds + " s; the bucket allows " + allowed);
            assertTrue(rejected > 0);
            assertEquals(rejected, pool.metrics().rateLimitRejects());
            assertEquals(0, pool.metrics().rateLimitWaits());
        }
    }

    @Test
    void waitModeMakesBorrowsWaitForPermitsInsteadOfFailing() {
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(config(server).maxSessions(2).rateLimit(0.5).rateLimitBurst(1).build())) {
            List<PoolEvent> events = new CopyOnWriteArrayList<>();
            pool.addListener(events::add);
            pool.start();
            // One permit every 2 s: the first call takes the burst, the next two must wait for theirs
            // (unless a call itself took 2 s, which a loaded machine could make happen once).
            for (int i = 0; i < 3; i++) {
                pool.callTool("echo", Map.of("message", "paced"));
            }
            assertEquals(0, pool.metrics().rateLimitRejects());
            assertTrue(pool.metrics().rateLimitWaits() >= 1, "waits: " + pool.metrics().rateLimitWaits());
            assertTrue(events.stream().anyMatch(e -> e instanceof PoolEvent.RateLimited r && !r.rejected()));
        }
    }

    @Test
    void perTenantBucketsKeepOneTenantsBurstFromStarvingAnother() {
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(config(server).maxSessions(4).rateLimit(0.5).rateLimitBurst(2)
                        .rateLimitMode(RateLimitMode.REJECT).rateLimitPerTenant(true).build())) {
            pool.start();
            BorrowOptions a = BorrowOptions.builder().tenant("a").build();
            BorrowOptions b = BorrowOptions.builder().tenant("b").build();
            pool.borrow(a).close();
            pool.borrow(a).close();
            assertThrows(RateLimitExceededException.class, () -> pool.borrow(a));
            pool.borrow(b).close();
            pool.borrow(b).close();
            assertThrows(RateLimitExceededException.class, () -> pool.borrow(b));
        }
    }

    @Test
    void aServer429WithRetryAfterPausesBorrowingAndKeepsTheSession() {
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(config(server).minSessions(1).maxSessions(1).build())) {
            pool.start();
            server.throttleNextCalls(1, Duration.ofSeconds(1));
            assertThrows(RuntimeException.class, () -> pool.callTool("echo", Map.of("message", "too soon")));
            assertEquals("later", text(pool.callTool("echo", Map.of("message", "later"))));
            assertEquals(1, pool.metrics().rateLimitWaits(), "the next borrow waited out the Retry-After");
            assertEquals(0, pool.metrics().sessionsDestroyed(), "429 means busy, not broken");
            assertEquals(1, server.initializeCount());
        }
    }

    @Test
    void inRejectModeABorrowDuringAServerPauseIsRefusedSayingWhy() {
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(config(server).rateLimit(1000).rateLimitMode(RateLimitMode.REJECT).build())) {
            pool.start();
            server.throttleNextCalls(1, Duration.ofSeconds(5));
            assertThrows(RuntimeException.class, () -> pool.callTool("echo", Map.of("message", "x")));
            RateLimitExceededException e = assertThrows(RateLimitExceededException.class, pool::borrow);
            assertTrue(e.getMessage().contains("HTTP 429"), e::getMessage);
        }
    }

    @Test
    void theAutoscalerRaisesTheFloorUnderLoadAndClosesIdleSessionsWhenItIsGone() throws Exception {
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(config(server).minSessions(1).maxSessions(4)
                        .autoScaler(AutoScalerConfig.builder().minFloor(1).maxFloor(4).interval(Duration.ofMillis(200))
                                .scaleUpWait(Duration.ofMillis(5)).scaleDownIdleRatio(0.5).step(1)
                                .cooldown(Duration.ofMillis(200)).build()).build())) {
            List<PoolEvent> events = new CopyOnWriteArrayList<>();
            pool.addListener(events::add);
            pool.start();
            server.toolLatency(Duration.ofMillis(50));
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService threads = Executors.newFixedThreadPool(8);
            List<Future<?>> load = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                load.add(threads.submit(() -> {
                    while (!stop.get()) {
                        pool.callTool("echo", Map.of("message", "load"));
                    }
                    return null;
                }));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> pool.config().minSessions() >= 3);
            stop.set(true);
            for (Future<?> f : load) {
                f.get(1, TimeUnit.MINUTES);
            }
            threads.shutdown();
            assertTrue(pool.metrics().autoscaleUps() >= 2);
            await().atMost(Duration.ofSeconds(30)).until(() -> pool.config().minSessions() == 1);
            await().atMost(Duration.ofSeconds(15)).until(() -> server.liveSessions() == 1);
            assertTrue(pool.metrics().autoscaleDowns() >= 2);
            assertTrue(events.stream().anyMatch(e -> e instanceof PoolEvent.Autoscaled a && a.toFloor() > a.fromFloor()));
            assertTrue(events.stream().anyMatch(e -> e instanceof PoolEvent.Autoscaled a && a.toFloor() < a.fromFloor()));
        }
    }

    @Test
    void resizingUnder32ThreadLoadHoldsTheCurrentMaxAndLosesNoWaiter() throws Exception {
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(config(server).minSessions(1).maxSessions(4)
                        .borrowTimeout(Duration.ofSeconds(60)).build())) {
            pool.start();
            server.toolLatency(Duration.ofMillis(5));
            AtomicBoolean stop = new AtomicBoolean();
            List<RuntimeException> failures = new CopyOnWriteArrayList<>();
            AtomicInteger calls = new AtomicInteger();
            ExecutorService threads = Executors.newFixedThreadPool(32);
            List<Future<?>> load = new ArrayList<>();
            for (int t = 0; t < 32; t++) {
                load.add(threads.submit(() -> {
                    while (!stop.get()) {
                        try (PooledSession s = pool.borrow()) {
                            s.callTool("echo", Map.of("message", "x"));
                            calls.incrementAndGet();
                        } catch (RuntimeException e) {
                            failures.add(e);
                        }
                    }
                    return null;
                }));
            }
            int[] maxima = {2, 8, 3, 6, 1, 4};
            for (int max : maxima) {
                pool.resize(Math.min(1, max), max);
                await().atMost(Duration.ofSeconds(30)).until(() -> server.liveSessions() <= max
                        && pool.metrics().total() <= max);
                int before = calls.get();
                await().atMost(Duration.ofSeconds(30)).until(() -> calls.get() > before + 20);
                assertTrue(server.liveSessions() <= max, "live " + server.liveSessions() + " > max " + max);
            }
            stop.set(true);
            for (Future<?> f : load) {
                f.get(2, TimeUnit.MINUTES);
            }
            threads.shutdown();
            assertTrue(failures.isEmpty(), () -> "no borrower lost or failed while the pool was resized: "
                    + failures.stream().map(TrafficControlTest::stackTrace).toList());
            assertTrue(server.maxLiveSessions() <= 8);
            assertEquals(0, pool.metrics().waiters());
            assertEquals(0, pool.metrics().active());
        }
    }

    private static String stackTrace(Throwable t) {
        java.io.StringWriter out = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }
}
