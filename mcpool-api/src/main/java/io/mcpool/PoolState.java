package io.mcpool;

/**
 * Where a pool is in its life, from {@link McpPool#state()}. A pool moves forward only:
 * {@code NEW → STARTING → RUNNING → CLOSING → CLOSED} (a pool shut down before it started goes
 * straight to {@code CLOSED}).
 */
public enum PoolState {
    /** Created; {@link McpPool#start()} has not been called. Borrows are refused. */
    NEW,
    /** {@link McpPool#start()} is warming {@code minSessions} sessions. */
    STARTING,
    /** Serving borrows (possibly degraded: see {@link McpPool#isDegraded()}). */
    RUNNING,
    /** Shutting down: new borrows are refused while lent sessions come back, for up to {@code drainTimeout}. */
    CLOSING,
    /** Shut down: every session is closed, or is closed when its lease comes back. */
    CLOSED
}
