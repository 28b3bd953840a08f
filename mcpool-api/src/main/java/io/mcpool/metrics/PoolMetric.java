package io.mcpool.metrics;

import static io.mcpool.metrics.Combination.all;
import static io.mcpool.metrics.Combination.any;
import static io.mcpool.metrics.Combination.max;
import static io.mcpool.metrics.Combination.meanWeightedBy;
import static io.mcpool.metrics.Combination.ownUptime;
import static io.mcpool.metrics.Combination.share;
import static io.mcpool.metrics.MetricUnit.BOOLEAN;
import static io.mcpool.metrics.MetricUnit.COUNT;
import static io.mcpool.metrics.MetricUnit.MILLISECONDS;
import static io.mcpool.metrics.MetricUnit.RATIO;
import static io.mcpool.metrics.MetricUnit.SECONDS;
import static io.mcpool.metrics.MetricUnit.STATE;

import io.mcpool.CircuitState;
import io.mcpool.LimitsBackendState;
import io.mcpool.ProtocolEra;
import io.mcpool.PoolMetrics;
import io.mcpool.event.PoolEvent;
import io.mcpool.event.PoolEvent.BorrowTimedOut;
import io.mcpool.event.PoolEvent.SchemaChanged;
import io.mcpool.event.PoolEvent.SessionBorrowed;
import io.mcpool.event.PoolEvent.SessionCreated;
import io.mcpool.event.PoolEvent.SessionCreationFailed;
import io.mcpool.event.PoolEvent.SessionDestroyed;
import io.mcpool.event.PoolEvent.SessionReturned;
import io.mcpool.event.PoolEvent.ToolCalled;
import io.mcpool.event.PoolEvent.ToolsRefreshed;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Every metric a pool reports, declared once. JMX attributes, MicroProfile Metrics registrations,
 * a manager's combined view and the documentation tables are derived from this table, and
 * {@link PoolMetrics} is checked against it: each metric read from a snapshot names the record
 * component it reads, and every component is read by exactly one metric.
 *
 * <p>Each row says: the metric's {@linkplain #metricName() name} (dotted, lower case, as MicroProfile
 * Metrics shows it), its {@linkplain #kind() kind}, {@linkplain #unit() unit} and
 * {@linkplain #description() description}, the {@linkplain #tags() tags} it carries, how it is read
 * (from a snapshot's {@linkplain #component() component}, or {@linkplain #observe fed by events}, or
 * both), how several pools' values {@linkplain #combination() combine}, and names or units of its
 * own for an exporter when that exporter's convention does not give the right one
 * ({@link #nameFor(String)}, {@link #unitFor(String)}).
 *
 * <p><b>Adding a metric:</b> a counter the pool keeps is one row here (reading a new
 * {@code PoolMetrics} component) plus its increment in the pool; JMX, MicroProfile Metrics and the
 * manager pick it up, and the documentation tests say which tables to regenerate. A metric only
 * events can feed (a timer, a counter of something the snapshot does not keep) is one row with
 * {@code fedBy}/{@code times}.
 *
 * <p>Metrics fed only by events ({@link #component()} empty) are not in {@link PoolMetrics} and so
 * not in views built from snapshots (JMX, a manager's combined view); exporters with instruments of
 * their own (MicroProfile Metrics) show them.
 */
public enum PoolMetric {

    /** Sessions lent out now. */
    ACTIVE(gauge("mcpool.sessions.active", COUNT, "Sessions lent out now.").reads("active").jmx("ActiveSessions")),
    /** Sessions open and free now. */
    IDLE(gauge("mcpool.sessions.idle", COUNT, "Sessions open and free now.").reads("idle").jmx("IdleSessions")),
    /** Sessions open now. */
    TOTAL(gauge("mcpool.sessions.open", COUNT, "Sessions open now, lent or free.").reads("total").jmx("TotalSessions")),
    /** Borrowers waiting now. */
    WAITERS(gauge("mcpool.borrow.waiters", COUNT, "Borrowers waiting for a session now.").reads("waiters")),
    /** The warm floor. */
    MIN_SESSIONS(gauge("mcpool.sessions.min", COUNT, "The warm floor: sessions kept open at all times (minSessions).")
            .reads("minSessions")),
    /** The cap. */
    MAX_SESSIONS(gauge("mcpool.sessions.max", COUNT, "The cap on sessions open at once, across all tenants and keys "
            + "(maxSessions).").reads("maxSessions")),
    /** Leases handed out. */
    BORROW_COUNT(counter("mcpool.borrows", "Leases handed out since the pool started.").reads("borrowCount")
            .fedBy(SessionBorrowed.class)),
    /** Leases closed. */
    RETURN_COUNT(counter("mcpool.returns", "Leases closed (sessions given back) since the pool started.")
            .reads("returnCount")),
    /** Borrows that gave up waiting. */
    BORROW_TIMEOUTS(counter("mcpool.borrow.timeouts", "Borrows that gave up waiting after the borrow timeout, since the "
            + "pool started.").reads("borrowTimeouts").fedBy(BorrowTimedOut.class)),
    /** Mean borrow wait. */
    AVG_BORROW_WAIT(gauge("mcpool.borrow.wait.mean", SECONDS, "Mean wait of the borrows handed out since the pool "
            + "started.").reads("avgBorrowWait").combined(meanWeightedBy(BORROW_COUNT)).jmx(MILLISECONDS)),
    /** Longest borrow wait. */
    MAX_BORROW_WAIT(gauge("mcpool.borrow.wait.longest", SECONDS, "Longest wait of a borrow handed out since the pool "
            + "started.").reads("maxBorrowWait").combined(max()).jmx(MILLISECONDS)),
    /** Sessions created. */
    SESSIONS_CREATED(counter("mcpool.sessions.created", "Sessions created (connect and initialize) since the pool "
            + "started.").reads("sessionsCreated").fedBy(SessionCreated.class)),
    /** Sessions closed. */
    SESSIONS_DESTROYED(counter("mcpool.sessions.destroyed", "Sessions closed, for any reason, since the pool started.")
            .reads("sessionsDestroyed").fedBy(SessionDestroyed.class)),
    /** Failed session creations. */
    CREATION_FAILURES(counter("mcpool.sessions.creation.failures", "Session creations that failed since the pool "
            + "started.").reads("creationFailures").fedBy(SessionCreationFailed.class)),
    /** Failures seen by leases. */
    ERRORS(counter("mcpool.errors", "Failures seen by leases since the pool started: transport errors, timeouts, lost "
            + "server sessions. Tool errors (isError results) do not count.").reads("errors")),
    /** Tool lists served from cache. */
    CACHE_HITS(counter("mcpool.cache.hits", "listTools calls served from the tool cache since the pool started.")
            .reads("cacheHits")),
    /** Tool lists that waited for a fetch. */
    CACHE_MISSES(counter("mcpool.cache.misses", "listTools calls that waited for an upstream tools/list fetch since the "
            + "pool started.").reads("cacheMisses")),
    /** Upstream tool list fetches. */
    CACHE_REFRESH_COUNT(counter("mcpool.tools.refreshes", "Upstream tools/list fetches since the pool started (all "
            + "pages count as one).").reads("cacheRefreshCount").fedBy(ToolsRefreshed.class)),
    /** Callers waiting on a fetch now. */
    CACHE_WAITERS(gauge("mcpool.cache.waiters", COUNT, "Callers waiting on an upstream tools/list fetch now.")
            .reads("cacheWaiters")),
    /** Share of tool lists served from cache. */
    CACHE_HIT_RATE(gauge("mcpool.cache.hit.ratio", RATIO, "Share of listTools calls served from the tool cache: hits / "
            + "(hits + misses), from 0 to 1; 0 when nothing was asked.").reads("cacheHitRate")
            .combined(share(CACHE_HITS, CACHE_MISSES))),
    /** Time since start. */
    UPTIME(gauge("mcpool.uptime", SECONDS, "Time since the pool started; 0 before.").reads("uptime")
            .combined(ownUptime())),
    /** Warm and running. */
    READY(gauge("mcpool.ready", BOOLEAN, "True (1) once minSessions sessions are warm and the pool is running.")
            .reads("ready").combined(all())),
    /** Serving without the warm set. */
    DEGRADED(gauge("mcpool.degraded", BOOLEAN, "True (1) while the pool serves without its warm set (graceful "
            + "degradation).").reads("degraded").combined(any())),
    /** Suspended. */
    SUSPENDED(gauge("mcpool.suspended", BOOLEAN, "True (1) while the pool is suspended (McpPool.suspend()): "
            + "borrowers wait until it is resumed.").reads("suspended").combined(any())),
    /** Where the limits are kept. */
    LIMITS_BACKEND_STATE(gauge("mcpool.limits.backend.state", STATE, "Where the rate limits and tenant caps are "
            + "kept: LOCAL (per instance, no distributed backend), AVAILABLE (across instances) or UNAVAILABLE (the "
            + "backend does not answer; each limit follows its failure policy).").reads("limitsBackendState")
            .states(LimitsBackendState.values()).combined(max())),
    /** Borrows admitted per instance while the backend was away. */
    LIMITS_FAILED_OPEN(counter("mcpool.limits.failed.open", "Borrows admitted on the per-instance limits while the "
            + "distributed limits backend did not answer (FAIL_OPEN), since the pool started.")
            .reads("limitsFailedOpen")),
    /** Borrows refused while the backend was away. */
    LIMITS_FAILED_CLOSED(counter("mcpool.limits.failed.closed", "Borrows refused because the distributed limits "
            + "backend did not answer (FAIL_CLOSED), since the pool started.").reads("limitsFailedClosed")),
    /** The MCP revision spoken. */
    PROTOCOL_ERA(gauge("mcpool.protocol.era", STATE, "The MCP revision the pool speaks to its endpoint: UNKNOWN "
            + "(protocol auto, not asked yet), SESSION_BASED (initialize and a session per pooled session, up to "
            + "2025-11-25) or STATELESS_2026_07_28 (no session; leases share one client).").reads("protocolEra")
            .states(ProtocolEra.values()).combined(max())),
    /** The breaker on session creation. */
    CIRCUIT_STATE(gauge("mcpool.circuit.state", STATE, "The circuit breaker guarding session creation: CLOSED "
            + "(creating), HALF_OPEN (probing) or OPEN (failing fast).").reads("circuitState")
            .states(CircuitState.CLOSED, CircuitState.HALF_OPEN, CircuitState.OPEN).combined(max())),
    /** Health probes run. */
    HEALTH_CHECKS(counter("mcpool.health.checks", "Health probes run on idle sessions since the pool started.")
            .reads("healthChecks")),
    /** Health probes that failed. */
    HEALTH_CHECK_FAILURES(counter("mcpool.health.check.failures", "Health probes that failed since the pool started; "
            + "each retired its session.").reads("healthCheckFailures")),
    /** Sessions retired at their lifetime. */
    RECYCLED_COUNT(counter("mcpool.sessions.recycled", "Sessions retired for reaching their maximum lifetime since the "
            + "pool started.").reads("recycledCount")),
    /** Creation retries. */
    RETRY_ATTEMPTS(counter("mcpool.retry.attempts", "Session-creation attempts beyond the first (retries with backoff) "
            + "since the pool started.").reads("retryAttempts")),
    /** Server restarts noticed. */
    RECONNECT_COUNT(counter("mcpool.reconnects", "Server restarts noticed since the pool started; each retires the "
            + "sessions of the old generation.").reads("reconnectCount")),
    /** Leaks detected. */
    LEAKS_DETECTED(counter("mcpool.leaks.detected", "Leases held longer than the leak-detection threshold since the "
            + "pool started.").reads("leaksDetected")),
    /** Borrows that waited for the rate limit. */
    RATE_LIMIT_WAITS(counter("mcpool.ratelimit.waits", "Borrows that waited for a rate-limit permit (or for a server's "
            + "Retry-After after HTTP 429) since the pool started.").reads("rateLimitWaits")),
    /** Borrows refused by the rate limit. */
    RATE_LIMIT_REJECTS(counter("mcpool.ratelimit.rejects", "Borrows refused by the rate limit since the pool started: "
            + "in REJECT mode, or when no permit came within the borrow timeout.").reads("rateLimitRejects")),
    /** Autoscaler raises. */
    AUTOSCALE_UPS(counter("mcpool.autoscale.ups", "Times the autoscaler raised the warm floor (minSessions) since the "
            + "pool started.").reads("autoscaleUps")),
    /** Autoscaler lowerings. */
    AUTOSCALE_DOWNS(counter("mcpool.autoscale.downs", "Times the autoscaler lowered the warm floor (minSessions) since "
            + "the pool started.").reads("autoscaleDowns")),
    /** Median borrow wait. */
    BORROW_WAIT_P50(gauge("mcpool.borrow.wait.p50", SECONDS, "Median wait of the borrows handed out since the pool "
            + "started (from buckets: at most 12.5% high).").reads("borrowWaitP50").combined(max()).jmx(MILLISECONDS)),
    /** 95th percentile borrow wait. */
    BORROW_WAIT_P95(gauge("mcpool.borrow.wait.p95", SECONDS, "The 95th percentile of the waits of the borrows handed out "
            + "since the pool started (at most 12.5% high).").reads("borrowWaitP95").combined(max()).jmx(MILLISECONDS)),
    /** 99th percentile borrow wait. */
    BORROW_WAIT_P99(gauge("mcpool.borrow.wait.p99", SECONDS, "The 99th percentile of the waits of the borrows handed out "
            + "since the pool started (at most 12.5% high).").reads("borrowWaitP99").combined(max()).jmx(MILLISECONDS)),
    /** Mean lease time. */
    AVG_LEASE_TIME(gauge("mcpool.lease.time.mean", SECONDS, "Mean time a lease was held, from lent to closed, since "
            + "the pool started.").reads("avgLeaseTime").combined(meanWeightedBy(RETURN_COUNT)).jmx(MILLISECONDS)),
    /** 95th percentile lease time. */
    LEASE_TIME_P95(gauge("mcpool.lease.time.p95", SECONDS, "The 95th percentile of the time leases were held since the "
            + "pool started (at most 12.5% high).").reads("leaseTimeP95").combined(max()).jmx(MILLISECONDS)),
    /** Longest lease time. */
    MAX_LEASE_TIME(gauge("mcpool.lease.time.longest", SECONDS, "Longest a lease was held since the pool started.")
            .reads("maxLeaseTime").combined(max()).jmx(MILLISECONDS)),
    /** Tool calls. */
    TOOL_CALLS(counter("mcpool.tool.calls", "Tool calls (tools/call requests) finished through leases since the pool "
            + "started, however they ended; per tool in the pool's toolMetrics().").reads("toolCalls")),
    /** Tool calls that failed. */
    TOOL_ERRORS(counter("mcpool.tool.errors", "Tool calls answered with an isError result or with no result at all "
            + "(JSON-RPC error, timeout, transport failure) since the pool started.").reads("toolErrors")),
    /** Leases returned broken. */
    SESSIONS_BROKEN(counter("mcpool.sessions.broken", "Leases returned broken (their session was retired).")
            .fedBy(SessionReturned.class, SessionReturned::broken)),
    /** Tool lists that changed. */
    SCHEMA_CHANGES(counter("mcpool.tools.schema.changes", "Refreshed tool lists that differed from the previous one.")
            .fedBy(SchemaChanged.class)),
    /** Borrow waits. */
    BORROW_WAIT(timer("mcpool.borrow.wait", "How long borrowers waited for a session.")
            .times(SessionBorrowed.class, SessionBorrowed::waited)),
    /** Lease times. */
    LEASE_TIME(timer("mcpool.lease.time", "How long leases were held, from lent to closed.")
            .times(SessionReturned.class, SessionReturned::held)),
    /** Tool call latency, per tool. */
    TOOL_CALL_TIME(timer("mcpool.tool.call", "How long tool calls took as the caller saw them (a repeat on "
            + "a fresh session included), per tool.").times(ToolCalled.class, ToolCalled::duration)
            .tagged(MetricTag.TOOL, ToolCalled.class, ToolCalled::tool)),
    /** Tool call failures, per tool. */
    TOOL_CALL_ERRORS(counter("mcpool.tool.call.errors", "Tool calls answered isError or with no result, per tool.")
            .fedBy(ToolCalled.class, ToolCalled::failed)
            .tagged(MetricTag.TOOL, ToolCalled.class, ToolCalled::tool)),
    /** Session creation times. */
    SESSION_CREATION(timer("mcpool.session.creation", "How long a session creation took (connect, initialize, "
            + "warm-up).").times(SessionCreated.class, SessionCreated::creationTime));

    /** The exporter id of JMX ({@code mcpool-jmx}), for {@link #nameFor} and {@link #unitFor}. */
    public static final String JMX = "jmx";

    /** The exporter id of MicroProfile Metrics ({@code mcpool-cdi}), for {@link #nameFor} and {@link #unitFor}. */
    public static final String MICROPROFILE_METRICS = "microprofile-metrics";

    private final String metricName;
    private final MetricKind kind;
    private final MetricUnit unit;
    private final String description;
    private final List<MetricTag> tags;
    private final Combination combination;
    private final RecordComponent component;
    private final Class<? extends PoolEvent> event;
    private final Function<PoolEvent, OptionalDouble> observation;
    private final List<Enum<?>> states;
    private final Map<String, Spec.Alias> aliases;
    private final Map<MetricTag, Function<PoolEvent, String>> tagValues;
    private final List<MetricTag> eventTags;

    PoolMetric(Spec spec) {
        this.metricName = spec.name;
        this.kind = spec.kind;
        this.unit = spec.unit;
        this.description = spec.description;
        this.tags = List.copyOf(spec.tags);
        this.component = spec.component == null ? null : recordComponent(spec.component);
        this.event = spec.event;
        this.observation = spec.observation;
        this.states = List.copyOf(spec.states);
        this.aliases = Map.copyOf(spec.aliases);
        this.tagValues = Map.copyOf(spec.tagValues);
        this.eventTags = tags.stream().filter(tagValues::containsKey).toList();
        this.combination = spec.combination != null ? spec.combination : Combination.sum();
        if (component != null && !combination.accepts(component.getType())) {
            throw new IllegalStateException(name() + ": " + combination + " cannot combine "
                    + component.getType().getSimpleName() + " values");
        }
    }

    /** @return the metric's name: dotted, lower case, e.g. {@code mcpool.sessions.active} */
    public String metricName() {
        return metricName;
    }

    /** @return what the metric measures over time */
    public MetricKind kind() {
        return kind;
    }

    /**
     * @return the unit of {@link #value(PoolMetrics)} and {@link #observe(PoolEvent)}; a timer's is
     *     {@link MetricUnit#SECONDS}
     */
    public MetricUnit unit() {
        return unit;
    }

    /**
     * @return one or more sentences saying what is measured; for a {@link MetricUnit#STATE} metric,
     *     followed by the code of each state
     */
    public String description() {
        if (states.isEmpty()) {
            return description;
        }
        return description + " As a number: " + states.stream().map(s -> stateCode(s) + " " + s.name())
                .collect(Collectors.joining(", ")) + ".";
    }

    /** @return the tags every value of this metric carries; {@link MetricTag#POOL} always */
    public List<MetricTag> tags() {
        return tags;
    }

    /**
     * @return the tags whose values each event gives ({@link #tagValue}), e.g. {@link MetricTag#TOOL};
     *     empty for a metric tagged by pool only, which exporters can create before any event
     */
    public List<MetricTag> eventTags() {
        return eventTags;
    }

    /**
     * The value an event gives one of this metric's tags beyond {@link MetricTag#POOL}, e.g. the tool's
     * name for {@link MetricTag#TOOL}. Exporters cap the distinct values at the tag's
     * {@linkplain MetricTag#maxValues() maximum} and report the rest as {@value MetricTag#OTHER}.
     *
     * @param tag   one of {@link #tags()}
     * @param event an event that feeds this metric
     * @return the tag's value for that event; empty when the event does not give one
     */
    public Optional<String> tagValue(MetricTag tag, PoolEvent event) {
        Function<PoolEvent, String> value = tagValues.get(tag);
        return value == null ? Optional.empty() : Optional.ofNullable(value.apply(event));
    }

    /** @return how several pools' values combine into one */
    public Combination combination() {
        return combination;
    }

    /**
     * @return the name of the {@link PoolMetrics} component this metric reads, or empty when only
     *     events feed it
     */
    public Optional<String> component() {
        return component == null ? Optional.empty() : Optional.of(component.getName());
    }

    /** @return the event type that feeds this metric, or empty when it is only read from snapshots */
    public Optional<Class<? extends PoolEvent>> event() {
        return Optional.ofNullable(event);
    }

    /**
     * @return the states of a {@link MetricUnit#STATE} metric, from best to worst: a state's code is
     *     its index here; empty for other metrics
     */
    public List<Enum<?>> states() {
        return states;
    }

    /**
     * @param state one of {@link #states()}
     * @return its code: 0 for the best state, higher for worse ones
     * @throws IllegalArgumentException when it is not one of this metric's states
     */
    public int stateCode(Enum<?> state) {
        int code = states.indexOf(state);
        if (code < 0) {
            throw new IllegalArgumentException(state + " is not a state of " + name() + " " + states);
        }
        return code;
    }

    /**
     * The name the table gives this metric for one exporter. An exporter without one applies its own
     * convention to {@link #metricName()} or {@link #component()}.
     *
     * @param exporter an exporter id, e.g. {@link #JMX}
     * @return the name for that exporter, when the table gives one
     */
    public Optional<String> nameFor(String exporter) {
        Spec.Alias alias = aliases.get(exporter);
        return alias == null ? Optional.empty() : Optional.ofNullable(alias.name());
    }

    /**
     * @param exporter an exporter id, e.g. {@link #JMX}
     * @return the unit that exporter shows the metric in: the table's for it, else {@link #unit()}
     */
    public MetricUnit unitFor(String exporter) {
        Spec.Alias alias = aliases.get(exporter);
        return alias == null || alias.unit() == null ? unit : alias.unit();
    }

    /**
     * @return the Java type the snapshot holds the value in: {@code int}, {@code long},
     *     {@code double}, {@code boolean}, {@link Duration} or the states' enum
     * @throws IllegalStateException when only events feed this metric
     */
    public Class<?> valueType() {
        return snapshotComponent().getType();
    }

    /**
     * @param snapshot a pool's snapshot
     * @return the value as the snapshot holds it ({@code Integer}, {@code Long}, {@code Double},
     *     {@code Boolean}, {@code Duration} or the state's enum constant)
     * @throws IllegalStateException when only events feed this metric
     */
    public Object read(PoolMetrics snapshot) {
        Method accessor = snapshotComponent().getAccessor();
        try {
            return accessor.invoke(Objects.requireNonNull(snapshot, "snapshot"));
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("PoolMetrics." + accessor.getName() + "() failed", e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read PoolMetrics." + accessor.getName() + "()", e);
        }
    }

    /**
     * @param snapshot a pool's snapshot
     * @return the value as a number in {@link #unit()}
     * @throws IllegalStateException when only events feed this metric
     */
    public Number value(PoolMetrics snapshot) {
        return value(snapshot, unit);
    }

    /**
     * @param snapshot a pool's snapshot
     * @param in       the unit wanted: {@link #unit()}, or another unit of time for a duration
     * @return the value as a number: a {@code Long} for counts, flags (1 or 0) and states (their
     *     code), a {@code Double} for ratios and durations (fractional)
     * @throws IllegalArgumentException when the value cannot be given in that unit
     * @throws IllegalStateException    when only events feed this metric
     */
    public Number value(PoolMetrics snapshot, MetricUnit in) {
        Object v = read(snapshot);
        if (v instanceof Duration d && in.isTime()) {
            return in.of(d);
        }
        if (in != unit) {
            throw new IllegalArgumentException(name() + " is in " + unit + ", not " + in);
        }
        if (v instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        if (v instanceof Enum<?> e) {
            return (long) stateCode(e);
        }
        if (v instanceof Double d) {
            return d;
        }
        return ((Number) v).longValue();
    }

    /**
     * What one event adds to this metric, when events feed it.
     *
     * @param e an event of the pool
     * @return for a counter the increment (1), for a timer the duration in seconds, for a histogram
     *     the value; empty when this event does not feed this metric
     */
    public OptionalDouble observe(PoolEvent e) {
        return observation == null ? OptionalDouble.empty() : observation.apply(e);
    }

    /** @return the value of this metric when there is nothing to read: 0, false, no time, the best state */
    Object zero() {
        Class<?> type = valueType();
        if (type == int.class) {
            return 0;
        } else if (type == long.class) {
            return 0L;
        } else if (type == double.class) {
            return 0.0;
        } else if (type == boolean.class) {
            return false;
        } else if (type == Duration.class) {
            return Duration.ZERO;
        } else if (!states.isEmpty()) {
            return states.get(0);
        }
        throw new IllegalStateException(name() + ": no zero value for " + type.getName());
    }

    private RecordComponent snapshotComponent() {
        if (component == null) {
            throw new IllegalStateException(name() + " is fed by " + event.getSimpleName()
                    + " events and is not in PoolMetrics");
        }
        return component;
    }

    /**
     * Combines several pools' snapshots, each metric as its {@link #combination()} says.
     *
     * @param pools     each pool's snapshot; none gives zeros, {@code ready} false
     * @param ownUptime the combining view's own time since start (a manager's), or null to take the
     *     longest of the pools'
     * @return the combined snapshot
     */
    public static PoolMetrics combine(Collection<PoolMetrics> pools, Duration ownUptime) {
        Objects.requireNonNull(pools, "pools");
        Map<String, Object> values = new HashMap<>();
        for (PoolMetric m : values()) {
            if (m.component != null) {
                values.put(m.component.getName(), m.combination.combine(m, pools, ownUptime));
            }
        }
        return Snapshots.build(values);
    }

    private static RecordComponent recordComponent(String name) {
        for (RecordComponent c : PoolMetrics.class.getRecordComponents()) {
            if (c.getName().equals(name)) {
                return c;
            }
        }
        throw new IllegalStateException("PoolMetrics has no component '" + name + "'");
    }

    private static Spec gauge(String name, MetricUnit unit, String description) {
        return new Spec(name, MetricKind.GAUGE, unit, description);
    }

    private static Spec counter(String name, String description) {
        return new Spec(name, MetricKind.COUNTER, COUNT, description);
    }

    private static Spec timer(String name, String description) {
        return new Spec(name, MetricKind.TIMER, SECONDS, description);
    }

    /** One row of the table while it is written. */
    private static final class Spec {

        /** @param name null to keep the exporter's convention; @param unit null to keep the table's */
        private record Alias(String name, MetricUnit unit) {
        }

        private final String name;
        private final MetricKind kind;
        private final MetricUnit unit;
        private final String description;
        private List<MetricTag> tags = List.of(MetricTag.POOL);
        private Combination combination;
        private String component;
        private Class<? extends PoolEvent> event;
        private Function<PoolEvent, OptionalDouble> observation;
        private List<Enum<?>> states = List.of();
        private final Map<String, Alias> aliases = new HashMap<>();
        private final Map<MetricTag, Function<PoolEvent, String>> tagValues = new HashMap<>();

        private Spec(String name, MetricKind kind, MetricUnit unit, String description) {
            this.name = name;
            this.kind = kind;
            this.unit = unit;
            this.description = description;
        }

        Spec reads(String component) {
            this.component = component;
            return this;
        }

        Spec combined(Combination combination) {
            this.combination = combination;
            return this;
        }

        Spec states(Enum<?>... states) {
            this.states = List.of(states);
            return this;
        }

        /** Each event of this type counts one. */
        <E extends PoolEvent> Spec fedBy(Class<E> type) {
            return fedBy(type, e -> true);
        }

        /** Each event of this type for which {@code when} holds counts one. */
        <E extends PoolEvent> Spec fedBy(Class<E> type, Predicate<E> when) {
            this.event = type;
            this.observation = e -> type.isInstance(e) && when.test(type.cast(e)) ? OptionalDouble.of(1)
                    : OptionalDouble.empty();
            return this;
        }

        /** Each event of this type records the duration it carries, in this metric's unit. */
        <E extends PoolEvent> Spec times(Class<E> type, Function<E, Duration> duration) {
            MetricUnit in = unit;
            this.event = type;
            this.observation = e -> type.isInstance(e) ? OptionalDouble.of(in.of(duration.apply(type.cast(e))))
                    : OptionalDouble.empty();
            return this;
        }

        /** The metric carries {@code tag}, whose value each event of this type gives. */
        <E extends PoolEvent> Spec tagged(MetricTag tag, Class<E> type, Function<E, String> value) {
            List<MetricTag> all = new java.util.ArrayList<>(tags);
            all.add(tag);
            this.tags = all;
            this.tagValues.put(tag, e -> type.isInstance(e) ? value.apply(type.cast(e)) : null);
            return this;
        }

        Spec jmx(String attribute) {
            aliases.merge(JMX, new Alias(attribute, null), (a, b) -> new Alias(b.name(), a.unit()));
            return this;
        }

        Spec jmx(MetricUnit shownIn) {
            aliases.merge(JMX, new Alias(null, shownIn), (a, b) -> new Alias(a.name(), b.unit()));
            return this;
        }
    }
}
