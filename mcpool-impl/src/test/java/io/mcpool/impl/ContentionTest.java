package io.mcpool.impl;

import static io.mcpool.impl.TestPools.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.BorrowOptions;
import io.mcpool.McpPool;
import io.mcpool.PoolMetrics;
import io.mcpool.PooledSession;
import io.mcpool.testkit.TestMcpServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Many threads, randomised operations, invariants checked after. */
class ContentionTest {

    private static final int THREADS = 64;
    private static final int BORROWS_PER_THREAD = 200;
    private static final int MAX = 8;

    @Test
    void sixtyFourThreadsNeverExceedEightSessionsAndLeaveNothingBehind() throws Exception {
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(config(server).minSessions(2).maxSessions(MAX)
                        .borrowTimeout(Duration.ofSeconds(60)).build())) {
            pool.start();
            Set<String> held = ConcurrentHashMap.newKeySet();
            AtomicInteger lentTwice = new AtomicInteger();
            AtomicInteger calls = new AtomicInteger();
            AtomicInteger emptyTries = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                done.add(threads.submit(() -> {
                    go.await();
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < BORROWS_PER_THREAD; i++) {
                        Optional<PooledSession> lease = random.nextInt(10) == 0
                                ? pool.tryBorrow(BorrowOptions.none())
                                : Optional.of(pool.borrow());
                        if (lease.isEmpty()) {
                            emptyTries.incrementAndGet();
                            continue;
                        }
                        try (PooledSession s = lease.get()) {
                            if (!held.add(s.sessionId())) {
                                lentTwice.incrementAndGet();
                            }
                            try {
                                if (random.nextInt(4) == 0) {
                                    s.callTool("echo", Map.of("message", "x"));
                                    calls.incrementAndGet();
                                }
                            } finally {
                                held.remove(s.sessionId());
                            }
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(5, TimeUnit.MINUTES);
            }
            threads.shutdown();

            assertEquals(0, lentTwice.get(), "a session was lent to two holders at once");
            assertTrue(server.maxLiveSessions() <= MAX, "server saw " + server.maxLiveSessions() + " live sessions");
            assertEquals(calls.get(), server.toolsCallCount());
            PoolMetrics m = pool.metrics();
            assertEquals(0, m.active());
            assertEquals(0, m.waiters());
            assertEquals(m.total(), m.active() + m.idle());
            assertTrue(m.total() <= MAX, "total " + m.total());
            assertEquals(m.borrowCount(), m.returnCount());
            assertEquals((long) THREADS * BORROWS_PER_THREAD - emptyTries.get(), m.borrowCount());
            assertEquals(m.total(), server.liveSessions(), "pool and server agree on open sessions");
            assertEquals(0, m.errors());
        }
    }
}
