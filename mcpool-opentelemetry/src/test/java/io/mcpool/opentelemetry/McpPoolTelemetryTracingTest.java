package io.mcpool.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.PooledSession;
import io.mcpool.testkit.FaultProxy;
import io.mcpool.testkit.RecordedRequest;
import io.mcpool.testkit.StdioTestServer;
import io.mcpool.testkit.TestMcpServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Spans of real pools against real MCP servers, read back from the SDK's in-memory exporter. */
class McpPoolTelemetryTracingTest {

    @RegisterExtension
    static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

    private final Tracer app = OTEL.getOpenTelemetry().getTracer("the-application");
    private TestMcpServer server;
    private McpPool pool;

    @AfterEach
    void stop() {
        if (pool != null) {
            pool.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private McpPool instrumented(PoolConfig.Builder config) {
        pool = McpPool.create(config.build());
        McpPoolTelemetry.create(OTEL.getOpenTelemetry()).instrument(pool);
        pool.start();
        return pool;
    }

    private McpPool httpPool(int min, int max) {
        server = TestMcpServer.builder().build().start();
        return instrumented(PoolConfig.builder().name("weather").endpoint(server.endpoint()).minSessions(min)
                .maxSessions(max));
    }

    /** Runs {@code work} inside an application span, as a request handler would; returns that span. */
    private <T> SpanData inAppSpan(Supplier<T> work) {
        Span span = app.spanBuilder("handle request").startSpan();
        try (Scope ignored = span.makeCurrent()) {
            work.get();
        } finally {
            span.end();
        }
        return finished("handle request").get(0);
    }

    private static List<SpanData> finished(String name) {
        return OTEL.getSpans().stream().filter(s -> s.getName().equals(name)).toList();
    }

    /** @return the W3C {@code traceparent} that names {@code span} as the parent */
    private static String traceparent(SpanData span) {
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getSpanContext().getTraceFlags().asHex();
    }

    private static String attr(SpanData span, String key) {
        Object v = span.getAttributes().asMap().entrySet().stream().filter(e -> e.getKey().getKey().equals(key))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        return v == null ? null : v.toString();
    }

    @Test
    void aToolCallIsAClientSpanUnderTheCallersSpanAndTheServerContinuesTheTrace() {
        httpPool(1, 2);
        SpanData caller = inAppSpan(() -> pool.callTool("echo", Map.of("message", "hi")));

        SpanData call = finished("tools/call echo").get(0);
        assertEquals(SpanKind.CLIENT, call.getKind());
        assertEquals(caller.getTraceId(), call.getTraceId(), "one trace");
        assertEquals(caller.getSpanId(), call.getParentSpanId(), "the caller's span is the parent");
        assertEquals("tools/call", attr(call, "mcp.method.name"));
        assertEquals("echo", attr(call, "gen_ai.tool.name"));
        assertEquals("execute_tool", attr(call, "gen_ai.operation.name"));
        assertNotNull(attr(call, "mcp.protocol.version"), "the negotiated version");
        assertTrue(attr(call, "mcp.session.id").startsWith("weather-"), attr(call, "mcp.session.id"));
        assertEquals("tcp", attr(call, "network.transport"));
        assertEquals("http", attr(call, "network.protocol.name"));
        assertEquals("127.0.0.1", attr(call, "server.address"));
        assertEquals(String.valueOf(server.port()), attr(call, "server.port"));
        assertEquals("weather", attr(call, "mcp.client.pool.name"));
        assertNull(attr(call, "error.type"));
        assertNull(attr(call, "mcpool.request.resend_count"), "a first attempt has none");
        assertEquals(StatusCode.UNSET, call.getStatus().getStatusCode());

        RecordedRequest received = server.toolCalls().get(0);
        assertEquals(traceparent(call), received.meta().get("traceparent"),
                "the server got the tools/call span as its parent, in params._meta");

        EventData borrowed = caller.getEvents().stream().filter(e -> e.getName().equals("mcpool.session.borrowed"))
                .findFirst().orElseThrow(() -> new AssertionError("no borrow event on " + caller.getEvents()));
        assertEquals(attr(call, "mcp.session.id"), borrowed.getAttributes().asMap().entrySet().stream()
                .filter(e -> e.getKey().getKey().equals("mcp.session.id")).findFirst().orElseThrow().getValue());
        assertTrue(borrowed.getAttributes().asMap().keySet().stream()
                .anyMatch(k -> k.getKey().equals("mcpool.borrow.wait")), "the wait is on the event");

        SpanData warmUp = finished("initialize").get(0);
        assertEquals(SpanKind.CLIENT, warmUp.getKind());
        assertFalse(warmUp.getParentSpanContext().isValid(), "the warm-up's initialize has no caller: a root span");
        assertNotNull(attr(warmUp, "mcp.protocol.version"), "read from the InitializeResult");
        assertEquals(attr(call, "mcp.protocol.version"), attr(warmUp, "mcp.protocol.version"));
    }

    @Test
    void anAsyncToolCallsSpanIsUnderTheCallersSpanAndEndsWhenTheResultComes() throws Exception {
        httpPool(1, 2);
        java.util.concurrent.atomic.AtomicReference<java.util.concurrent.CompletableFuture<McpSchema.CallToolResult>> f =
                new java.util.concurrent.atomic.AtomicReference<>();
        SpanData caller = inAppSpan(() -> {
            f.set(pool.callToolAsync("slow", Map.of("millis", 300)));
            return null;
        });
        assertFalse(f.get().get(10, java.util.concurrent.TimeUnit.SECONDS).isError());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !finished("tools/call slow").isEmpty());
        SpanData call = finished("tools/call slow").get(0);
        assertEquals(caller.getTraceId(), call.getTraceId(), "one trace");
        assertEquals(caller.getSpanId(), call.getParentSpanId());
        assertTrue(call.getEndEpochNanos() - call.getStartEpochNanos() >= Duration.ofMillis(300).toNanos(),
                "the span lasts until the result, not until the request left");
        assertEquals(traceparent(call), server.toolCalls().get(0).meta().get("traceparent"));
        assertEquals(StatusCode.UNSET, call.getStatus().getStatusCode());
    }

    @Test
    void aCallPastItsDeadlineIsAFailedSpanNamingTheTimeout() {
        httpPool(1, 1);
        try (PooledSession s = pool.borrow()) {
            assertThrows(io.mcpool.CallTimeoutException.class, () -> s.callTool("slow", Map.of("millis", 3_000),
                    io.mcpool.CallOptions.within(Duration.ofMillis(200))));
        }
        SpanData call = finished("tools/call slow").get(0);
        assertEquals("io.mcpool.CallTimeoutException", attr(call, "error.type"));
        assertEquals(StatusCode.ERROR, call.getStatus().getStatusCode());
    }

    @Test
    void listingsReadsAndPromptsAreSpansNamedAsTheConventionsSay() {
        httpPool(1, 1);
        inAppSpan(() -> {
            try (PooledSession s = pool.borrow()) {
                s.listTools();
                s.readResource("test://hello");
                s.ping();
                return s.listPrompts();
            }
        });
        assertEquals(1, finished("tools/list").size());
        assertEquals(1, finished("ping").size());
        assertEquals(1, finished("prompts/list").size());
        SpanData read = finished("resources/read").get(0);
        assertEquals("test://hello", attr(read, "mcp.resource.uri"), "the URI is an attribute, not in the name");
        RecordedRequest listing = server.requests().stream().filter(r -> r.method().equals("tools/list"))
                .reduce((a, b) -> b).orElseThrow();
        assertEquals(traceparent(finished("tools/list").get(0)), listing.meta().get("traceparent"));
    }

    @Test
    void aToolErrorResultIsAToolErrorWithAnErrorStatus() {
        httpPool(1, 1);
        inAppSpan(() -> {
            assertTrue(pool.callTool("fail", Map.of()).isError());
            return null;
        });
        SpanData call = finished("tools/call fail").get(0);
        assertEquals("tool_error", attr(call, "error.type"));
        assertEquals(StatusCode.ERROR, call.getStatus().getStatusCode());
    }

    @Test
    void aFailedRequestCarriesTheExceptionTypeOrTheJsonRpcCode() {
        server = TestMcpServer.builder().build().start();
        instrumented(PoolConfig.builder().name("weather").endpoint(server.endpoint()).minSessions(1).maxSessions(1)
                .requestTimeout(Duration.ofMillis(500)));
        RuntimeException timedOut = assertThrows(RuntimeException.class,
                () -> pool.callTool("slow", Map.of("millis", 3000)));
        SpanData slow = finished("tools/call slow").get(0);
        assertEquals(timedOut.getClass().getName(), attr(slow, "error.type"), "the type of what the caller got");
        assertEquals(StatusCode.ERROR, slow.getStatus().getStatusCode());
        EventData exception = slow.getEvents().stream().filter(e -> e.getName().equals("exception")).findFirst()
                .orElseThrow();
        assertEquals(timedOut.getClass().getName(), exception.getAttributes().asMap().entrySet().stream()
                .filter(e -> e.getKey().getKey().equals("exception.type")).findFirst().orElseThrow().getValue());

        RuntimeException unknown = assertThrows(RuntimeException.class, () -> pool.callTool("no-such-tool", Map.of()));
        SpanData rejected = finished("tools/call no-such-tool").get(0);
        io.modelcontextprotocol.spec.McpError rpc = assertInstanceOf(unknown);
        String code = String.valueOf(rpc.getJsonRpcError().code());
        assertEquals(code, attr(rejected, "error.type"), "a JSON-RPC error is named by its code");
        assertEquals(code, attr(rejected, "rpc.response.status_code"));
        assertEquals(StatusCode.ERROR, rejected.getStatus().getStatusCode());
    }

    private static io.modelcontextprotocol.spec.McpError assertInstanceOf(RuntimeException e) {
        Throwable t = e;
        while (t != null && !(t instanceof io.modelcontextprotocol.spec.McpError)) {
            t = t.getCause();
        }
        assertNotNull(t, "a JSON-RPC error for an unknown tool: " + e);
        assertTrue(e instanceof io.modelcontextprotocol.spec.McpError, "reaches the caller unchanged: " + e);
        return (io.modelcontextprotocol.spec.McpError) t;
    }

    @Test
    void aRepeatOnAFreshSessionIsASecondSpanWithItsResendCount() {
        server = TestMcpServer.builder().build().start();
        try (FaultProxy proxy = FaultProxy.start(server.port())) {
            instrumented(PoolConfig.builder().name("weather").endpoint(proxy.url("/mcp")).minSessions(1)
                    .maxSessions(2).requestTimeout(Duration.ofSeconds(3)));
            pool.listTools(); // what tells the pool that echo is idempotent, so safe to repeat
            proxy.closeNextResponse();
            SpanData caller = inAppSpan(() -> pool.callTool("echo", Map.of("message", "again")));
            List<SpanData> calls = finished("tools/call echo");
            assertEquals(2, calls.size(), "one span per attempt");
            SpanData first = calls.stream().filter(s -> attr(s, "mcpool.request.resend_count") == null).findFirst()
                    .orElseThrow();
            SpanData repeat = calls.stream().filter(s -> "1".equals(attr(s, "mcpool.request.resend_count")))
                    .findFirst().orElseThrow();
            assertNotNull(attr(first, "error.type"), "the first attempt failed");
            assertNull(attr(repeat, "error.type"), "the repeat answered");
            assertEquals(caller.getSpanId(), first.getParentSpanId());
            assertEquals(caller.getSpanId(), repeat.getParentSpanId());
            assertNotEquals(attr(first, "mcp.session.id"), attr(repeat, "mcp.session.id"), "on a fresh session");
        }
    }

    @Test
    void aSessionCreatedForAWaitingBorrowerIsInitializedInTheBorrowersTrace() {
        httpPool(0, 1);
        assertTrue(finished("initialize").isEmpty(), "no warm-up with minSessions=0");
        SpanData caller = inAppSpan(() -> {
            try (PooledSession s = pool.borrow()) {
                s.ping();
            }
            return null;
        });
        SpanData initialize = finished("initialize").get(0);
        assertEquals(caller.getTraceId(), initialize.getTraceId());
        assertEquals(caller.getSpanId(), initialize.getParentSpanId(), "created on a pool thread, in the caller's trace");
        assertEquals(caller.getSpanId(), finished("ping").get(0).getParentSpanId());
    }

    @Test
    void theConfiguredPropagatorWritesTheMetaSoBaggageGoesAlong() {
        server = TestMcpServer.builder().build().start();
        pool = McpPool.create(PoolConfig.builder().name("weather").endpoint(server.endpoint()).minSessions(1).build());
        TextMapPropagator both = TextMapPropagator.composite(W3CTraceContextPropagator.getInstance(),
                W3CBaggagePropagator.getInstance());
        McpPoolTelemetry.builder(OTEL.getOpenTelemetry()).propagator(both).build().instrument(pool);
        pool.start();
        Context withBaggage = Context.current().with(Baggage.builder().put("tenant", "acme").build());
        try (Scope ignored = withBaggage.makeCurrent()) {
            pool.callTool("echo", Map.of("message", "x"));
        }
        Map<String, Object> meta = server.toolCalls().get(0).meta();
        assertEquals("tenant=acme", meta.get("baggage"));
        assertNotNull(meta.get("traceparent"));
    }

    @Test
    void closingTheInstrumentationStopsSpansAndMeta() {
        server = TestMcpServer.builder().build().start();
        pool = McpPool.create(PoolConfig.builder().name("weather").endpoint(server.endpoint()).minSessions(1).build());
        McpPoolTelemetry.Instrumentation instrumentation = McpPoolTelemetry.create(OTEL.getOpenTelemetry())
                .instrument(pool);
        assertEquals("weather", instrumentation.poolName());
        pool.start();
        pool.callTool("echo", Map.of("message", "traced"));
        instrumentation.close();
        pool.callTool("echo", Map.of("message", "not traced"));
        assertEquals(1, finished("tools/call echo").size());
        assertNotNull(server.toolCalls().get(0).meta().get("traceparent"));
        assertNull(server.toolCalls().get(1).meta().get("traceparent"));
    }

    @Test
    void aStdioServerIsReachedOverAPipe() {
        instrumented(PoolConfig.builder().name("local").stdio(StdioTestServer.command()).minSessions(1).maxSessions(1));
        inAppSpan(() -> pool.callTool("echo", Map.of("message", "hi")));
        SpanData call = finished("tools/call echo").get(0);
        assertEquals("pipe", attr(call, "network.transport"));
        assertNull(attr(call, "server.address"), "no host for stdio");
        assertNull(attr(call, "server.port"));
        assertNull(attr(call, "network.protocol.name"));
    }

    @Test
    void withoutACallersSpanTheCallIsARootSpan() {
        httpPool(1, 1);
        McpSchema.CallToolResult r = pool.callTool("echo", Map.of("message", "x"));
        assertFalse(r.isError());
        SpanData call = finished("tools/call echo").get(0);
        assertFalse(call.getParentSpanContext().isValid(), "without a caller's span the call is a root span");
    }
}
