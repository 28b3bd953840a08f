package io.mcpool;

/**
 * What {@link McpPool#flush(FlushMode)} does (named after Agroal's flush modes). None of them ever
 * closes a session under its lease holder.
 */
public enum FlushMode {
    /** Close every idle session now; housekeeping then refills {@code minSessions}. */
    IDLE,
    /**
     * Retire every session: idle ones now, lent ones when they come back. Use it after the server was
     * redeployed or its credentials rotated.
     */
    GRACEFUL,
    /** Health-check every idle session now and close those that fail. */
    INVALID,
    /** Open sessions up to {@code minSessions} now instead of at the next housekeeping run. */
    FILL
}
