package io.mcpool.cluster.hazelcast;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import io.mcpool.spi.LimitsBackend.LeaseStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** The lease primitives on a real member (its own JVM) through a client: claim, renew, expire, free. */
class LeaseStoreTest {

    @Test
    void aRenewedLeaseLivesAndAnAbandonedOneExpires() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (Jvm member = new Jvm(Hazelcasts.class, String.valueOf(port))) {
            member.await("member-ready", 60);
            HazelcastInstance client = Hazelcasts.client(port, 20);
            try {
                LeaseStore leases = HazelcastLimits.of(client, "lease-test-").leases();
                Duration ttl = Duration.ofSeconds(2);
                assertTrue(leases.claim("kept", "a", ttl));
                assertTrue(leases.claim("dropped", "a", ttl));
                assertFalse(leases.claim("kept", "b", ttl), "a held lease cannot be claimed by another holder");
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (System.nanoTime() < end) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
                    assertTrue(leases.renew("kept", "a", ttl), "renewed every 500 ms, a 2 s lease stays");
                }
                assertFalse(leases.renew("kept", "b", ttl), "only its holder renews a lease");
                // Not renewed for 5 s: expired, free for anyone.
                assertTrue(leases.claim("dropped", "b", ttl), "an abandoned lease expires after its time to live");
                leases.free("kept", "b");
                assertFalse(leases.claim("kept", "b", ttl), "only its holder frees a lease");
                leases.free("kept", "a");
                assertTrue(leases.claim("kept", "b", ttl));
                await().atMost(Duration.ofSeconds(10)).until(() -> leases.claim("kept", "c", ttl));
            } finally {
                client.shutdown();
            }
        }
    }
}
