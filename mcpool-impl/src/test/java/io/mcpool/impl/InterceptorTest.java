package io.mcpool.impl;

import static io.mcpool.impl.TestPools.config;
import static io.mcpool.impl.TestPools.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.McpPool;
import io.mcpool.McpPoolException;
import io.mcpool.PoolConfig;
import io.mcpool.PooledSession;
import io.mcpool.Transport;
import io.mcpool.spi.McpOperation;
import io.mcpool.spi.OperationInterceptor;
import io.mcpool.testkit.FaultProxy;
import io.mcpool.testkit.RecordedRequest;
import io.mcpool.testkit.TestMcpServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** {@link OperationInterceptor}s around real requests to a real server: what they see, what they add, where. */
class InterceptorTest {

    /** Records each operation, the thread it ran on and the caller context it saw; adds {@code _meta} entries. */
    private static final class Recording implements OperationInterceptor {
        static final ThreadLocal<String> TRACE = new ThreadLocal<>();
        final String name;
        final Map<String, Object> meta;
        final List<String> order;
        final List<McpOperation> seen = new CopyOnWriteArrayList<>();
        final List<String> contexts = new CopyOnWriteArrayList<>();
        final List<String> mdc = new CopyOnWriteArrayList<>();

        Recording(String name, Map<String, Object> meta, List<String> order) {
            this.name = name;
            this.meta = meta;
            this.order = order;
        }

        @Override
        public <T> T intercept(McpOperation operation, Invocation<T> invocation) {
            seen.add(operation);
            contexts.add(String.valueOf(TRACE.get()));
            mdc.add(String.valueOf(MDC.get("request")));
            order.add(name + ">" + operation.method());
            try {
                return invocation.proceed(meta);
            } finally {
                order.add(name + "<" + operation.method());
            }
        }

        @Override
        public Runnable propagate(Runnable work) {
            String captured = TRACE.get();
            return () -> {
                String before = TRACE.get();
                TRACE.set(captured);
                try {
                    work.run();
                } finally {
                    TRACE.set(before);
                }
            };
        }
    }

    @Test
    void everyOperationIsSeenWithWhereItGoesAndItsMetaReachesTheServer() {
        List<String> order = new CopyOnWriteArrayList<>();
        Recording outer = new Recording("outer", Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"), order);
        Recording inner = new Recording("inner", Map.of("tracestate", "mcpool=1"), order);
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(config(server).minSessions(1).maxSessions(2).build())) {
            pool.addInterceptor(outer);
            pool.addInterceptor(inner);
            pool.start();
            assertEquals(McpOperation.INITIALIZE, outer.seen.get(0).method(), "the warm-up's handshake is seen");
            assertNull(outer.seen.get(0).protocolVersion());
            String sessionId;
            try (PooledSession s = pool.borrow()) {
                sessionId = s.sessionId();
                order.clear();
                assertEquals("hi", text(s.callTool("echo", Map.of("message", "hi"))));
                s.listTools();
                s.ping();
                s.readResource("test://hello");
                s.listPrompts();
            }
            assertEquals(List.of("outer>tools/call", "inner>tools/call", "inner<tools/call", "outer<tools/call"),
                    order.subList(0, 4), "the first added is the outermost");
            List<McpOperation> ops = outer.seen.subList(1, outer.seen.size());
            assertEquals(List.of("tools/call echo", "tools/list", "ping", "resources/read test://hello",
                    "prompts/list"), ops.stream().map(McpOperation::displayName).toList());
            McpOperation call = ops.get(0);
            assertEquals(pool.name(), call.poolName());
            assertEquals(sessionId, call.sessionId());
            assertEquals(Transport.STREAMABLE_HTTP, call.transport());
            assertEquals("127.0.0.1", call.serverAddress());
            assertEquals(server.port(), call.serverPort());
            assertNotNull(call.protocolVersion(), "the negotiated version");
            assertEquals(0, call.attempt());

            RecordedRequest received = server.toolCalls().get(server.toolCalls().size() - 1);
            assertEquals("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", received.meta().get("traceparent"));
            assertEquals("mcpool=1", received.meta().get("tracestate"), "both interceptors' entries arrive");
            RecordedRequest listing = server.requests().stream().filter(r -> r.method().equals("tools/list"))
                    .reduce((a, b) -> b).orElseThrow();
            assertEquals("mcpool=1", listing.meta().get("tracestate"));
        }
    }

