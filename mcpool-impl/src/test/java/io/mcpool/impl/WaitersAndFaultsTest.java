package io.mcpool.impl;

import static io.mcpool.impl.TestPools.OWN_THREAD;
import static io.mcpool.impl.TestPools.config;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.BorrowOptions;
import io.mcpool.CircuitState;
import io.mcpool.FlushMode;
import io.mcpool.McpPool;
import io.mcpool.PoolClosedException;
import io.mcpool.PooledSession;
import io.mcpool.RateLimitMode;
import io.mcpool.TenantLimitMode;
import io.mcpool.event.DestroyReason;
import io.mcpool.event.PoolEvent;
import io.mcpool.testkit.TestMcpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Borrowers that wait (for a tenant slot, a rate-limit permit) and what wakes them; a lease that is not
 * available now; buckets that outlive their idle keys; failures seen through the escape hatch.
 */
class WaitersAndFaultsTest {

    private static final int WAITERS = 100;

    @Test
    void shutdownWakesEveryBorrowerWaitingForATenantSlotOrAServerPause() throws Exception {
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool tenants = McpPool.create(config(server).name("tenants").minSessions(0).maxSessions(2)
                        .borrowTimeout(Duration.ofSeconds(60)).maxConcurrentPerTenant(1)
                        .tenantLimitMode(TenantLimitMode.WAIT).build());
                McpPool paused = McpPool.create(config(server).name("paused").minSessions(1).maxSessions(2)
                        .borrowTimeout(Duration.ofSeconds(60)).build())) {
            tenants.start();
            paused.start();
            PooledSession holder = tenants.borrow(BorrowOptions.builder().tenant("acme").build());
            // A 429 with Retry-After: 50 s: every borrow of that pool waits the pause out, within its 60 s budget.
            server.throttleNextCalls(1, Duration.ofSeconds(50));
            assertThrows(RuntimeException.class, () -> paused.callTool("echo", Map.of("message", "too soon")));
            List<CompletableFuture<Throwable>> outcomes = new ArrayList<>();
            for (int i = 0; i < WAITERS; i++) {
                outcomes.add(failureOf(() -> tenants.borrow(BorrowOptions.builder().tenant("acme").build())));
                outcomes.add(failureOf(() -> paused.borrow()));
            }
            // All of them blocked for a while: none served, none refused.
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10))
                    .until(() -> outcomes.stream().noneMatch(CompletableFuture::isDone));
            long start = System.nanoTime();
            CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> {
                paused.shutdown();
                tenants.shutdown();
            }, OWN_THREAD);
            for (CompletableFuture<Throwable> outcome : outcomes) {
                Throwable failure = outcome.get(5, TimeUnit.SECONDS);
                assertTrue(failure instanceof PoolClosedException, () -> "expected PoolClosedException, got " + failure);
            }
            long releasedNanos = System.nanoTime() - start;
            org.slf4j.LoggerFactory.getLogger("io.mcpool.waiters").info("RELEASED {} waiters ({} on a tenant slot, {} on "
                    + "a server's pause; borrowTimeout 60 s) with PoolClosedException {} ms after shutdown() began",
                    outcomes.size(), WAITERS, WAITERS, TimeUnit.NANOSECONDS.toMillis(releasedNanos));
            assertTrue(releasedNanos < TimeUnit.SECONDS.toNanos(5), "waiters released within 5 s");
            holder.close();
            closing.get(30, TimeUnit.SECONDS);
            assertEquals(0, ((DefaultMcpPool) tenants).admission().tenantLeases("acme"), "no tenant slot left held");
        }
    }

    private static CompletableFuture<Throwable> failureOf(Runnable borrow) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                borrow.run();
                return null;
            } catch (Throwable t) {
                return t;
            }
        }, OWN_THREAD);
    }

    @Test
    void tryBorrowIsEmptyWheneverNoLeaseIsAvailableNow() throws Exception {
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool rated = McpPool.create(config(server).name("rated").minSessions(1).maxSessions(2)
                        .rateLimit(0.02).rateLimitBurst(1).build());
                McpPool capped = McpPool.create(config(server).name("capped").minSessions(0).maxSessions(1).build());
                McpPool tenants = McpPool.create(config(server).name("tenants").minSessions(0).maxSessions(4)
                        .maxConcurrentPerTenant(1).build())) {
            rated.start();
            capped.start();
            tenants.start();
            rated.tryBorrow(BorrowOptions.none()).orElseThrow().close();
            assertEquals(Optional.empty(), rated.tryBorrow(BorrowOptions.none()), "rate limit spent");
            try (PooledSession only = capped.borrow()) {
                assertEquals(Optional.empty(), capped.tryBorrow(BorrowOptions.none()), "capacity taken");
                only.ping();
            }
            try (PooledSession one = tenants.borrow(BorrowOptions.builder().tenant("acme").build())) {
                assertEquals(Optional.empty(), tenants.tryBorrow(BorrowOptions.builder().tenant("acme").build()),
                        "tenant cap reached");
                one.ping();
            }
            capped.shutdown();
            assertThrows(PoolClosedException.class, () -> capped.tryBorrow(BorrowOptions.none()));
        }
    }

    @Test
    void tryBorrowIsEmptyWhileTheBreakerIsOpen() throws Exception {
        TestMcpServer server = TestMcpServer.builder().build().start();
        int port = server.port();
        try (McpPool pool = McpPool.create(config(server).minSessions(0).maxSessions(2).retryCount(0)
                .failureThreshold(1).recoveryTimeout(Duration.ofSeconds(60)).connectTimeout(Duration.ofSeconds(2))
                .endpoint("http://127.0.0.1:" + port + "/mcp").build())) {
            pool.start();
            server.close();
            assertThrows(RuntimeException.class, () -> pool.borrow(BorrowOptions.builder()
                    .timeout(Duration.ofSeconds(5)).build()));
            assertEquals(CircuitState.OPEN, pool.metrics().circuitState());
            assertEquals(Optional.empty(), pool.tryBorrow(BorrowOptions.none()));
        }
    }

    @Test
    void aTenantsRateBucketOutlivesItsIdleKeysUntilItIsFullAgain() throws Exception {
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(config(server).minSessions(0).maxSessions(2).rateLimit(0.02)
                        .rateLimitBurst(1).rateLimitPerTenant(true).rateLimitMode(RateLimitMode.REJECT)
                        .keyIdleTimeout(Duration.ofSeconds(1)).build())) {
            pool.start();
            BorrowOptions acme = BorrowOptions.builder().tenant("acme").build();
            pool.borrow(acme).close();
            long spent = System.nanoTime();
            long rejectsBefore = pool.metrics().rateLimitRejects();
            // The bucket must have been idle longer than keyIdleTimeout; then FILL runs the sweep at once.
            await().atMost(Duration.ofSeconds(5)).until(() -> System.nanoTime() - spent > TimeUnit.MILLISECONDS.toNanos(1300));
            pool.flush(FlushMode.FILL);
            assertEquals(Optional.empty(), pool.tryBorrow(acme), "the spent bucket was not handed back full");
            assertEquals(rejectsBefore + 1, pool.metrics().rateLimitRejects());
        }
    }

    @Test
    void aTransportFailureThroughTheEscapeHatchRetiresTheSession() throws Exception {
        TestMcpServer server = TestMcpServer.builder().build().start();
        List<PoolEvent> events = new CopyOnWriteArrayList<>();
        try (McpPool pool = McpPool.create(config(server).minSessions(1).maxSessions(1).retryCount(0)
                .connectTimeout(Duration.ofSeconds(2)).requestTimeout(Duration.ofSeconds(5)).build())) {
            pool.addListener(events::add);
            pool.start();
            try (PooledSession lease = pool.borrow()) {
                server.close();
                assertThrows(RuntimeException.class, () -> lease.client().callTool(
                        new io.modelcontextprotocol.spec.McpSchema.CallToolRequest("echo", Map.of("message", "x"))));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().anyMatch(e ->
                    e instanceof PoolEvent.SessionDestroyed d && d.reason() == DestroyReason.BROKEN));
            assertTrue(events.stream().anyMatch(e -> e instanceof PoolEvent.SessionReturned r && r.broken()),
                    () -> "the broken session went back to idle: " + events);
        }
    }

    /**
     * The borrow, return and wait paths park on java.util.concurrent primitives, never on a monitor: a
     * virtual thread blocked in {@code synchronized} or {@code Object.wait} pins its carrier on JDK 21-23.
     */
    @Test
    void theBorrowReturnAndWaitPathsUseNoMonitors() throws Exception {
        Pattern monitor = Pattern.compile("\\bsynchronized\\b|\\.wait\\(|\\bnotify(All)?\\(");
        List<String> offenders = new ArrayList<>();
        for (String part : List.of("Lender", "Admission", "TenantSlots", "RateLimiter", "SessionLease",
                "ManagedSession", "Readiness", "Retirer", "SessionRules", "CapacityGate", "PoolLifecycle",
                "ClusterSlots", "BackendHealth", "LocalLimits", "Parking")) {
            Path file = Path.of("src/main/java/io/mcpool/impl/" + part + ".java");
            try (Stream<String> lines = Files.lines(file)) {
                lines.filter(l -> !l.trim().startsWith("*") && !l.trim().startsWith("//"))
                        .filter(l -> monitor.matcher(l).find()).forEach(l -> offenders.add(part + ": " + l.trim()));
            }
        }
        assertTrue(offenders.isEmpty(), () -> "monitors on the borrow/return/wait paths: " + offenders);
    }
}
