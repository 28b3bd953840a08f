package io.mcpool;

/**
 * The root of the pool's exceptions. Every pool exception is unchecked and says what happened and
 * what to change.
 */
public class McpPoolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened and what to change */
    public McpPoolException(String message) {
        super(message);
    }

    /**
     * @param message what happened and what to change
     * @param cause   the underlying failure
     */
    public McpPoolException(String message, Throwable cause) {
        super(message, cause);
    }
}
