package io.mcpool.impl;

import io.mcpool.CircuitState;
import io.mcpool.PoolConfig;
import io.mcpool.PoolMetrics;
import io.mcpool.ProtocolEra;
import io.mcpool.impl.commons.CommonsPoolAdapter;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/** Reads the pool's counters and gauges into one {@link PoolMetrics} snapshot. */
final class MetricsReader {

    private final Supplier<PoolConfig> config;
    private final PoolStats stats;
    private final ToolListings tools;
    private final CommonsPoolAdapter<?, ?> sessions;
    private final LiveSessions live;
    private final IntSupplier lent;
    private final BooleanSupplier ready;
    private final BooleanSupplier degraded;
    private final Supplier<CircuitState> breaker;
    private final BooleanSupplier suspended;
    private final Admission admission;
    private final Supplier<ProtocolEra> era;
    private volatile long startedNanos;

    /** @param lent leases out now: the lender's count, not Commons Pool's (see {@link CommonsPoolAdapter}) */
    MetricsReader(Supplier<PoolConfig> config, PoolStats stats, ToolListings tools, CommonsPoolAdapter<?, ?> sessions,
            LiveSessions live, IntSupplier lent, BooleanSupplier ready, BooleanSupplier degraded,
            Supplier<CircuitState> breaker, BooleanSupplier suspended, Admission admission, Supplier<ProtocolEra> era) {
        this.config = config;
        this.stats = stats;
        this.tools = tools;
        this.sessions = sessions;
        this.live = live;
        this.lent = lent;
        this.ready = ready;
        this.degraded = degraded;
        this.breaker = breaker;
        this.suspended = suspended;
        this.admission = admission;
        this.era = era;
    }

    /** Marks the start of the pool's uptime. */
    void started() {
        startedNanos = System.nanoTime();
    }

    PoolMetrics read() {
        PoolConfig c = config.get();
        long borrows = stats.borrows.sum();
        long hits = tools.hits();
        long misses = tools.misses();
        long start = startedNanos;
        long uptime = start == 0 ? 0 : System.nanoTime() - start;
        return new PoolMetrics(lent.getAsInt(), sessions.idle(), live.size(),
                sessions.waiters() + admission.suspension().waiting(), c.minSessions(),
                c.maxSessions(), borrows, stats.returns.sum(), stats.borrowTimeouts.sum(),
                stats.borrowWaits.mean(), stats.borrowWaits.max(), stats.sessionsCreated.sum(),
                stats.sessionsDestroyed.sum(), stats.creationFailures.sum(), stats.errors.sum(), hits, misses,
                tools.refreshes(), tools.waiters(), hits + misses == 0 ? 0.0 : (double) hits / (hits + misses),
                Duration.ofNanos(uptime), ready.getAsBoolean(), degraded.getAsBoolean(), breaker.get(),
                stats.healthChecks.sum(), stats.healthCheckFailures.sum(), stats.recycled.sum(),
                stats.retryAttempts.sum(), stats.reconnects.sum(), stats.leaksDetected.sum(),
                stats.rateLimitWaits.sum(), stats.rateLimitRejects.sum(), stats.autoscaleUps.sum(),
                stats.autoscaleDowns.sum(), stats.borrowWaits.percentile(0.5), stats.borrowWaits.percentile(0.95),
                stats.borrowWaits.percentile(0.99), stats.leaseTimes.mean(), stats.leaseTimes.percentile(0.95),
                stats.leaseTimes.max(), stats.tools.calls.sum(), stats.tools.errors.sum(),
                suspended.getAsBoolean(), admission.limitsState(), admission.limitsFailedOpen(),
                admission.limitsFailedClosed(), era.get());
    }
}
