package io.mcpool;

/**
 * A new session could not be created: the transport failed to connect, {@code initialize}
 * failed, or the warm-up hook threw. The cause is always attached.
 */
public class SessionCreationException extends McpPoolException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened and what to change
     * @param cause   the underlying failure
     */
    public SessionCreationException(String message, Throwable cause) {
        super(message, cause);
    }
}
