package io.mcpool.impl;

import static io.mcpool.impl.TestPools.speaking;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.mcpool.BorrowOptions;
import io.mcpool.CallOptions;
import io.mcpool.CallTimeoutException;
import io.mcpool.McpPool;
import io.mcpool.PoolExhaustedException;
import io.mcpool.PoolMetrics;
import io.mcpool.PooledSession;
import io.mcpool.SessionInfo;
import io.mcpool.SessionState;
import io.mcpool.ToolMetrics;
import io.mcpool.event.PoolEvent;
import io.mcpool.testkit.RecordedCancellation;
import io.mcpool.testkit.TestMcpServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sixteen threads making asynchronous and deadline-bound calls at random, cancelling and timing them out,
 * against one real server (session-based, and 2026-07-28, where a call is cancelled by closing its response stream):
 * every lease comes back, every cancelled call stops on the server, the figures add up.
 */
class CallContentionTest {

    private static final int THREADS = 16;
    private static final int CALLS_PER_THREAD = 12;

    /** What the threads saw, by kind. */
    private static final class Outcomes {
        final LongAdder ok = new LongAdder();
        final LongAdder timedOut = new LongAdder();
        final LongAdder cancelled = new LongAdder();
        final LongAdder exhausted = new LongAdder();
        final Set<String> givenUp = ConcurrentHashMap.newKeySet();
        final List<Throwable> unexpected = new java.util.concurrent.CopyOnWriteArrayList<>();
    }

    @ParameterizedTest
    @EnumSource(value = TestMcpServer.Mode.class, names = {"STREAMABLE_HTTP", "HTTP_2026_07_28"})
    void randomisedAsyncCallsTimeoutsAndCancelsReturnEveryLeaseAndStopEveryCancelledTool(TestMcpServer.Mode mode)
            throws Exception {
        try (TestMcpServer server = TestMcpServer.builder().mode(mode).cancellableTool().build().start();
                McpPool pool = McpPool.create(speaking(server).minSessions(2).maxSessions(6).build())) {
            pool.start();
            LongAdder toolCalledEvents = new LongAdder();
            pool.addListener(e -> {
                if (e instanceof PoolEvent.ToolCalled) {
                    toolCalledEvents.increment();
                }
            });
            Outcomes outcomes = new Outcomes();
            AtomicInteger tags = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Thread thread = new Thread(() -> {
                    try {
                        go.await();
                        for (int i = 0; i < CALLS_PER_THREAD; i++) {
                            oneCall(pool, outcomes, "t" + tags.incrementAndGet());
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        outcomes.unexpected.add(e);
                    }
                }, "contender-" + t);
                thread.start();
                threads.add(thread);
            }
            go.countDown();
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(60));
                assertTrue(!thread.isAlive(), thread.getName() + " still running");
            }
            assertTrue(outcomes.unexpected.isEmpty(), () -> "unexpected failures: " + outcomes.unexpected);

            // Every lease back, no session lost or leaked, figures consistent.
            await().atMost(Duration.ofSeconds(10)).until(() -> pool.metrics().active() == 0);
            PoolMetrics m = pool.metrics();
            assertEquals(m.borrowCount(), m.returnCount(), m::toString);
            assertEquals(0, m.errors(), "a call given up on never marks its session broken here");
            assertEquals(m.sessionsCreated(), m.total() + m.sessionsDestroyed(), m::toString);
            assertTrue(m.total() <= 6);
            List<SessionInfo> sessions = pool.debugSnapshot();
            assertTrue(sessions.stream().allMatch(s -> s.state() == SessionState.IDLE), sessions::toString);
            long calls = pool.toolMetrics().stream().mapToLong(ToolMetrics::calls).sum();
            await().atMost(Duration.ofSeconds(5)).until(() -> toolCalledEvents.sum() == calls);
            long madeOnALease = outcomes.ok.sum() + outcomes.timedOut.sum() + outcomes.cancelled.sum();
            assertTrue(calls >= outcomes.ok.sum() && calls <= madeOnALease,
                    () -> calls + " calls counted; outcomes ok=" + outcomes.ok + " timedOut=" + outcomes.timedOut
                            + " cancelled=" + outcomes.cancelled);
            assertTrue(outcomes.ok.sum() > 0 && outcomes.timedOut.sum() + outcomes.cancelled.sum() > 0);

