package io.mcpool.opentelemetry;

import io.mcpool.McpPool;
import io.mcpool.event.DestroyReason;
import io.mcpool.event.PoolEvent;
import io.mcpool.event.PoolEvent.BorrowTimedOut;
import io.mcpool.event.PoolEvent.PoolShutdown;
import io.mcpool.event.PoolEvent.SessionBorrowed;
import io.mcpool.event.PoolEvent.SessionDestroyed;
import io.mcpool.internal.Redactor;
import io.mcpool.metrics.MetricTag;
import io.mcpool.metrics.PoolMetric;
import io.mcpool.metrics.TagValues;
import io.mcpool.spi.McpOperation;
import io.mcpool.spi.OperationInterceptor;
import io.mcpool.spi.PoolListener;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.BatchCallback;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableMeasurement;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The instrumentation of one pool: the interceptor that makes a span per MCP request and puts the
 * trace context into its {@code params._meta}, the listener that feeds the event-driven instruments and
 * marks borrows on the caller's span, and the callback that reads the pool's snapshot.
 */
final class PoolTelemetry implements OperationInterceptor, PoolListener, McpPoolTelemetry.Instrumentation {

    /** Sessions whose end counts as an error for {@code mcp.client.session.duration}. */
    private static final Set<DestroyReason> FAILED = Set.of(DestroyReason.BROKEN, DestroyReason.HEALTH_CHECK_FAILED,
            DestroyReason.STALE_GENERATION);
    /** How many sessions at most are followed for their duration (one entry each while open). */
    private static final int MAX_FOLLOWED = 10_000;
    private static final TextMapSetter<Map<String, Object>> META = (meta, key, value) -> meta.put(key, value);
    private static final MetricTag PROMPT = new MetricTag("gen_ai.prompt.name", io.mcpool.ToolMetrics.MAX_TOOLS);

    private final McpPool pool;
    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final Instruments instruments;
    private final Attributes poolAttributes;
    private final Map<PoolMetric, Attributes> withState = new EnumMap<>(PoolMetric.class);
    private final TagValues tools = new TagValues(MetricTag.TOOL);
    private final TagValues prompts = new TagValues(PROMPT);
    private final Map<MetricTag, TagValues> tableTags = new ConcurrentHashMap<>();
    /** Open sessions this instrumentation saw initialized: when, and the attributes of their duration. */
    private final Map<String, OpenSession> sessions = new ConcurrentHashMap<>();
    private final BatchCallback snapshots;
    /** By method. */
    private final Map<String, Shared> shared = new ConcurrentHashMap<>();
    /** By capped tool name, and by capped prompt name: at most the cap plus {@code other} each. */
    private final Map<String, Targeted> toolAttributes = new ConcurrentHashMap<>();
    private final Map<String, Targeted> promptAttributes = new ConcurrentHashMap<>();

    private record OpenSession(long startNanos, Attributes attributes) {
    }

    PoolTelemetry(McpPool pool, Tracer tracer, TextMapPropagator propagator, Meter meter, Instruments instruments) {
        this.pool = pool;
        this.tracer = tracer;
        this.propagator = propagator;
        this.instruments = instruments;
        this.poolAttributes = Attributes.of(Names.POOL_NAME, pool.name());
        for (PoolMetric metric : PoolMetric.values()) {
            String state = Names.poolState(metric);
            if (state != null) {
                withState.put(metric, poolAttributes.toBuilder().put(Names.POOL_STATE, state).build());
            }
        }
        ObservableMeasurement[] all = instruments.observables();
        ObservableMeasurement[] rest = new ObservableMeasurement[all.length - 1];
        System.arraycopy(all, 1, rest, 0, rest.length);
        this.snapshots = meter.batchCallback(() -> instruments.observe(pool.metrics(), poolAttributes, withState),
                all[0], rest);
        instruments.start(poolAttributes);
        pool.addInterceptor(this);
        pool.addListener(this);
    }

    @Override
    public String poolName() {
        return pool.name();
    }

    @Override
    public void close() {
        pool.removeInterceptor(this);
        pool.removeListener(this);
        snapshots.close();
    }

    // ---- spans ----

    /**
     * The attributes the operations of one method share on this pool (method, pool, server, protocol
     * version), made once rather than per request; replaced when the server or version changes.
     */
    private record Shared(McpOperation like, Attributes attributes) {
        boolean fits(McpOperation o) {
            return o.transport() == like.transport() && o.serverPort() == like.serverPort()
                    && Objects.equals(o.serverAddress(), like.serverAddress())
                    && Objects.equals(o.protocolVersion(), like.protocolVersion());
        }
    }

    /** A method's shared attributes with one (capped) tool or prompt name added. */
    private record Targeted(Attributes base, Attributes attributes) {
    }

    private Attributes shared(McpOperation operation) {
        Shared s = shared.get(operation.method());
        if (s == null || !s.fits(operation)) {
            AttributesBuilder b = Attributes.builder().put(Names.MCP_METHOD_NAME, operation.method())
                    .put(Names.POOL_NAME, operation.poolName());
            Names.where(b, operation);
            if (operation.protocolVersion() != null) {
                b.put(Names.MCP_PROTOCOL_VERSION, operation.protocolVersion());
            }
            s = new Shared(operation, b.build());
            shared.put(operation.method(), s);
        }
        return s.attributes();
    }

