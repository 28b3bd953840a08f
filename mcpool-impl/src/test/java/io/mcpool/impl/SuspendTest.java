package io.mcpool.impl;

import static io.mcpool.impl.TestPools.config;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.BorrowOptions;
import io.mcpool.McpPool;
import io.mcpool.PoolClosedException;
import io.mcpool.PoolExhaustedException;
import io.mcpool.PooledSession;
import io.mcpool.testkit.TestMcpServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link McpPool#suspend()}: borrowers wait within their budget, resume lets them all through, shutdown wakes them. */
class SuspendTest {

    @Test
    void borrowersWaitWhileSuspendedAndAllGoOnAtResume() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(20);
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(config(server).minSessions(2).maxSessions(4)
                        .borrowTimeout(Duration.ofSeconds(30)).build())) {
            pool.start();
            try (PooledSession out = pool.borrow()) {
                pool.suspend();
                assertTrue(pool.isSuspended() && pool.metrics().suspended());
                long borrowsBefore = pool.metrics().borrowCount();
                List<CompletableFuture<Object>> waiting = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    waiting.add(CompletableFuture.supplyAsync(() -> pool.callTool("echo", Map.of("message", "m")),
                            threads));
                }
                await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                        .until(() -> pool.metrics().borrowCount() == borrowsBefore);
                await().atMost(Duration.ofSeconds(10)).until(() -> pool.metrics().waiters() == 20);
                assertTrue(waiting.stream().noneMatch(CompletableFuture::isDone), "nobody was lent a session");
                assertTrue(out.callTool("echo", Map.of("message", "a lease already out goes on")) != null);
                pool.resume();
                for (CompletableFuture<Object> w : waiting) {
                    w.get(20, TimeUnit.SECONDS);
                }
                assertEquals(0, pool.metrics().waiters(), "nobody waits after resume");
            }
            assertEquals(false, pool.metrics().suspended());
            assertEquals(pool.metrics().borrowCount(), pool.metrics().returnCount());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aSuspendedPoolLendsNothingNowAndABorrowGivesUpAtItsTimeout() {
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(config(server).minSessions(1).build())) {
            pool.start();
            pool.suspend();
            assertTrue(pool.tryBorrow(BorrowOptions.none()).isEmpty());
            PoolExhaustedException e = assertThrows(PoolExhaustedException.class,
                    () -> pool.borrow(BorrowOptions.builder().timeout(Duration.ofMillis(200)).build()));
            assertTrue(e.getMessage().contains("is suspended") && e.getMessage().contains("resume()"), e.getMessage());
            pool.resume();
            try (PooledSession s = pool.borrow()) {
                s.ping();
            }
        }
    }

    @Test
    void shutdownWakesEveryBorrowerWaitingForTheResume() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(30);
        try (TestMcpServer server = TestMcpServer.builder().build().start()) {
            McpPool pool = McpPool.create(config(server).minSessions(1).borrowTimeout(Duration.ofSeconds(60)).build());
            pool.start();
            pool.suspend();
            List<CompletableFuture<PooledSession>> waiting = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                waiting.add(CompletableFuture.supplyAsync(pool::borrow, threads));
            }
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(3))
                    .until(() -> waiting.stream().noneMatch(CompletableFuture::isDone));
            long start = System.nanoTime();
            pool.shutdown();
            for (CompletableFuture<PooledSession> w : waiting) {
                ExecutionException failed = assertThrows(ExecutionException.class, () -> w.get(5, TimeUnit.SECONDS));
                assertInstanceOf(PoolClosedException.class, failed.getCause());
            }
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(5)) < 0);
            assertThrows(PoolClosedException.class, pool::suspend);
        } finally {
            threads.shutdownNow();
        }
    }
}
