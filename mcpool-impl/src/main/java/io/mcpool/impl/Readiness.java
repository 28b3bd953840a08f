package io.mcpool.impl;

import io.mcpool.event.PoolEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a pool has its warm set: ready once {@code minSessions} of the shared partition have been
 * open after start, degraded from a failed warm-up (with {@code gracefulDegradation}) until then.
 */
final class Readiness {

    private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);

    private final String poolName;
    private final PoolEvents events;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final ReentrantLock lock = new ReentrantLock();
    private volatile long degradedSinceNanos;
    private volatile boolean degraded;

    Readiness(String poolName, PoolEvents events) {
        this.poolName = poolName;
        this.events = events;
    }

    void degrade(Throwable cause) {
        degradedSinceNanos = System.nanoTime();
        degraded = true;
        LOG.warn("Pool '{}' starts degraded: the warm-up failed ({}); leases get short-lived sessions while the "
                + "warm set is rebuilt in the background", poolName, Failures.describe(cause));
        events.fire(() -> new PoolEvent.PoolDegraded(poolName, Instant.now(), cause));
    }

    /** Called whenever the warm set may have grown; turns ready (and not degraded) once it is full. */
    void warmSetIs(int open, int minSessions) {
        if (ready.isDone() || open < minSessions) {
            return;
        }
        lock.lock();
        try {
            if (ready.isDone()) {
                return;
            }
            boolean wasDegraded = degraded;
            degraded = false;
            if (wasDegraded) {
                Duration degradedFor = Duration.ofNanos(System.nanoTime() - degradedSinceNanos);
                LOG.info("Pool '{}' recovered: {} sessions warm after {} ms degraded", poolName, open,
                        degradedFor.toMillis());
                events.fire(() -> new PoolEvent.PoolRecovered(poolName, Instant.now(), degradedFor));
            }
            // Completed after PoolRecovered, so whoever awaited readiness sees the recovery announced.
            ready.complete(null);
        } finally {
            lock.unlock();
        }
        events.fire(() -> new PoolEvent.PoolReady(poolName, Instant.now()));
    }

    boolean isReady() {
        return ready.isDone();
    }

    boolean isDegraded() {
        return degraded;
    }

    boolean await(Duration timeout) throws InterruptedException {
        try {
            ready.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        }
    }
}
