package io.mcpool;

import java.time.Duration;

/**
 * An immutable snapshot of a pool's gauges and counters, taken by {@link McpPool#metrics()}.
 * Counters count from the pool's start. Each component is declared, with its unit and description,
 * in the metrics table {@link io.mcpool.metrics.PoolMetric}, from which JMX and MicroProfile Metrics
 * show it.
 *
 * @param active             sessions lent out now
 * @param idle               sessions free now
 * @param total              sessions open now ({@code active + idle}, plus any being validated)
 * @param waiters            borrowers waiting now
 * @param minSessions        the current floor
 * @param maxSessions        the current cap
 * @param borrowCount        leases handed out
 * @param returnCount        leases closed
 * @param borrowTimeouts     borrows that gave up waiting
 * @param avgBorrowWait      mean wait of the borrows handed out
 * @param maxBorrowWait      longest wait of a borrow handed out
 * @param sessionsCreated    sessions created
 * @param sessionsDestroyed  sessions closed
 * @param creationFailures   session creations that failed
 * @param errors             failures seen by leases (transport errors, timeouts, lost sessions)
 * @param cacheHits          {@code listTools} served from cache
 * @param cacheMisses        {@code listTools} that had to wait for an upstream fetch
 * @param cacheRefreshCount  upstream {@code tools/list} fetches (all pages count as one)
 * @param cacheWaiters       callers waiting on an upstream fetch now
 * @param cacheHitRate       {@code cacheHits / (cacheHits + cacheMisses)}, 0 when nothing was asked
 * @param uptime             time since {@code start()}
 * @param ready              {@code minSessions} were warmed and the pool is running
 * @param degraded           the pool serves without its warm set (graceful degradation)
 * @param circuitState       the breaker guarding session creation
 * @param healthChecks       health probes run on idle sessions
 * @param healthCheckFailures health probes that failed (each retired its session)
 * @param recycledCount      sessions retired for reaching their lifetime
 * @param retryAttempts      session-creation attempts beyond the first (retries with backoff)
 * @param reconnectCount     server restarts noticed (each retires the sessions of the old generation)
 * @param leaksDetected      leases held longer than {@code leakDetectionThreshold}
 * @param rateLimitWaits     borrows that waited for a rate-limit permit (or for a server's Retry-After)
 * @param rateLimitRejects   borrows refused by the rate limit
 * @param autoscaleUps       times the autoscaler raised the warm floor
 * @param autoscaleDowns     times the autoscaler lowered the warm floor
 * @param borrowWaitP50      median wait of the borrows handed out (bucket precision: at most 12.5% high)
 * @param borrowWaitP95      95th percentile of those waits
 * @param borrowWaitP99      99th percentile of those waits
 * @param avgLeaseTime       mean time a lease was held, from lent to closed
 * @param leaseTimeP95       95th percentile of the time leases were held
 * @param maxLeaseTime       longest a lease was held
 * @param toolCalls          {@code tools/call}s finished through leases, however they ended
 * @param toolErrors         of those, calls answered {@code isError} or with no result at all
 * @param suspended          the pool is {@linkplain McpPool#suspend() suspended}: borrowers wait
 * @param limitsBackendState where the rate limits and tenant caps are kept, and whether it answers
 * @param limitsFailedOpen   borrows admitted on the per-instance limits while the distributed backend was away
 * @param limitsFailedClosed borrows refused because the distributed backend was away
 * @param protocolEra        the MCP revision the pool speaks to its endpoint now
 */
public record PoolMetrics(
        int active,
        int idle,
        int total,
        int waiters,
        int minSessions,
        int maxSessions,
        long borrowCount,
        long returnCount,
        long borrowTimeouts,
        Duration avgBorrowWait,
        Duration maxBorrowWait,
        long sessionsCreated,
        long sessionsDestroyed,
        long creationFailures,
        long errors,
        long cacheHits,
        long cacheMisses,
        long cacheRefreshCount,
        int cacheWaiters,
        double cacheHitRate,
        Duration uptime,
        boolean ready,
        boolean degraded,
        CircuitState circuitState,
        long healthChecks,
        long healthCheckFailures,
        long recycledCount,
        long retryAttempts,
        long reconnectCount,
        long leaksDetected,
        long rateLimitWaits,
        long rateLimitRejects,
        long autoscaleUps,
        long autoscaleDowns,
        Duration borrowWaitP50,
        Duration borrowWaitP95,
        Duration borrowWaitP99,
        Duration avgLeaseTime,
        Duration leaseTimeP95,
        Duration maxLeaseTime,
        long toolCalls,
        long toolErrors,
        boolean suspended,
        LimitsBackendState limitsBackendState,
        long limitsFailedOpen,
        long limitsFailedClosed,
        ProtocolEra protocolEra) {
}
