package io.mcpool.cluster.redis;

import static io.mcpool.testkit.ClusterNode.LEASE_TTL;
import static io.mcpool.testkit.ClusterScenario.refusal;
import static io.mcpool.testkit.ClusterScenario.requireCapOfTwoAcross;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.BorrowOptions;
import io.mcpool.LimitsBackendUnavailableException;
import io.mcpool.McpPool;
import io.mcpool.PooledSession;
import io.mcpool.testkit.ClusterNode;
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
    void whenRedisStopsThePolicyHoldsAndTheLimitsRecover() throws Exception {
        BorrowOptions t1 = BorrowOptions.builder().header(ClusterNode.TENANT_HEADER, "t1").build();
        BorrowOptions t2 = BorrowOptions.builder().header(ClusterNode.TENANT_HEADER, "t2").build();
        try (Redises.Client clientA = Redises.client(redis.uri(), Duration.ofSeconds(2));
                Redises.Client clientB = Redises.client(redis.uri(), Duration.ofSeconds(2));
                RedisLimits limitsA = RedisLimits.of(clientA.client());
                RedisLimits limitsB = RedisLimits.of(clientB.client());
                McpPool capA = McpPool.create(ClusterNode.pool(server.endpoint(), limitsA)
                        .name("stop-start").maxConcurrentPerTenant(2).tenantLeaseTtl(LEASE_TTL).build());
                McpPool capB = McpPool.create(ClusterNode.pool(server.endpoint(), limitsB)
                        .name("stop-start").maxConcurrentPerTenant(2).tenantLeaseTtl(LEASE_TTL).build());
                McpPool rate = McpPool.create(ClusterNode.pool(server.endpoint(), limitsB)
                        .name("stop-start-rate").rateLimit(1000).rateLimitPerTenant(true).build())) {
            capA.start();
            capB.start();
            rate.start();
            requireCapOfTwoAcross(capA, capB, t1, "redis");
            assertEquals("redis keys 'mcpool-*'", limitsA.describe(), "no address, no credentials");

            redis.kill();
            // Caps fail closed (the default): a clear refusal, at once (the client rejects commands while disconnected).
            long before = System.nanoTime();
            LimitsBackendUnavailableException refused = refusal(capA, t1);
            assertTrue(refused != null, "a borrow while Redis is away is refused");
            assertTrue(refused.getMessage().contains("tenantCapBackendFailure=FAIL_CLOSED"), refused::getMessage);
            assertTrue(refused.getMessage().contains("'redis'"), refused::getMessage);
            System.out.println("Redis away: the capped borrow was refused after "
                    + Duration.ofNanos(System.nanoTime() - before).toMillis() + " ms");
            // Rate limits fail open (the default): the per-instance bucket admits.
            try (PooledSession s = rate.borrow(t2)) {
                s.ping();
            }

            redis.restart();
            long restarted = System.nanoTime();
            // Back without a restart of the pools: Lettuce reconnects, the next try after a second succeeds.
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> refusal(capA, t1) == null);
            System.out.println("Redis back: cluster-wide caps applied again "
                    + Duration.ofNanos(System.nanoTime() - restarted).toMillis() + " ms after the restart");
            requireCapOfTwoAcross(capA, capB, t1, "redis");
        }
    }
}
