package io.mcpool.event;

import io.mcpool.FlushMode;
import io.mcpool.McpPool;
import io.mcpool.PooledSession;

/** Why the pool closed a session. */
public enum DestroyReason {
    /** A transport failure, timeout or lost server session made it unusable. */
    BROKEN,
    /** A health probe failed. */
    HEALTH_CHECK_FAILED,
    /** It sat idle longer than {@code idleTimeout} above {@code minSessions}. */
    IDLE_TIMEOUT,
    /** It reached {@code maxSessionLifetime}. */
    MAX_LIFETIME,
    /** It belonged to an older generation (server restart, or an operator's flush). */
    STALE_GENERATION,
    /** The pool was shrunk below the number of open sessions. */
    RESIZE,
    /** Capacity was reclaimed for another key. */
    RECLAIMED,
    /** A lease went unused past {@code abandonedTimeout} and its session was reclaimed. */
    ABANDONED,
    /** A short-lived session lent while the pool was degraded. */
    DEGRADED,
    /** An operator flushed the pool ({@link McpPool#flush(FlushMode)}). */
    FLUSHED,
    /** The pool shut down. */
    SHUTDOWN,
    /** The lease holder invalidated it with {@link PooledSession#invalidate()}. */
    INVALIDATED_BY_USER
}
