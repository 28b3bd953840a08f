package io.mcpool.cluster.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.grid.hazelcast.Bucket4jHazelcast;
import io.mcpool.impl.bucket4j.Bucket4jRateBucket;
import io.mcpool.spi.LimitsBackend;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A {@link LimitsBackend} on Hazelcast: every pool instance whose {@code HazelcastInstance} belongs to the
 * same cluster (an embedded member or a client, the application's choice) shares one limit.
 *
 * <ul>
 *   <li>Rate limits are Bucket4j buckets in the map {@code <prefix>rate-buckets}, updated by an entry
 *   processor on the member that owns the bucket (one round trip, no retries): the members need Bucket4j
 *   ({@code bucket4j_jdk17-core} and {@code bucket4j_jdk17-hazelcast}) on their classpath, as embedded members
 *   have. For a cluster whose members lack it, {@link #withCompareAndSwap} updates the buckets by
 *   compare-and-swap from the client instead (two round trips, retried under contention).</li>
 *   <li>Tenant caps are entries with a time to live in the map {@code <prefix>tenant-leases}, claimed with
 *   {@code putIfAbsent}: the open-source edition's maps, not the CP subsystem (whose {@code ISemaphore} the
 *   open-source edition of Hazelcast 5.7 does not offer). A dead instance's entries expire.</li>
 * </ul>
 *
 * <p>The application owns the {@code HazelcastInstance}: this backend never starts or shuts it down. For
 * fast failure while the cluster is away, give a client {@code ClientConnectionStrategyConfig.ReconnectMode.ASYNC}
 * (calls then fail at once instead of blocking) and a short {@code hazelcast.client.invocation.timeout.seconds}.
 */
public final class HazelcastLimits implements LimitsBackend {

    /** The prefix of the map names unless one is given. */
    public static final String DEFAULT_PREFIX = "mcpool-";

    private final HazelcastInstance hazelcast;
    private final ProxyManager<String> buckets;
    private final IMap<String, String> leases;
    private final LeaseStore leaseStore = new Leases();

    private HazelcastLimits(HazelcastInstance hazelcast, String prefix, boolean compareAndSwap) {
        this.hazelcast = Objects.requireNonNull(hazelcast, "hazelcast");
        if (prefix == null || prefix.isBlank()) {
            throw new IllegalArgumentException("prefix: must be non-blank, e.g. \"" + DEFAULT_PREFIX + "\"");
        }
        IMap<String, byte[]> bucketMap = hazelcast.getMap(prefix + "rate-buckets");
        this.buckets = compareAndSwap ? Bucket4jHazelcast.casBasedBuilder(bucketMap).build()
                : Bucket4jHazelcast.entryProcessorBasedBuilder(bucketMap).build();
        this.leases = hazelcast.getMap(prefix + "tenant-leases");
    }

    /**
     * @param hazelcast an embedded member or a client of the cluster that holds the limits
     * @return the backend, with the maps {@code mcpool-rate-buckets} and {@code mcpool-tenant-leases}
     */
    public static HazelcastLimits of(HazelcastInstance hazelcast) {
        return new HazelcastLimits(hazelcast, DEFAULT_PREFIX, false);
    }

    /**
     * For a cluster whose members do not have Bucket4j on their classpath: the buckets are updated by
     * compare-and-swap from this instance.
     *
     * @param hazelcast a client (or member) of the cluster that holds the limits
     * @param prefix    the prefix of the two maps' names
     * @return the backend
     */
    public static HazelcastLimits withCompareAndSwap(HazelcastInstance hazelcast, String prefix) {
        return new HazelcastLimits(hazelcast, prefix, true);
    }

    /**
     * @param hazelcast an embedded member or a client of the cluster that holds the limits
     * @param prefix    the prefix of the two maps' names, e.g. to keep two applications apart
     * @return the backend
     */
    public static HazelcastLimits of(HazelcastInstance hazelcast, String prefix) {
        return new HazelcastLimits(hazelcast, prefix, false);
    }

    @Override
    public String name() {
        return "hazelcast";
    }

    @Override
    public String describe() {
        return "hazelcast " + (hazelcast.getClass().getSimpleName().contains("Client") ? "client" : "member")
                + " '" + hazelcast.getName() + "'";
    }

    @Override
    public RateBucket rateBucket(String id, double permitsPerSecond, int burst) {
        return Bucket4jRateBucket.distributed(buckets, id, permitsPerSecond, burst);
    }

    @Override
    public LeaseStore leases() {
        return leaseStore;
    }

    /** Leases as map entries with a time to live. */
    private final class Leases implements LeaseStore {

        @Override
        public boolean claim(String name, String holder, Duration ttl) {
            return leases.putIfAbsent(name, holder, ttl.toMillis(), TimeUnit.MILLISECONDS) == null;
        }

        @Override
        public boolean renew(String name, String holder, Duration ttl) {
            return holder.equals(leases.get(name)) && leases.setTtl(name, ttl.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void free(String name, String holder) {
            leases.remove(name, holder);
        }
    }
}
