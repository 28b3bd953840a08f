package io.mcpool.impl;

import java.util.concurrent.atomic.LongAdder;

/** The pool's counters: contention-free adders, read into a {@code PoolMetrics} snapshot. */
final class PoolStats {
    final LongAdder borrows = new LongAdder();
    final LongAdder returns = new LongAdder();
    final LongAdder borrowTimeouts = new LongAdder();
    final LongAdder sessionsCreated = new LongAdder();
    final LongAdder sessionsDestroyed = new LongAdder();
    final LongAdder creationFailures = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder healthChecks = new LongAdder();
    final LongAdder healthCheckFailures = new LongAdder();
    final LongAdder recycled = new LongAdder();
    final LongAdder retryAttempts = new LongAdder();
    final LongAdder reconnects = new LongAdder();
    final LongAdder leaksDetected = new LongAdder();
    final LongAdder rateLimitWaits = new LongAdder();
    final LongAdder rateLimitRejects = new LongAdder();
    final LongAdder autoscaleUps = new LongAdder();
    final LongAdder autoscaleDowns = new LongAdder();
    /** Every borrow's wait: its count is {@link #borrows}, its total and maximum the pool's figures. */
    final LatencyHistogram borrowWaits = LatencyHistogram.striped();
    final LatencyHistogram leaseTimes = LatencyHistogram.striped();
    final ToolStats tools = new ToolStats();

    void borrowed(long waitNanos) {
        borrows.increment();
        borrowWaits.record(waitNanos);
    }
}
