package io.mcpool.impl;

import io.mcpool.AutoScalerConfig;
import io.mcpool.PoolMetrics;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the warm floor with the load. Every interval it folds the mean borrow wait and the idle share
 * of that interval into exponentially weighted moving averages (read from the pool's counters, so the
 * borrow path pays nothing), then raises the floor when callers wait, lowers it when sessions sit idle
 * and nobody waits, within the configured bounds and at most once per cooldown.
 */
final class AutoScaler {

    private static final Logger LOG = LoggerFactory.getLogger(AutoScaler.class);
    /** Weight of the newest interval in the moving averages. */
    private static final double ALPHA = 0.5;

    /** Moves the pool's warm floor, for a reason to log. */
    @FunctionalInterface
    interface Floor {
        void move(int from, int to, String reason);
    }

    private final AutoScalerConfig config;
    private final PoolStats stats;
    private final Supplier<PoolMetrics> metrics;
    private final Floor floor;
    private long lastBorrows;
    private long lastWaitNanos;
    private double waitEwmaNanos;
    private double idleEwma;
    private long lastChangeNanos = System.nanoTime();

    AutoScaler(AutoScalerConfig config, PoolStats stats, Supplier<PoolMetrics> metrics, Floor floor) {
        this.config = config;
        this.stats = stats;
        this.metrics = metrics;
        this.floor = floor;
    }

    /** Runs {@link #tick()} every {@code interval} on the pool's housekeeping thread; a failed tick is logged. */
    void scheduleOn(PoolResources resources, String poolName) {
        resources.housekeepEvery(config.interval(), () -> {
            try {
                tick();
            } catch (RuntimeException e) {
                LOG.warn("Pool '{}': autoscaling failed: {}", poolName, io.mcpool.internal.Redactor.describe(e));
                LOG.debug("Pool '{}': autoscaling failed", poolName, e);
            }
        });
    }

    /** One sample and, cooldown permitting, one decision. */
    synchronized void tick() {
        long borrows = stats.borrows.sum();
        long waitNanos = stats.borrowWaits.totalNanos();
        long dBorrows = borrows - lastBorrows;
        double meanWait = dBorrows == 0 ? 0 : (double) (waitNanos - lastWaitNanos) / dBorrows;
        lastBorrows = borrows;
        lastWaitNanos = waitNanos;
        PoolMetrics m = metrics.get();
        if (m.waiters() > 0) {
            // Borrowers still queued have waited at least this long already; don't wait for them to finish.
            meanWait = Math.max(meanWait, config.scaleUpWait().toNanos() * 2.0);
        }
        double idleShare = m.total() == 0 ? 0 : (double) m.idle() / m.total();
        waitEwmaNanos = ALPHA * meanWait + (1 - ALPHA) * waitEwmaNanos;
        idleEwma = ALPHA * idleShare + (1 - ALPHA) * idleEwma;

        long now = System.nanoTime();
        if (now - lastChangeNanos < config.cooldown().toNanos()) {
            return;
        }
        int current = m.minSessions();
        long upThreshold = config.scaleUpWait().toNanos();
        if (waitEwmaNanos > upThreshold && current < Math.min(config.maxFloor(), m.maxSessions())) {
            int to = Math.min(Math.min(config.maxFloor(), m.maxSessions()), current + config.step());
            stats.autoscaleUps.increment();
            lastChangeNanos = now;
            floor.move(current, to, "borrow wait " + ms(waitEwmaNanos) + " ms > " + config.scaleUpWait().toMillis() + " ms");
        } else if (waitEwmaNanos < upThreshold / 4.0 && idleEwma > config.scaleDownIdleRatio()
                && current > config.minFloor()) {
            int to = Math.max(config.minFloor(), current - config.step());
            stats.autoscaleDowns.increment();
            lastChangeNanos = now;
            floor.move(current, to, String.format("idle share %.2f > %.2f and no wait", idleEwma,
                    config.scaleDownIdleRatio()));
        }
    }

    private static String ms(double nanos) {
        return String.format("%.1f", nanos / 1e6);
    }
}
