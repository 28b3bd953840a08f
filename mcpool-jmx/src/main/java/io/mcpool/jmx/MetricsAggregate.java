package io.mcpool.jmx;

import io.mcpool.CircuitState;
import io.mcpool.PoolMetrics;
import java.util.Collection;

/**
 * Sums the metrics of several pools into one {@link MetricsSnapshot}: gauges and counters add up,
 * the average wait is weighted by borrows, the longest wait is the longest of all, the hit rate is
 * recomputed from the summed hits and misses, and state reports the worst pool.
 */
final class MetricsAggregate {

    private MetricsAggregate() {
    }

    static MetricsSnapshot of(Collection<PoolMetrics> all) {
        int active = 0, idle = 0, total = 0, waiters = 0, min = 0, max = 0, cacheWaiters = 0;
        long borrows = 0, returns = 0, timeouts = 0, created = 0, destroyed = 0, failures = 0, errors = 0;
        long hits = 0, misses = 0, refreshes = 0, checks = 0, checkFailures = 0, recycled = 0, retries = 0;
        long reconnects = 0, leaks = 0, rateLimitWaits = 0, rateLimitRejects = 0, scaleUps = 0, scaleDowns = 0;
        long uptime = 0;
        double weightedWait = 0, maxWait = 0;
        boolean ready = true, degraded = false;
        CircuitState worst = CircuitState.CLOSED;
        for (PoolMetrics m : all) {
            active += m.active();
            idle += m.idle();
            total += m.total();
            waiters += m.waiters();
            min += m.minSessions();
            max += m.maxSessions();
            cacheWaiters += m.cacheWaiters();
            borrows += m.borrowCount();
            returns += m.returnCount();
            timeouts += m.borrowTimeouts();
            created += m.sessionsCreated();
            destroyed += m.sessionsDestroyed();
            failures += m.creationFailures();
            errors += m.errors();
            hits += m.cacheHits();
            misses += m.cacheMisses();
            refreshes += m.cacheRefreshCount();
            checks += m.healthChecks();
            checkFailures += m.healthCheckFailures();
            recycled += m.recycledCount();
            retries += m.retryAttempts();
            reconnects += m.reconnectCount();
            leaks += m.leaksDetected();
            rateLimitWaits += m.rateLimitWaits();
            rateLimitRejects += m.rateLimitRejects();
            scaleUps += m.autoscaleUps();
            scaleDowns += m.autoscaleDowns();
            uptime = Math.max(uptime, m.uptime() == null ? 0 : m.uptime().toSeconds());
            weightedWait += Units.fractionalMillis(m.avgBorrowWait()) * m.borrowCount();
            maxWait = Math.max(maxWait, Units.fractionalMillis(m.maxBorrowWait()));
            ready &= m.ready();
            degraded |= m.degraded();
            worst = worse(worst, m.circuitState());
        }
        return new MetricsSnapshot(active, idle, total, waiters, min, max, borrows, returns, timeouts,
                borrows == 0 ? 0.0 : weightedWait / borrows, maxWait, created, destroyed, failures, errors, hits,
                misses, refreshes, cacheWaiters, hits + misses == 0 ? 0.0 : (double) hits / (hits + misses), uptime,
                ready && !all.isEmpty(), degraded, worst.name(), checks, checkFailures, recycled, retries,
                reconnects, leaks, rateLimitWaits, rateLimitRejects, scaleUps, scaleDowns);
    }

    private static CircuitState worse(CircuitState a, CircuitState b) {
        if (b == null) {
            return a;
        }
        return severity(b) > severity(a) ? b : a;
    }

    private static int severity(CircuitState s) {
        return switch (s) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }
}
