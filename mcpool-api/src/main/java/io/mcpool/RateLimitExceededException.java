package io.mcpool;

/**
 * The pool's rate limit refused the borrow (rate-limit mode REJECT).
 */
public class RateLimitExceededException extends McpPoolException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened and what to change */
    public RateLimitExceededException(String message) {
        super(message);
    }

    /**
     * @param message what happened and what to change
     * @param cause   the underlying failure
     */
    public RateLimitExceededException(String message, Throwable cause) {
        super(message, cause);
    }
}
