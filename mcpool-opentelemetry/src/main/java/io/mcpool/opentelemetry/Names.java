package io.mcpool.opentelemetry;

import io.mcpool.Transport;
import io.mcpool.metrics.MetricKind;
import io.mcpool.metrics.MetricTag;
import io.mcpool.metrics.MetricUnit;
import io.mcpool.metrics.PoolMetric;
import io.mcpool.spi.McpOperation;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The attribute keys, instrument names and units this module reports: those of the OpenTelemetry
 * semantic conventions for MCP (status Development) and for database connection pools (with
 * {@code mcp.client.pool.} in place of {@code db.client.connection.}), and mcpool's own.
 */
final class Names {

    static final AttributeKey<String> MCP_METHOD_NAME = AttributeKey.stringKey("mcp.method.name");
    static final AttributeKey<String> MCP_PROTOCOL_VERSION = AttributeKey.stringKey("mcp.protocol.version");
    static final AttributeKey<String> MCP_SESSION_ID = AttributeKey.stringKey("mcp.session.id");
    static final AttributeKey<String> MCP_RESOURCE_URI = AttributeKey.stringKey("mcp.resource.uri");
    static final AttributeKey<String> GEN_AI_TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
    static final AttributeKey<String> GEN_AI_PROMPT_NAME = AttributeKey.stringKey("gen_ai.prompt.name");
    static final AttributeKey<String> GEN_AI_OPERATION_NAME = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> NETWORK_TRANSPORT = AttributeKey.stringKey("network.transport");
    static final AttributeKey<String> NETWORK_PROTOCOL_NAME = AttributeKey.stringKey("network.protocol.name");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> RPC_RESPONSE_STATUS_CODE = AttributeKey.stringKey("rpc.response.status_code");
    static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
    static final AttributeKey<String> EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");

    /** The pool, on every span and instrument (the conventions' {@code db.client.connection.pool.name}). */
    static final AttributeKey<String> POOL_NAME = AttributeKey.stringKey("mcp.client.pool.name");
    /** {@code idle} or {@code used}, on {@code mcp.client.pool.count}. */
    static final AttributeKey<String> POOL_STATE = AttributeKey.stringKey("mcp.client.pool.state");
    /** How often the pool sent this operation before, on a repeat (as {@code http.request.resend_count}). */
    static final AttributeKey<Long> RESEND_COUNT = AttributeKey.longKey("mcpool.request.resend_count");
    /** How long a borrower waited for its session, in seconds, on the borrow span event. */
    static final AttributeKey<Double> BORROW_WAIT = AttributeKey.doubleKey("mcpool.borrow.wait");
    /** Why a session was closed, on {@code mcp.client.session.duration}. */
    static final AttributeKey<String> SESSION_END = AttributeKey.stringKey("mcpool.session.end_reason");

    static final String EXECUTE_TOOL = "execute_tool";
    static final String TOOL_ERROR = "tool_error";

    /** The span event on the caller's span when a borrow is lent a session. */
    static final String BORROWED_EVENT = "mcpool.session.borrowed";
    /** The span event on the caller's span when a borrow gives up waiting. */
    static final String BORROW_TIMED_OUT_EVENT = "mcpool.borrow.timed_out";

    static final String OPERATION_DURATION = "mcp.client.operation.duration";
    static final String SESSION_DURATION = "mcp.client.session.duration";

    /** The bucket boundaries the MCP conventions advise for their duration histograms. */
    static final List<Double> DURATION_BUCKETS = List.of(0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0,
            60.0, 120.0, 300.0);

    /** A convention instrument that shows rows of the metric table. */
    record Convention(String name, String unit, String description) {
    }

    private static final Convention COUNT = new Convention("mcp.client.pool.count", "{session}",
            "The number of sessions that are currently in the state described by the mcp.client.pool.state attribute.");

    /** The table rows the pool conventions name, and the instrument each is shown as. */
    private static final Map<PoolMetric, Convention> CONVENTIONS = conventions();

    private Names() {
    }

    private static Map<PoolMetric, Convention> conventions() {
        Map<PoolMetric, Convention> m = new EnumMap<>(PoolMetric.class);
        m.put(PoolMetric.ACTIVE, COUNT);
        m.put(PoolMetric.IDLE, COUNT);
        m.put(PoolMetric.MAX_SESSIONS, new Convention("mcp.client.pool.max", "{session}",
                "The maximum number of open sessions allowed."));
        m.put(PoolMetric.MIN_SESSIONS, new Convention("mcp.client.pool.idle.min", "{session}",
                "The minimum number of open sessions the pool keeps (minSessions, its warm floor)."));
        m.put(PoolMetric.WAITERS, new Convention("mcp.client.pool.pending_requests", "{request}",
                "The number of borrows currently waiting for a session."));
        m.put(PoolMetric.BORROW_TIMEOUTS, new Convention("mcp.client.pool.timeouts", "{timeout}",
                "The number of borrows that gave up waiting for a session."));
        m.put(PoolMetric.BORROW_WAIT, new Convention("mcp.client.pool.wait_time", "s",
                "The time it took to obtain a session from the pool."));
        m.put(PoolMetric.LEASE_TIME, new Convention("mcp.client.pool.use_time", "s",
                "The time between borrowing a session and returning it to the pool."));
        m.put(PoolMetric.SESSION_CREATION, new Convention("mcp.client.pool.create_time", "s",
                "The time it took to create a new session (connect, initialize, warm-up)."));
        return m;
    }