    /** @return {@code base} with the tool's or prompt's name (capped for metrics), made once per name */
    private Attributes targeted(Attributes base, String method, String name) {
        boolean tool = McpOperation.TOOLS_CALL.equals(method);
        Map<String, Targeted> cache = tool ? toolAttributes : promptAttributes;
        Targeted t = cache.get(name);
        if (t == null || t.base() != base) {
            AttributesBuilder b = base.toBuilder();
            if (tool) {
                b.put(Names.GEN_AI_TOOL_NAME, name).put(Names.GEN_AI_OPERATION_NAME, Names.EXECUTE_TOOL);
            } else {
                b.put(Names.GEN_AI_PROMPT_NAME, name);
            }
            t = new Targeted(base, b.build());
            cache.put(name, t);
        }
        return t.attributes();
    }

    @Override
    public <T> T intercept(McpOperation operation, Invocation<T> invocation) {
        Call call = begin(operation);
        try (Scope ignored = call.context.makeCurrent()) {
            T result = invocation.proceed(call.meta);
            call.finish(result, null);
            return result;
        } catch (RuntimeException | Error failure) {
            call.finish(null, failure);
            throw failure;
        }
    }

    /** The span is current while the request is sent and ends when its outcome comes, on whichever thread. */
    @Override
    public <T> CompletionStage<T> interceptAsync(McpOperation operation, Invocation<CompletionStage<T>> invocation) {
        Call call = begin(operation);
        CompletionStage<T> sent;
        try (Scope ignored = call.context.makeCurrent()) {
            sent = invocation.proceed(call.meta);
        } catch (RuntimeException | Error failure) {
            call.finish(null, failure);
            throw failure;
        }
        return sent.whenComplete((result, failure) -> call.finish(result, failure == null ? null : unwrap(failure)));
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Starts the span of one request and writes its trace context into the request's {@code _meta}. */
    private Call begin(McpOperation operation) {
        Context parent = Context.current();
        String method = operation.method();
        String target = operation.target();
        Attributes metric = shared(operation);
        String capped = null;
        if (target != null && McpOperation.TOOLS_CALL.equals(method)) {
            capped = tools.admit(target);
        } else if (target != null && McpOperation.PROMPTS_GET.equals(method)) {
            capped = prompts.admit(target);
        }
        if (capped != null) {
            metric = targeted(metric, method, capped);
        }
        SpanBuilder builder = tracer.spanBuilder(Names.spanName(operation)).setSpanKind(SpanKind.CLIENT)
                .setParent(parent).setAllAttributes(metric);
        if (capped != null && !capped.equals(target)) {
            // Beyond the metrics' cap: the span still names the tool or prompt.
            builder.setAttribute(McpOperation.TOOLS_CALL.equals(method) ? Names.GEN_AI_TOOL_NAME
                    : Names.GEN_AI_PROMPT_NAME, target);
        } else if (target != null && McpOperation.RESOURCES_READ.equals(method)) {
            builder.setAttribute(Names.MCP_RESOURCE_URI, target);
        }
        if (operation.sessionId() != null) {
            builder.setAttribute(Names.MCP_SESSION_ID, operation.sessionId());
        }
        if (operation.attempt() > 0) {
            builder.setAttribute(Names.RESEND_COUNT, (long) operation.attempt());
        }
        Span span = builder.startSpan();
        Context context = parent.with(span);
        Map<String, Object> meta = new HashMap<>(4);
        propagator.inject(context, meta, META);
        return new Call(operation, span, context, meta, metric, System.nanoTime());
    }

    /** One request's span and metric attributes, from its start to its outcome. */
    private final class Call {
        private final McpOperation operation;
        private final Span span;
        private final Context context;
        private final Map<String, Object> meta;
        private final Attributes metric;
        private final long start;

        Call(McpOperation operation, Span span, Context context, Map<String, Object> meta, Attributes metric,
                long start) {
            this.operation = operation;
            this.span = span;
            this.context = context;
            this.meta = meta;
            this.metric = metric;
            this.start = start;
        }

        /** Ends the span with the outcome and records the duration. */
        void finish(Object result, Throwable failure) {
            Attributes recorded = metric;
            try {
                if (failure != null) {
                    recorded = failed(span, metric, failure);
                } else if (result instanceof McpSchema.CallToolResult r && Boolean.TRUE.equals(r.isError())) {
                    span.setAttribute(Names.ERROR_TYPE, Names.TOOL_ERROR);
                    span.setStatus(StatusCode.ERROR);
                    recorded = metric.toBuilder().put(Names.ERROR_TYPE, Names.TOOL_ERROR).build();
                } else if (result instanceof McpSchema.InitializeResult init && init.protocolVersion() != null) {
                    span.setAttribute(Names.MCP_PROTOCOL_VERSION, init.protocolVersion());
                    recorded = metric.toBuilder().put(Names.MCP_PROTOCOL_VERSION, init.protocolVersion()).build();
                    followSession(operation, init.protocolVersion(), start);
                }
            } finally {
                span.end();
                instruments.operationDuration.record((System.nanoTime() - start) / 1e9, recorded);
            }
        }
    }

    /**
     * Sets what the conventions ask of a failed request: {@code error.type}, the JSON-RPC code, the status.
     *
     * @return the metric's attributes with the same
     */
    private static Attributes failed(Span span, Attributes shared, Throwable failure) {
        AttributesBuilder metric = shared.toBuilder();
        String type;
        String description;
        if (failure instanceof McpError e && e.getJsonRpcError() != null && e.getJsonRpcError().code() != null) {
            type = String.valueOf(e.getJsonRpcError().code());
            description = Redactor.redactText(e.getJsonRpcError().message());
            span.setAttribute(Names.RPC_RESPONSE_STATUS_CODE, type);
            metric.put(Names.RPC_RESPONSE_STATUS_CODE, type);
        } else {
            type = failure.getClass().getName();
            description = Redactor.describe(failure);
        }
        span.setAttribute(Names.ERROR_TYPE, type);
        metric.put(Names.ERROR_TYPE, type);
        span.setStatus(StatusCode.ERROR, description == null ? "" : description);
        // Not Span.recordException: the stack trace's "Caused by" lines would carry unredacted messages.
        span.addEvent("exception", Attributes.of(Names.EXCEPTION_TYPE, failure.getClass().getName(),
                Names.EXCEPTION_MESSAGE, Redactor.describe(failure)));
        return metric.build();
    }

    @Override
    public Runnable propagate(Runnable work) {
        return Context.current().wrap(work);
    }

    // ---- events ----

    private void followSession(McpOperation initialize, String protocolVersion, long startNanos) {
        if (initialize.sessionId() == null || sessions.size() >= MAX_FOLLOWED) {
            return;
        }
        AttributesBuilder b = Attributes.builder().put(Names.POOL_NAME, initialize.poolName())
                .put(Names.MCP_PROTOCOL_VERSION, protocolVersion);
        Names.where(b, initialize);
        sessions.put(initialize.sessionId(), new OpenSession(startNanos, b.build()));
    }

    @Override
    public void onEvent(PoolEvent event) {
        if (event instanceof SessionBorrowed b) {
            mark(Names.BORROWED_EVENT, event, b.sessionId(), b.waited());
        } else if (event instanceof BorrowTimedOut t) {
            mark(Names.BORROW_TIMED_OUT_EVENT, event, null, t.waited());
        } else if (event instanceof SessionDestroyed d) {
            OpenSession open = sessions.remove(d.sessionId());
            if (open != null) {
                AttributesBuilder b = open.attributes().toBuilder()
                        .put(Names.SESSION_END, d.reason().name().toLowerCase(java.util.Locale.ROOT));
                if (FAILED.contains(d.reason())) {
                    b.put(Names.ERROR_TYPE, d.reason().name().toLowerCase(java.util.Locale.ROOT));
                }
                instruments.sessionDuration.record((System.nanoTime() - open.startNanos()) / 1e9, b.build());
            }
        }
        for (PoolMetric metric : instruments.eventFed()) {
            var amount = metric.observe(event);
            if (amount.isPresent()) {
                instruments.add(metric, amount.getAsDouble(), attributes(metric, event));
            }
        }
        if (event instanceof PoolShutdown) {
            // A closed pool has nothing more to report; the SDK would otherwise hold it and read it for ever.
            close();
        }
    }

    /** @return the pool's attributes plus the row's own tags (the tool), capped as the table says */
    private Attributes attributes(PoolMetric metric, PoolEvent event) {
        if (metric.tags().size() == 1) {
            return poolAttributes;
        }
        AttributesBuilder b = poolAttributes.toBuilder();
        for (MetricTag tag : metric.tags()) {
            if (!tag.equals(MetricTag.POOL)) {
                String value = metric.tagValue(tag, event).orElse(MetricTag.OTHER);
                // The tool tag shares its cap with mcp.client.operation.duration: the same names on both.
                TagValues values = tag.equals(MetricTag.TOOL) ? tools : tableTags.computeIfAbsent(tag, TagValues::new);
                b.put(Names.attribute(tag), values.admit(value));
            }
        }
        return b.build();
    }

    /** Marks a borrow on the caller's span (borrow events come on the borrower's thread). */
    private void mark(String name, PoolEvent event, String sessionId, Duration waited) {
        Span caller = Span.current();
        if (!caller.isRecording()) {
            return;
        }
        AttributesBuilder b = poolAttributes.toBuilder().put(Names.BORROW_WAIT, waited.toNanos() / 1e9);
        if (sessionId != null) {
            b.put(Names.MCP_SESSION_ID, sessionId);
        }
        java.time.Instant at = event.timestamp();
        caller.addEvent(name, b.build(), at.getEpochSecond() * 1_000_000_000L + at.getNano(), TimeUnit.NANOSECONDS);
    }
}
