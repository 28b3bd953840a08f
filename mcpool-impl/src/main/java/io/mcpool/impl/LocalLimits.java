package io.mcpool.impl;

import io.mcpool.impl.bucket4j.Bucket4jRateBucket;
import io.mcpool.spi.LimitsBackend;

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
        return Bucket4jRateBucket.local(permitsPerSecond, burst);
    }

    @Override
    public LeaseStore leases() {
        return null;
    }
}
