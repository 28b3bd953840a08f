package io.mcpool.cluster.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import io.mcpool.spi.LimitsBackend;
import io.mcpool.testkit.ClusterNode;

/** A {@link ClusterNode}'s limits on the test's Hazelcast member, through a client; the address is the member's port. */
public final class HazelcastNodeBackend implements ClusterNode.Backend {

    private HazelcastInstance client;

    @Override
    public LimitsBackend open(String address) {
        client = Hazelcasts.client(Integer.parseInt(address), 20); // generous: the test machine is loaded
        return HazelcastLimits.of(client);
    }

    @Override
    public void close() {
        client.shutdown();
    }
}
