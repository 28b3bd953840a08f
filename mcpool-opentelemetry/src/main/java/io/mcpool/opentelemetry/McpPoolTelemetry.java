package io.mcpool.opentelemetry;

import io.mcpool.McpPool;
import io.mcpool.manager.McpPoolManager;
import io.mcpool.metrics.PoolMetric;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterBuilder;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerBuilder;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * OpenTelemetry traces and metrics for mcpool pools, after the OpenTelemetry semantic conventions for
 * the Model Context Protocol (status Development) and, for the pool itself, those for database
 * connection pools with {@code mcp.client.pool.} in place of {@code db.client.connection.}.
 *
 * <pre>{@code
 * McpPoolTelemetry telemetry = McpPoolTelemetry.create(openTelemetry);
 * telemetry.instrument(pool);   // before pool.start(), to see the warm-up's initialize too
 * pool.start();
 * }</pre>
 *
 * <p>For each pool it instruments:
 * <ul>
 *   <li>a {@code CLIENT} span for each MCP request the pool sends (named {@code tools/call get_weather},
 *       {@code prompts/get summarize}, {@code tools/list}, ...), a child of the caller's current span and
 *       current while the request runs; a repeat on a fresh session is a second span with
 *       {@code mcpool.request.resend_count};</li>
 *   <li>the trace context injected into the request's {@code params._meta} by the configured
 *       {@link TextMapPropagator} ({@code traceparent}, {@code tracestate} with W3C Trace Context), so an
 *       instrumented server continues the caller's trace;</li>
 *   <li>the caller's context carried to the pool thread that creates a session for a waiting borrower,
 *       so that session's {@code initialize} span is in the caller's trace;</li>
 *   <li>a span event on the caller's span for each borrow ({@code mcpool.session.borrowed}, with the wait);</li>
 *   <li>the histograms {@code mcp.client.operation.duration} and {@code mcp.client.session.duration}, the
 *       pool instruments {@code mcp.client.pool.*}, and every other row of the pool's metric table under
 *       its own name ({@link #instrumentName(PoolMetric)}).</li>
 * </ul>
 * Thread-safe; one instance can instrument many pools (their values carry {@code mcp.client.pool.name}).
 */
public final class McpPoolTelemetry {

    /** The instrumentation scope name of the tracer and meter. */
    public static final String INSTRUMENTATION_NAME = "io.mcpool.opentelemetry";

    private final Tracer tracer;
    private final Meter meter;
    private final TextMapPropagator propagator;
    private final Instruments instruments;

    private McpPoolTelemetry(Builder builder) {
        OpenTelemetry otel = builder.openTelemetry;
        String version = McpPoolTelemetry.class.getPackage().getImplementationVersion();
        TracerBuilder tb = otel.tracerBuilder(INSTRUMENTATION_NAME);
        MeterBuilder mb = otel.meterBuilder(INSTRUMENTATION_NAME);
        if (version != null) {
            tb.setInstrumentationVersion(version);
            mb.setInstrumentationVersion(version);
        }
        this.tracer = tb.build();
        this.meter = mb.build();
        this.propagator = builder.propagator != null ? builder.propagator : configuredOrW3c(otel);
        this.instruments = new Instruments(meter);
    }

    private static TextMapPropagator configuredOrW3c(OpenTelemetry otel) {
        TextMapPropagator configured = otel.getPropagators().getTextMapPropagator();
        // An SDK built without propagators has the no-op one, which injects nothing.
        return configured.fields().isEmpty() ? W3CTraceContextPropagator.getInstance() : configured;
    }

    /**
     * @param openTelemetry the application's OpenTelemetry (the SDK, or {@code GlobalOpenTelemetry.get()})
     * @return telemetry with the propagator {@code openTelemetry} is configured with (W3C Trace Context when
     *     it has none)
     */
    public static McpPoolTelemetry create(OpenTelemetry openTelemetry) {
        return builder(openTelemetry).build();
    }

    /**
     * @param openTelemetry the application's OpenTelemetry
     * @return a builder, to choose the propagator
     */
    public static Builder builder(OpenTelemetry openTelemetry) {
        return new Builder(openTelemetry);
    }

    /**
     * Instruments a pool: adds the interceptor and listener, and registers the instruments that read its
     * snapshot. Instrument before {@code pool.start()} to see the warm-up's sessions too.
     *
     * @param pool the pool
     * @return what to close to remove the instrumentation again
     */
    public Instrumentation instrument(McpPool pool) {
        Objects.requireNonNull(pool, "pool");
        return new PoolTelemetry(pool, tracer, propagator, meter, instruments);
    }

    /**
     * Instruments every pool a manager holds now. A pool added to the manager later is instrumented
     * with {@link #instrument(McpPool)}.
     *
     * @param manager the manager
     * @return what to close to remove the instrumentation of all of them again
     */
    public Instrumentation instrument(McpPoolManager manager) {
        Objects.requireNonNull(manager, "manager");
        List<Instrumentation> all = new ArrayList<>();
        for (McpPool pool : manager.pools()) {
            all.add(instrument(pool));
        }
        return new Instrumentation() {
            @Override
            public String poolName() {
                return manager.name();
            }

            @Override
            public void close() {
                all.forEach(Instrumentation::close);
            }
        };
    }

    /**
     * The name a row of the pool's metric table is reported under: the pool conventions' name where
     * they have one ({@code mcp.client.pool.count} for {@link PoolMetric#ACTIVE} and {@link PoolMetric#IDLE}
     * by {@code mcp.client.pool.state}, {@code mcp.client.pool.max}, {@code .idle.min},
     * {@code .pending_requests}, {@code .timeouts}, {@code .wait_time}, {@code .use_time},
     * {@code .create_time}), else the table's own {@link PoolMetric#metricName()}.
     *
     * @param metric a row of the table
     * @return the instrument's name
     */
    public static String instrumentName(PoolMetric metric) {
        return Names.instrumentName(Objects.requireNonNull(metric, "metric"));
    }

    /** The instrumentation of a pool (or of a manager's pools); closing it removes it. */
    public interface Instrumentation extends AutoCloseable {

        /** @return the instrumented pool's name (the manager's, for a manager) */
        String poolName();

        /** Removes the interceptor and listener, and stops reporting the pool's snapshot. */
        @Override
        void close();
    }

    /** Chooses how {@link McpPoolTelemetry} propagates the trace context. */
    public static final class Builder {

        private final OpenTelemetry openTelemetry;
        private TextMapPropagator propagator;

        private Builder(OpenTelemetry openTelemetry) {
            this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
        }

        /**
         * @param propagator what writes the trace context into each request's {@code params._meta} (e.g.
         *     W3C Trace Context and Baggage together); default: the one {@code openTelemetry} is configured
         *     with, or W3C Trace Context when it has none
         * @return this builder
         */
        public Builder propagator(TextMapPropagator propagator) {
            this.propagator = Objects.requireNonNull(propagator, "propagator");
            return this;
        }

        /** @return the telemetry */
        public McpPoolTelemetry build() {
            return new McpPoolTelemetry(this);
        }
    }
}
