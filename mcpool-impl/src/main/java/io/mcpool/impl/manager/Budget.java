package io.mcpool.impl.manager;

import io.mcpool.BorrowOptions;
import io.mcpool.McpPool;
import java.time.Duration;

/**
 * The caller's budget for one borrow across all pools: {@link BorrowOptions#timeout()}, else the
 * {@code borrowTimeout} of the first pool tried, and never past the call's own deadline when it has one.
 * One per call, used by the caller's thread only.
 */
final class Budget {

    private static final long ONE_MILLISECOND = 1_000_000;

    private final Duration timeout;
    private final long callDeadline;
    private final boolean hasCallDeadline;
    private long deadline;
    private boolean started;

    Budget(BorrowOptions options) {
        this.timeout = options.timeout();
        this.callDeadline = 0;
        this.hasCallDeadline = false;
    }

    /**
     * @param options      the caller's borrow options
     * @param callDeadline the call's own deadline, in {@link System#nanoTime()}, which no wait goes beyond
     */
    Budget(BorrowOptions options, long callDeadline) {
        this.timeout = options.timeout();
        this.callDeadline = callDeadline;
        this.hasCallDeadline = true;
    }

    /** @return what is left for {@code pool}, or null when nothing is: then it gets one immediate try */
    Duration remaining(McpPool pool) {
        if (!started) {
            started = true;
            deadline = System.nanoTime() + (timeout != null ? timeout : pool.config().borrowTimeout()).toNanos();
            if (hasCallDeadline && callDeadline - deadline < 0) {
                deadline = callDeadline;
            }
        }
        long left = deadline - System.nanoTime();
        return left >= ONE_MILLISECOND ? Duration.ofNanos(left) : null;
    }
}
