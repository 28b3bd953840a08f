package io.mcpool;

/** Where a session is in its life, as shown by {@link McpPool#debugSnapshot()}. */
public enum SessionState {
    /** In the pool, free to lend. */
    IDLE,
    /** Lent out under a lease. */
    LENT,
    /** Being health-checked by housekeeping (not lendable meanwhile). */
    VALIDATING,
    /** Retired; being closed. */
    CLOSING
}
