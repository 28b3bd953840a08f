package io.mcpool;

/**
 * No session became free within the borrow timeout (the message names the wait, the limits and how many sessions were in use).
 */
public class PoolExhaustedException extends McpPoolException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened and what to change */
    public PoolExhaustedException(String message) {
        super(message);
    }

    /**
     * @param message what happened and what to change
     * @param cause   the underlying failure
     */
    public PoolExhaustedException(String message, Throwable cause) {
        super(message, cause);
    }
}
