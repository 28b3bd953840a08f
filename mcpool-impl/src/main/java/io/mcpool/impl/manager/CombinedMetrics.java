package io.mcpool.impl.manager;

import io.mcpool.CircuitState;
import io.mcpool.ManagerMetrics;
import io.mcpool.PoolMetrics;
import java.time.Duration;
import java.util.Collection;

/** Adds pools' metrics up, as {@link ManagerMetrics#combined()} documents. */
final class CombinedMetrics {

    private CombinedMetrics() {
    }

    static PoolMetrics combine(Collection<PoolMetrics> all, Duration uptime) {
        int active = 0;
        int idle = 0;
        int total = 0;
        int waiters = 0;
        int minSessions = 0;
        int maxSessions = 0;
        long borrowCount = 0;
        long returnCount = 0;
        long borrowTimeouts = 0;
        double borrowWaitNanos = 0; // double: avg × count summed over pools could overflow a long
        long maxBorrowWaitNanos = 0;
        long sessionsCreated = 0;
        long sessionsDestroyed = 0;
        long creationFailures = 0;
        long errors = 0;
        long cacheHits = 0;
        long cacheMisses = 0;
        long cacheRefreshCount = 0;
        int cacheWaiters = 0;
        boolean ready = !all.isEmpty();
        boolean degraded = false;
        CircuitState circuit = CircuitState.CLOSED;
        long healthChecks = 0;
        long healthCheckFailures = 0;
        long recycledCount = 0;
        long retryAttempts = 0;
        long reconnectCount = 0;
        long leaksDetected = 0;
        for (PoolMetrics m : all) {
            active += m.active();
            idle += m.idle();
            total += m.total();
            waiters += m.waiters();
            minSessions += m.minSessions();
            maxSessions += m.maxSessions();
            borrowCount += m.borrowCount();
            returnCount += m.returnCount();
            borrowTimeouts += m.borrowTimeouts();
            borrowWaitNanos += (double) m.avgBorrowWait().toNanos() * m.borrowCount();
            maxBorrowWaitNanos = Math.max(maxBorrowWaitNanos, m.maxBorrowWait().toNanos());
            sessionsCreated += m.sessionsCreated();
            sessionsDestroyed += m.sessionsDestroyed();
            creationFailures += m.creationFailures();
            errors += m.errors();
            cacheHits += m.cacheHits();
            cacheMisses += m.cacheMisses();
            cacheRefreshCount += m.cacheRefreshCount();
            cacheWaiters += m.cacheWaiters();
            ready &= m.ready();
            degraded |= m.degraded();
            circuit = moreOpen(circuit, m.circuitState());
            healthChecks += m.healthChecks();
            healthCheckFailures += m.healthCheckFailures();
            recycledCount += m.recycledCount();
            retryAttempts += m.retryAttempts();
            reconnectCount += m.reconnectCount();
            leaksDetected += m.leaksDetected();
        }
        Duration avgBorrowWait = Duration.ofNanos(borrowCount == 0 ? 0 : Math.round(borrowWaitNanos / borrowCount));
        double hitRate = cacheHits + cacheMisses == 0 ? 0.0 : (double) cacheHits / (cacheHits + cacheMisses);
        return new PoolMetrics(active, idle, total, waiters, minSessions, maxSessions, borrowCount, returnCount,
                borrowTimeouts, avgBorrowWait, Duration.ofNanos(maxBorrowWaitNanos), sessionsCreated, sessionsDestroyed,
                creationFailures, errors, cacheHits, cacheMisses, cacheRefreshCount, cacheWaiters, hitRate, uptime,
                ready, degraded, circuit, healthChecks, healthCheckFailures, recycledCount, retryAttempts,
                reconnectCount, leaksDetected);
    }

    private static CircuitState moreOpen(CircuitState a, CircuitState b) {
        if (a == CircuitState.OPEN || b == CircuitState.OPEN) {
            return CircuitState.OPEN;
        }
        if (a == CircuitState.HALF_OPEN || b == CircuitState.HALF_OPEN) {
            return CircuitState.HALF_OPEN;
        }
        return CircuitState.CLOSED;
    }
}
