package io.mcpool.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.PooledSession;
import io.mcpool.testkit.RecordedRequest;
import io.mcpool.testkit.TestMcpServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many callers at once, each in its own trace, doing randomised operations on a pool with fewer
 * sessions than callers (so borrowers wait and sessions are created for them): every span lands in its
 * caller's trace, every request the server got names a span of its caller, and the counts agree.
 */
class McpPoolTelemetryContentionTest {

    @RegisterExtension
    static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

    private static final int THREADS = 6;
    private static final int OPERATIONS = 12;

    @Test
    void everySpanIsInItsCallersTraceUnderContention() throws Exception {
        long seed = System.nanoTime();
        Tracer app = OTEL.getOpenTelemetry().getTracer("the-application");
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(PoolConfig.builder().name("busy").endpoint(server.endpoint())
                        .minSessions(0).maxSessions(3).borrowTimeout(Duration.ofSeconds(60)).build())) {
            McpPoolTelemetry.create(OTEL.getOpenTelemetry()).instrument(pool);
            pool.start();
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Random random = new Random(seed + t);
                done.add(threads.submit(() -> {
                    int toolCalls = 0;
                    for (int i = 0; i < OPERATIONS; i++) {
                        Span span = app.spanBuilder("caller").startSpan();
                        try (Scope ignored = span.makeCurrent()) {
                            switch (random.nextInt(4)) {
                                case 0 -> pool.callTool("echo", Map.of("message", "m" + i));
                                case 1 -> pool.callTool("fail", Map.of());
                                case 2 -> {
                                    try (PooledSession s = pool.borrow()) {
                                        s.ping();
                                        s.callTool("add", Map.of("a", 1, "b", i));
                                    }
                                }
                                default -> {
                                    try (PooledSession s = pool.borrow()) {
                                        s.listTools();
                                    }
                                    toolCalls--;
                                }
                            }
                            toolCalls++;
                        } finally {
                            span.end();
                        }
                    }
                    assertFalse(Span.current().getSpanContext().isValid(), "no span left current on the caller");
                    return toolCalls;
                }));
            }
            int toolCalls = 0;
            for (Future<Integer> f : done) {
                toolCalls += f.get(120, TimeUnit.SECONDS);
            }
            threads.shutdown();

            String why = "seed " + seed;
            List<SpanData> spans = List.copyOf(OTEL.getSpans());
            Map<String, SpanData> callers = spans.stream().filter(s -> s.getName().equals("caller"))
                    .collect(Collectors.toMap(SpanData::getSpanId, s -> s));
            assertEquals(THREADS * OPERATIONS, callers.size(), why);
            List<SpanData> mcp = spans.stream().filter(s -> !s.getName().equals("caller")).toList();
            for (SpanData s : mcp) {
                SpanData caller = callers.get(s.getParentSpanId());
                assertTrue(caller != null, s.getName() + " has a caller's span as parent (" + why + ")");
                assertEquals(caller.getTraceId(), s.getTraceId(), why);
            }
            List<SpanData> calls = mcp.stream().filter(s -> s.getName().startsWith("tools/call ")).toList();
            assertEquals(toolCalls, calls.size(), "one span per tools/call (" + why + ")");
            long initializes = mcp.stream().filter(s -> s.getName().equals("initialize")).count();
            assertEquals(pool.metrics().sessionsCreated(), initializes,
                    "every session was created for a waiting caller, in that caller's trace (" + why + ")");

            Set<String> callSpanIds = calls.stream().map(SpanData::getSpanId).collect(Collectors.toSet());
            List<RecordedRequest> received = server.toolCalls();
            assertEquals(toolCalls, received.size(), why);
            Set<String> parents = received.stream().map(r -> String.valueOf(r.meta().get("traceparent")).split("-")[2])
                    .collect(Collectors.toSet());
            assertEquals(callSpanIds, parents, "each request named its own span, none twice (" + why + ")");

            MetricData operations = OTEL.getMetrics().stream()
                    .filter(m -> m.getName().equals("mcp.client.operation.duration")).findFirst().orElseThrow();
            long recorded = operations.getHistogramData().getPoints().stream()
                    .filter(p -> "tools/call".equals(p.getAttributes().get(AttributeKey.stringKey("mcp.method.name"))))
                    .mapToLong(HistogramPointData::getCount).sum();
            assertEquals(toolCalls, recorded, why);
        }
    }
}
