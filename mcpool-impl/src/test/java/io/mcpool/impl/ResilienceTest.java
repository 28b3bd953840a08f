package io.mcpool.impl;

import static io.mcpool.impl.TestPools.config;
import static io.mcpool.impl.TestPools.text;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.BorrowOptions;
import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.PooledSession;
import io.mcpool.event.DestroyReason;
import io.mcpool.event.PoolEvent;
import io.mcpool.testkit.FaultProxy;
import io.mcpool.testkit.StdioTestServer;
import io.mcpool.testkit.TestMcpServer;
import io.modelcontextprotocol.client.McpSyncClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The resilience features one by one, each against a real server, and regression tests for the
 * Python mcp-pool bugs the issue names.
 */
class ResilienceTest {

    @Test
    void aFailedWarmUpStartsDegradedAndTheWarmSetIsRebuiltInTheBackground() throws Exception {
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                FaultProxy proxy = FaultProxy.start(server.port())) {
            proxy.reset();
            List<PoolEvent> events = new CopyOnWriteArrayList<>();
            McpPool pool = McpPool.create(PoolConfig.builder().name("degraded").endpoint(proxy.url("/mcp"))
                    .minSessions(2).maxSessions(3).gracefulDegradation(true).retryCount(0)
                    .failureThreshold(1000).connectTimeout(Duration.ofSeconds(2)).build());
            pool.addListener(events::add);
            try (pool) {
                pool.start();
                assertTrue(pool.isStarted());
                assertTrue(pool.isDegraded());
                assertFalse(pool.isReady());
                assertTrue(pool.metrics().degraded());
                proxy.heal();
                // While degraded, a lease gets a short-lived session: closed when it comes back.
                String shortLived;
                try (PooledSession s = pool.borrow()) {
                    shortLived = s.sessionId();
                    assertEquals("ok", text(s.callTool("echo", Map.of("message", "ok"))));
                }
                assertTrue(pool.awaitReady(Duration.ofSeconds(30)), "background recovery rebuilds the warm set");
                assertFalse(pool.isDegraded());
                assertTrue(events.stream().anyMatch(e -> e instanceof PoolEvent.PoolDegraded));
                assertTrue(events.stream().anyMatch(e -> e instanceof PoolEvent.PoolRecovered));
                // Returned while degraded, the short-lived session is closed (DEGRADED); returned after the
                // recovery, it is an ordinary session: still live, or closed later for another reason.
                int recoveredAt = -1;
                int destroyedAt = -1;
                DestroyReason why = null;
                for (int i = 0; i < events.size(); i++) {
                    PoolEvent e = events.get(i);
                    if (e instanceof PoolEvent.PoolRecovered && recoveredAt < 0) {
                        recoveredAt = i;
                    }
                    if (e instanceof PoolEvent.SessionDestroyed d && d.sessionId().equals(shortLived)) {
                        destroyedAt = i;
                        why = d.reason();
                    }
                }
                boolean live = pool.debugSnapshot().stream().anyMatch(info -> info.id().equals(shortLived));
                if (destroyedAt < 0) {
                    assertTrue(live, "the short-lived session was neither closed nor kept: it leaked");
                } else {
                    assertFalse(live, "closed, yet still listed");
                    assertTrue(why == DestroyReason.DEGRADED || destroyedAt > recoveredAt,
                            "closed as DEGRADED on return, or for another reason only after the recovery: " + why);
                }
                assertTrue(pool.metrics().total() <= 3, "degraded mode still respects maxSessions");
            }
        }
    }

    @Test
    void withoutGracefulDegradationAFailedWarmUpFailsStart() {
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                FaultProxy proxy = FaultProxy.start(server.port())) {
            proxy.reset();
            McpPool pool = McpPool.create(PoolConfig.builder().endpoint(proxy.url("/mcp")).retryCount(0).build());
            assertThrows(io.mcpool.SessionCreationException.class, pool::start);
            assertFalse(pool.isStarted());
        }
    }

    @Test
    void aPartialWarmUpThatCompletesLaterMakesThePoolReady() throws Exception {
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                FaultProxy proxy = FaultProxy.start(server.port())) {
            McpPool pool = McpPool.create(PoolConfig.builder().endpoint(proxy.url("/mcp")).minSessions(1)
                    .maxSessions(4).gracefulDegradation(true).retryCount(0).build());
            try (pool) {
                pool.start();
                assertTrue(pool.isReady());
                proxy.reset();
                pool.reconfigure(pool.config().toBuilder().minSessions(3).build());
                proxy.heal();
                await().atMost(Duration.ofSeconds(30)).until(() -> pool.metrics().idle() == 3);
                assertTrue(pool.isReady());
            }
        }
    }

    @Test
    void aLeaseHeldTooLongIsReportedOnceWithItsBorrowStack() {
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(config(server).leakDetectionThreshold(Duration.ofMillis(300)).build())) {
            List<PoolEvent> events = new CopyOnWriteArrayList<>();
            pool.addListener(events::add);
            pool.start();
            try (PooledSession quick = pool.borrow()) {
                quick.ping();
            }
            PooledSession leaked = pool.borrow();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> events.stream().anyMatch(PoolEvent.LeakSuspected.class::isInstance));
            assertEquals(1, pool.metrics().leaksDetected());
            PoolEvent.LeakSuspected leak = events.stream().filter(PoolEvent.LeakSuspected.class::isInstance)
                    .map(PoolEvent.LeakSuspected.class::cast).findFirst().orElseThrow();
            assertTrue(List.of(leak.borrowSite().getStackTrace()).stream()
                    .anyMatch(f -> f.getMethodName().equals("aLeaseHeldTooLongIsReportedOnceWithItsBorrowStack")));
            leaked.close();
            assertEquals(1, pool.metrics().leaksDetected(), "reported once, not again on return");
        }
    }

    @Test
    void anAbandonedLeaseIsReclaimedWhenConfiguredAndItsLateCloseIsHarmless() {
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(config(server).minSessions(0).maxSessions(1)
                        .abandonedTimeout(Duration.ofSeconds(1)).healthCheckInterval(Duration.ofMillis(200)).build())) {
            List<PoolEvent> events = new CopyOnWriteArrayList<>();
            pool.addListener(events::add);
            pool.start();
            PooledSession abandoned = pool.borrow();
            abandoned.ping();
            await().atMost(Duration.ofSeconds(15)).until(() -> events.stream()
                    .anyMatch(e -> e instanceof PoolEvent.SessionDestroyed d && d.reason() == DestroyReason.ABANDONED));
            // The capacity came back: another borrower gets a session.
            try (PooledSession next = pool.borrow()) {
                next.ping();
            }
            abandoned.close();
            assertEquals(0, pool.metrics().active());
            assertTrue(pool.metrics().total() <= 1);
        }
    }

    @Test
    void theHealthSweepNeverTouchesALentSession() throws Exception {
        Set<McpSyncClient> lentNow = ConcurrentHashMap.newKeySet();
        AtomicInteger probedWhileLent = new AtomicInteger();
        AtomicInteger probes = new AtomicInteger();
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(config(server).minSessions(3).maxSessions(4)
                        .healthCheckInterval(Duration.ofMillis(100)).healthProbeTimeout(Duration.ofSeconds(5))
                        .healthProbe(client -> {
                            probes.incrementAndGet();
                            if (lentNow.contains(client)) {
                                probedWhileLent.incrementAndGet();
                            }
                            Thread.sleep(150); // slow probe: borrows happen during the sweep
                            client.ping();
                        }).build())) {
            pool.start();
            long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < end) {
                try (PooledSession s = pool.borrow()) {
                    lentNow.add(s.client());
                    s.callTool("echo", Map.of("message", "during the sweep"));
                    lentNow.remove(s.client());
                }
            }
            assertTrue(probes.get() > 3, "sweeps ran: " + probes.get());
            assertEquals(0, probedWhileLent.get());
            assertEquals(0, pool.metrics().errors());
        }
    }

    @Test
    void recyclingKeepsTheFloorWarmAndNeverCutsACallInFlight() throws Exception {
        int min = 2;
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(config(server).minSessions(min).maxSessions(4)
                        .maxSessionLifetime(Duration.ofSeconds(2)).recycleWindow(Duration.ofSeconds(1))
                        .healthCheckInterval(Duration.ofMillis(100)).build())) {
            pool.start();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger lowestWarm = new AtomicInteger(Integer.MAX_VALUE);
            Thread sampler = new Thread(() -> {
                while (!stop.get()) {
                    // Open sessions (idle, lent, or in between): what recycling must not let dip.
                    lowestWarm.accumulateAndGet(pool.metrics().total(), Math::min);
                    Thread.onSpinWait();
                }
            });
            sampler.start();
            // A call that spans a lifetime boundary is never cut.
            try (PooledSession s = pool.borrow()) {
                assertEquals("slept 2500", text(s.callTool("slow", Map.of("millis", 2500))));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> pool.metrics().recycledCount() >= 3);
            stop.set(true);
            sampler.join();
            assertTrue(lowestWarm.get() >= min, "warm capacity dipped to " + lowestWarm.get());
            assertEquals(0, pool.metrics().errors());
        }
    }

    @Test
    void aSessionCutMidResponseIsNeverLentAgain() {
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                FaultProxy proxy = FaultProxy.start(server.port());
                McpPool pool = McpPool.create(PoolConfig.builder().endpoint(proxy.url("/mcp")).minSessions(1)
                        .maxSessions(1).requestTimeout(Duration.ofSeconds(3)).build())) {
            pool.start();
            String cut;
            proxy.closeNextResponse();
            try (PooledSession s = pool.borrow()) {
                cut = s.sessionId();
                assertThrows(RuntimeException.class, () -> s.callTool("add", Map.of("a", 1, "b", 2)));
            }
            try (PooledSession s = pool.borrow()) {
                assertNotEquals(cut, s.sessionId());
                assertEquals("3", text(s.callTool("add", Map.of("a", 1, "b", 2))));
            }
        }
    }

    /**
     * After a server restart, the MCP Java SDK answers "session not found" by quietly initializing a new
     * session in the background. The pool replaces broken sessions itself, so that hidden session would
     * belong to no one: it must never be opened. Every initialize the server sees is one the pool made.
     */
    @Test
    void aSessionLostToARestartIsNotQuietlyReinitializedBehindThePool() throws Exception {
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(config(server).minSessions(2).maxSessions(4)
                        .healthCheckInterval(Duration.ZERO).build())) {
            pool.start();
            server.restart();
            int initializeBefore = server.initializeCount();
            long createdBefore = pool.metrics().sessionsCreated();
            try (PooledSession s = pool.borrow()) {
                // Not annotated idempotent and not vouched for: the lost session's failure reaches the caller.
                assertThrows(RuntimeException.class, () -> s.callTool("add", Map.of("a", 1, "b", 2)));
            }
            // Both old sessions are retired (one failed, the other is of the old generation); the floor is rebuilt.
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(2, pool.metrics().idle(),
                    () -> pool.metrics() + " " + pool.debugSnapshot()));
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertEquals(pool.metrics().sessionsCreated() - createdBefore, server.initializeCount() - initializeBefore,
                        "initialize requests the server saw vs sessions the pool made");
                assertEquals(pool.metrics().total(), server.liveSessions(), "server live vs pool total");
            });
            assertEquals(2, server.liveSessions());
        }
    }

    @Test
    void aDeadStdioServerIsDetectedBeforeItsSessionIsLent() throws Exception {
        try (McpPool pool = McpPool.create(PoolConfig.builder().name("dead-stdio").stdio(StdioTestServer.command())
                .minSessions(1).maxSessions(1).healthCheckInterval(Duration.ZERO)
                .requestTimeout(Duration.ofSeconds(30)).connectTimeout(Duration.ofSeconds(30)).build())) {
            pool.start();
            ProcessHandle server = ProcessHandle.current().children()
                    .filter(p -> p.info().command().orElse("").endsWith("/java")).findFirst().orElseThrow();
            server.destroyForcibly();
            server.onExit().get();
            long t0 = System.nanoTime();
            try (PooledSession s = pool.borrow()) {
                assertEquals("fresh", text(s.callTool("echo", Map.of("message", "fresh"))));
            }
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(30).toNanos(), "no wait for the request timeout");
            assertEquals(0, pool.metrics().errors(), "the dead session was never lent");
        }
    }

    @Test
    void aCallerMayVouchThatAnUnannotatedToolIsSafeToRepeat() {
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                FaultProxy proxy = FaultProxy.start(server.port());
                McpPool pool = McpPool.create(PoolConfig.builder().endpoint(proxy.url("/mcp")).minSessions(1)
                        .maxSessions(2).requestTimeout(Duration.ofSeconds(3)).build())) {
            pool.start();
            pool.listTools();
            // add is not annotated idempotent: without the opt-in a cut call fails ...
            proxy.closeNextResponse();
            assertThrows(RuntimeException.class, () -> pool.callTool("add", Map.of("a", 1, "b", 2)));
            // Let the replacement warm up first, so the next cut hits the call and not its initialize.
            await().atMost(Duration.ofSeconds(10)).until(() -> pool.metrics().total() == 1 && pool.metrics().idle() == 1);
            // ... with it, the same failure is absorbed by one retry on a fresh session.
            try (PooledSession s = pool.borrow(BorrowOptions.builder().retryToolCalls(true).build())) {
                String before = s.sessionId();
                proxy.closeNextResponse();
                assertEquals("3", text(s.callTool("add", Map.of("a", 1, "b", 2))));
                assertNotEquals(before, s.sessionId(), "the lease now holds a fresh session");
            }
            // echo is annotated idempotent: retried without any opt-in.
            await().atMost(Duration.ofSeconds(10)).until(() -> pool.metrics().active() == 0);
            proxy.closeNextResponse();
            assertEquals("safe", text(pool.callTool("echo", Map.of("message", "safe"))));
        }
    }
}
