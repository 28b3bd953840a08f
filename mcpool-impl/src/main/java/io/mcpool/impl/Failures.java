package io.mcpool.impl;

import io.modelcontextprotocol.spec.McpError;

/**
 * Decides what a failure seen by a lease means for its session. A JSON-RPC error is the server
 * answering: the session works. Anything else (transport failure, timeout, "session terminated",
 * a dead process) leaves the session in doubt, and a session in doubt is never lent again.
 */
final class Failures {

    private Failures() {
    }

    /**
     * @param failure what a call on a session threw
     * @return true when the session can safely be lent again
     */
    static boolean leavesSessionUsable(Throwable failure) {
        return (failure instanceof McpError && !isLostStream(failure))
                || failure instanceof Interceptors.InterceptorFailedException
                || isThrottled(failure) || isStatelessAnswer(failure);
    }

    /**
     * @return true when a server of the stateless revision 2026-07-28 answered: a JSON-RPC error, an answer the
     *     client could not use (a missing input handler, too many input rounds, an invalid result), or an HTTP
     *     4xx (the request was refused, not the connection lost)
     */
    private static boolean isStatelessAnswer(Throwable failure) {
        return failure instanceof io.modelcontextprotocol.modern.McpException
                || failure instanceof io.modelcontextprotocol.modern.client.McpInputHandlerMissingException
                || failure instanceof io.modelcontextprotocol.modern.client.McpInputRoundsExceededException
                || failure instanceof io.modelcontextprotocol.modern.client.McpMissingClientCapabilityException
                || failure instanceof io.modelcontextprotocol.modern.client.McpInvalidResultException
                || (failure instanceof io.modelcontextprotocol.modern.client.transport.McpHttpStatusException status
                        && status.statusCode() >= 400 && status.statusCode() < 500);
    }

    /**
     * @return true for the answer the pool gives a request whose response stream the server ended and that could
     *     not be resumed: not the server's answer, and the session's streams are in doubt
     */
    static boolean isLostStream(Throwable failure) {
        return io.mcpool.impl.transport.StreamResumption.isLostStream(failure);
    }

    /** @return true for an HTTP 429 answer: the server is busy, the session is fine */
    static boolean isThrottled(Throwable failure) {
        // SDK 2.1.0 says "Received unexpected status code: 429"; older ones "Status code: 429".
        return causes(failure).anyMatch(t -> (t instanceof io.modelcontextprotocol.modern.client.transport
                .McpHttpStatusException status && status.statusCode() == 429) || (t.getMessage() != null
                && t.getMessage().toLowerCase(java.util.Locale.ROOT).contains("status code: 429")));
    }

    /** @return the failure and its causes, outermost first */
    static java.util.stream.Stream<Throwable> causes(Throwable failure) {
        return java.util.stream.Stream.iterate(failure, t -> t != null, t -> t.getCause() == t ? null : t.getCause());
    }

    /** @return true when the failure is (or was caused by) an interruption of the calling thread */
    static boolean isInterruption(Throwable failure) {
        return causes(failure).anyMatch(t -> t instanceof InterruptedException
                || t instanceof java.io.InterruptedIOException || t instanceof java.nio.channels.ClosedByInterruptException);
    }

    /**
     * @return true when the failure says the server restarted or is gone, not just that one request
     *     failed: the server no longer knows the session, refused the connection, or closed it
     */
    static boolean meansServerGone(Throwable failure) {
        return causes(failure).anyMatch(t -> t instanceof io.modelcontextprotocol.spec.McpTransportSessionNotFoundException
                || t instanceof java.net.ConnectException || t instanceof java.nio.channels.ClosedChannelException
                || (t.getMessage() != null && (t.getMessage().contains("session with server terminated")
                        || t.getMessage().contains("Session not found") || t.getMessage().contains("Connection refused")
                        || t.getMessage().contains("header parser received no bytes"))));
    }

    /**
     * @return a one-line description of a failure, for messages: its root cause, with credential-shaped
     *     parts of the message masked (no stack)
     */
    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return io.mcpool.internal.Redactor.describe(root);
    }
}
