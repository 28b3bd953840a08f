package io.mcpool;

import java.time.Duration;

/**
 * A call ran out of its own deadline ({@link CallOptions#timeout()}) before the server answered. The
 * pool told the server to stop ({@code notifications/cancelled}, or on the stateless revision 2026-07-28 over
 * HTTP by closing the request's response stream); the session is not to blame and stays
 * in the pool while its transport is healthy.
 */
public class CallTimeoutException extends McpPoolException {
    private static final long serialVersionUID = 1L;

    private final Duration timeout;

    /**
     * @param message what timed out and what to change
     * @param timeout the deadline that passed
     */
    public CallTimeoutException(String message, Duration timeout) {
        super(message);
        this.timeout = timeout;
    }

    /** @return the call's deadline that passed */
    public Duration timeout() {
        return timeout;
    }
}
