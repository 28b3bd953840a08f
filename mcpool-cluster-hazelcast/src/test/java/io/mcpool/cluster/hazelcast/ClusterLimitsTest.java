package io.mcpool.cluster.hazelcast;


import com.hazelcast.core.HazelcastInstance;
import io.mcpool.testkit.ChildJvm;
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
    void whenTheBackendStopsThePolicyHoldsAndTheLimitsRecover() {
        HazelcastInstance clientA = Hazelcasts.client(memberPort, 5);
        HazelcastInstance clientB = Hazelcasts.client(memberPort, 5);
        try {
            // The clients reconnect to the new member; the pools try the backend again every second.
            ClusterScenario.requirePoliciesAcrossAnOutage(server, HazelcastLimits.of(clientA),
                    HazelcastLimits.of(clientB), ClusterLimitsTest::killMember, ClusterLimitsTest::restartMember,
                    Duration.ofSeconds(30));
        } finally {
            clientA.shutdown();
            clientB.shutdown();
        }
    }

    private static void killMember() {
        try {
            member.kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void restartMember() {
        try {
            member = startMember();
        } catch (Exception e) {
            throw new AssertionError("the member did not start again", e);
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
