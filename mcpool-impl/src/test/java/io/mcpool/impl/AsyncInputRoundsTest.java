package io.mcpool.impl;

import static io.mcpool.impl.TestPools.config;
import static io.mcpool.impl.LeaseMarkers.elicitAs;
import static io.mcpool.impl.LeaseMarkers.rootsOf;
import static io.mcpool.impl.LeaseMarkers.sampleAs;
import static io.mcpool.impl.TestPools.text;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.BorrowOptions;
import io.mcpool.CallOptions;
import io.mcpool.CallTimeoutException;
import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.PooledSession;
import io.mcpool.Protocol;
import io.mcpool.spi.ClientCapability;
import io.mcpool.spi.ElicitationHandler;
import io.mcpool.testkit.RecordedCancellation;
import io.mcpool.testkit.StdioTestServer;
import io.mcpool.testkit.TestMcpServer;
import io.modelcontextprotocol.modern.client.McpInputRoundsExceededException;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Input rounds, log messages and progress of the stateless revision 2026-07-28 on the requests that go through the
 * SDK's async client, which every lease of an endpoint shares: calls with a deadline of their own
 * ({@link CallOptions#within}) and {@code callToolAsync}. They are answered and delivered as on the sync path
 * ({@link InputRoundsTest}): by the lease that made the call, within its deadline, never by another borrower.
 * Against the SDK's server of that revision ({@link TestMcpServer.Mode#HTTP_2026_07_28}).
 */
class AsyncInputRoundsTest {

    private static final Duration WITHIN = Duration.ofSeconds(20);

    /**
     * How long a later round stalls on the server, and the pool's requestTimeout in the tests where the caller gives
     * up on it: neither ends the stream before the caller's giving up has been seen there.
     */
    private static final int STALL_MS = 60_000;

    /**
     * How long the server may take to see a stream the client closed. It sees it when a write fails; on a loaded
     * machine the JDK client's socket was seen to close about 3 s after the cancel (once, a cold JVM under load).
     */
    private static final Duration SEEN_WITHIN = Duration.ofSeconds(15);

    /** How a call is made: what this class is about, and the sync path they must behave like. */
    enum Path {
        SYNC, DEADLINE, ASYNC;

        McpSchema.CallToolResult call(PooledSession s, String tool, Map<String, Object> args) throws Exception {
            return switch (this) {
                case SYNC -> s.callTool(tool, args);
                case DEADLINE -> s.callTool(tool, args, CallOptions.within(WITHIN));
                case ASYNC -> {
                    try {
                        yield s.callToolAsync(new McpSchema.CallToolRequest(tool, args), CallOptions.none())
                                .get(WITHIN.toSeconds(), TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        throw e.getCause() instanceof Exception cause ? cause : e;
                    }
                }
            };
        }
    }

    private static TestMcpServer server() {
        return TestMcpServer.builder().clientFeatureTools().mode(TestMcpServer.Mode.HTTP_2026_07_28).build().start();
    }

    private static PoolConfig.Builder pool(TestMcpServer server) {
        return config(server).protocol(Protocol.STATELESS_2026_07_28)
                .clientCapabilities(ClientCapability.ELICITATION_FORM, ClientCapability.SAMPLING, ClientCapability.ROOTS);
    }


    @ParameterizedTest
    @EnumSource(value = Path.class, names = {"DEADLINE", "ASYNC"})
    void elicitationSamplingAndRootsAreAnsweredByTheLeaseElseThePoolWithProgressAndLogsToTheLease(Path path)
            throws Exception {
        List<Object> logs = new CopyOnWriteArrayList<>();
        List<Object> progress = new CopyOnWriteArrayList<>();
        try (TestMcpServer server = server();
                McpPool pool = McpPool.create(pool(server).maxSessions(1).elicitationHandler(elicitAs("pool"))
                        .samplingHandler(sampleAs("pool-model")).rootsHandler(rootsOf("pool")).build())) {
            pool.start();
            try (PooledSession s = pool.borrow(BorrowOptions.builder().elicitationHandler(elicitAs("mine"))
                    .samplingHandler(sampleAs("my-model")).rootsHandler(rootsOf("mine"))
                    .loggingListener(n -> logs.add(n.data())).progressListener(n -> progress.add(n.progress()))
                    .build())) {
                assertEquals("action=accept content={color=blue, name=mine, size=3}",
                        text(path.call(s, "elicit", Map.of("rounds", 2))), "two rounds, both the lease's");
                assertEquals("model=my-model text=my-model read hi", text(path.call(s, "sample", Map.of("prompt", "hi"))));
                assertEquals("roots=file:///mine", text(path.call(s, "roots", Map.of())));
                String answer = text(path.call(s, "progress", Map.of("steps", 2, "log", "mine")));
                assertTrue(answer.startsWith("steps=2 token=") && !answer.endsWith("token=null"), answer);
                if (path == Path.DEADLINE) {
                    assertEquals("work within file:///mine", ((McpSchema.TextContent) s.getPrompt("roots", Map.of(),
                            CallOptions.within(WITHIN)).messages().get(0).content()).text(), "a prompt's rounds too");
                }
            }
            assertEquals(List.of("mine"), logs);
            assertEquals(List.of(1.0, 2.0), progress);
            try (PooledSession s = pool.borrow()) { // the same handle, a lease with no handlers nor listeners
                assertEquals("action=accept content={color=blue, name=pool, size=3}",
                        text(path.call(s, "elicit", Map.of())));
                assertEquals("model=pool-model text=pool-model read hi",
                        text(path.call(s, "sample", Map.of("prompt", "hi"))));
                assertEquals("roots=file:///pool", text(path.call(s, "roots", Map.of())));
                assertTrue(text(path.call(s, "progress", Map.of("steps", 1, "log", "other"))).startsWith("steps=1"));
            }
            assertEquals(List.of("mine"), logs, "the earlier lease heard nothing more");
            assertEquals(2, progress.size());
        }
    }

    @Test
    void overStdioEachProcesssAsyncClientAnswersTheLeasesRoundsAndDeliversItsProgressAndLogs() throws Exception {
        List<Object> progress = new CopyOnWriteArrayList<>();
        List<Object> logs = new CopyOnWriteArrayList<>();
        try (McpPool pool = McpPool.create(PoolConfig.builder().name("stdio-2026-rounds")
                .protocol(Protocol.STATELESS_2026_07_28)
                .stdio(StdioTestServer.command("--revision", "2026-07-28", "--client-features"))
                // A child JVM per session: generous timeouts for a loaded machine.
                .connectTimeout(Duration.ofSeconds(30)).requestTimeout(Duration.ofSeconds(30))
                .borrowTimeout(Duration.ofSeconds(60)).minSessions(0).maxSessions(1)
                .clientCapabilities(ClientCapability.ELICITATION_FORM, ClientCapability.SAMPLING, ClientCapability.ROOTS)
                .build())) {
            pool.start();
            try (PooledSession s = pool.borrow(BorrowOptions.builder().elicitationHandler(elicitAs("mine"))
                    .samplingHandler(sampleAs("my-model")).rootsHandler(rootsOf("mine"))
                    .progressListener(n -> progress.add(n.message())).loggingListener(n -> logs.add(n.data()))
                    .build())) {
                for (Path path : List.of(Path.DEADLINE, Path.ASYNC)) {
                    assertEquals("action=accept content={color=blue, name=mine, size=3}",
                            text(path.call(s, "elicit", Map.of("rounds", 2))), path.name());
                    assertEquals("model=my-model text=my-model read hi",
                            text(path.call(s, "sample", Map.of("prompt", "hi"))), path.name());
                    assertEquals("roots=file:///mine", text(path.call(s, "roots", Map.of())), path.name());
                    String answer = text(path.call(s, "progress", Map.of("steps", 1, "log", path.name())));
                    assertTrue(answer.startsWith("steps=1 token=") && !answer.endsWith("token=null"), answer);
                }
                // The SDK's 2026-07-28 stdio transport drops log messages; the pool takes them from the process's output.
                assertTrue(text(Path.SYNC.call(s, "progress", Map.of("steps", 1, "log", "SYNC"))).startsWith("steps=1"));
            }
            try (PooledSession s = pool.borrow()) { // the same process, a lease without listeners
                assertTrue(text(Path.ASYNC.call(s, "progress", Map.of("steps", 1, "log", "other"))).startsWith("steps=1"));
            }
            assertEquals(List.of("step 1", "step 1", "step 1"), progress);
            assertEquals(List.of("DEADLINE", "ASYNC", "SYNC"), logs, "each call's log message, to its lease only");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Path.class, names = {"DEADLINE", "ASYNC"})
    void theRoundLimitHoldsAndOneRoundTooManyLeavesTheLeaseUsable(Path path) throws Exception {
        AtomicInteger asked = new AtomicInteger();
        try (TestMcpServer server = server();
                McpPool pool = McpPool.create(pool(server).maxSessions(1)
                        .elicitationHandler(request -> new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT,
                                Map.of("name", "round" + asked.incrementAndGet()))).build())) {
            pool.start();
            try (PooledSession s = pool.borrow()) {
                assertEquals("action=accept content={color=blue, name=round" + InputRounds.MAX_ROUNDS + ", size=3}",
                        text(path.call(s, "elicit", Map.of("rounds", InputRounds.MAX_ROUNDS))));
                asked.set(0);
                McpInputRoundsExceededException tooMany = assertThrows(McpInputRoundsExceededException.class,
                        () -> path.call(s, "elicit", Map.of("rounds", InputRounds.MAX_ROUNDS + 1)));
                assertEquals("Pool 'test': tools/call elicit still asked for input after " + InputRounds.MAX_ROUNDS
                        + " input rounds, the limit of a call (each round answered by the lease's handlers)",
                        tooMany.getMessage());
                assertEquals(InputRounds.MAX_ROUNDS, asked.get(), "no round answered past the limit");
                String handle = s.sessionId();
                assertEquals("action=accept content={color=blue, name=round" + (InputRounds.MAX_ROUNDS + 1)
                        + ", size=3}", text(path.call(s, "elicit", Map.of())), "the lease still works");
                assertEquals(handle, s.sessionId());
            }
            assertEquals(0, pool.metrics().sessionsDestroyed(), "no handle was retired for a server's answer");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Path.class, names = {"DEADLINE", "ASYNC"})
    void aDeadlinePassingWhileAHandlerBlocksFailsTheCallInterruptsTheHandlerAndTheHandleServesOn(Path path)
            throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        AtomicReference<String> handlerThread = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        AtomicInteger asked = new AtomicInteger();
        ElicitationHandler blocking = request -> {
            if (asked.incrementAndGet() != 2) { // the first round is answered, the second blocks, later ones answered
                return new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT, Map.of("name", "first"));
            }
            handlerThread.set(Thread.currentThread().getName());
            started.countDown();
            try {
                never.await();
            } catch (InterruptedException e) {
                interrupted.countDown();
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("given up");
        };
        try (TestMcpServer server = server();
                McpPool pool = McpPool.create(pool(server).maxSessions(1).elicitationHandler(elicitAs("pool")).build())) {
            pool.start();
            try (PooledSession s = pool.borrow(BorrowOptions.builder().elicitationHandler(blocking).build())) {
                late(path, s, Map.of("rounds", 2), Duration.ofSeconds(3));
                assertEquals(0, started.getCount(), "the second round's handler was blocking when the deadline passed");
                assertTrue(interrupted.await(10, TimeUnit.SECONDS), "the blocked handler was interrupted");
                assertTrue(handlerThread.get().startsWith("boundedElastic"),
                        "handlers run on Reactor's bounded-elastic threads, not I/O ones: " + handlerThread.get());
                String handle = s.sessionId();
                assertEquals("action=accept content={color=blue, name=first, size=3}",
                        text(path.call(s, "elicit", Map.of())), "the handle serves the next call");
                assertEquals(handle, s.sessionId());
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> pool.metrics().active() == 0);
            assertEquals(0, pool.metrics().sessionsDestroyed(), "the handle stayed healthy");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Path.class, names = {"DEADLINE", "ASYNC"})
    void aDeadlinePassingWhileALaterRoundIsOutClosesThatRoundsStreamOnTheServerAndTheHandleServesOn(Path path)
            throws Exception {
        try (TestMcpServer server = server();
                McpPool pool = McpPool.create(pool(server).maxSessions(1).requestTimeout(Duration.ofMillis(STALL_MS))
                        .elicitationHandler(elicitAs("pool")).build())) {
            pool.start();
            try (PooledSession s = pool.borrow()) {
                // The first round is answered at once, the second stalls on the server past the deadline.
                late(path, s, Map.of("rounds", 2, "stallMs", STALL_MS), Duration.ofMillis(1500));
                // Well before the stall ends or the pool's requestTimeout passes, either of which would end the stream.
                await().atMost(SEEN_WITHIN).until(() -> server.cancellations().stream()
                        .anyMatch(c -> "elicit".equals(c.toolName())));
                List<RecordedCancellation> seen = server.cancellations();
                assertEquals(1, seen.size(), "one round was out when the deadline passed: " + seen);
                assertEquals(RecordedCancellation.STREAM_CLOSED, seen.get(0).reason());
                String handle = s.sessionId();
                assertEquals("action=accept content={color=blue, name=pool, size=3}",
                        text(path.call(s, "elicit", Map.of())), "the handle serves the next call");
                assertEquals(handle, s.sessionId());
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> pool.metrics().active() == 0);
            assertEquals(0, pool.metrics().sessionsDestroyed(), "the handle stayed healthy");
        }
    }

    @Test
    void cancellingAnAsyncCallOrInterruptingADeadlineBoundCallerDuringALaterRoundClosesThatRoundsStream()
            throws Exception {
        AtomicInteger stalling = new AtomicInteger(); // the second round's log messages: it is out
        Map<String, Object> stalled = Map.of("rounds", 2, "stallMs", STALL_MS);
        try (TestMcpServer server = server();
                McpPool pool = McpPool.create(pool(server).maxSessions(1).requestTimeout(Duration.ofMillis(STALL_MS))
                        .elicitationHandler(elicitAs("pool")).build())) {
            pool.start();
            try (PooledSession s = pool.borrow(BorrowOptions.builder()
                    .loggingListener(n -> stalling.incrementAndGet()).build())) {
                String handle = s.sessionId();
                java.util.concurrent.CompletableFuture<McpSchema.CallToolResult> call =
                        s.callToolAsync(new McpSchema.CallToolRequest("elicit", stalled), CallOptions.none());
                await().atMost(Duration.ofSeconds(10)).until(() -> stalling.get() > 0);
                assertTrue(call.cancel(true));
                // Well before the stall ends or the pool's requestTimeout passes, either of which would end the stream.
                await().atMost(SEEN_WITHIN).until(() -> !server.cancellations().isEmpty());
                assertEquals(1, server.cancellations().size(), server.cancellations()::toString);

                stalling.set(0);
                AtomicReference<Throwable> thrown = new AtomicReference<>();
                Thread caller = new Thread(() -> {
                    try {
                        s.callTool("elicit", stalled, CallOptions.within(Duration.ofSeconds(30)));
                    } catch (RuntimeException e) {
                        thrown.set(e);
                    }
                }, "interrupted-caller");
                caller.start();
                await().atMost(Duration.ofSeconds(10)).until(() -> stalling.get() > 0);
                caller.interrupt();
                caller.join(10_000);
                assertTrue(thrown.get() != null && Failures.isInterruption(thrown.get()), String.valueOf(thrown.get()));
                await().atMost(SEEN_WITHIN).until(() -> server.cancellations().size() >= 2);
                assertEquals(2, server.cancellations().size(), server.cancellations()::toString);
                assertTrue(server.cancellations().stream().allMatch(c -> "elicit".equals(c.toolName())
                        && RecordedCancellation.STREAM_CLOSED.equals(c.reason())), server.cancellations()::toString);

                assertEquals("action=accept content={color=blue, name=pool, size=3}",
                        text(s.callToolAsync("elicit", Map.of()).get(20, TimeUnit.SECONDS)), "the handle serves on");
                assertEquals(handle, s.sessionId());
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> pool.metrics().active() == 0);
            assertEquals(0, pool.metrics().sessionsDestroyed(), "the handle stayed healthy");
        }
    }

    /** Makes a call on {@code path} with a deadline it cannot meet, and checks it fails saying so. */
    private static void late(Path path, PooledSession s, Map<String, Object> args, Duration deadline) {
        CallOptions shortly = CallOptions.within(deadline);
        CallTimeoutException late;
        if (path == Path.DEADLINE) {
            late = assertThrows(CallTimeoutException.class, () -> s.callTool("elicit", args, shortly));
        } else {
            ExecutionException failed = assertThrows(ExecutionException.class, () -> s.callToolAsync(
                    new McpSchema.CallToolRequest("elicit", args), shortly).get(20, TimeUnit.SECONDS));
            late = assertInstanceOf(CallTimeoutException.class, failed.getCause());
        }
        assertTrue(late.getMessage().contains("tools/call elicit") && late.getMessage().contains(deadline.toString()),
                late.getMessage());
    }

    @Test
    void sixteenBorrowersMixingSyncDeadlineAndAsyncCallsHearOnlyTheirOwnHandlersAndLogs() throws Exception {
        int borrowers = 16;
        int rounds = 20;
        try (TestMcpServer server = server();
                // The wait bound is generous: this test is about who answers, not how fast, on a shared machine.
                McpPool pool = McpPool.create(pool(server).minSessions(2).maxSessions(4)
                        .borrowTimeout(Duration.ofSeconds(60)).requestTimeout(Duration.ofSeconds(30)).build())) {
            pool.start();
            Map<Path, AtomicInteger> byPath = new ConcurrentHashMap<>();
            LeaseMarkers.run(borrowers, rounds, (marker, options, tokens) -> {
                Path path = Path.values()[ThreadLocalRandom.current().nextInt(Path.values().length)];
                byPath.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                try (PooledSession s = pool.borrow(options)) {
                    return LeaseMarkers.ownAnswer(ThreadLocalRandom.current().nextInt(4), marker, Map.of("rounds", 2),
                            (tool, args) -> path.call(s, tool, args), tokens);
                }
            });
            assertEquals(3, byPath.size(), "every path was taken: " + byPath);
        }
    }
}
