package io.mcpool.cluster.hazelcast;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import io.mcpool.BorrowOptions;
import io.mcpool.LimitsBackendUnavailableException;
import io.mcpool.McpPool;
import io.mcpool.PooledSession;
import io.mcpool.TenantLimitException;
import io.mcpool.testkit.TestMcpServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cluster-wide limits on a real Hazelcast member (its own JVM), held by pool instances in JVMs of their
 * own, as application nodes are, against one MCP server that counts what reaches it.
 */
class ClusterLimitsTest {

    private static final int RATE = 5;
    private static final int BURST = 5;
    private static final int CAP = 4;
    private static final Duration LEASE_TTL = Duration.ofSeconds(3);

    private static TestMcpServer server;
    private static int memberPort;
    private static Jvm member;
    private final List<Jvm> nodes = new ArrayList<>();

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
    void stopNodes() throws Exception {
        for (Jvm node : nodes) {
            node.close();
        }
    }

    @Test
    void aRateLimitPerTenantHoldsAcrossThreeInstances() throws Exception {
        long seconds = 12;
        // Each instance opens its sessions before it says ready (those borrows are done, their permits spent).
        startNodes("rate", seconds, 6);
        // The burst refills: the run starts from a full bucket, as the bound assumes.
        parkUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1000L * BURST / RATE + 200));
        server.resetCounters();
        nodes.forEach(ClusterLimitsTest::go);
        for (Jvm node : nodes) {
            assertTrue(node.await("calls", seconds + 60).endsWith("errors 0"), () -> String.join("\n", node.output()));
        }
        // Nothing was called after the counters were reset and before the start, nor after the end.
        int seen = server.toolsCallCount();
        String said = "; the instances said: " + nodes.stream().map(n -> String.join("\n", n.output())).toList();
        // Per-instance buckets would have let about 3 * RATE * seconds through.
        assertTrue(seen >= 0.95 * RATE * seconds && seen <= RATE * seconds + BURST, () -> "the server saw " + seen
                + " calls of tenant t1 in " + seconds + " s; a cluster-wide " + RATE + "/s (burst " + BURST + ") allows "
                + 0.95 * RATE * seconds + " .. " + (RATE * seconds + BURST) + said);
        System.out.println("three instances, cluster-wide " + RATE + "/s burst " + BURST + " per tenant: the server saw "
                + seen + " calls in " + seconds + " s (bounds " + 0.95 * RATE * seconds + " .. " + (RATE * seconds + BURST)
                + ")");
    }

    /** Waits for a measurement window's edge (a timed measurement, not a stand-in for an assertion). */
    private static void parkUntil(long nanos) {
        for (long left; (left = nanos - System.nanoTime()) > 0; ) {
            LockSupport.parkNanos(left);
        }
    }

    @Test
    void aTenantCapHoldsAcrossInstancesAndADeadInstancesSlotsComeBack() throws Exception {
        startNodes("cap", 12, 6);
        server.resetCounters();
        // The first instance starts alone and takes all four slots, so that killing it strands them.
        go(nodes.get(0));
        await().atMost(Duration.ofSeconds(20)).until(() -> server.toolCallsRunning() == CAP);
        go(nodes.get(1));
        go(nodes.get(2));
        int before = server.toolsCallCount();
        await().atMost(Duration.ofSeconds(20)).until(() -> server.toolsCallCount() >= before + 30);

        nodes.get(0).kill();
        long killed = System.nanoTime();
        int callsAtKill = server.toolsCallCount();
        AtomicReference<Duration> back = new AtomicReference<>();
        // The dead instance's leases hold its slots until they expire (its calls in flight end within 100 ms);
        // then the two others use all four.
        await().atMost(LEASE_TTL.plusSeconds(3)).pollInterval(Duration.ofMillis(20)).until(() -> {
            if (server.toolCallsRunning() == CAP && System.nanoTime() - killed > Duration.ofMillis(300).toNanos()) {
                back.set(Duration.ofNanos(System.nanoTime() - killed));
                return true;
            }
            return false;
        });
        System.out.println("a SIGKILLed instance's tenant slots came back " + back.get().toMillis() + " ms after the kill"
                + " (tenantLeaseTtl " + LEASE_TTL.toMillis() + " ms)");
        for (Jvm node : nodes.subList(1, 3)) {
            assertTrue(node.await("calls", 60).endsWith("errors 0"), () -> String.join("\n", node.output()));
        }
        assertTrue(server.toolsCallCount() > callsAtKill + 20, "the other instances went on after the kill");
        assertTrue(server.maxToolCallsRunning() <= CAP,
                () -> "the server saw " + server.maxToolCallsRunning() + " of tenant t1's calls at once; the cap is " + CAP);
    }

    @Test
    void whenTheBackendStopsThePolicyHoldsAndTheLimitsRecover() throws Exception {
        HazelcastInstance clientA = Hazelcasts.client(memberPort, 5);
        HazelcastInstance clientB = Hazelcasts.client(memberPort, 5);
        BorrowOptions t1 = BorrowOptions.builder().header(ClusterNode.TENANT_HEADER, "t1").build();
        BorrowOptions t2 = BorrowOptions.builder().header(ClusterNode.TENANT_HEADER, "t2").build();
        try (McpPool capA = McpPool.create(ClusterNode.pool(server.endpoint(), clientA).name("stop-start")
                        .maxConcurrentPerTenant(2).tenantLeaseTtl(LEASE_TTL).build());
                McpPool capB = McpPool.create(ClusterNode.pool(server.endpoint(), clientB).name("stop-start")
                        .maxConcurrentPerTenant(2).tenantLeaseTtl(LEASE_TTL).build());
                McpPool rate = McpPool.create(ClusterNode.pool(server.endpoint(), clientB).name("stop-start-rate")
                        .rateLimit(1000).rateLimitPerTenant(true).build())) {
            capA.start();
            capB.start();
            rate.start();
            assertTheCapHoldsAcross(capA, capB, t1);

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
            assertTheCapHoldsAcross(capA, capB, t1);
        } finally {
            clientA.shutdown();
            clientB.shutdown();
        }
    }

    private static void assertTheCapHoldsAcross(McpPool a, McpPool b, BorrowOptions tenant) {
        try (PooledSession a1 = a.borrow(tenant); PooledSession b1 = b.borrow(tenant)) {
            TenantLimitException over = assertThrows(TenantLimitException.class, () -> b.borrow(tenant));
            assertTrue(over.getMessage().contains("across the instances sharing the limits backend 'hazelcast'"),
                    over::getMessage);
            assertThrows(TenantLimitException.class, () -> a.borrow(tenant));
            a1.ping();
            b1.ping();
        }
    }

    /** @return the refusal of a borrow, or null when it was admitted */
    private static LimitsBackendUnavailableException refusal(McpPool pool, BorrowOptions tenant) {
        try (PooledSession s = pool.borrow(tenant)) {
            s.callTool("slow", Map.of("millis", 0));
            return null;
        } catch (LimitsBackendUnavailableException e) {
            return e;
        }
    }

    private void startNodes(String mode, long seconds, int threads) throws Exception {
        for (int i = 0; i < 3; i++) {
            nodes.add(new Jvm(ClusterNode.class, String.valueOf(memberPort), server.endpoint(), mode,
                    String.valueOf(seconds), String.valueOf(threads)));
        }
        for (Jvm node : nodes) {
            node.await("ready", 60);
        }
    }

    private static void go(Jvm node) {
        try {
            node.send("go");
        } catch (IOException e) {
            throw new AssertionError("a node died before the start: " + node.output(), e);
        }
    }

    private static Jvm startMember() throws Exception {
        Jvm jvm = new Jvm(Hazelcasts.class, String.valueOf(memberPort));
        jvm.await("member-ready", 60);
        return jvm;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
