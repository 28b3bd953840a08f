package io.mcpool.impl;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.mcpool.spi.LimitsBackend;
import java.time.Duration;

/**
 * The default limits backend: Bucket4j token buckets in this instance's memory, no leases (tenant
 * caps hold per instance). Also the per-instance fallback of a distributed backend that fails open.
 */
final class LocalLimits implements LimitsBackend {

    static final LocalLimits INSTANCE = new LocalLimits();

    private LocalLimits() {
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public String describe() {
        return "this instance's memory";
    }

    @Override
    public RateBucket rateBucket(String id, double permitsPerSecond, int burst) {
        // The rate may be fractional (0.5/s = 1 every 2 s): refill whole tokens over the matching period.
        long tokens = Math.max(1, Math.round(permitsPerSecond));
        Duration period = Duration.ofNanos((long) (tokens / permitsPerSecond * 1_000_000_000L));
        Bucket bucket = Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(tokens, period).build())
                .build();
        return new Local(bucket);
    }

    @Override
    public LeaseStore leases() {
        return null;
    }

    /** A Bucket4j bucket behind the SPI. */
    private record Local(Bucket bucket) implements RateBucket {

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
}
