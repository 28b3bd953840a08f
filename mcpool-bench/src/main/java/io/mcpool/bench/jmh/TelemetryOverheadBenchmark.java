package io.mcpool.bench.jmh;

import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.bench.Target;
import io.mcpool.opentelemetry.McpPoolTelemetry;
import io.modelcontextprotocol.spec.McpSchema;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * What {@code mcpool-opentelemetry} costs per {@code pool.callTool(...)}, each call inside an
 * application span as a request handler would make it: {@code none} (not instrumented),
 * {@code noop} (instrumented with {@link OpenTelemetry#noop()}: the API without an SDK, as when an
 * application ships the module but no agent or SDK), and {@code sdk} (the OpenTelemetry SDK, every span
 * sampled and handed to a batch processor whose exporter drops it, metrics aggregated and read every
 * minute). {@code in-memory} answers in memory ({@link InMemoryTransport}): the client-side cost alone,
 * where the instrumentation's share is largest; {@code testkit-http} is a real call over loopback HTTP.
 * The ratios between the rows of one run are the figures to read (see docs/performance.md).
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error"})
public class TelemetryOverheadBenchmark {

    private static final Map<String, Object> ARGS = Map.of("message", "hi");

    /** Where the calls go: {@code in-memory} or {@code testkit-http}. */
    @Param({"in-memory", "testkit-http"})
    public String target;

    /** The instrumentation: {@code none}, {@code noop} or {@code sdk}. */
    @Param({"none", "noop", "sdk"})
    public String telemetry;

    private Target server;
    private McpPool pool;
    private OpenTelemetrySdk sdk;
    private Tracer app;

    /**
     * Starts the server (for HTTP), the pool with a session per benchmark thread, and the instrumentation.
     *
     * @param params JMH's parameters (the thread count)
     */
    @Setup
    public void setUp(BenchmarkParams params) {
        int sessions = params.getThreads();
        PoolConfig.Builder config = PoolConfig.builder().name("telemetry").minSessions(sessions).maxSessions(sessions)
                .borrowTimeout(Duration.ofSeconds(10));
        if (target.equals("in-memory")) {
            config.transportFactory(context -> new InMemoryTransport());
        } else {
            server = Target.inProcessHttp(Duration.ZERO);
            config.endpoint(server.endpoint());
        }
        pool = McpPool.create(config.build());
        OpenTelemetry otel = switch (telemetry) {
            case "none", "noop" -> OpenTelemetry.noop();
            case "sdk" -> sdk = OpenTelemetrySdk.builder()
                    .setTracerProvider(SdkTracerProvider.builder()
                            .addSpanProcessor(BatchSpanProcessor.builder(new DroppingSpans()).build()).build())
                    .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(
                            PeriodicMetricReader.builder(new DroppingMetrics()).setInterval(Duration.ofMinutes(1))
                                    .build()).build())
                    .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                    .build();
            default -> throw new IllegalArgumentException("telemetry=" + telemetry + ": none, noop or sdk");
        };
        if (!telemetry.equals("none")) {
            McpPoolTelemetry.create(otel).instrument(pool);
        }
        app = otel.getTracer("the-application");
        pool.start();
    }

    /** Closes the pool, the server and the SDK. */
    @TearDown
    public void tearDown() {
        pool.close();
        if (server != null) {
            server.close();
        }
        if (sdk != null) {
            sdk.close();
        }
    }

    /**
     * One call inside an application span.
     *
     * @return the result
     */
    @Benchmark
    public McpSchema.CallToolResult callTool() {
        Span span = app.spanBuilder("handle request").startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return pool.callTool("echo", ARGS);
        } finally {
            span.end();
        }
    }

    /** An exporter that drops what it is given, so that the benchmark measures the instrumentation, not I/O. */
    private static final class DroppingSpans implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    /** Likewise for metrics. */
    private static final class DroppingMetrics implements MetricExporter {
        @Override
        public CompletableResultCode export(Collection<MetricData> metrics) {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
            return AggregationTemporality.CUMULATIVE;
        }
    }
}
