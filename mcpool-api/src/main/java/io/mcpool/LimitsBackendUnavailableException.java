package io.mcpool;

/**
 * The distributed limits backend could not be reached and the failure policy for that limit is
 * {@link LimitsFailurePolicy#FAIL_CLOSED}: the borrow is refused rather than let past a limit that
 * cannot be checked.
 */
public class LimitsBackendUnavailableException extends McpPoolException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened and what to change
     * @param cause   the backend's failure
     */
    public LimitsBackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
