package io.mcpool.manager;

/**
 * Whether an {@link McpPoolManager} sends work to one of its pools now, and if not, why. The
 * manager skips every pool that is not {@link #AVAILABLE}.
 */
public enum PoolAvailability {

    /** Started, not degraded, breaker closed or half-open: the pool is chosen by the strategies. */
    AVAILABLE,

    /** The manager has not started yet (or was never asked to start this pool). */
    NOT_STARTED,

    /** The pool was shut down, or failed to start and closed itself; remove it and add it again. */
    STOPPED,

    /**
     * The pool runs without its warm set after a failed warm-up ({@code gracefulDegradation}); it
     * is rebuilt in the background and becomes available again by itself.
     */
    DEGRADED,

    /**
     * The pool's circuit breaker on session creation is open; after {@code recoveryTimeout} it turns
     * half-open and the pool is available again, so the next borrow probes the server.
     */
    CIRCUIT_OPEN
}
