package io.mcpool;

/**
 * A tenant is at its concurrency cap (maxConcurrentPerTenant) and the pool is configured to fail fast.
 */
public class TenantLimitException extends McpPoolException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened and what to change */
    public TenantLimitException(String message) {
        super(message);
    }

    /**
     * @param message what happened and what to change
     * @param cause   the underlying failure
     */
    public TenantLimitException(String message, Throwable cause) {
        super(message, cause);
    }
}
