package io.mcpool;

/**
 * Session creation is suspended because the circuit breaker is open; idle sessions are still lent.
 */
public class CircuitOpenException extends McpPoolException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened and what to change */
    public CircuitOpenException(String message) {
        super(message);
    }

    /**
     * @param message what happened and what to change
     * @param cause   the underlying failure
     */
    public CircuitOpenException(String message, Throwable cause) {
        super(message, cause);
    }
}
