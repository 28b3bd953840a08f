package io.mcpool.cluster.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import io.mcpool.testkit.ChildJvm;
import io.mcpool.testkit.ClusterScenario;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The lease primitives on a real member (its own JVM) through a client: claim, renew, expire, free. */
class LeaseStoreTest {

    @Test
    void aRenewedLeaseLivesAndAnAbandonedOneExpires() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (ChildJvm member = new ChildJvm(Hazelcasts.class, String.valueOf(port))) {
            member.await("member-ready", 60);
            HazelcastInstance client = Hazelcasts.client(port, 20);
            try {
                ClusterScenario.requireLeaseSemantics(HazelcastLimits.of(client, "lease-test-").leases());
            } finally {
                client.shutdown();
            }
        }
    }
}
