package io.mcpool.impl;

import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/** The pool's counters: contention-free adders, read into a {@code PoolMetrics} snapshot. */
final class PoolStats {
    final LongAdder borrows = new LongAdder();
    final LongAdder returns = new LongAdder();
    final LongAdder borrowTimeouts = new LongAdder();
    final LongAdder borrowWaitNanos = new LongAdder();
    final LongAccumulator maxBorrowWaitNanos = new LongAccumulator(Math::max, 0);
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
    final LatencyHistogram borrowWaits = new LatencyHistogram();
    final LatencyHistogram leaseTimes = new LatencyHistogram();
    final ToolStats tools = new ToolStats();

    void borrowed(long waitNanos) {
        borrows.increment();
        borrowWaitNanos.add(waitNanos);
        maxBorrowWaitNanos.accumulate(waitNanos);
        borrowWaits.record(waitNanos);
    }
}
