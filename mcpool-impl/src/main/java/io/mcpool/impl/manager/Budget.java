package io.mcpool.impl.manager;

import io.mcpool.BorrowOptions;
import io.mcpool.McpPool;
import java.time.Duration;

/**
 * The caller's budget for one borrow across all pools: {@link BorrowOptions#timeout()}, else the
 * {@code borrowTimeout} of the first pool tried. One per call, used by the caller's thread only.
 */
final class Budget {

    private static final long ONE_MILLISECOND = 1_000_000;

    private final Duration timeout;
    private long deadline;
    private boolean started;

    Budget(BorrowOptions options) {
        this.timeout = options.timeout();
    }

    /** @return what is left for {@code pool}, or null when nothing is: then it gets one immediate try */
    Duration remaining(McpPool pool) {
        if (!started) {
            started = true;
            deadline = System.nanoTime() + (timeout != null ? timeout : pool.config().borrowTimeout()).toNanos();
        }
        long left = deadline - System.nanoTime();
        return left >= ONE_MILLISECOND ? Duration.ofNanos(left) : null;
    }
}
