package io.mcpool.impl.manager;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One caller inside a pool's {@code borrow}, registered with its {@link ManagedPool} so that the
 * manager can take it out when that pool goes down (its breaker opens) and send it to the next pool
 * with what is left of its budget. The release interrupts the caller's thread; {@link #leave()}
 * takes the interrupt back, so the caller never sees it.
 */
final class Waiter {

    private static final int WAITING = 0;
    private static final int RELEASING = 1;
    private static final int RELEASED = 2;
    private static final int DONE = 3;

    private final Thread thread = Thread.currentThread();
    private final AtomicInteger state = new AtomicInteger(WAITING);

    /**
     * Takes the caller out of the pool's borrow, unless it has already left it or is the thread
     * calling (which is not waiting, then).
     */
    void releaseUnlessCurrent() {
        if (thread != Thread.currentThread() && !thread.isInterrupted() && state.compareAndSet(WAITING, RELEASING)) {
            thread.interrupt();
            state.set(RELEASED);
        }
    }

    /**
     * Called by the caller's own thread when its borrow returned or threw.
     *
     * @return true when the manager released the caller (its thread's interrupt, sent by the manager,
     *     is cleared); false when the borrow ended on its own
     */
    boolean leave() {
        if (state.compareAndSet(WAITING, DONE)) {
            return false;
        }
        while (state.get() == RELEASING) {
            Thread.onSpinWait();
        }
        Thread.interrupted();
        return true;
    }
}
