package io.mcpool;

/**
 * The pool is shutting down or closed; no new session can be borrowed.
 */
public class PoolClosedException extends McpPoolException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened and what to change */
    public PoolClosedException(String message) {
        super(message);
    }

    /**
     * @param message what happened and what to change
     * @param cause   the underlying failure
     */
    public PoolClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
