package io.mcpool.impl.bucket4j;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.mcpool.spi.LimitsBackend.Parker;
import io.mcpool.spi.LimitsBackend.RateBucket;
import java.time.Duration;
import java.util.Objects;

/**
 * A Bucket4j bucket behind {@link RateBucket}, local or distributed (a distributed
 * {@code BucketProxy} is a {@link Bucket}): the one translation of the pool's {@code rateLimit} and
 * {@code rateLimitBurst} into Bucket4j, used by the core's local limits and by every cluster backend.
 * Not API (see the package).
 */
public final class Bucket4jRateBucket implements RateBucket {

    private final Bucket bucket;

    private Bucket4jRateBucket(Bucket bucket) {
        this.bucket = Objects.requireNonNull(bucket, "bucket");
    }

    /**
     * @param bucket a local bucket or a distributed proxy
     * @return {@code bucket} behind the SPI
     */
    public static RateBucket of(Bucket bucket) {
        return new Bucket4jRateBucket(bucket);
    }

    /**
     * A bucket in this JVM's memory.
     *
     * @param permitsPerSecond the refill rate (may be fractional)
     * @param burst            the capacity
     * @return the bucket behind the SPI
     */
    public static RateBucket local(double permitsPerSecond, int burst) {
        return of(Bucket.builder().addLimit(bandwidth(permitsPerSecond, burst)).build());
    }

    /**
     * The bucket {@code key} of a Bucket4j proxy manager (a shared store), created with the rate and burst
     * when the store has none yet.
     *
     * @param buckets          the proxy manager of a cluster backend
     * @param key              the bucket's key in the store
     * @param permitsPerSecond the refill rate (may be fractional)
     * @param burst            the capacity
     * @param <K>              the store's key type
     * @return a handle on the bucket, behind the SPI
     */
    public static <K> RateBucket distributed(ProxyManager<K> buckets, K key, double permitsPerSecond, int burst) {
        BucketConfiguration configuration = configuration(permitsPerSecond, burst);
        return of(buckets.builder().build(key, () -> configuration));
    }

    /**
     * @param permitsPerSecond the refill rate (may be fractional)
     * @param burst            the capacity
     * @return the configuration of one limit of {@code burst} permits refilled at {@code permitsPerSecond}
     */
    public static BucketConfiguration configuration(double permitsPerSecond, int burst) {
        return BucketConfiguration.builder().addLimit(bandwidth(permitsPerSecond, burst)).build();
    }

    private static Bandwidth bandwidth(double permitsPerSecond, int burst) {
        // The rate may be fractional (0.5/s = 1 every 2 s): refill whole tokens over the matching period.
        long tokens = Math.max(1, Math.round(permitsPerSecond));
        Duration period = Duration.ofNanos((long) (tokens / permitsPerSecond * 1_000_000_000L));
        return Bandwidth.builder().capacity(burst).refillGreedy(tokens, period).build();
    }

    @Override
    public long tryTake() {
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? 0 : Math.max(1, probe.getNanosToWaitForRefill());
    }

    @Override
    public boolean take(long maxWaitNanos, Parker parker) throws InterruptedException {
        return bucket.asBlocking().tryConsume(1, Duration.ofNanos(maxWaitNanos), parker::park);
    }

    @Override
    public long available() {
        return bucket.getAvailableTokens();
    }
}
