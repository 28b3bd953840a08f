package io.mcpool.impl;

/**
 * Internal signal from the factory to the borrow loop: {@code maxSessions} are open across all keys
 * and none of another key was idle to reclaim. The borrower waits and tries again within its timeout.
 */
final class NoCapacityException extends Exception {
    private static final long serialVersionUID = 1L;

    NoCapacityException() {
        super("maxSessions reached across all keys", null, false, false);
    }
}
