package io.mcpool.impl;

import io.mcpool.event.PoolEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports leases held longer than {@code leakDetectionThreshold}: one WARN with the stack of the
 * borrow when the threshold passes, one INFO if the lease comes back after all. The borrow's stack
 * is only captured when detection is on.
 */
final class LeakDetector {

    private static final Logger LOG = LoggerFactory.getLogger(LeakDetector.class);

    private final String poolName;
    private final ScheduledExecutorService scheduler;
    private final Supplier<Duration> threshold;
    private final PoolStats stats;
    private final PoolEvents events;

    LeakDetector(String poolName, ScheduledExecutorService scheduler, Supplier<Duration> threshold, PoolStats stats,
            PoolEvents events) {
        this.poolName = poolName;
        this.scheduler = scheduler;
        this.threshold = threshold;
        this.stats = stats;
        this.events = events;
    }

    /** @return a watch to {@link Watch#stop()} when the lease closes, or null when detection is off */
    Watch watch(ManagedSession session, long borrowedNanos) {
        Duration limit = threshold.get();
        if (limit.isZero()) {
            return null;
        }
        Watch watch = new Watch(session, borrowedNanos, new Throwable("borrowed here"));
        try {
            watch.task = scheduler.schedule(watch::report, limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            return null;
        }
        return watch;
    }

    /** One lease under watch. */
    final class Watch {
        private final ManagedSession session;
        private final long borrowedNanos;
        private final Throwable borrowSite;
        private volatile ScheduledFuture<?> task;
        private volatile boolean reported;

        private Watch(ManagedSession session, long borrowedNanos, Throwable borrowSite) {
            this.session = session;
            this.borrowedNanos = borrowedNanos;
            this.borrowSite = borrowSite;
        }

        private void report() {
            reported = true;
            Duration held = Duration.ofNanos(System.nanoTime() - borrowedNanos);
            stats.leaksDetected.increment();
            LOG.warn("Pool '{}': possible lease leak: {} has been held for {} ms without being closed; it was "
                    + "borrowed at:", poolName, session, held.toMillis(), borrowSite);
            events.fire(() -> new PoolEvent.LeakSuspected(poolName, Instant.now(), session.id(), session.key(), held,
                    borrowSite));
        }

        void stop() {
            ScheduledFuture<?> t = task;
            if (t != null) {
                t.cancel(false);
            }
            if (reported) {
                LOG.info("Pool '{}': the lease on {} reported as a possible leak was returned after {} ms", poolName,
                        session, Duration.ofNanos(System.nanoTime() - borrowedNanos).toMillis());
            }
        }
    }
}
