package io.mcpool.impl;

import io.mcpool.PoolClosedException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Timed waits that the pool's shutdown can cut short: waiters park with {@link LockSupport} (never on
 * a monitor, so a virtual thread leaves its carrier) and {@link #close()} wakes every one of them with
 * {@link PoolClosedException}.
 */
final class Parking {

    private final Supplier<PoolClosedException> closedError;
    private final Set<Thread> parked = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** @param closedError the error for a waiter that the pool's shutdown woke */
    Parking(Supplier<PoolClosedException> closedError) {
        this.closedError = closedError;
    }

    /**
     * Parks until {@code untilNanos}, or until the pool closes ({@link PoolClosedException}).
     *
     * @param what what the thread waits for, for the interruption's message
     * @throws InterruptedException when the thread is interrupted
     */
    void parkUntil(long untilNanos, String what) throws InterruptedException {
        Thread me = Thread.currentThread();
        parked.add(me);
        try {
            while (true) {
                throwIfClosed();
                long left = untilNanos - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                LockSupport.parkNanos(this, left);
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while waiting for " + what);
                }
            }
        } finally {
            parked.remove(me);
        }
    }

    /** @throws PoolClosedException when the pool has closed */
    void throwIfClosed() {
        if (closed) {
            throw closedError.get();
        }
    }

    /** Wakes every waiter: they get {@link PoolClosedException}. */
    void close() {
        closed = true;
        parked.forEach(LockSupport::unpark);
    }
}
