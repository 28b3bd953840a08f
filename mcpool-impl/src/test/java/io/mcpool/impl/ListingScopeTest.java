package io.mcpool.impl;

import static io.mcpool.impl.TestPools.speaking;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.BorrowOptions;
import io.mcpool.McpPool;
import io.mcpool.testkit.TestMcpServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A 2026-07-28 server's {@code cacheScope}: a {@code public} listing fetched by any tenant serves every tenant for its
 * {@code ttlMs}; a {@code private} one only the tenant whose credentials fetched it. The server's private listings
 * differ per tenant (a tool named after the {@code X-Tenant} header the pool's {@code AuthProvider} sets), so a listing
 * crossing tenants would show.
 */
class ListingScopeTest {

    private static final String TENANT_HEADER = "X-Tenant";
    private static final List<String> TENANTS = List.of("acme", "globex", "initech", "umbrella");

    private static McpPool pool(TestMcpServer server) {
        return McpPool.create(speaking(server).minSessions(0).maxSessions(8).toolCacheTtl(Duration.ofMinutes(10))
                .authProvider(key -> key.tenant() == null ? Map.of() : Map.of(TENANT_HEADER, key.tenant()))
                .build());
    }

    private static TestMcpServer server() {
        TestMcpServer server = TestMcpServer.builder().mode(TestMcpServer.Mode.HTTP_2026_07_28).build().start();
        server.privateToolPerCaller(TENANT_HEADER);
        return server;
    }

    private static BorrowOptions tenant(String name) {
        return BorrowOptions.builder().tenant(name).build();
    }

    private static List<String> privateTools(List<McpSchema.Tool> tools) {
        return tools.stream().map(McpSchema.Tool::name).filter(n -> n.startsWith("private-for-")).toList();
    }

    @Test
    void aPublicListingFetchedByOneTenantServesEveryTenantForItsTtl() {
        try (TestMcpServer server = server(); McpPool pool = pool(server)) {
            pool.start();
            server.toolsListCaching(60_000L, false);
            List<McpSchema.Tool> first = pool.listTools(tenant("acme"));
            assertEquals(1, server.toolsListCount());
            for (String name : TENANTS) {
                List<McpSchema.Tool> served = pool.listTools(tenant(name));
                assertEquals(first, served, name + " is served the public listing");
                assertEquals(List.of(), privateTools(served));
            }
            assertEquals(1, server.toolsListCount(), "one upstream fetch served every tenant");

            pool.invalidateToolsCache();
            pool.listTools(tenant("globex"));
            pool.listTools(tenant("acme"));
            assertEquals(2, server.toolsListCount(), "invalidated: fetched again, once");
        }
    }

    @Test
    void manyTenantsOnAColdCacheCauseOneUpstreamFetchOfAPublicListing() throws Exception {
        try (TestMcpServer server = server(); McpPool pool = pool(server)) {
            pool.start();
            server.toolsListCaching(60_000L, false);
            server.toolsListLatency(Duration.ofMillis(400));
            List<Object> results = concurrently(32, i -> pool.listTools(tenant(TENANTS.get(i % TENANTS.size()))));
            assertEquals(1, server.toolsListCount(), "one fetch however many callers of however many tenants");
            results.forEach(r -> assertEquals(results.get(0), r));
            assertEquals(0, pool.metrics().cacheWaiters());
        }
    }

    @Test
    void aFailedSharedFetchReachesTheCallersOfItsTenantOnlyTheOthersFetchTheirOwn() throws Exception {
        try (TestMcpServer server = server(); McpPool pool = pool(server)) {
            pool.start();
            server.toolsListCaching(60_000L, false);
            server.toolsListLatency(Duration.ofSeconds(1));
            server.failNextToolsList(1);
            List<Object> results = concurrently(16, i -> {
                String name = TENANTS.get(i % 2);
                try {
                    return List.of(name, pool.listTools(tenant(name)));
                } catch (RuntimeException failure) {
                    return List.of(name, failure);
                }
            });
            List<String> failed = results.stream().filter(r -> ((List<?>) r).get(1) instanceof RuntimeException)
                    .map(r -> (String) ((List<?>) r).get(0)).distinct().toList();
            assertEquals(1, failed.size(), () -> "one tenant's callers got the failure: " + results);
            results.stream().filter(r -> !((List<?>) r).get(0).equals(failed.get(0))).forEach(r -> assertTrue(
                    ((List<?>) r).get(1) instanceof List<?>, () -> "the other tenant fetched its own: " + r));
            assertEquals(2, server.toolsListCount(), "the shared fetch that failed, and the other tenant's own");
        }
    }

    @Test
    void aPrivateListingIsFetchedOncePerTenantAndServedToThatTenantOnly() throws Exception {
        try (TestMcpServer server = server(); McpPool pool = pool(server)) {
            pool.start();
            server.toolsListCaching(60_000L, true);
            server.toolsListLatency(Duration.ofMillis(300));
            List<Object> results = concurrently(32, i -> List.of(TENANTS.get(i % TENANTS.size()),
                    pool.listTools(tenant(TENANTS.get(i % TENANTS.size())))));
            for (Object r : results) {
                String name = (String) ((List<?>) r).get(0);
                @SuppressWarnings("unchecked")
                List<McpSchema.Tool> tools = (List<McpSchema.Tool>) ((List<?>) r).get(1);
                assertEquals(List.of(TestMcpServer.privateToolOf(name)), privateTools(tools), name + "'s own listing");
            }
            assertEquals(TENANTS.size(), server.toolsListCount(), "one fetch per tenant, however many callers");
            server.toolsListLatency(Duration.ZERO);
            for (String name : TENANTS) {
                assertEquals(List.of(TestMcpServer.privateToolOf(name)), privateTools(pool.listTools(tenant(name))));
            }
            assertEquals(TENANTS.size(), server.toolsListCount(), "each tenant's listing served from the cache");
        }
    }

    @Test
    void whenTheScopeChangesAPrivateListingStaysWithItsTenantAndAPublicOneIsSharedAgain() {
        try (TestMcpServer server = server(); McpPool pool = pool(server)) {
            pool.start();
            server.toolsListCaching(60_000L, false);
            pool.listTools(tenant("acme"));
            server.toolsListCaching(60_000L, true); // the server tailors its listings from now on
            assertEquals(List.of(), privateTools(pool.listTools(tenant("globex"))),
                    "the public listing is served for its ttlMs: it holds no tenant's data");
            assertEquals(1, server.toolsListCount());

            pool.invalidateToolsCache();
            assertEquals(List.of(TestMcpServer.privateToolOf("acme")), privateTools(pool.listTools(tenant("acme"))));
            assertEquals(List.of(TestMcpServer.privateToolOf("globex")), privateTools(pool.listTools(tenant("globex"))),
                    "after an earlier public answer, acme's private one is not served to globex");
            assertEquals(3, server.toolsListCount());

            server.toolsListCaching(60_000L, false);
            pool.invalidateToolsCache();
            assertEquals(List.of(), privateTools(pool.listTools(tenant("initech"))));
            assertEquals(List.of(), privateTools(pool.listTools(tenant("acme"))));
            assertEquals(List.of(), privateTools(pool.listTools(tenant("globex"))));
            assertEquals(4, server.toolsListCount(), "public again: one fetch serves every tenant");
        }
    }

    @Test
    void aChangeOnTheListenStreamClearsTheSharedListingAndEveryTenantsOwn() {
        try (TestMcpServer server = server(); McpPool pool = pool(server)) {
            pool.start();
            server.toolsListCaching(600_000L, true);
            assertEquals(List.of(TestMcpServer.privateToolOf("acme")), privateTools(pool.listTools(tenant("acme"))));
            server.toolsListCaching(600_000L, false);
            assertEquals(List.of(), privateTools(pool.listTools(tenant("globex"))));
            assertEquals(2, server.toolsListCount(), "acme's private listing and the shared public one are cached");
            await().atMost(Duration.ofSeconds(10)).until(() -> server.requests().stream()
                    .anyMatch(r -> "subscriptions/listen".equals(r.method())));

            server.addTool("brand-new");
            await().atMost(Duration.ofSeconds(10)).until(() -> lists(pool, "globex", "brand-new"));
            assertTrue(lists(pool, "acme", "brand-new"), "acme's own listing was cleared too");
            assertEquals(List.of(), privateTools(pool.listTools(tenant("acme"))),
                    "acme is served what the server answers now: public");
        }
    }

    /**
     * Many threads of random tenants list while the server flips between public and private and the cache expires or
     * is invalidated: no tenant is ever served a listing with another tenant's private tool.
     */
    @Test
    void randomTenantsListingWhileTheScopeFlipsNeverSeeAnotherTenantsPrivateListing() throws Exception {
        try (TestMcpServer server = server(); McpPool pool = pool(server)) {
            pool.start();
            server.toolsListCaching(30L, false);
            AtomicLong ownPrivate = new AtomicLong();
            AtomicLong shared = new AtomicLong();
            AtomicInteger flips = new AtomicInteger();
            Queue<String> crossed = new ConcurrentLinkedQueue<>();
            List<Object> results = concurrently(8, i -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int op = 0; op < 150; op++) {
                    int dice = random.nextInt(20);
                    if (dice == 0) {
                        server.toolsListCaching(random.nextLong(0, 60), random.nextBoolean());
                        flips.incrementAndGet();
                    } else if (dice == 1) {
                        pool.invalidateToolsCache();
                    } else {
                        String name = TENANTS.get(random.nextInt(TENANTS.size()));
                        List<String> mine = privateTools(pool.listTools(tenant(name)));
                        if (mine.isEmpty()) {
                            shared.incrementAndGet();
                        } else if (mine.equals(List.of(TestMcpServer.privateToolOf(name)))) {
                            ownPrivate.incrementAndGet();
                        } else {
                            crossed.add(name + " was served " + mine);
                        }
                    }
                }
                return "done";
            });
            results.forEach(r -> assertEquals("done", r));
            assertTrue(crossed.isEmpty(), () -> crossed.size() + " listings crossed tenants, e.g. "
                    + crossed.stream().limit(5).toList());
            assertTrue(ownPrivate.get() > 0 && shared.get() > 0 && flips.get() > 0,
                    () -> "both scopes served: own private " + ownPrivate + ", public " + shared + ", flips " + flips);
            assertEquals(0, pool.metrics().cacheWaiters());
            assertFalse(server.toolsListCount() == 0);
        }
    }

    private static boolean lists(McpPool pool, String tenant, String tool) {
        return pool.listTools(tenant(tenant)).stream().anyMatch(t -> t.name().equals(tool));
    }

    /** A task of the test, given its index. */
    interface Task {
        Object run(int index) throws Exception;
    }

    /** Runs {@code threads} tasks released at once; each result is what its task returned or the exception it threw. */
    static List<Object> concurrently(int threads, Task task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    go.await();
                    try {
                        return task.run(index);
                    } catch (RuntimeException e) {
                        return e;
                    }
                }));
            }
            go.countDown();
            List<Object> results = new ArrayList<>();
            for (Future<Object> f : futures) {
                Object r = f.get(60, TimeUnit.SECONDS);
                if (r instanceof RuntimeException e) {
                    throw new AssertionError("a task failed", e);
                }
                results.add(r);
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
