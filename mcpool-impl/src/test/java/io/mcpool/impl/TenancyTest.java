package io.mcpool.impl;

import static io.mcpool.impl.TestPools.config;
import static io.mcpool.impl.TestPools.text;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.BorrowOptions;
import io.mcpool.McpPool;
import io.mcpool.McpPoolException;
import io.mcpool.PooledSession;
import io.mcpool.SessionCreationException;
import io.mcpool.TenantLimitException;
import io.mcpool.TenantLimitMode;
import io.mcpool.event.DestroyReason;
import io.mcpool.event.PoolEvent;
import io.mcpool.testkit.RecordedRequest;
import io.mcpool.testkit.TestMcpServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Tenants and affinity keys: isolation, caps, reclaim, cleanup. */
class TenancyTest {

    private static BorrowOptions tenant(String t) {
        return BorrowOptions.builder().header("X-Tenant-ID", t).build();
    }

    @Test
    void aSessionCarriesItsTenantsTokenAndIsNeverLentToAnotherTenant() throws Exception {
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(config(server).minSessions(1).maxSessions(8).tenantHeader("X-Tenant-ID")
                        .bearerToken("shared-token")
                        .authProvider(key -> key.tenant() == null ? Map.of()
                                : Map.of("Authorization", "Bearer token-" + key.tenant())).build())) {
            pool.start();
            ExecutorService threads = Executors.newFixedThreadPool(12);
            List<Future<?>> done = new ArrayList<>();
            AtomicInteger mismatches = new AtomicInteger();
            for (int t = 0; t < 12; t++) {
                String tenant = t % 2 == 0 ? "alpha" : "beta";
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        try (PooledSession s = pool.borrow(tenant(tenant))) {
                            if (!tenant.equals(s.key().tenant())) {
                                mismatches.incrementAndGet();
                            }
                            String seen = text(s.callTool("whoami", Map.of()));
                            if (!seen.contains("authorization=Bearer token-" + tenant)) {
                                mismatches.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
            threads.shutdown();
            assertEquals(0, mismatches.get());

            // On the wire: every request of a session carries the token the session was created with,
            // and every tools/call of tenant X carries X's token.
            Map<String, String> tokenOfSession = new HashMap<>();
            for (RecordedRequest r : server.requests()) {
                if (r.sessionId() == null) {
                    continue;
                }
                String previous = tokenOfSession.putIfAbsent(r.sessionId(), r.header("authorization"));
                assertTrue(previous == null || previous.equals(r.header("authorization")),
                        () -> "session " + r.sessionId() + " changed token");
            }
            for (RecordedRequest call : server.toolCalls()) {
                String tenant = call.header("x-tenant-id");
                assertEquals("Bearer token-" + tenant, call.header("authorization"), call::toString);
            }
            // The shared partition keeps the pool's own token and is never lent to a tenant.
            try (PooledSession shared = pool.borrow()) {
                assertTrue(text(shared.callTool("whoami", Map.of())).contains("authorization=Bearer shared-token"));
            }
        }
    }

    @Test
    void aSaturatedTenantDoesNotDelayAnother() throws Exception {
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(config(server).minSessions(0).maxSessions(8).maxConcurrentPerTenant(2)
                        .tenantHeader("X-Tenant-ID").build())) {
            pool.start();
            PooledSession a1 = pool.borrow(tenant("noisy"));
            PooledSession a2 = pool.borrow(tenant("noisy"));
            TenantLimitException over = assertThrows(TenantLimitException.class, () -> pool.borrow(tenant("noisy")));
            assertTrue(over.getMessage().contains("maxConcurrentPerTenant=2"), over::getMessage);
            for (int i = 0; i < 20; i++) {
                try (PooledSession b = pool.borrow(BorrowOptions.builder().tenant("quiet")
                        .timeout(Duration.ofSeconds(10)).build())) {
                    b.ping();
                }
                assertThrows(TenantLimitException.class, () -> pool.borrow(tenant("noisy")));
            }
            a1.close();
            a2.close();
            pool.borrow(tenant("noisy")).close();
        }
    }

    @Test
    void inWaitModeATenantOverItsCapWaitsForItsOwnLeaseToComeBack() throws Exception {
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(config(server).maxSessions(4).maxConcurrentPerTenant(1)
                        .tenantLimitMode(TenantLimitMode.WAIT).build())) {
            pool.start();
            BorrowOptions acme = BorrowOptions.builder().tenant("acme").timeout(Duration.ofSeconds(30)).build();
            PooledSession held = pool.borrow(acme);
            Future<String> waiter = Executors.newSingleThreadExecutor().submit(() -> {
                try (PooledSession s = pool.borrow(acme)) {
                    return s.sessionId();
                }
            });
            // The second borrow of the capped tenant must stay blocked all the while its first lease is out:
            // "during" fails as soon as the waiter finishes (with a lease or an error).
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !waiter.isDone());
            held.close();
            assertNotNull(waiter.get(30, TimeUnit.SECONDS));
            TenantLimitException timedOut;
            try (PooledSession again = pool.borrow(acme)) {
                timedOut = assertThrows(TenantLimitException.class, () -> pool.borrow(BorrowOptions.builder()
                        .tenant("acme").timeout(Duration.ofMillis(200)).build()));
            }
            assertTrue(timedOut.getMessage().contains("none came back within 200ms"), timedOut::getMessage);
        }
    }

    @Test
    void atMaxSessionsIdleSessionsOfOtherKeysAreReclaimed() {
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(config(server).minSessions(0).maxSessions(2).build())) {
            List<PoolEvent> events = new CopyOnWriteArrayList<>();
            pool.addListener(events::add);
            pool.start();
            PooledSession a1 = pool.borrow(BorrowOptions.builder().tenant("a").build());
            PooledSession a2 = pool.borrow(BorrowOptions.builder().tenant("a").build());
            a1.close();
            a2.close();
            assertEquals(2, pool.metrics().idle());
            try (PooledSession b = pool.borrow(BorrowOptions.builder().tenant("b").timeout(Duration.ofSeconds(5)).build())) {
                assertEquals("b", b.key().tenant());
            }
            assertTrue(events.stream().anyMatch(e -> e instanceof PoolEvent.SessionDestroyed d
                    && d.reason() == DestroyReason.RECLAIMED && "a".equals(d.key().tenant())));
            assertTrue(server.maxLiveSessions() <= 2);
        }
    }

    @Test
    void everyFailurePathGivesTheTenantSlotBack() throws Exception {
        try (TestMcpServer server = TestMcpServer.builder().build().start()) {
            DefaultMcpPool pool = (DefaultMcpPool) McpPool.create(config(server).minSessions(0).maxSessions(3)
                    .maxConcurrentPerTenant(2).tenantLimitMode(TenantLimitMode.WAIT).retryCount(0)
                    .authProvider(key -> {
                        if ("broken".equals(key.tenant())) {
                            throw new IllegalStateException("no credentials for broken");
                        }
                        return Map.of();
                    }).build());
            try (pool) {
                pool.start();
                // creation failure
                assertThrows(SessionCreationException.class, () -> pool.borrow(BorrowOptions.builder().tenant("broken").build()));
                assertEquals(0, pool.admission().tenantLeases("broken"));
                // thousands of mixed operations from many threads
                String[] tenants = {"t1", "t2", "t3", "t4", "broken"};
                ExecutorService threads = Executors.newFixedThreadPool(10);
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 10; t++) {
                    done.add(threads.submit(() -> {
                        ThreadLocalRandom random = ThreadLocalRandom.current();
                        for (int i = 0; i < 200; i++) {
                            String tenant = tenants[random.nextInt(tenants.length)];
                            BorrowOptions o = BorrowOptions.builder().tenant(tenant)
                                    .timeout(Duration.ofMillis(1 + random.nextInt(50))).build();
                            try {
                                switch (random.nextInt(4)) {
                                    case 0 -> pool.tryBorrow(o).ifPresent(PooledSession::close);
                                    case 1 -> {
                                        Thread.currentThread().interrupt();
                                        pool.borrow(o).close();
                                    }
                                    default -> {
                                        try (PooledSession s = pool.borrow(o)) {
                                            s.ping();
                                        }
                                    }
                                }
                            } catch (McpPoolException expected) {
                                // timeouts, caps, creation failures, interrupts
                            } catch (RuntimeException transport) {
                                // A ping that failed on the wire (e.g. a connection an interrupted
                                // neighbour's cancelled exchange closed) is beside the point here:
                                // what matters is that its slot still comes back.
                            } finally {
                                Thread.interrupted();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(2, TimeUnit.MINUTES);
                }
                threads.shutdown();
                for (String tenant : tenants) {
                    assertEquals(0, pool.admission().tenantLeases(tenant), "slots left held by " + tenant);
                }
                assertEquals(0, pool.metrics().active());
            }
        }
    }

    @Test
    void anAffinityKeyGetsTheSameSessionWhileItIsFreeAndAliveAndAnotherWhenItIsBusyOrGone() {
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(config(server).minSessions(1).maxSessions(6).maxSessionsPerKey(2).build())) {
            pool.start();
            BorrowOptions site1 = BorrowOptions.builder().affinityKey("site-1").build();
            String first;
            try (PooledSession s = pool.borrow(site1)) {
                first = s.sessionId();
            }
            for (int i = 0; i < 5; i++) {
                try (PooledSession s = pool.borrow(site1)) {
                    assertEquals(first, s.sessionId(), "same session while alive and free");
                }
            }
            try (PooledSession busy = pool.borrow(site1); PooledSession other = pool.borrow(site1)) {
                assertEquals(first, busy.sessionId());
                assertNotEquals(first, other.sessionId(), "busy: a second session of the same key");
                assertThrows(io.mcpool.PoolExhaustedException.class, () -> pool.borrow(BorrowOptions.builder()
                        .affinityKey("site-1").timeout(Duration.ofMillis(100)).build()), "per-key cap of 2");
            }
            try (PooledSession s = pool.borrow(site1)) {
                s.invalidate();
            }
            try (PooledSession s = pool.borrow(site1)) {
                assertNotEquals(first, s.sessionId(), "gone: a new one");
            }
        }
    }

    @Test
    void idleTenantKeysAreClosedAfterTheKeyIdleTimeout() {
        try (TestMcpServer server = TestMcpServer.builder().build().start()) {
            DefaultMcpPool pool = (DefaultMcpPool) McpPool.create(config(server).minSessions(1).maxSessions(20)
                    .keyIdleTimeout(Duration.ofSeconds(1)).healthCheckInterval(Duration.ofMillis(200)).build());
            try (pool) {
                pool.start();
                for (int t = 0; t < 10; t++) {
                    pool.borrow(BorrowOptions.builder().tenant("tenant-" + t).build()).close();
                }
                assertEquals(11, server.liveSessions());
                // The server forgets a session at its DELETE; the pool counts it until its close has returned.
                await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                    assertEquals(1, server.liveSessions(), "server live");
                    assertEquals(1, pool.metrics().total(), "only the shared floor stays");
                });
            }
        }
    }

    /**
     * With per-tenant credentials, each tenant's tool list is fetched with that tenant's credentials and
     * served to that tenant only; without them, everyone shares one list.
     */
    @Test
    void toolListsArePerTenantWhenCredentialsAreAndSharedWhenNot() throws Exception {
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool perTenant = McpPool.create(config(server).name("per-tenant").minSessions(0).maxSessions(4)
                        .authProvider(key -> Map.of("Authorization", "Bearer token-of-"
                                + (key.tenant() == null ? "pool" : key.tenant()))).build());
                McpPool shared = McpPool.create(config(server).name("shared").minSessions(0).maxSessions(4).build())) {
            perTenant.start();
            shared.start();
            BorrowOptions acme = BorrowOptions.builder().tenant("acme").build();
            BorrowOptions globex = BorrowOptions.builder().tenant("globex").build();
            for (int i = 0; i < 3; i++) {
                assertFalse(perTenant.listTools(acme).isEmpty());
                assertFalse(perTenant.listTools(globex).isEmpty());
                assertFalse(perTenant.listTools().isEmpty());
            }
            List<String> listedWith = server.requests().stream().filter(r -> "tools/list".equals(r.method()))
                    .map(r -> r.headers().get("authorization")).toList();
            assertEquals(List.of("Bearer token-of-acme", "Bearer token-of-globex", "Bearer token-of-pool"),
                    listedWith, "one upstream list per identity, each with its own credentials");
            assertEquals(6, perTenant.metrics().cacheHits());

            int before = listedWith.size();
            shared.listTools(acme);
            shared.listTools(globex);
            shared.listTools();
            long sharedLists = server.requests().stream().filter(r -> "tools/list".equals(r.method())).count() - before;
            assertEquals(1, sharedLists, "without per-tenant credentials, one list serves everyone");
        }
    }
}
