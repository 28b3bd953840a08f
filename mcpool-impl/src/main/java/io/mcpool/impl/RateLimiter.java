package io.mcpool.impl;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.mcpool.McpPoolException;
import io.mcpool.PoolClosedException;
import io.mcpool.PoolConfig;
import io.mcpool.RateLimitExceededException;
import io.mcpool.RateLimitMode;
import io.mcpool.SessionKey;
import io.mcpool.event.PoolEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool's rate limit: a Bucket4j token bucket per pool (or per tenant), plus a pause the server
 * asks for with HTTP 429 and {@code Retry-After}. One permit per borrow. In WAIT mode the wait counts
 * against the borrow timeout; in REJECT mode a borrow without a permit fails at once.
 */
final class RateLimiter {

    private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);
    private static final String SHARED = "\u0000shared";

    /** A tenant's bucket and when it was last used, so idle tenants' buckets can be dropped. */
    private static final class TenantBucket {
        final Bucket bucket;
        volatile long lastUsedNanos = System.nanoTime();

        TenantBucket(Bucket bucket) {
            this.bucket = bucket;
        }
    }

    private final PoolConfig config;
    private final PoolStats stats;
    private final PoolEvents events;
    private final Bucket poolBucket;
    private final ConcurrentHashMap<String, TenantBucket> tenantBuckets = new ConcurrentHashMap<>();
    private final AtomicLong pausedUntilNanos = new AtomicLong(System.nanoTime());
    private final Supplier<PoolClosedException> closedError;
    /** Threads parked for a permit or a server pause: {@link #close()} wakes them. */
    private final Set<Thread> parked = ConcurrentHashMap.newKeySet();
    private final BlockingStrategy wakeOnClose = nanos -> parkUntil(System.nanoTime() + nanos);
    private volatile boolean closed;

    /** @param closedError the error for a waiter that the pool's shutdown woke */
    RateLimiter(PoolConfig config, PoolStats stats, PoolEvents events, Supplier<PoolClosedException> closedError) {
        this.config = config;
        this.stats = stats;
        this.events = events;
        this.closedError = closedError;
        this.poolBucket = config.rateLimit() > 0 && !config.rateLimitPerTenant() ? newBucket() : null;
    }

    private Bucket newBucket() {
        // rateLimit may be fractional (0.5/s = 1 every 2 s): refill whole tokens over the matching period.
        double rate = config.rateLimit();
        long tokens = Math.max(1, Math.round(rate));
        Duration period = Duration.ofNanos((long) (tokens / rate * 1_000_000_000L));
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(config.rateLimitBurst()).refillGreedy(tokens, period).build())
                .build();
    }

    /**
     * Takes a permit for a borrow of {@code key}.
     *
     * @throws RateLimitExceededException when refused (REJECT) or when the wait would pass the deadline
     */
    void acquire(SessionKey key, long deadlineNanos) {
        long start = System.nanoTime();
        waitOutServerPause(key, deadlineNanos, start);
        Bucket bucket = bucketFor(key);
        if (bucket == null) {
            return;
        }
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return;
        }
        long remaining = deadlineNanos - System.nanoTime();
        if (config.rateLimitMode() == RateLimitMode.REJECT || probe.getNanosToWaitForRefill() > remaining) {
            throw rejected(key, "rateLimit=" + config.rateLimit() + "/s (burst " + config.rateLimitBurst()
                    + ") has no permit" + (config.rateLimitMode() == RateLimitMode.REJECT ? ""
                            : " within the borrow timeout"));
        }
        try {
            if (!bucket.asBlocking().tryConsume(1, Duration.ofNanos(remaining), wakeOnClose)) {
                throw rejected(key, "rateLimit=" + config.rateLimit() + "/s has no permit within the borrow timeout");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new McpPoolException("Interrupted while waiting for a rate-limit permit of pool '" + config.name()
                    + "'", e);
        }
        waited(key, System.nanoTime() - start);
    }

    private void waitOutServerPause(SessionKey key, long deadlineNanos, long start) {
        long pause = pausedUntilNanos.get() - start;
        if (pause <= 0) {
            return;
        }
        if (config.rateLimitMode() == RateLimitMode.REJECT || pause > deadlineNanos - start) {
            throw rejected(key, "the server asked to retry after " + TimeUnit.NANOSECONDS.toMillis(pause)
                    + " ms (HTTP 429)");
        }
        try {
            parkUntil(start + pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new McpPoolException("Interrupted while backing off for the server of pool '" + config.name() + "'", e);
        }
        waited(key, System.nanoTime() - start);
    }

    /**
     * Parks until {@code untilNanos}, or until the pool closes ({@link PoolClosedException}).
     *
     * @throws InterruptedException when the thread is interrupted
     */
    private void parkUntil(long untilNanos) throws InterruptedException {
        Thread me = Thread.currentThread();
        parked.add(me);
        try {
            while (true) {
                if (closed) {
                    throw closedError.get();
                }
                long left = untilNanos - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                LockSupport.parkNanos(this, left);
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while waiting for a rate-limit permit");
                }
            }
        } finally {
            parked.remove(me);
        }
    }

    /** Wakes every borrower waiting for a permit or a server pause: they get {@link PoolClosedException}. */
    void close() {
        closed = true;
        parked.forEach(LockSupport::unpark);
    }

    /** The server answered 429: no borrow goes out before {@code retryAfter} has passed. */
    void serverAskedToWait(Duration retryAfter) {
        long until = System.nanoTime() + retryAfter.toNanos();
        pausedUntilNanos.accumulateAndGet(until, (a, b) -> a - b >= 0 ? a : b);
        LOG.warn("Pool '{}': the server answered 429; borrows pause for {} ms", config.name(), retryAfter.toMillis());
    }

    /**
     * Drops the buckets of tenants that borrowed nothing for {@code idle} and whose bucket is full
     * again: a bucket lives as long as it limits anything, so a tenant that spent its burst does not get
     * a full one back early.
     */
    void sweep(Duration idle) {
        long now = System.nanoTime();
        tenantBuckets.entrySet().removeIf(e -> now - e.getValue().lastUsedNanos > idle.toNanos()
                && e.getValue().bucket.getAvailableTokens() >= config.rateLimitBurst());
    }

    private Bucket bucketFor(SessionKey key) {
        if (config.rateLimit() <= 0) {
            return null;
        }
        if (poolBucket != null) {
            return poolBucket;
        }
        TenantBucket tb = tenantBuckets.computeIfAbsent(key.tenant() == null ? SHARED : key.tenant(),
                t -> new TenantBucket(newBucket()));
        tb.lastUsedNanos = System.nanoTime();
        return tb.bucket;
    }

    private void waited(SessionKey key, long nanos) {
        stats.rateLimitWaits.increment();
        events.fire(() -> new PoolEvent.RateLimited(config.name(), Instant.now(), key, Duration.ofNanos(nanos), false));
    }

    private RateLimitExceededException rejected(SessionKey key, String why) {
        stats.rateLimitRejects.increment();
        events.fire(() -> new PoolEvent.RateLimited(config.name(), Instant.now(), key, Duration.ZERO, true));
        return new RateLimitExceededException("Pool '" + config.name() + "': borrow for " + key + " refused: " + why
                + "; raise rateLimit/rateLimitBurst or use rateLimitMode=WAIT with a longer borrowTimeout");
    }
}
