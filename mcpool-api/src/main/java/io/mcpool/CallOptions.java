package io.mcpool;

import java.time.Duration;
import java.util.Objects;

/**
 * How one MCP request is made, beside how its session was borrowed ({@link BorrowOptions}): today its
 * deadline. Immutable; {@link #none()} is the default of every call that takes no options.
 *
 * <pre>{@code
 * CallOptions quick = CallOptions.within(Duration.ofSeconds(2));
 * try (PooledSession s = pool.borrow()) {
 *     s.callTool("echo", Map.of("message", "hi"), quick);
 * }
 * }</pre>
 *
 * <p>Why a type of its own and not a timeout on {@link BorrowOptions}: a lease makes many calls, each
 * with a deadline of its own, and the options of a borrow are fixed for the lease's life. A call's
 * deadline can only shorten the pool's {@code requestTimeout}, which still bounds every request; on the
 * pool's own shortcuts ({@link McpPool#callTool(String, java.util.Map, BorrowOptions, CallOptions)}) it
 * also bounds the wait for a session.
 *
 * <p>When the deadline passes before the server answers, the call fails with
 * {@link CallTimeoutException}, the pool sends the server {@code notifications/cancelled} for the
 * request (on the stateless revision 2026-07-28 over HTTP it closes the request's response stream, which is
 * that revision's cancellation), and the session stays in the pool as long as its transport is healthy.
 */
public final class CallOptions {

    private static final CallOptions NONE = new CallOptions(null);

    private final Duration timeout;

    private CallOptions(Duration timeout) {
        this.timeout = timeout;
    }

    /** @return no per-call options: the request is bounded by the pool's {@code requestTimeout} only */
    public static CallOptions none() {
        return NONE;
    }

    /**
     * @param timeout how long the call may take, from the moment it is made; positive
     * @return options with that deadline
     * @throws NullPointerException     when {@code timeout} is null
     * @throws IllegalArgumentException when {@code timeout} is zero or negative
     */
    public static CallOptions within(Duration timeout) {
        return builder().timeout(timeout).build();
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these options, to derive others from them */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.timeout = timeout;
        return b;
    }

    /** @return the call's time budget, or null for none (the pool's {@code requestTimeout} alone) */
    public Duration timeout() {
        return timeout;
    }

    /** @return true when these options ask for nothing beyond the pool's defaults */
    public boolean isNone() {
        return timeout == null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CallOptions other && Objects.equals(timeout, other.timeout);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(timeout);
    }

    @Override
    public String toString() {
        return "CallOptions{timeout=" + timeout + '}';
    }

    /** Builds {@link CallOptions}; every setter refuses invalid values at once. */
    public static final class Builder {

        private Duration timeout;

        private Builder() {
        }

        /**
         * @param timeout how long the call may take; a positive duration (nanosecond precision). A call
         *     without one is bounded by the pool's {@code requestTimeout} alone: leave this unset for that
         * @return this builder
         * @throws NullPointerException     when {@code timeout} is null
         * @throws IllegalArgumentException when {@code timeout} is zero or negative
         */
        public Builder timeout(Duration timeout) {
            if (timeout == null) {
                throw new NullPointerException("CallOptions.timeout must not be null; allowed: a positive duration, "
                        + "or leave it unset (CallOptions.none()) for the pool's requestTimeout alone");
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("CallOptions.timeout must be a positive duration, was " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** @return the options; {@link CallOptions#none()} when nothing was set */
        public CallOptions build() {
            return timeout == null ? NONE : new CallOptions(timeout);
        }
    }
}
