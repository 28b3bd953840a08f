package io.mcpool;

/**
 * Where a pool's rate limits and tenant caps are kept, and whether that place answers: the
 * {@code mcpool.limits.backend.state} metric and the JMX attribute of the same name.
 */
public enum LimitsBackendState {
    /** No distributed backend: every limit holds per instance (the default). */
    LOCAL,
    /** A distributed backend answers: the limits hold across every instance sharing it. */
    AVAILABLE,
    /**
     * The distributed backend does not answer: each limit follows its failure policy (fail open to the
     * per-instance limit, or fail closed and refuse) until the backend answers again.
     */
    UNAVAILABLE
}
