package io.mcpool.impl;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cap on sessions open across all keys ({@code maxSessions}). Commons Pool's own {@code maxTotal}
 * is not used for this: when it is reached, {@code GenericKeyedObjectPool.create} destroys the oldest
 * idle objects of <em>any</em> key, including the borrower's own, so under contention a borrower that
 * raced a return would replace a warm session with a new one. Commons Pool keeps the per-key cap
 * (which waits correctly); this gate keeps the total.
 *
 * <p>A slot is held from the moment a creation starts until the session is closed, so {@link #open()} counts
 * every session that may still send on the pool's HTTP client: being created, lent or idle, or closing.
 */
final class CapacityGate {

    private final AtomicInteger open = new AtomicInteger();
    private volatile int max;
    private final Runnable afterRelease;

    /**
     * @param max          {@code maxSessions}
     * @param afterRelease told after every {@link #release()} (a closed pool releases its HTTP client once no slot
     *     is held)
     */
    CapacityGate(int max, Runnable afterRelease) {
        this.max = max;
        this.afterRelease = afterRelease;
    }

    /** @return true when a session may be created; the caller must {@link #release()} when it is gone */
    boolean tryAcquire() {
        while (true) {
            int current = open.get();
            if (current >= max) {
                return false;
            }
            if (open.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    void release() {
        open.decrementAndGet();
        afterRelease.run();
    }

    void max(int max) {
        this.max = max;
    }

    /** @return the slots held: sessions being created, open, or closing */
    int open() {
        return open.get();
    }
}
