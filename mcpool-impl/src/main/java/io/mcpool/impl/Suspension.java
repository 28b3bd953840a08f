package io.mcpool.impl;

import io.mcpool.PoolClosedException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool's suspension, as HikariCP's {@code suspendPool}: while suspended, borrowers wait (within their
 * budget) instead of being lent a session, and every one of them goes on at {@link #resume()}. Leases
 * already out, housekeeping and health probes go on as usual. When not suspended a borrow pays one
 * volatile read. Waits are on a {@link Condition}, never a monitor, and the pool's shutdown wakes them.
 */
final class Suspension {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition resumed = lock.newCondition();
    private static final Logger LOG = LoggerFactory.getLogger(Suspension.class);

    private final String poolName;
    private final Supplier<PoolClosedException> closedError;
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile boolean suspended;
    private volatile boolean closed;

    Suspension(String poolName, Supplier<PoolClosedException> closedError) {
        this.poolName = poolName;
        this.closedError = closedError;
    }

    void suspend() {
        suspended = true;
        LOG.info("Pool '{}' suspended: borrowers wait until resume()", poolName);
    }

    void resume() {
        boolean was;
        lock.lock();
        try {
            was = suspended;
            suspended = false;
            resumed.signalAll();
        } finally {
            lock.unlock();
        }
        if (was) {
            LOG.info("Pool '{}' resumed", poolName);
        }
    }

    boolean isSuspended() {
        return suspended;
    }

    /** Borrowers waiting for {@link #resume()} now; they count among the pool's waiters. */
    int waiting() {
        return waiting.get();
    }

    /**
     * @return true when the pool is not suspended, or is resumed before {@code deadlineNanos}; false when
     *     the deadline passed while suspended
     * @throws PoolClosedException  when the pool closes meanwhile
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    boolean awaitResumed(long deadlineNanos) throws InterruptedException {
        if (!suspended) {
            return true;
        }
        lock.lock();
        waiting.incrementAndGet();
        try {
            while (suspended) {
                if (closed) {
                    throw closedError.get();
                }
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                resumed.awaitNanos(Math.min(left, TimeUnit.SECONDS.toNanos(1)));
            }
            return true;
        } finally {
            waiting.decrementAndGet();
            lock.unlock();
        }
    }

    /** The pool is shutting down: every borrower waiting for {@link #resume()} gets {@link PoolClosedException}. */
    void close() {
        lock.lock();
        try {
            closed = true;
            resumed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
