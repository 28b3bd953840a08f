package io.mcpool.impl;

import io.mcpool.CallTimeoutException;
import io.modelcontextprotocol.common.McpTransportContext;
import java.util.concurrent.CancellationException;

/**
 * What happens when a caller gives up on a request: its deadline passed, its thread was interrupted, or it
 * cancelled the future of an asynchronous call. The server is sent {@code notifications/cancelled} for the
 * request (MCP 2025-11-25), so it stops the work, and the session stays in the pool when its transport is
 * healthy: the call was slow, not the session. A handle of the stateless revision 2026-07-28 has no transport of
 * its own and nothing is sent: giving up cancels the request's subscription, which closes its HTTP response stream,
 * that revision's cancellation ({@link ModernRequests}). The pool's own {@code requestTimeout} running out is different:
 * the server did not answer within the longest wait the pool allows, so the request is cancelled too, but the
 * session stays in doubt and is retired, as before.
 */
final class Cancellation {

    /** Reasons sent to the server; they show in its logs. */
    static final String DEADLINE = "The caller's deadline passed";
    static final String INTERRUPTED = "The caller was interrupted";
    static final String CANCELLED = "The caller cancelled the request";
    static final String REQUEST_TIMEOUT = "The client's request timeout passed";

    private Cancellation() {
    }

    /**
     * A call starts on {@code session}.
     *
     * @return the id of the last request sent on it, read before the call to know its own request later
     */
    static Object callStarts(ManagedSession session) {
        PoolManagedTransport t = session.transport();
        return t == null ? null : t.callStarts();
    }

    /**
     * Cancels the request a failed call left on the server, when the caller gave up on it.
     *
     * @param session  the session that carried the call
     * @param before   {@link #lastRequestId} read before the call was sent
     * @param context  the lease's transport context
     * @param failure  what the call failed with
     * @return null when the failure is not a caller giving up (classify it as usual); otherwise whether the
     *     session stays usable
     */
    static Boolean afterFailure(ManagedSession session, Object before, McpTransportContext context, Throwable failure) {
        String reason = reason(failure);
        if (reason == null) {
            return null;
        }
        PoolManagedTransport t = session.transport();
        Object id = t == null ? null : t.lastRequestId();
        if (t != null && session.isProcessAlive()) {
            if (id != null && id != before) {
                t.cancel(id, reason, context);
            } else if (reason != REQUEST_TIMEOUT) {
                t.cancelWhenSent(before, reason, context); // given up on before its request went out
            }
        }
        return reason != REQUEST_TIMEOUT && session.isProcessAlive() && !session.isBroken();
    }

    private static String reason(Throwable failure) {
        if (failure instanceof CallTimeoutException) {
            return DEADLINE;
        }
        if (failure instanceof CancellationException) {
            return CANCELLED;
        }
        if (Failures.isInterruption(failure) && Failures.causes(failure)
                .noneMatch(java.nio.channels.ClosedByInterruptException.class::isInstance)) {
            return INTERRUPTED; // (a channel closed by the interrupt is a broken transport, classified as usual)
        }
        if (Failures.causes(failure).anyMatch(java.util.concurrent.TimeoutException.class::isInstance)) {
            return REQUEST_TIMEOUT;
        }
        return null;
    }
}
