package io.mcpool.impl;

import static io.mcpool.impl.TestPools.speaking;
import static io.mcpool.impl.TestPools.text;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.BorrowOptions;
import io.mcpool.CallOptions;
import io.mcpool.CallTimeoutException;
import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.PoolMetrics;
import io.mcpool.PooledSession;
import io.mcpool.ToolMetrics;
import io.mcpool.event.PoolEvent;
import io.mcpool.testkit.RecordedCancellation;
import io.mcpool.testkit.StdioTestServer;
import io.mcpool.testkit.TestMcpServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-call deadlines, interrupted callers and cancelled futures against real test servers (session-based, and
 * 2026-07-28, where closing the request's response stream is the cancellation): the server sees
 * the cancellation of the very request, its tool stops, and the session goes back healthy.
 */
class CallDeadlineTest {

    private static final String TOOL = "until-cancelled";

    private static TestMcpServer server(TestMcpServer.Mode mode) {
        return TestMcpServer.builder().mode(mode).cancellableTool().build().start();
    }

    private static Map<String, Object> tagged(String tag) {
        return Map.of("tag", tag, "millis", 20_000);
    }

    /**
     * @return what the server records as the reason of a cancellation: the reason sent with
     *     {@code notifications/cancelled}, or, on 2026-07-28 over HTTP, that the request's stream was closed
     */
    private static String reason(TestMcpServer.Mode mode, String sent) {
        return mode == TestMcpServer.Mode.HTTP_2026_07_28 ? RecordedCancellation.STREAM_CLOSED : sent;
    }

    /** @return the cancellation the server recorded for the call tagged {@code tag}, once it arrives */
    private static RecordedCancellation cancellationOf(TestMcpServer server, String tag) {
        AtomicReference<RecordedCancellation> found = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            server.cancellations().stream().filter(c -> tag.equals(c.tag())).findFirst().ifPresent(found::set);
            return found.get() != null;
        });
        return found.get();
    }

    @ParameterizedTest
    @EnumSource(value = TestMcpServer.Mode.class, names = {"STREAMABLE_HTTP", "SSE", "HTTP_2026_07_28"})
    void aCallPastItsDeadlineIsCancelledOnTheServerAndItsSessionServesTheNextCall(TestMcpServer.Mode mode) {
        try (TestMcpServer server = server(mode); McpPool pool = McpPool.create(speaking(server).build())) {
            pool.start();
            try (PooledSession s = pool.borrow()) {
                String id = s.sessionId();
                long before = System.nanoTime();
                CallTimeoutException e = assertThrows(CallTimeoutException.class,
                        () -> s.callTool(TOOL, tagged("deadline"), CallOptions.within(Duration.ofMillis(300))));
                assertTrue(System.nanoTime() - before < TimeUnit.SECONDS.toNanos(10), "failed at the deadline");
                assertEquals(Duration.ofMillis(300), e.timeout());
                assertTrue(e.getMessage().contains("tools/call until-cancelled") && e.getMessage().contains("PT0.3S"),
                        e.getMessage());
                RecordedCancellation c = cancellationOf(server, "deadline");
                assertEquals(TOOL, c.toolName());
                assertEquals(reason(mode, Cancellation.DEADLINE), c.reason());
                // The tool saw the cancellation and stopped: nothing runs on the server any more.
                await().atMost(Duration.ofSeconds(10)).until(() -> server.toolCallsRunning() == 0);
                assertEquals("hi", text(s.callTool("echo", Map.of("message", "hi"))), "same lease, next call");
                assertEquals(id, s.sessionId());
            }
            PoolMetrics m = pool.metrics();
            assertEquals(1, m.total(), "the session went back healthy, not replaced");
            assertEquals(0, m.errors());
            assertEquals(1, m.sessionsCreated());
        }
    }

    @Test
    void theTypeScriptDualEraServerSeesAClosedStreamAsTheCancellationOfItsCall() throws Exception {
        try (io.mcpool.testkit.DualEraServer dual = io.mcpool.testkit.DualEraServer.start();
                McpPool pool = McpPool.create(PoolConfig.builder().name("dual-cancel").endpoint(dual.endpoint())
                        .protocol(io.mcpool.Protocol.STATELESS_2026_07_28).minSessions(0).maxSessions(1)
                        .requestTimeout(Duration.ofSeconds(30)).build())) {
            pool.start();
            try (PooledSession s = pool.borrow()) {
                assertThrows(CallTimeoutException.class,
                        () -> s.callTool(TOOL, tagged("dual-deadline"), CallOptions.within(Duration.ofMillis(500))));
                await().atMost(Duration.ofSeconds(10)).until(() -> dual.cancelledTags().contains("dual-deadline"));
                assertEquals("still here", text(s.callTool("echo", Map.of("message", "still here"))));
            }
            CompletableFuture<McpSchema.CallToolResult> running = pool.callToolAsync(TOOL, tagged("dual-cancel"));
            await().atMost(Duration.ofSeconds(10)).until(() -> dual.requests("tools/call").size() == 3);
            assertTrue(running.cancel(true));
            await().atMost(Duration.ofSeconds(10)).until(() -> dual.cancelledTags().contains("dual-cancel"));
            await().atMost(Duration.ofSeconds(5)).until(() -> pool.metrics().active() == 0);
            assertEquals(1, pool.metrics().sessionsCreated(), "one handle served every call");
            assertEquals(0, pool.metrics().errors());
        }
    }

    @Test
    void overStdioOnTheStatelessRevisionACallPastItsDeadlineIsCancelledAtItsProcess(@TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path events = dir.resolve("events");
        try (McpPool pool = McpPool.create(PoolConfig.builder().name("stdio-2026-cancel")
                .protocol(io.mcpool.Protocol.STATELESS_2026_07_28)
                .stdio(StdioTestServer.command("--revision", "2026-07-28", "--cancellable-tool", "--events-file",
                        events.toString()))
                .minSessions(1).maxSessions(1).requestTimeout(Duration.ofSeconds(30))
                .connectTimeout(Duration.ofSeconds(60)).build())) {
            pool.start();
            try (PooledSession s = pool.borrow()) {
                assertThrows(CallTimeoutException.class, () -> s.callTool(TOOL, tagged("stdio-2026-deadline"),
                        CallOptions.within(Duration.ofMillis(500))));
                // The SDK's 2026-07-28 stdio transport sends notifications/cancelled; the tool sees it and stops.
                await().atMost(Duration.ofSeconds(15)).until(() -> lines(events).contains("cancelled " + TOOL
                        + " stdio-2026-deadline"));
                await().atMost(Duration.ofSeconds(15)).until(() -> lines(events).contains("done " + TOOL));
                assertEquals("hi", text(s.callTool("echo", Map.of("message", "hi"))), "the process serves on");
            }
            assertEquals(1, pool.metrics().sessionsCreated(), "the same process throughout");
            assertEquals(0, pool.metrics().errors());
        }
    }

    @Test
    void overStdioTimedOutAndInterruptedCallsReachTheServerAsCancelledAndTheProcessServesOn(@TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path events = dir.resolve("events");
        try (McpPool pool = McpPool.create(PoolConfig.builder().name("stdio-cancel")
                .stdio(StdioTestServer.command("--cancellable-tool", "--events-file", events.toString()))
                .minSessions(1).maxSessions(1).requestTimeout(Duration.ofSeconds(30))
                .connectTimeout(Duration.ofSeconds(30)).build())) {
            pool.start();
            try (PooledSession s = pool.borrow()) {
                assertThrows(CallTimeoutException.class,
                        () -> s.callTool(TOOL, tagged("stdio-deadline"), CallOptions.within(Duration.ofMillis(500))));
                await().atMost(Duration.ofSeconds(15)).until(() -> lines(events).contains("cancelled " + TOOL
                        + " stdio-deadline"));
                AtomicReference<Throwable> thrown = new AtomicReference<>();
                Thread caller = new Thread(() -> {
                    try {
                        s.callTool(TOOL, tagged("stdio-interrupt"));
                    } catch (RuntimeException e) {
                        thrown.set(e);
                    }
                });
                caller.start();
                await().atMost(Duration.ofSeconds(15)).until(() -> lines(events).stream()
                        .filter(("running " + TOOL)::equals).count() == 2);
                caller.interrupt();
                caller.join(15_000);
                assertTrue(thrown.get() != null && Failures.isInterruption(thrown.get()), String.valueOf(thrown.get()));
                await().atMost(Duration.ofSeconds(15)).until(() -> lines(events).contains("cancelled " + TOOL
                        + " stdio-interrupt"));
                // Both runs of the tool ended on the server, long before their 20 s.
                await().atMost(Duration.ofSeconds(15)).until(() -> lines(events).stream()
                        .filter(("done " + TOOL)::equals).count() == 2);
                assertEquals("still here", text(s.callTool("echo", Map.of("message", "still here"))));
            }
            assertEquals(1, pool.metrics().sessionsCreated(), "one process served every call");
            assertEquals(0, pool.metrics().errors());
        }
    }

    private static List<String> lines(java.nio.file.Path file) throws java.io.IOException {
        return java.nio.file.Files.exists(file) ? java.nio.file.Files.readAllLines(file) : List.of();
    }

    @ParameterizedTest
    @EnumSource(value = TestMcpServer.Mode.class, names = {"STREAMABLE_HTTP", "HTTP_2026_07_28"})
    void anInterruptedCallerCancelsItsRequestOnTheServerAndKeepsTheSession(TestMcpServer.Mode mode) throws Exception {
        try (TestMcpServer server = server(mode);
                McpPool pool = McpPool.create(speaking(server).build())) {
            pool.start();
            String sessionId;
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
            try (PooledSession s = pool.borrow()) {
                sessionId = s.sessionId();
                Thread caller = new Thread(() -> {
                    try {
                        s.callTool(TOOL, tagged("interrupt"));
                    } catch (RuntimeException e) {
                        thrown.set(e);
                        stillInterrupted.set(Thread.currentThread().isInterrupted());
                    }
                }, "interrupted-caller");
                caller.start();
                await().atMost(Duration.ofSeconds(10)).until(() -> server.toolCallsRunning() == 1);
                caller.interrupt();
                caller.join(10_000);
                assertFalse(caller.isAlive());
                assertNotNull(thrown.get(), "the interrupted call failed");
                assertTrue(Failures.isInterruption(thrown.get()), thrown.get()::toString);
                RecordedCancellation c = cancellationOf(server, "interrupt");
                assertEquals(reason(mode, Cancellation.INTERRUPTED), c.reason());
                await().atMost(Duration.ofSeconds(10)).until(() -> server.toolCallsRunning() == 0);
                assertEquals("again", text(s.callTool("echo", Map.of("message", "again"))));
            }
            assertEquals(1, pool.metrics().total());
            assertEquals(sessionId, pool.debugSnapshot().get(0).id());
            assertEquals(0, pool.metrics().errors());
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestMcpServer.Mode.class, names = {"STREAMABLE_HTTP", "HTTP_2026_07_28"})
    void everyRequestKindHonoursItsDeadlineAndWorksWithinIt(TestMcpServer.Mode mode) {
        try (TestMcpServer server = server(mode);
                McpPool pool = McpPool.create(speaking(server).build())) {
            pool.start();
            CallOptions roomy = CallOptions.within(Duration.ofSeconds(10));
            try (PooledSession s = pool.borrow()) {
                assertEquals("hi", text(s.callTool("echo", Map.of("message", "hi"), roomy)));
                assertTrue(s.listTools(roomy).stream().anyMatch(t -> t.name().equals(TOOL)));
                s.ping(roomy);
                assertTrue(s.listResources(roomy).stream().anyMatch(r -> r.uri().equals("test://hello")));
                assertEquals("hello", ((McpSchema.TextResourceContents) s.readResource("test://hello", roomy)
                        .contents().get(0)).text());
                assertTrue(s.listPrompts(roomy).stream().anyMatch(p -> p.name().equals("greeting")));
                assertFalse(s.getPrompt("greeting", Map.of("name", "Ada"), roomy).messages().isEmpty());
                assertEquals("hi", text(s.callTool("echo", Map.of("message", "hi"), CallOptions.none())));
                // Per-lease headers reach the wire on the async client's requests too.
            }
            try (PooledSession s = pool.borrow(BorrowOptions.builder().header("X-Tenant-Probe", "t1").build())) {
                String seen = text(s.callTool("whoami", Map.of(), roomy));
                assertTrue(seen.contains("x-tenant-probe=t1"), seen);
            }
            server.toolLatency(Duration.ofSeconds(5));
            try (PooledSession s = pool.borrow()) {
                assertThrows(CallTimeoutException.class,
                        () -> s.callTool("slow", Map.of("millis", 5_000), CallOptions.within(Duration.ofMillis(200))));
                server.toolLatency(Duration.ZERO);
                assertEquals("ok", text(s.callTool("echo", Map.of("message", "ok"))));
            }
            assertEquals(1, pool.metrics().total());
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestMcpServer.Mode.class, names = {"STREAMABLE_HTTP", "HTTP_2026_07_28"})
    void thePoolShortcutsDeadlineBoundsTheWaitForASessionAndTheCall(TestMcpServer.Mode mode) {
        try (TestMcpServer server = server(mode);
                McpPool pool = McpPool.create(speaking(server).maxSessions(1).build())) {
            pool.start();
            assertThrows(CallTimeoutException.class, () -> pool.callTool(TOOL, tagged("shortcut"), BorrowOptions.none(),
                    CallOptions.within(Duration.ofMillis(300))));
            assertEquals(reason(mode, Cancellation.DEADLINE), cancellationOf(server, "shortcut").reason());
            try (PooledSession held = pool.borrow()) {
                long start = System.nanoTime();
                assertThrows(io.mcpool.PoolExhaustedException.class, () -> pool.callTool("echo",
                        Map.of("message", "x"), BorrowOptions.none(), CallOptions.within(Duration.ofMillis(300))));
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5),
                        "waited the deadline, not the 10 s borrowTimeout");
                assertEquals("ok", text(held.callTool("echo", Map.of("message", "ok"))));
            }
            PoolMetrics m = pool.metrics();
            assertEquals(m.borrowCount(), m.returnCount());
            assertEquals(0, m.active());
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestMcpServer.Mode.class, names = {"STREAMABLE_HTTP", "HTTP_2026_07_28"})
    void anAsyncCallHoldsNoThreadAndReturnsItsLeaseWhenDone(TestMcpServer.Mode mode) throws Exception {
        try (TestMcpServer server = server(mode);
                McpPool pool = McpPool.create(speaking(server).build())) {
            pool.start();
            List<PoolEvent.ToolCalled> calls = new CopyOnWriteArrayList<>();
            pool.addListener(e -> {
                if (e instanceof PoolEvent.ToolCalled t) {
                    calls.add(t);
                }
            });
            CompletableFuture<McpSchema.CallToolResult> echo = pool.callToolAsync("echo", Map.of("message", "a"));
            assertEquals("a", text(echo.get(10, TimeUnit.SECONDS)));
            CompletableFuture<McpSchema.CallToolResult> failed = pool.callToolAsync("fail", Map.of());
            assertTrue(failed.get(10, TimeUnit.SECONDS).isError());
            await().atMost(Duration.ofSeconds(5)).until(() -> pool.metrics().active() == 0);
            assertEquals(2, pool.metrics().returnCount());
            await().atMost(Duration.ofSeconds(5)).until(() -> calls.size() == 2);
            ToolMetrics echoFigures = pool.toolMetrics().stream().filter(t -> t.tool().equals("echo")).findFirst()
                    .orElseThrow();
            assertEquals(1, echoFigures.calls());
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestMcpServer.Mode.class, names = {"STREAMABLE_HTTP", "SSE", "HTTP_2026_07_28"})
    void cancellingAnAsyncCallCancelsItOnTheServerAndReturnsTheLeaseHealthy(TestMcpServer.Mode mode) throws Exception {
        try (TestMcpServer server = server(mode); McpPool pool = McpPool.create(speaking(server).build())) {
            pool.start();
            CompletableFuture<McpSchema.CallToolResult> running = pool.callToolAsync(TOOL, tagged("cancel"));
            await().atMost(Duration.ofSeconds(10)).until(() -> server.toolCallsRunning() == 1);
            assertEquals(1, pool.metrics().active());
            assertTrue(running.cancel(true));
            assertEquals(reason(mode, Cancellation.CANCELLED), cancellationOf(server, "cancel").reason());
            await().atMost(Duration.ofSeconds(10)).until(() -> server.toolCallsRunning() == 0);
            await().atMost(Duration.ofSeconds(5)).until(() -> pool.metrics().active() == 0);
            assertEquals("b", text(pool.callToolAsync("echo", Map.of("message", "b")).get(10, TimeUnit.SECONDS)));
            assertEquals(1, pool.metrics().total(), "the cancelled call's session served the next one");
            assertEquals(0, pool.metrics().errors());

            CompletableFuture<McpSchema.CallToolResult> late = pool.callToolAsync(TOOL, tagged("async-deadline"),
                    BorrowOptions.none(), CallOptions.within(Duration.ofMillis(300)));
            ExecutionException e = assertThrows(ExecutionException.class, () -> late.get(10, TimeUnit.SECONDS));
            assertInstanceOf(CallTimeoutException.class, e.getCause());
            assertEquals(reason(mode, Cancellation.DEADLINE), cancellationOf(server, "async-deadline").reason());
            await().atMost(Duration.ofSeconds(5)).until(() -> pool.metrics().active() == 0);
            assertEquals(1, pool.metrics().total());
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestMcpServer.Mode.class, names = {"STREAMABLE_HTTP", "HTTP_2026_07_28"})
    void interceptorsWrapAsyncAndDeadlineBoundCalls(TestMcpServer.Mode mode) throws Exception {
        try (TestMcpServer server = server(mode);
                McpPool pool = McpPool.create(speaking(server).build())) {
            List<String> seen = new CopyOnWriteArrayList<>();
            pool.addInterceptor(new io.mcpool.spi.OperationInterceptor() {
                @Override
                public <T> T intercept(io.mcpool.spi.McpOperation operation, Invocation<T> invocation) {
                    try {
                        T result = invocation.proceed(Map.of("seen-by", "interceptor"));
                        seen.add(operation.displayName() + " -> " + (result == null ? null : result.getClass().getSimpleName()));
                        return result;
                    } catch (RuntimeException e) {
                        seen.add(operation.displayName() + " !! " + e.getClass().getSimpleName());
                        throw e;
                    }
                }
            });
            pool.start();
            // The default interceptAsync passes the stage through intercept: the _meta still reaches the wire.
            assertEquals("a", text(pool.callToolAsync("echo", Map.of("message", "a")).get(10, TimeUnit.SECONDS)));
            assertEquals("interceptor", server.toolCalls().get(0).meta().get("seen-by"));
            assertTrue(seen.stream().anyMatch(e -> e.startsWith("tools/call echo -> ") && e.contains("Future")),
                    seen::toString);
            try (PooledSession s = pool.borrow()) {
                assertThrows(CallTimeoutException.class,
                        () -> s.callTool(TOOL, tagged("intercepted"), CallOptions.within(Duration.ofMillis(200))));
            }
            assertTrue(seen.contains("tools/call until-cancelled !! CallTimeoutException"), seen::toString);
            assertEquals("interceptor", server.toolCalls().get(1).meta().get("seen-by"));
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestMcpServer.Mode.class, names = {"STREAMABLE_HTTP", "HTTP_2026_07_28"})
    void anAsyncCallOnALeaseLeavesTheLeaseToItsHolder(TestMcpServer.Mode mode) throws Exception {
        try (TestMcpServer server = server(mode);
                McpPool pool = McpPool.create(speaking(server).build())) {
            pool.start();
            try (PooledSession s = pool.borrow()) {
                CompletableFuture<McpSchema.CallToolResult> f = s.callToolAsync("echo", Map.of("message", "x"));
                assertEquals("x", text(f.get(10, TimeUnit.SECONDS)));
                assertFalse(s.isClosed());
                assertEquals(1, pool.metrics().active());
                CompletableFuture<McpSchema.CallToolResult> c = s.callToolAsync(
                        new McpSchema.CallToolRequest(TOOL, tagged("lease-cancel")), CallOptions.none());
                await().atMost(Duration.ofSeconds(10)).until(() -> server.toolCallsRunning() == 1);
                c.cancel(false);
                assertThrows(CancellationException.class, c::join);
                assertEquals(reason(mode, Cancellation.CANCELLED), cancellationOf(server, "lease-cancel").reason());
                assertEquals("y", text(s.callTool("echo", Map.of("message", "y"))));
            }
            assertEquals(0, pool.metrics().active());
            assertEquals(1, pool.metrics().total());
        }
    }

    @Test
    void badOptionsAreRefusedWithTheirNameAndTheAllowedValues() {
        NullPointerException none = assertThrows(NullPointerException.class, () -> CallOptions.within(null));
        assertTrue(none.getMessage().contains("CallOptions.timeout") && none.getMessage().contains("positive"),
                none.getMessage());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> CallOptions.within(Duration.ZERO));
        assertEquals("CallOptions.timeout must be a positive duration, was PT0S", zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CallOptions.builder().timeout(Duration.ofMillis(-1)));
        assertTrue(CallOptions.builder().build().isNone());
        assertEquals(CallOptions.within(Duration.ofSeconds(1)), CallOptions.none().toBuilder()
                .timeout(Duration.ofSeconds(1)).build());
        try (TestMcpServer server = server(TestMcpServer.Mode.STREAMABLE_HTTP);
                McpPool pool = McpPool.create(speaking(server).build())) {
            pool.start();
            try (PooledSession s = pool.borrow()) {
                NullPointerException npe = assertThrows(NullPointerException.class,
                        () -> s.callTool("echo", Map.of("message", "x"), (CallOptions) null));
                assertTrue(npe.getMessage().contains("CallOptions.none()"), npe.getMessage());
            }
            assertThrows(NullPointerException.class, () -> pool.callToolAsync(null, Map.of()));
            assertEquals(0, pool.metrics().active());
            String tag = UUID.randomUUID().toString();
            // A huge deadline is fine: requestTimeout still bounds the request.
            assertEquals(tag, text(pool.callTool("echo", Map.of("message", tag), BorrowOptions.none(),
                    CallOptions.within(Duration.ofDays(365_000_000L)))));
        }
    }
}
