package io.mcpool.cluster.redis;

import io.mcpool.testkit.ClusterScenario;
import io.mcpool.testkit.TestRedisServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The lease primitives (SET NX PX and the Lua scripts) on a real redis-server: claim, renew, expire, free. */
class LeaseStoreTest {

    @Test
    void aRenewedLeaseLivesAndAnAbandonedOneExpires() throws Exception {
        try (TestRedisServer redis = TestRedisServer.start();
                Redises.Client client = Redises.client(redis.uri(), Duration.ofSeconds(10));
                RedisLimits limits = RedisLimits.of(client.client(), "lease-test-")) {
            ClusterScenario.requireLeaseSemantics(limits.leases());
        }
    }
}
