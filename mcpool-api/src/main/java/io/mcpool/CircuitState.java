package io.mcpool;

/** The state of the circuit breaker that guards session creation. */
public enum CircuitState {
    /** Creation is allowed. */
    CLOSED,
    /** Creation fails fast with {@link CircuitOpenException}; idle sessions are still lent. */
    OPEN,
    /** One probe creation is allowed; its outcome closes or re-opens the breaker. */
    HALF_OPEN
}
