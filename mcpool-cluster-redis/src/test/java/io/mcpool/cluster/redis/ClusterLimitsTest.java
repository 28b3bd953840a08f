package io.mcpool.cluster.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mcpool.testkit.ClusterScenario;
import io.mcpool.testkit.TestMcpServer;
import io.mcpool.testkit.TestRedisServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cluster-wide limits on a real redis-server (a process of the test's own), held by pool instances in JVMs
 * of their own, as application nodes are, against one MCP server that counts what reaches it.
 */
class ClusterLimitsTest {

    private static final long SECONDS = 10;

    private static TestMcpServer server;
    private static TestRedisServer redis;
    private ClusterScenario cluster;

    @BeforeAll
    static void start() throws Exception {
        redis = TestRedisServer.start();
        server = TestMcpServer.builder().build().start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @AfterEach
    void stopNodes() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private ClusterScenario cluster() {
        cluster = new ClusterScenario(server, RedisNodeBackend.class, redis.uri());
        return cluster;
    }

    @Test
    void aRateLimitPerTenantHoldsAcrossThreeInstances() throws Exception {
        // Asserts 0.95·R·T <= calls seen <= R·T + B; per-instance buckets would let about 3·R·T through.
        cluster().rateRun(SECONDS, 6);
    }

    @Test
    void aTenantCapHoldsAcrossInstancesAndADeadInstancesSlotsComeBack() throws Exception {
        // Asserts at most CAP calls at once at the server, and the dead instance's slots back in use within
        // LEASE_TTL (+ 3 s for the machine's load).
        cluster().capRunKillingOne(SECONDS, 6);
    }

    @Test
    void whenRedisStopsThePolicyHoldsAndTheLimitsRecover() {
        try (Redises.Client clientA = Redises.client(redis.uri(), Duration.ofSeconds(2));
                Redises.Client clientB = Redises.client(redis.uri(), Duration.ofSeconds(2));
                RedisLimits limitsA = RedisLimits.of(clientA.client());
                RedisLimits limitsB = RedisLimits.of(clientB.client())) {
            assertEquals("redis keys 'mcpool-*'", limitsA.describe(), "no address, no credentials");
            // SIGKILL, then a new redis-server on the same port, empty. Lettuce reconnects (every 200 ms here);
            // the pools try the backend again every second.
            ClusterScenario.requirePoliciesAcrossAnOutage(server, limitsA, limitsB, redis::kill, redis::restart,
                    Duration.ofSeconds(20));
        }
    }
}
