package io.mcpool.jmx;

import io.mcpool.PoolMetrics;

/**
 * A consistent snapshot of one pool's gauges and counters (from {@link McpPoolMXBean#metricsSnapshot()}),
 * or of the sum over a manager's pools (from {@link McpPoolManagerMXBean#getAggregatedMetrics()}).
 * JMX clients receive it as a {@code CompositeData} with these items. Counters count from the pool's
 * start.
 *
 * @param active              sessions lent out now
 * @param idle                sessions free now
 * @param total               sessions open now
 * @param waiters             borrowers waiting now
 * @param minSessions         the warm floor
 * @param maxSessions         the cap
 * @param borrowCount         leases handed out
 * @param returnCount         leases closed
 * @param borrowTimeouts      borrows that gave up waiting
 * @param avgBorrowWaitMillis mean wait of the borrows handed out, in milliseconds
 * @param maxBorrowWaitMillis longest wait of a borrow handed out, in milliseconds
 * @param sessionsCreated     sessions created
 * @param sessionsDestroyed   sessions closed
 * @param creationFailures    session creations that failed
 * @param errors              failures seen by leases (transport errors, timeouts, lost sessions)
 * @param cacheHits           {@code listTools} calls served from the tool cache
 * @param cacheMisses         {@code listTools} calls that waited for an upstream fetch
 * @param cacheRefreshCount   upstream {@code tools/list} fetches
 * @param cacheWaiters        callers waiting on an upstream fetch now
 * @param cacheHitRate        {@code cacheHits / (cacheHits + cacheMisses)}, 0..1; 0 when nothing was asked
 * @param uptimeSeconds       seconds since the pool started (for a manager: of its oldest pool)
 * @param ready               the warm floor was reached and the pool runs (for a manager: every pool)
 * @param degraded            the pool serves without its warm set (for a manager: any pool)
 * @param circuitState        {@code CLOSED}, {@code HALF_OPEN} or {@code OPEN} (for a manager: the worst)
 * @param healthChecks        health probes run on idle sessions
 * @param healthCheckFailures health probes that failed (each retired its session)
 * @param recycledCount       sessions retired for reaching their maximum lifetime
 * @param retryAttempts       session-creation attempts beyond the first
 * @param reconnectCount      server restarts noticed
 * @param leaksDetected       leases held longer than the leak-detection threshold
 * @param rateLimitWaits      borrows that waited for a rate-limit permit (or for a server's Retry-After)
 * @param rateLimitRejects    borrows refused by the rate limit
 * @param autoscaleUps        times the autoscaler raised the warm floor
 * @param autoscaleDowns      times the autoscaler lowered the warm floor
 */
public record MetricsSnapshot(
        int active,
        int idle,
        int total,
        int waiters,
        int minSessions,
        int maxSessions,
        long borrowCount,
        long returnCount,
        long borrowTimeouts,
        double avgBorrowWaitMillis,
        double maxBorrowWaitMillis,
        long sessionsCreated,
        long sessionsDestroyed,
        long creationFailures,
        long errors,
        long cacheHits,
        long cacheMisses,
        long cacheRefreshCount,
        int cacheWaiters,
        double cacheHitRate,
        long uptimeSeconds,
        boolean ready,
        boolean degraded,
        String circuitState,
        long healthChecks,
        long healthCheckFailures,
        long recycledCount,
        long retryAttempts,
        long reconnectCount,
        long leaksDetected,
        long rateLimitWaits,
        long rateLimitRejects,
        long autoscaleUps,
        long autoscaleDowns) {

    static MetricsSnapshot of(PoolMetrics m) {
        return new MetricsSnapshot(m.active(), m.idle(), m.total(), m.waiters(), m.minSessions(), m.maxSessions(),
                m.borrowCount(), m.returnCount(), m.borrowTimeouts(), Units.fractionalMillis(m.avgBorrowWait()),
                Units.fractionalMillis(m.maxBorrowWait()), m.sessionsCreated(), m.sessionsDestroyed(),
                m.creationFailures(), m.errors(), m.cacheHits(), m.cacheMisses(), m.cacheRefreshCount(),
                m.cacheWaiters(), m.cacheHitRate(), m.uptime() == null ? 0 : m.uptime().toSeconds(), m.ready(),
                m.degraded(), String.valueOf(m.circuitState()), m.healthChecks(), m.healthCheckFailures(),
                m.recycledCount(), m.retryAttempts(), m.reconnectCount(), m.leaksDetected(), m.rateLimitWaits(),
                m.rateLimitRejects(), m.autoscaleUps(), m.autoscaleDowns());
    }
}
