package io.mcpool.cluster.redis;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.mcpool.impl.bucket4j.Bucket4jRateBucket;
import io.mcpool.spi.LimitsBackend;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * A {@link LimitsBackend} on Redis, through Lettuce: every pool instance whose backend talks to the same
 * Redis shares one limit.
 *
 * <ul>
 *   <li>Rate limits are Bucket4j buckets under the keys {@code <prefix>rate-buckets:<bucket>}, updated by
 *   compare-and-swap (a read, then a Lua script that writes only if nothing changed in between; retried
 *   under contention). A bucket's key expires once the bucket would be full again, so idle tenants leave
 *   nothing behind.</li>
 *   <li>Tenant caps are keys with a time to live, {@code <prefix>tenant-leases:<slot>}, holding the name
 *   of the instance that holds them: claimed with {@code SET NX PX}, renewed and freed by Lua scripts that
 *   act only when the caller is still the holder. A dead instance's keys expire.</li>
 * </ul>
 *
 * <p>{@link #of(RedisClient)} opens one connection of its own on the application's {@code RedisClient},
 * at once (it fails if Redis cannot be reached then); Lettuce reconnects it after an outage. The
 * connection's command timeout (the {@code RedisURI}'s, 60 s unless set) bounds every call: give the
 * client a short one and {@code ClientOptions.DisconnectedBehavior.REJECT_COMMANDS}, so that calls fail at
 * once while Redis is away instead of waiting in Lettuce's queue. {@link #close()} closes the connection
 * (after the pools that use it); the {@code RedisClient} stays the application's.
 */
public final class RedisLimits implements LimitsBackend, AutoCloseable {

    /** The prefix of the key names unless one is given. */
    public static final String DEFAULT_PREFIX = "mcpool-";

    /** Extends a lease only if the caller holds it: KEYS[1] the lease, ARGV[1] the holder, ARGV[2] the ttl in ms. */
    private static final String RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
    /** Deletes a lease only if the caller holds it: KEYS[1] the lease, ARGV[1] the holder. */
    private static final String FREE = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('del', KEYS[1]) else return 0 end";

    private final String prefix;
    private final StatefulRedisConnection<String, byte[]> connection;
    private final RedisCommands<String, byte[]> redis;
    private final ProxyManager<String> buckets;
    private final LeaseStore leaseStore = new Leases();

    private RedisLimits(RedisClient client, String prefix) {
        Objects.requireNonNull(client, "client");
        if (prefix == null || prefix.isBlank()) {
            throw new IllegalArgumentException("prefix: must be non-blank, e.g. \"" + DEFAULT_PREFIX + "\"");
        }
        this.prefix = prefix;
        this.connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        this.redis = connection.sync();
        this.buckets = Bucket4jLettuce.casBasedBuilder(connection)
                .requestTimeout(connection.getTimeout())
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                        Duration.ofSeconds(1)))
                .build()
                .withMapper((String id) -> prefix + "rate-buckets:" + id);
    }

    /**
     * @param client the application's client of the Redis that holds the limits
     * @return the backend, with the keys {@code mcpool-rate-buckets:*} and {@code mcpool-tenant-leases:*}
     * @throws io.lettuce.core.RedisConnectionException when Redis cannot be reached
     */
    public static RedisLimits of(RedisClient client) {
        return new RedisLimits(client, DEFAULT_PREFIX);
    }

    /**
     * @param client the application's client of the Redis that holds the limits
     * @param prefix the prefix of the keys' names, e.g. to keep two applications apart
     * @return the backend
     * @throws io.lettuce.core.RedisConnectionException when Redis cannot be reached
     */
    public static RedisLimits of(RedisClient client, String prefix) {
        return new RedisLimits(client, prefix);
    }

    @Override
    public String name() {
        return "redis";
    }

    /** @return where the state lives, without the server's address or credentials */
    @Override
    public String describe() {
        return "redis keys '" + prefix + "*'";
    }

    @Override
    public RateBucket rateBucket(String id, double permitsPerSecond, int burst) {
        return Bucket4jRateBucket.distributed(buckets, id, permitsPerSecond, burst);
    }

    @Override
    public LeaseStore leases() {
        return leaseStore;
    }

    /** Closes this backend's connection (not the {@code RedisClient}): close the pools using it first. */
    @Override
    public void close() {
        connection.close();
    }

    private String leaseKey(String name) {
        return prefix + "tenant-leases:" + name;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Leases as keys with a time to live. */
    private final class Leases implements LeaseStore {

        @Override
        public boolean claim(String name, String holder, Duration ttl) {
            return "OK".equals(redis.set(leaseKey(name), bytes(holder), SetArgs.Builder.nx().px(ttl.toMillis())));
        }

        @Override
        public boolean renew(String name, String holder, Duration ttl) {
            Long renewed = redis.eval(RENEW, ScriptOutputType.INTEGER, new String[] {leaseKey(name)}, bytes(holder),
                    bytes(Long.toString(ttl.toMillis())));
            return renewed != null && renewed == 1;
        }

        @Override
        public void free(String name, String holder) {
            redis.eval(FREE, ScriptOutputType.INTEGER, new String[] {leaseKey(name)}, bytes(holder));
        }
    }
}
