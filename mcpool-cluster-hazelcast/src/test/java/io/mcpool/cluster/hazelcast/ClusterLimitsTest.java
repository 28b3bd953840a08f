package io.mcpool.cluster.hazelcast;

import static io.mcpool.testkit.ClusterNode.LEASE_TTL;
import static io.mcpool.testkit.ClusterScenario.refusal;
import static io.mcpool.testkit.ClusterScenario.requireCapOfTwoAcross;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import io.mcpool.BorrowOptions;
import io.mcpool.LimitsBackendUnavailableException;
import io.mcpool.McpPool;
import io.mcpool.PooledSession;
import io.mcpool.testkit.ChildJvm;
import io.mcpool.testkit.ClusterNode;
import io.mcpool.testkit.ClusterScenario;
import io.mcpool.testkit.TestMcpServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cluster-wide limits on a real Hazelcast member (its own JVM), held by pool instances in JVMs of their
 * own, as application nodes are, against one MCP server that counts what reaches it.
 */
class ClusterLimitsTest {

    private static final long SECONDS = 12;

    private static TestMcpServer server;
    private static int memberPort;
    private static ChildJvm member;
    private ClusterScenario cluster;

    @BeforeAll
    static void start() throws Exception {
        server = TestMcpServer.builder().build().start();
        memberPort = freePort();
        member = startMember();
    }

    @AfterAll
    static void stop() throws Exception {
        if (member != null) {
            member.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void stopNodes() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private ClusterScenario cluster() {
        cluster = new ClusterScenario(server, HazelcastNodeBackend.class, String.valueOf(memberPort));
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
    void whenTheBackendStopsThePolicyHoldsAndTheLimitsRecover() throws Exception {
        HazelcastInstance clientA = Hazelcasts.client(memberPort, 5);
        HazelcastInstance clientB = Hazelcasts.client(memberPort, 5);
        BorrowOptions t1 = BorrowOptions.builder().header(ClusterNode.TENANT_HEADER, "t1").build();
        BorrowOptions t2 = BorrowOptions.builder().header(ClusterNode.TENANT_HEADER, "t2").build();
        try (McpPool capA = McpPool.create(ClusterNode.pool(server.endpoint(), HazelcastLimits.of(clientA))
                        .name("stop-start").maxConcurrentPerTenant(2).tenantLeaseTtl(LEASE_TTL).build());
                McpPool capB = McpPool.create(ClusterNode.pool(server.endpoint(), HazelcastLimits.of(clientB))
                        .name("stop-start").maxConcurrentPerTenant(2).tenantLeaseTtl(LEASE_TTL).build());
                McpPool rate = McpPool.create(ClusterNode.pool(server.endpoint(), HazelcastLimits.of(clientB))
                        .name("stop-start-rate").rateLimit(1000).rateLimitPerTenant(true).build())) {
            capA.start();
            capB.start();
            rate.start();
            requireCapOfTwoAcross(capA, capB, t1, "hazelcast");

            member.kill();
            // Caps fail closed (the default): a clear refusal, not an unchecked lease.
            LimitsBackendUnavailableException refused = await().atMost(Duration.ofSeconds(10))
                    .until(() -> refusal(capA, t1), e -> e != null);
            assertTrue(refused.getMessage().contains("tenantCapBackendFailure=FAIL_CLOSED"), refused::getMessage);
            // Rate limits fail open (the default): the per-instance bucket admits.
            try (PooledSession s = rate.borrow(t2)) {
                s.ping();
            }

            member = startMember();
            // Back without a restart of the pools: the clients reconnect, the next try after a second succeeds.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> refusal(capA, t1) == null);
            requireCapOfTwoAcross(capA, capB, t1, "hazelcast");
        } finally {
            clientA.shutdown();
            clientB.shutdown();
        }
    }

    private static ChildJvm startMember() throws Exception {
        ChildJvm jvm = new ChildJvm(Hazelcasts.class, String.valueOf(memberPort));
        jvm.await("member-ready", 60);
        return jvm;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
