package io.mcpool;

/**
 * What a borrow does when the distributed limits backend ({@link PoolConfig#limitsBackend()}) cannot
 * be reached.
 */
public enum LimitsFailurePolicy {
    /** Refuse the borrow with {@link LimitsBackendUnavailableException}. */
    FAIL_CLOSED,
    /**
     * Apply the limit per instance, as if no backend were configured, logging a WARN when the backend
     * goes away and counting the borrows admitted so; the cluster-wide limit is back when the backend is.
     */
    FAIL_OPEN
}
