package io.mcpool.impl.manager;

import static io.mcpool.impl.manager.ManagerFixtures.config;
import static io.mcpool.impl.manager.ManagerFixtures.text;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.BorrowOptions;
import io.mcpool.CallOptions;
import io.mcpool.CallTimeoutException;
import io.mcpool.McpPool;
import io.mcpool.PoolMetrics;
import io.mcpool.PooledSession;
import io.mcpool.manager.McpPoolManager;
import io.mcpool.manager.NoPoolAvailableException;
import io.mcpool.manager.SelectionStrategy;
import io.mcpool.testkit.RecordedCancellation;
import io.mcpool.testkit.TestMcpServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A manager's calls with a deadline of their own and without holding a thread, against real test servers: the
 * deadline covers failover (a call is not given its full time again on the next pool), the server of the pool
 * that ran out of it sees the cancellation, and every lease goes back.
 */
class ManagerCallOptionsTest {

    private static final String TOOL = "until-cancelled";

    private static TestMcpServer server() {
        return TestMcpServer.builder().cancellableTool().build().start();
    }

    private static Map<String, Object> tagged(String tag) {
        return Map.of("tag", tag, "millis", 20_000);
    }

    private static RecordedCancellation cancellationOf(TestMcpServer server, String tag) {
        AtomicReference<RecordedCancellation> found = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            server.cancellations().stream().filter(c -> tag.equals(c.tag())).findFirst().ifPresent(found::set);
            return found.get() != null;
        });
        return found.get();
    }

    private static void assertAllReturned(McpPool pool) {
        await().atMost(Duration.ofSeconds(5)).until(() -> pool.metrics().active() == 0);
        PoolMetrics m = pool.metrics();
        assertEquals(m.borrowCount(), m.returnCount(), pool.name() + ": every lease back");
    }

    @Test
    void theDeadlineCoversFailoverAndTheServerThatRanOutOfItSeesTheCancellation() {
        try (TestMcpServer primary = server(); TestMcpServer backup = server();
                McpPoolManager manager = ManagerFixtures.manager("deadline")) {
            McpPool first = manager.add("primary", config(primary).build());
            McpPool second = manager.add("backup", config(backup).build());
            manager.start();
            primary.stop(); // refused connections: provably not run, so the call moves on to the backup

            McpSchema.CallToolResult served = manager.callTool("echo", Map.of("message", "hi"),
                    SelectionStrategy.FAILOVER, BorrowOptions.none(), CallOptions.within(Duration.ofSeconds(8)));
            assertEquals("hi", text(served));

            long start = System.nanoTime();
            CallTimeoutException late = assertThrows(CallTimeoutException.class, () -> manager.callTool(TOOL,
                    tagged("failed-over"), SelectionStrategy.FAILOVER, BorrowOptions.none(),
                    CallOptions.within(Duration.ofMillis(600))));
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(tookMillis < 5_000, "failed at the deadline, not at the 10 s requestTimeout: " + tookMillis);
            // The backup was given what was left of the 600 ms, never more.
            assertTrue(late.timeout().compareTo(Duration.ofMillis(600)) <= 0, late.timeout().toString());
            assertTrue(late.getSuppressed().length >= 1, "the primary's failure travels with it");
            cancellationOf(backup, "failed-over");
            await().atMost(Duration.ofSeconds(10)).until(() -> backup.toolCallsRunning() == 0);
            assertAllReturned(first);
            assertAllReturned(second);
        }
    }

    @Test
    void aDeadlineSpentWaitingForASessionEndsTheCallWithoutWaitingTheBorrowTimeout() {
        try (TestMcpServer server = server(); McpPoolManager manager = ManagerFixtures.manager("wait")) {
            McpPool pool = manager.add("only", config(server).maxSessions(1).borrowTimeout(Duration.ofSeconds(10))
                    .build());
            manager.start();
            try (PooledSession held = pool.borrow()) {
                long start = System.nanoTime();
                NoPoolAvailableException none = assertThrows(NoPoolAvailableException.class,
                        () -> manager.callTool("echo", Map.of("message", "x"), SelectionStrategy.ROUND_ROBIN,
                                BorrowOptions.none(), CallOptions.within(Duration.ofMillis(400))));
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5),
                        "waited the call's deadline, not the 10 s borrowTimeout");
                assertTrue(none.getMessage().contains("'only'"), none.getMessage());
                assertEquals("ok", text(held.callTool("echo", Map.of("message", "ok"))));
            }
            assertAllReturned(pool);
        }
    }

    @Test
    void anAsyncCallReturnsItsLeaseWhenDoneAndCancellingItCancelsTheCallAtTheServer() throws Exception {
        try (TestMcpServer primary = server(); TestMcpServer backup = server();
                McpPoolManager manager = ManagerFixtures.manager("async")) {
            McpPool first = manager.add("primary", config(primary).build());
            McpPool second = manager.add("backup", config(backup).build());
            manager.start();

            CompletableFuture<McpSchema.CallToolResult> echo = manager.callToolAsync("echo", Map.of("message", "a"),
                    SelectionStrategy.FAILOVER);
            assertEquals("a", text(echo.get(10, TimeUnit.SECONDS)));
            assertAllReturned(first);
            assertEquals(1, first.metrics().returnCount(), "FAILOVER's primary served it");

            CompletableFuture<McpSchema.CallToolResult> running = manager.callToolAsync(TOOL, tagged("cancel"),
                    SelectionStrategy.FAILOVER);
            await().atMost(Duration.ofSeconds(10)).until(() -> primary.toolCallsRunning() == 1);
            assertEquals(1, first.metrics().active(), "the lease is held while the call runs");
            assertTrue(running.cancel(true));
            cancellationOf(primary, "cancel");
            await().atMost(Duration.ofSeconds(10)).until(() -> primary.toolCallsRunning() == 0);
            assertAllReturned(first);

            // The primary's server is gone: its warm session's call fails unsent, and the call moves on to the backup.
            primary.stop();
            assertEquals("b", text(manager.callToolAsync("echo", Map.of("message", "b"), SelectionStrategy.FAILOVER)
                    .get(10, TimeUnit.SECONDS)));
            CompletableFuture<McpSchema.CallToolResult> late = manager.callToolAsync(TOOL, tagged("async-deadline"),
                    SelectionStrategy.FAILOVER, BorrowOptions.none(), CallOptions.within(Duration.ofMillis(500)));
            ExecutionException e = assertThrows(ExecutionException.class, () -> late.get(10, TimeUnit.SECONDS));
            assertInstanceOf(CallTimeoutException.class, e.getCause());
            cancellationOf(backup, "async-deadline");
            assertAllReturned(second);
            assertAllReturned(first);
        }
    }

    @Test
    void randomisedCallsDeadlinesAndCancelsFromManyThreadsReturnEveryLeaseAndStopEveryToolGivenUpOn()
            throws Exception {
        try (TestMcpServer a = server(); TestMcpServer b = server();
                McpPoolManager manager = ManagerFixtures.manager("contention")) {
            McpPool first = manager.add("a", config(a).maxSessions(4).build());
            McpPool second = manager.add("b", config(b).maxSessions(4).build());
            manager.start();
            List<Throwable> unexpected = new CopyOnWriteArrayList<>();
            LongAdder ok = new LongAdder();
            LongAdder givenUp = new LongAdder();
            AtomicInteger tags = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 10; t++) {
                Thread thread = new Thread(() -> {
                    for (int i = 0; i < 10; i++) {
                        try {
                            if (oneCall(manager, "m" + tags.incrementAndGet())) {
                                ok.increment();
                            } else {
                                givenUp.increment();
                            }
                        } catch (Throwable e) {
                            unexpected.add(e);
                        }
                    }
                }, "manager-contender-" + t);
                thread.start();
                threads.add(thread);
            }
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(90));
                assertTrue(!thread.isAlive(), thread.getName() + " still running");
            }
            assertTrue(unexpected.isEmpty(), () -> "unexpected failures: " + unexpected);
            assertTrue(ok.sum() > 0 && givenUp.sum() > 0, () -> "ok=" + ok + " givenUp=" + givenUp);
            assertAllReturned(first);
            assertAllReturned(second);
            for (TestMcpServer server : List.of(a, b)) {
                await().atMost(Duration.ofSeconds(15)).until(() -> server.toolCallsRunning() == 0);
                long reached = server.toolCalls().stream().filter(r -> TOOL.equals(r.toolName())).count();
                long cancelled = server.cancellations().stream().filter(c -> TOOL.equals(c.toolName())).count();
                assertEquals(reached, cancelled, "every call given up on was cancelled at its server");
            }
            assertEquals(0, first.metrics().errors() + second.metrics().errors(), "no session was blamed");
        }
    }

    /** @return true when the call was answered, false when it was given up on as intended */
    private static boolean oneCall(McpPoolManager manager, String tag) throws Exception {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        SelectionStrategy strategy = random.nextBoolean() ? SelectionStrategy.ROUND_ROBIN : SelectionStrategy.FAILOVER;
        Map<String, Object> hang = Map.of("tag", tag, "millis", 60_000);
        switch (random.nextInt(4)) {
            case 0 -> {
                assertEquals(tag, text(manager.callTool("echo", Map.of("message", tag), strategy, BorrowOptions.none(),
                        CallOptions.within(Duration.ofSeconds(20)))));
                return true;
            }
            case 1 -> {
                assertEquals(tag, text(manager.callToolAsync("echo", Map.of("message", tag), strategy)
                        .get(20, TimeUnit.SECONDS)));
                return true;
            }
            case 2 -> {
                assertThrows(CallTimeoutException.class, () -> manager.callTool(TOOL, hang, strategy,
                        BorrowOptions.none(), CallOptions.within(Duration.ofMillis(50 + random.nextInt(200)))));
                return false;
            }
            default -> {
                CompletableFuture<McpSchema.CallToolResult> running = manager.callToolAsync(TOOL, hang, strategy,
                        BorrowOptions.none(), CallOptions.within(Duration.ofSeconds(20)));
                Thread.onSpinWait();
                running.cancel(true);
                assertThrows(CancellationException.class, () -> running.get(20, TimeUnit.SECONDS));
                return false;
            }
        }
    }

    @Test
    void anAsyncCallOnAShutDownManagerFailsItsFutureAndNullsAreRefusedAtOnce() {
        McpPoolManager manager = ManagerFixtures.manager("closed");
        assertThrows(NullPointerException.class, () -> manager.callToolAsync("echo", Map.of(),
                SelectionStrategy.FAILOVER, BorrowOptions.none(), null));
        CompletableFuture<McpSchema.CallToolResult> notStarted = manager.callToolAsync("echo", Map.of(),
                SelectionStrategy.FAILOVER);
        ExecutionException e = assertThrows(ExecutionException.class, () -> notStarted.get(5, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("start()"), e.getCause().getMessage());
        manager.close();
    }
}