    @Test
    void theCallersOwnMetaWinsOverAnInterceptors() {
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(config(server).minSessions(1).build())) {
            pool.addInterceptor(new Recording("x", Map.of("traceparent", "from-interceptor", "extra", "added"),
                    new ArrayList<>()));
            pool.start();
            try (PooledSession s = pool.borrow()) {
                s.callTool(new McpSchema.CallToolRequest("echo", Map.of("message", "m"), Map.of("traceparent", "own")));
            }
            Map<String, Object> meta = server.toolCalls().get(0).meta();
            assertEquals("own", meta.get("traceparent"));
            assertEquals("added", meta.get("extra"));
        }
    }

    @Test
    void aCreationForABorrowerRunsWithTheBorrowersContextAndMdc() {
        Recording recording = new Recording("r", Map.of(), new ArrayList<>());
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(config(server).minSessions(0).maxSessions(1).build())) {
            pool.addInterceptor(recording);
            pool.start();
            Recording.TRACE.set("trace-of-caller");
            MDC.put("request", "req-42");
            try (PooledSession s = pool.borrow()) {
                s.ping();
            } finally {
                Recording.TRACE.remove();
                MDC.remove("request");
            }
            assertEquals(McpOperation.INITIALIZE, recording.seen.get(0).method());
            assertEquals("trace-of-caller", recording.contexts.get(0), "the interceptor's context was carried over");
            assertEquals("req-42", recording.mdc.get(0), "the caller's MDC was carried over");
        }
    }

    @Test
    void aRepeatOnAFreshSessionIsASecondAttempt() {
        Recording recording = new Recording("r", Map.of(), new ArrayList<>());
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                FaultProxy proxy = FaultProxy.start(server.port());
                McpPool pool = McpPool.create(PoolConfig.builder().endpoint(proxy.url("/mcp")).minSessions(1)
                        .maxSessions(2).requestTimeout(Duration.ofSeconds(3)).build())) {
            pool.addInterceptor(recording);
            pool.start();
            pool.listTools(); // what tells the pool that echo is idempotent, so safe to repeat
            recording.seen.clear();
            proxy.closeNextResponse();
            try (PooledSession s = pool.borrow()) {
                assertEquals("again", text(s.callTool("echo", Map.of("message", "again"))));
            }
            List<McpOperation> calls = recording.seen.stream().filter(o -> o.method().equals(McpOperation.TOOLS_CALL))
                    .toList();
            assertEquals(List.of(0, 1), calls.stream().map(McpOperation::attempt).toList());
            assertTrue(!calls.get(0).sessionId().equals(calls.get(1).sessionId()), "the repeat ran on a fresh session");
        }
    }

    @Test
    void anInterceptorsOwnFailureReachesTheCallerAndLeavesTheSessionUsable() {
        OperationInterceptor failing = new OperationInterceptor() {
            @Override
            public <T> T intercept(McpOperation operation, Invocation<T> invocation) {
                if (operation.method().equals(McpOperation.TOOLS_CALL)) {
                    throw new IllegalStateException("exporter down");
                }
                return invocation.proceed(Map.of());
            }
        };
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(config(server).minSessions(1).maxSessions(1).build())) {
            pool.start();
            pool.addInterceptor(failing);
            String first;
            try (PooledSession s = pool.borrow()) {
                first = s.sessionId();
                McpPoolException e = assertThrows(McpPoolException.class, () -> s.callTool("echo", Map.of("message", "x")));
                assertTrue(e.getMessage().contains("tools/call echo") && e.getMessage().contains("exporter down"),
                        e.getMessage());
            }
            pool.removeInterceptor(failing);
            try (PooledSession s = pool.borrow()) {
                assertEquals(first, s.sessionId(), "the session was not blamed");
                assertEquals("ok", text(s.callTool("echo", Map.of("message", "ok"))));
            }
            assertEquals(0, pool.metrics().errors());
        }
    }
}
