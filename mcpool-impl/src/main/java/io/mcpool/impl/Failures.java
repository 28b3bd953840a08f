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
        return failure instanceof McpError;
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
