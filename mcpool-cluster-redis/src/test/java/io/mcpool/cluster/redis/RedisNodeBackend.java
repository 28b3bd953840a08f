package io.mcpool.cluster.redis;

import io.mcpool.spi.LimitsBackend;
import io.mcpool.testkit.ClusterNode;
import java.time.Duration;

/** A {@link ClusterNode}'s limits on the test's Redis; the address is its {@code redis://} URI. */
public final class RedisNodeBackend implements ClusterNode.Backend {

    private Redises.Client client;
    private RedisLimits limits;

    @Override
    public LimitsBackend open(String address) {
        client = Redises.client(address, Duration.ofSeconds(10)); // generous: the test machine is loaded
        limits = RedisLimits.of(client.client());
        return limits;
    }

    @Override
    public void close() {
        limits.close();
        client.close();
    }
}