    /** @return the convention instrument that shows {@code metric}, or null when it is shown under its own name */
    static Convention convention(PoolMetric metric) {
        return CONVENTIONS.get(metric);
    }

    /** @return the state a row of {@code mcp.client.pool.count} reports, or null for other rows */
    static String poolState(PoolMetric metric) {
        return metric == PoolMetric.ACTIVE ? "used" : metric == PoolMetric.IDLE ? "idle" : null;
    }

    /** @return the instrument name a row of the metric table is reported under */
    static String instrumentName(PoolMetric metric) {
        Convention c = CONVENTIONS.get(metric);
        return c == null ? metric.metricName() : c.name();
    }

    /** The OpenTelemetry instrument a row of the metric table is reported with. */
    enum Instrument {
        /** Read from the snapshot, only grows. */
        OBSERVABLE_COUNTER("Counter (observable)"),
        /** Read from the snapshot, a count of now (the pool conventions' instruments). */
        OBSERVABLE_UP_DOWN_COUNTER("UpDownCounter (observable)"),
        /** Read from the snapshot, a whole number. */
        OBSERVABLE_LONG_GAUGE("Gauge (observable, long)"),
        /** Read from the snapshot, a fraction or a duration. */
        OBSERVABLE_DOUBLE_GAUGE("Gauge (observable, double)"),
        /** Fed by events. */
        COUNTER("Counter"),
        /** Fed by events. */
        HISTOGRAM("Histogram");

        final String label;

        Instrument(String label) {
            this.label = label;
        }
    }

    /** @return the instrument {@code metric} is reported with */
    static Instrument instrument(PoolMetric metric) {
        if (metric.component().isPresent()) {
            if (metric.kind() == MetricKind.COUNTER) {
                return Instrument.OBSERVABLE_COUNTER;
            }
            if (CONVENTIONS.containsKey(metric)) {
                return Instrument.OBSERVABLE_UP_DOWN_COUNTER;
            }
            return metric.unit().isTime() || metric.unit() == MetricUnit.RATIO ? Instrument.OBSERVABLE_DOUBLE_GAUGE
                    : Instrument.OBSERVABLE_LONG_GAUGE;
        }
        return switch (metric.kind()) {
            case COUNTER -> Instrument.COUNTER;
            case TIMER, HISTOGRAM -> Instrument.HISTOGRAM;
            case GAUGE -> throw new IllegalStateException(metric + ": a gauge must be read from the snapshot");
        };
    }

    /** @return the UCUM unit of a row reported under its own name */
    static String unit(PoolMetric metric) {
        Convention c = CONVENTIONS.get(metric);
        if (c != null) {
            return c.unit();
        }
        return unit(metric.unit());
    }

    static String unit(MetricUnit unit) {
        return switch (unit) {
            case SECONDS -> "s";
            case MILLISECONDS -> "ms";
            case RATIO -> "1";
            case COUNT -> "{count}";
            case BOOLEAN -> "{flag}";
            case STATE -> "{state}";
        };
    }

    /** @return the attribute a tag of the metric table is reported as */
    static AttributeKey<String> attribute(MetricTag tag) {
        if (tag.equals(MetricTag.POOL)) {
            return POOL_NAME;
        }
        if (tag.equals(MetricTag.TOOL)) {
            return GEN_AI_TOOL_NAME;
        }
        return AttributeKey.stringKey("mcpool." + tag.name());
    }

    /** Adds where the operation goes: {@code network.*}, {@code server.*}. */
    static void where(AttributesBuilder b, McpOperation operation) {
        if (operation.transport() == Transport.STDIO) {
            b.put(NETWORK_TRANSPORT, "pipe");
        } else {
            b.put(NETWORK_TRANSPORT, "tcp");
            b.put(NETWORK_PROTOCOL_NAME, "http");
        }
        if (operation.serverAddress() != null) {
            b.put(SERVER_ADDRESS, operation.serverAddress());
            if (operation.serverPort() >= 0) {
                b.put(SERVER_PORT, (long) operation.serverPort());
            }
        }
    }

    /** @return the span name the conventions give: the method, then the tool or prompt (never a resource URI) */
    static String spanName(McpOperation operation) {
        String method = operation.method();
        if (operation.target() != null
                && (McpOperation.TOOLS_CALL.equals(method) || McpOperation.PROMPTS_GET.equals(method))) {
            return method + ' ' + operation.target();
        }
        return method;
    }
}