            // Every until-cancelled call that reached the server was given up on, cancelled there and stopped
            // (each would run for a minute otherwise). A call whose deadline passed while it waited for a session
            // sent nothing, so there is nothing to cancel.
            await().atMost(Duration.ofSeconds(15)).until(() -> server.toolCallsRunning() == 0);
            long reached = server.toolCalls().stream().filter(r -> "until-cancelled".equals(r.toolName())).count();
            List<RecordedCancellation> cancelled = server.cancellations().stream()
                    .filter(c -> "until-cancelled".equals(c.toolName())).toList();
            assertEquals(reached, cancelled.size(), () -> reached + " calls reached the server, cancelled: " + cancelled);
            Set<String> cancelledTags = cancelled.stream().map(RecordedCancellation::tag).collect(Collectors.toSet());
            assertEquals(cancelled.size(), cancelledTags.size(), "one cancellation per call");
            assertTrue(outcomes.givenUp.containsAll(cancelledTags), () -> "cancelled on the server but not given up: "
                    + cancelledTags + " vs " + outcomes.givenUp);

            // And the pool still serves.
            try (PooledSession s = pool.borrow()) {
                assertEquals("fine", TestPools.text(s.callTool("echo", Map.of("message", "fine"))));
            }
        }
    }

    private static void oneCall(McpPool pool, Outcomes outcomes, String tag) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Map<String, Object> hang = Map.of("tag", tag, "millis", 60_000);
        try {
            switch (random.nextInt(5)) {
                case 0 -> { // async echo
                    pool.callToolAsync("echo", Map.of("message", tag)).get(20, TimeUnit.SECONDS);
                    outcomes.ok.increment();
                }
                case 1 -> { // async call cancelled after a random pause
                    CompletableFuture<McpSchema.CallToolResult> f = pool.callToolAsync("until-cancelled", hang);
                    Thread.sleep(random.nextInt(1, 60));
                    if (f.cancel(true)) {
                        outcomes.givenUp.add(tag);
                    }
                    try {
                        f.join();
                        fail("a cancelled future completed");
                    } catch (CancellationException expected) {
                        outcomes.cancelled.increment();
                    }
                }
                case 2 -> { // async call with a random deadline
                    CompletableFuture<McpSchema.CallToolResult> f = pool.callToolAsync("until-cancelled", hang,
                            BorrowOptions.none(), CallOptions.within(Duration.ofMillis(random.nextInt(20, 200))));
                    try {
                        f.get(20, TimeUnit.SECONDS);
                        fail("until-cancelled answered before its deadline");
                    } catch (ExecutionException e) {
                        if (e.getCause() instanceof PoolExhaustedException) {
                            outcomes.exhausted.increment(); // the deadline also bounds the wait for a session
                        } else if (e.getCause() instanceof CallTimeoutException) {
                            outcomes.givenUp.add(tag);
                            outcomes.timedOut.increment();
                        } else {
                            throw e;
                        }
                    }
                }
                case 3 -> { // blocking call through the pool with a random deadline
                    try {
                        pool.callTool("until-cancelled", hang, BorrowOptions.none(),
                                CallOptions.within(Duration.ofMillis(random.nextInt(20, 200))));
                        fail("until-cancelled answered before its deadline");
                    } catch (CallTimeoutException e) {
                        outcomes.givenUp.add(tag);
                        outcomes.timedOut.increment();
                    }
                }
                default -> { // a lease: a quick call within a roomy deadline, then one past a short one
                    try (PooledSession s = pool.borrow()) {
                        s.callTool("echo", Map.of("message", tag), CallOptions.within(Duration.ofSeconds(20)));
                        outcomes.ok.increment();
                        try {
                            s.callTool("until-cancelled", hang, CallOptions.within(Duration.ofMillis(random.nextInt(20, 200))));
                            fail("until-cancelled answered before its deadline");
                        } catch (CallTimeoutException e) {
                            outcomes.givenUp.add(tag);
                            outcomes.timedOut.increment();
                        }
                    }
                }
            }
        } catch (PoolExhaustedException e) {
            outcomes.exhausted.increment();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcomes.unexpected.add(e);
        } catch (Exception | AssertionError e) {
            outcomes.unexpected.add(e);
        }
    }
}
