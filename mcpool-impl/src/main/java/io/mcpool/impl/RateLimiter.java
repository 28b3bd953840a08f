package io.mcpool.impl;

import io.mcpool.McpPoolException;
import io.mcpool.PoolClosedException;
import io.mcpool.PoolConfig;
import io.mcpool.RateLimitExceededException;
import io.mcpool.RateLimitMode;
import io.mcpool.SessionKey;
import io.mcpool.event.PoolEvent;
import io.mcpool.spi.LimitsBackend;
import io.mcpool.spi.LimitsBackend.Parker;
import io.mcpool.spi.LimitsBackend.RateBucket;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool's rate limit: a token bucket per pool (or per tenant), plus a pause the server asks for
 * with HTTP 429 and {@code Retry-After}. One permit per borrow. In WAIT mode the wait counts against
 * the borrow timeout; in REJECT mode a borrow without a permit fails at once. The buckets are the
 * configured {@link LimitsBackend}'s (shared by every instance on it), or Bucket4j buckets in this
 * instance's memory ({@link LocalLimits}) when none is configured; while a distributed backend cannot
 * be reached, the failure policy applies ({@link BackendHealth}), failing open onto a local bucket.
 */
final class RateLimiter {

    private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);
    private static final String SHARED = "\u0000shared";

    /**
     * A bucket (the backend's), its per-instance fallback (made when first needed) and when it was
     * last used, so idle tenants' buckets can be dropped.
     */
    private final class Limit {
        final RateBucket shared;
        volatile RateBucket fallback;
        volatile long lastUsedNanos = System.nanoTime();

        Limit(String id) {
            this.shared = backend.rateBucket(id, config.rateLimit(), config.rateLimitBurst());
        }

        RateBucket fallback() {
            RateBucket f = fallback;
            if (f == null) {
                f = LocalLimits.INSTANCE.rateBucket("", config.rateLimit(), config.rateLimitBurst());
                fallback = f;
            }
            return f;
        }

        /** @return true when nothing is limited by it any more: full again (every part of it that exists) */
        boolean full() {
            RateBucket f = fallback;
            boolean fallbackFull = f == null || f.available() >= config.rateLimitBurst();
            // A distributed bucket's state stays in its store: dropping the handle forgets nothing.
            return fallbackFull && (health != null || shared.available() >= config.rateLimitBurst());
        }
    }

    private final PoolConfig config;
    private final PoolStats stats;
    private final PoolEvents events;
    private final LimitsBackend backend;
    /** Null for the local backend, which is always there. */
    private final BackendHealth health;
    private final Limit poolBucket;
    private final ConcurrentHashMap<String, Limit> tenantBuckets = new ConcurrentHashMap<>();
    private final AtomicLong pausedUntilNanos = new AtomicLong(System.nanoTime());
    /** Borrowers waiting for a permit or a server pause: {@link #close()} wakes them. */
    private final Parking parking;
    private final Parker wakeOnClose;

    /** @param closedError the error for a waiter that the pool's shutdown woke */
    RateLimiter(PoolConfig config, PoolStats stats, PoolEvents events, Supplier<PoolClosedException> closedError) {
        this.config = config;
        this.stats = stats;
        this.events = events;
        this.parking = new Parking(closedError);
        this.wakeOnClose = nanos -> parking.parkUntil(System.nanoTime() + nanos, "a rate-limit permit");
        this.backend = config.limitsBackend() == null ? LocalLimits.INSTANCE : config.limitsBackend();
        this.health = config.limitsBackend() == null ? null : new BackendHealth(config.name(), backend.name());
        this.poolBucket = config.rateLimit() > 0 && !config.rateLimitPerTenant() ? new Limit(bucketId(null)) : null;
    }

    /** The bucket's name in a shared store: the same on every instance running a pool of this name. */
    private String bucketId(String tenant) {
        return "mcpool:" + config.name() + (config.rateLimitPerTenant()
                ? ":tenant:" + (tenant == null ? "" : "=" + tenant) : ":pool");
    }

    /** @return the distributed backend's health, or null when the limits are this instance's own */
    BackendHealth health() {
        return health;
    }

    /** A call on a bucket. */
    private interface BucketCall<T> {
        T on(RateBucket bucket) throws InterruptedException;
    }

    /** Calls the backend's bucket, or (backend away, FAIL_OPEN) the local fallback. */
    private <T> T call(Limit limit, BucketCall<T> op) throws InterruptedException {
        if (health == null) {
            return op.on(limit.shared);
        }
        if (health.shouldTry()) {
            try {
                T result = op.on(limit.shared);
                health.succeeded();
                return result;
            } catch (PoolClosedException e) {
                throw e;
            } catch (RuntimeException e) {
                health.failed("rate limit", config.rateLimitBackendFailure(), e);
            }
        } else {
            health.failed("rate limit", config.rateLimitBackendFailure(), null);
        }
        return op.on(limit.fallback());
    }

    /**
     * Takes a permit for a borrow of {@code key}.
     *
     * @throws RateLimitExceededException when refused (REJECT) or when the wait would pass the deadline
     */
    void acquire(SessionKey key, long deadlineNanos) {
        long start = System.nanoTime();
        waitOutServerPause(key, deadlineNanos, start);
        Limit bucket = bucketFor(key);
        if (bucket == null) {
            return;
        }
        try {
            long toWait = call(bucket, RateBucket::tryTake);
            if (toWait == 0) {
                return;
            }
            long remaining = deadlineNanos - System.nanoTime();
            if (config.rateLimitMode() == RateLimitMode.REJECT || toWait > remaining) {
                throw rejected(key, "rateLimit=" + config.rateLimit() + "/s (burst " + config.rateLimitBurst()
                        + ") has no permit" + (config.rateLimitMode() == RateLimitMode.REJECT ? ""
                                : " within the borrow timeout"));
            }
            if (!call(bucket, b -> b.take(remaining, wakeOnClose))) {
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
            parking.parkUntil(start + pause, "the server's Retry-After");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new McpPoolException("Interrupted while backing off for the server of pool '" + config.name() + "'", e);
        }
        waited(key, System.nanoTime() - start);
    }

    /** Wakes every borrower waiting for a permit or a server pause: they get {@link PoolClosedException}. */
    void close() {
        parking.close();
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
                && e.getValue().full());
    }

    private Limit bucketFor(SessionKey key) {
        if (config.rateLimit() <= 0) {
            return null;
        }
        if (poolBucket != null) {
            return poolBucket;
        }
        Limit tb = tenantBuckets.computeIfAbsent(key.tenant() == null ? SHARED : key.tenant(),
                t -> new Limit(bucketId(key.tenant())));
        tb.lastUsedNanos = System.nanoTime();
        return tb;
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
