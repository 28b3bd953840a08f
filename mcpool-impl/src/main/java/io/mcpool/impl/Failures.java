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
        return failure instanceof McpError || isThrottled(failure);
    }

    /** @return true for an HTTP 429 answer: the server is busy, the session is fine */
    static boolean isThrottled(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            // SDK 2.1.0 says "Received unexpected status code: 429"; older ones "Status code: 429".
            if (message != null && message.toLowerCase(java.util.Locale.ROOT).contains("status code: 429")) {
                return true;
            }
        }
        return false;
    }

    /** @return true when the failure is (or was caused by) an interruption of the calling thread */
    static boolean isInterruption(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InterruptedException || t instanceof java.io.InterruptedIOException
                    || t instanceof java.nio.channels.ClosedByInterruptException) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return true when the failure says the server restarted or is gone, not just that one request
     *     failed: the server no longer knows the session, refused the connection, or closed it
     */
    static boolean meansServerGone(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.modelcontextprotocol.spec.McpTransportSessionNotFoundException
                    || t instanceof java.net.ConnectException
                    || t instanceof java.nio.channels.ClosedChannelException) {
                return true;
            }
            String message = t.getMessage();
            if (message != null && (message.contains("session with server terminated")
                    || message.contains("Session not found") || message.contains("Connection refused")
                    || message.contains("header parser received no bytes"))) {
                return true;
            }
        }
        return false;
    }

    /** @return a one-line description of a failure, for messages (no stack, no secrets from us) */
    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
