package io.mcpool.impl;

/**
 * Why a session is being created, and until when a borrower waits for it. It travels with the
 * creation through Commons Pool (see {@code CommonsPoolAdapter}), so nothing about a creation is kept
 * per thread.
 *
 * @param purpose       who asked
 * @param deadlineNanos for {@link Purpose#BORROW}: when the borrower stops waiting ({@link System#nanoTime()}
 *                      clock); retries of the creation stop there too
 */
record CreationRequest(Purpose purpose, long deadlineNanos) {

    /** Who asked for a session. */
    enum Purpose {
        /** A borrower waits for it; it may give up (timeout, interrupt). */
        BORROW,
        /** The warm set: start-up, the warm floor, recycling. Kept even while the pool is degraded. */
        WARM,
        /** Capacity raised while borrowers wait: one session per waiter. */
        FOR_WAITER
    }

    private static final CreationRequest WARM = new CreationRequest(Purpose.WARM, 0);
    private static final CreationRequest FOR_WAITER = new CreationRequest(Purpose.FOR_WAITER, 0);

    static CreationRequest borrow(long deadlineNanos) {
        return new CreationRequest(Purpose.BORROW, deadlineNanos);
    }

    static CreationRequest warm() {
        return WARM;
    }

    static CreationRequest forWaiter() {
        return FOR_WAITER;
    }

    /** @return whether a borrower waits, who may give up: then the creation runs on a connector thread */
    boolean hasBorrower() {
        return purpose == Purpose.BORROW;
    }

    /** @return whether another attempt may start at {@code nowNanos} */
    boolean allowsRetryAt(long nowNanos) {
        return purpose != Purpose.BORROW || nowNanos - deadlineNanos < 0;
    }
}
