package io.mcpool.impl;

import io.mcpool.PoolClosedException;
import io.mcpool.PoolState;
import java.util.concurrent.atomic.AtomicReference;

/** Where a pool is in its life ({@link PoolState}), and the errors for calls that come at the wrong time. */
final class PoolLifecycle {

    private final String poolName;
    private final AtomicReference<PoolState> state = new AtomicReference<>(PoolState.NEW);

    PoolLifecycle(String poolName) {
        this.poolName = poolName;
    }

    PoolState state() {
        return state.get();
    }

    /** @return true for the one caller that moves the pool from NEW to STARTING */
    boolean beginStart() {
        return state.compareAndSet(PoolState.NEW, PoolState.STARTING);
    }

    /** @return false when the pool was shut down while starting */
    boolean finishStart() {
        return state.compareAndSet(PoolState.STARTING, PoolState.RUNNING);
    }

    /** @return true for the one caller that moves the pool to CLOSING; false when it already closes */
    boolean beginShutdown() {
        PoolState previous;
        do {
            previous = state.get();
            if (previous == PoolState.CLOSING || previous == PoolState.CLOSED) {
                return false;
            }
        } while (!state.compareAndSet(previous, PoolState.CLOSING));
        return true;
    }

    void closed() {
        state.set(PoolState.CLOSED);
    }

    /** @return true while borrows are served: STARTING or RUNNING */
    boolean isOpen() {
        PoolState s = state.get();
        return s == PoolState.STARTING || s == PoolState.RUNNING;
    }

    boolean isRunning() {
        return state.get() == PoolState.RUNNING;
    }

    boolean isClosing() {
        return state.get() == PoolState.CLOSING;
    }

    boolean isClosed() {
        return state.get() == PoolState.CLOSED;
    }

    /**
     * @throws IllegalStateException when the pool was never started
     * @throws PoolClosedException   when it is shut down
     */
    void ensureOpen() {
        PoolState s = state.get();
        if (s == PoolState.NEW) {
            throw new IllegalStateException("Pool '" + poolName + "' is not started; call start() first");
        }
        if (s != PoolState.STARTING && s != PoolState.RUNNING) {
            throw closedError();
        }
    }

    PoolClosedException closedError() {
        return closedError(null);
    }

    /** @param cause what failed because the pool was shutting down, or null */
    PoolClosedException closedError(Throwable cause) {
        return new PoolClosedException("Pool '" + poolName + "' is shut down; no new sessions can be borrowed", cause);
    }

    PoolClosedException notRestartable() {
        return new PoolClosedException("Pool '" + poolName + "' was shut down and cannot be restarted; create a new pool");
    }
}
