package io.mcpool.impl;

import static io.mcpool.impl.TestPools.speaking;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.BorrowOptions;
import io.mcpool.CallOptions;
import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.PooledSession;
import io.mcpool.spi.ClientCapability;
import io.mcpool.testkit.TestMcpServer;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What a 2026-07-28 server lets clients reuse ({@code ttlMs}, {@code cacheScope}) is reused by the pool's leases: the
 * prompts, resources and resource-templates listings, resource reads (per URI) and the lease's own tool listing, each
 * for its {@code ttlMs}, a {@code private} one by its tenant only. Against the SDK's 2026-07-28 server, whose private
 * answers name the tenant asking (the {@code X-Tenant} header the pool's {@code AuthProvider} sets), so an answer
 * crossing tenants would show; requests are counted on the server.
 */
class ReusedAnswersTest {

    private static final String TENANT_HEADER = "X-Tenant";
    private static final List<String> TENANTS = List.of("acme", "globex", "initech", "umbrella");
    private static final String HELLO = "test://hello";
    private static final List<String> READS = List.of("resources/list", "resources/templates/list", "prompts/list",
            "resources/read");

    private static McpPool pool(TestMcpServer server) {
        return pool(server, Duration.ofMinutes(10));
    }

    private static McpPool pool(TestMcpServer server, Duration toolCacheTtl) {
        PoolConfig.Builder config = speaking(server).minSessions(0).maxSessions(8).toolCacheTtl(toolCacheTtl)
                .authProvider(key -> key.tenant() == null ? Map.of() : Map.of(TENANT_HEADER, key.tenant()));
        McpPool pool = McpPool.create(config.build());
        pool.start();
        return pool;
    }

    private static TestMcpServer server(TestMcpServer.Mode mode) {
        TestMcpServer server = TestMcpServer.builder().mode(mode).build().start();
        server.privateToolPerCaller(TENANT_HEADER);
        return server;
    }

    private static TestMcpServer server() {
        return server(TestMcpServer.Mode.HTTP_2026_07_28);
    }

    private static BorrowOptions tenant(String name) {
        return BorrowOptions.builder().tenant(name).build();
    }

    private static long count(TestMcpServer server, String method) {
        return server.requests().stream().filter(r -> method.equals(r.method())).count();
    }

    private static List<Long> counts(TestMcpServer server) {
        return READS.stream().map(m -> count(server, m)).toList();
    }

    /** What one lease of {@code tenant} reads: every kind of reusable answer, as the names and texts it carries. */
    private static List<String> readAll(McpPool pool, String tenant) {
        try (PooledSession lease = pool.borrow(tenant(tenant))) {
            return readAll(lease);
        }
    }

    private static List<String> readAll(PooledSession lease) {
        List<String> seen = new ArrayList<>();
        lease.listResources().forEach(r -> seen.add(r.name()));
        lease.listResourceTemplates().forEach(t -> seen.add(t.name()));
        lease.listPrompts().forEach(p -> seen.add(p.name()));
        seen.add(text(lease.readResource(HELLO)));
        return seen;
    }

    private static String text(McpSchema.ReadResourceResult result) {
        return ((McpSchema.TextResourceContents) result.contents().get(0)).text();
    }

    /** @return the names in {@code seen} that belong to a tenant's private answers */
    private static List<String> privateOf(List<String> seen) {
        return seen.stream().filter(s -> s.startsWith("private-for-") || s.startsWith("hello, ")).toList();
    }

    private static List<String> privateAnswersOf(String tenant) {
        String own = TestMcpServer.privateToolOf(tenant);
        return List.of(own, own, own, "hello, " + tenant);
    }

    @Test
    void publicAnswersOfEveryKindAreFetchedOnceAndServedToEveryTenantForTheirTtl() {
        try (TestMcpServer server = server(); McpPool pool = pool(server)) {
            server.readsCaching(60_000L, false);
            List<String> first = readAll(pool, "acme");
            assertTrue(first.containsAll(List.of("hello", "item", "greeting")), () -> "every kind was read: " + first);
            assertEquals(List.of(1L, 1L, 1L, 1L), counts(server));
            for (String name : TENANTS) {
                assertEquals(first, readAll(pool, name), name + " is served the public answers");
            }
            try (PooledSession lease = pool.borrow()) {
                assertEquals(first, readAll(lease), "and a borrower without a tenant");
            }
            assertEquals(List.of(1L, 1L, 1L, 1L), counts(server), "no request after the first of each");
        }
    }

    @Test
    void aPrivateAnswerIsFetchedOncePerTenantAndServedToThatTenantOnly() {
        try (TestMcpServer server = server(); McpPool pool = pool(server)) {
            server.readsCaching(60_000L, true);
            for (int round = 0; round < 3; round++) {
                for (String name : TENANTS) {
                    assertEquals(privateAnswersOf(name), privateOf(readAll(pool, name)), name + "'s own answers");
                }
            }
            long n = TENANTS.size();
            assertEquals(List.of(n, n, n, n), counts(server), "one request of each kind per tenant, in three rounds");
        }
    }

    @Test
    void aPrivateAnswerAfterAPublicOneIsNotSharedAndAPublicOneIsSharedAgainOnceFresh() {
        try (TestMcpServer server = server(); McpPool pool = pool(server)) {
            server.readsCaching(60_000L, false);
            readAll(pool, "acme");
            server.readsCaching(60_000L, true); // the server tailors its answers from now on
            assertEquals(List.of(), privateOf(readAll(pool, "globex")), "the public answers hold no tenant's data");
            pool.invalidateToolsCache();
            assertEquals(privateAnswersOf("acme"), privateOf(readAll(pool, "acme")));
            assertEquals(privateAnswersOf("globex"), privateOf(readAll(pool, "globex")),
                    "acme's private answers are not served to globex");
            assertEquals(List.of(3L, 3L, 3L, 3L), counts(server));
        }
    }

    @Test
    void anAnswerWithoutTtlOrWithTtlZeroIsNeverReused() {
        try (TestMcpServer server = server(); McpPool pool = pool(server)) {
            readAll(pool, "acme"); // the SDK server's defaults: no caching hints given
            readAll(pool, "acme");
            assertEquals(List.of(2L, 2L, 2L, 2L), counts(server), "the SDK server's default answers");
            server.readsCaching(null, false);
            readAll(pool, "acme");
            readAll(pool, "acme");
            server.readsCaching(0L, false);
            readAll(pool, "acme");
            readAll(pool, "acme");
            assertEquals(List.of(6L, 6L, 6L, 6L), counts(server), "public, but without ttlMs or with ttlMs 0");
        }
    }

    @Test
    void thePoolsToolCacheTtlBoundsHowLongAnAnswerIsReused() {
        try (TestMcpServer server = server(); McpPool pool = pool(server, Duration.ZERO)) {
            server.readsCaching(600_000L, false);
            readAll(pool, "acme");
            readAll(pool, "acme");
            assertEquals(List.of(2L, 2L, 2L, 2L), counts(server), "toolCacheTtl=0: nothing is reused");
        }
    }

    @Test
    void aResourceReadIsKeyedByItsUri() {
        try (TestMcpServer server = server(); McpPool pool = pool(server); PooledSession lease = pool.borrow()) {
            server.readsCaching(60_000L, false);
            assertEquals("item 1", text(lease.readResource("test://items/1")));
            assertEquals("item 2", text(lease.readResource("test://items/2")));
            assertEquals("item 1", text(lease.readResource("test://items/1")));
            assertEquals("item 2", text(lease.readResource("test://items/2", CallOptions.within(Duration.ofSeconds(5)))));
            assertEquals(2, count(server, "resources/read"), "one request per URI");
        }
    }

    @Test
    void anAnswerFetchedWithADeadlineOfItsOwnIsReusedByACallWithoutAndTheOtherWay() {
        try (TestMcpServer server = server(); McpPool pool = pool(server); PooledSession lease = pool.borrow()) {
            server.readsCaching(60_000L, false);
            CallOptions within = CallOptions.within(Duration.ofSeconds(5));
            assertEquals(lease.listResources(within), lease.listResources());
            assertEquals(lease.listPrompts(), lease.listPrompts(within));
            assertEquals(lease.listResourceTemplates(within), lease.listResourceTemplates());
            assertEquals(List.of(1L, 1L, 1L, 0L), counts(server));
        }
    }

    /**
     * A read that needed input rounds is never reused: each read is asked again, on the plain and the deadline-bound
     * path alike, and each lease's answer is its own roots handler's. (The SDK's server already sends such a result
     * with {@code ttlMs} 0; {@link #aResultAfterInputRoundsIsNeverKeptWhateverItsHintsSay} checks the pool's own rule.)
     */
    @Test
    void aReadThatNeededInputRoundsIsNeverReused() {
        try (TestMcpServer server = TestMcpServer.builder().clientFeatureTools().mode(TestMcpServer.Mode.HTTP_2026_07_28)
                .build().start();
                McpPool pool = McpPool.create(speaking(server).minSessions(0).maxSessions(2)
                        .clientCapabilities(ClientCapability.ROOTS).build())) {
            pool.start();
            for (String owner : List.of("mine", "yours", "mine")) {
                try (PooledSession lease = pool.borrow(BorrowOptions.builder()
                        .rootsHandler(LeaseMarkers.rootsOf(owner)).build())) {
                    assertEquals("roots=file:///" + owner, text(lease.readResource("test://roots")));
                    assertEquals("roots=file:///" + owner,
                            text(lease.readResource("test://roots", CallOptions.within(Duration.ofSeconds(5)))));
                }
            }
            assertEquals(12, count(server, "resources/read"), "six reads, each a first request and a round");
        }
    }

    @Test
    void aResultAfterInputRoundsIsNeverKeptWhateverItsHintsSay() {
        io.modelcontextprotocol.modern.McpSchema.ReadResourceResult hinted = McpJsonDefaults.getMapper().convertValue(
                Map.of("contents", List.of(Map.of("uri", "test://x", "text", "x")), "ttlMs", 60_000L,
                        "cacheScope", "public", "resultType", "complete"),
                io.modelcontextprotocol.modern.McpSchema.ReadResourceResult.class);
        ListingCache.Answer<McpSchema.ReadResourceResult> first = ModernCalls.readAnswer(hinted, false);
        assertEquals(Duration.ofMinutes(1), first.freshFor());
        assertTrue(first.publicScope());
        ListingCache.Answer<McpSchema.ReadResourceResult> afterRounds = ModernCalls.readAnswer(hinted, true);
        assertEquals(Duration.ZERO, afterRounds.freshFor());
        assertEquals("x", ((McpSchema.TextResourceContents) afterRounds.value().contents().get(0)).text());
    }

    @Test
    void aLeasesOwnToolListingIsReusedForItsTtl() {
        try (TestMcpServer server = server(); McpPool pool = pool(server); PooledSession lease = pool.borrow()) {
            server.toolsListCaching(60_000L, false);
            long before = server.toolsListCount();
            List<McpSchema.Tool> first = lease.listTools();
            assertEquals(first, lease.listTools());
            assertEquals(first, lease.listTools(CallOptions.within(Duration.ofSeconds(5))));
            assertEquals(before + 1, server.toolsListCount());
            server.toolsListCaching(0L, false);
            pool.invalidateToolsCache();
            lease.listTools();
            lease.listTools();
            assertEquals(before + 3, server.toolsListCount(), "invalidated, then ttlMs 0: fetched each time");
        }
    }

    @Test
    void aChangeOnTheListenStreamForgetsTheAnswersOfTheListingItConcerns() {
        try (TestMcpServer server = server(); McpPool pool = pool(server); PooledSession lease = pool.borrow()) {
            server.readsCaching(600_000L, false);
            readAll(lease);
            assertEquals(List.of(1L, 1L, 1L, 1L), counts(server));
            await().atMost(Duration.ofSeconds(10)).until(() -> count(server, "subscriptions/listen") > 0);

            server.notifyPromptsListChanged();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                lease.listPrompts();
                return count(server, "prompts/list") == 2;
            });
            readAll(lease);
            assertEquals(List.of(1L, 1L, 2L, 1L), counts(server), "only the prompts listing was fetched again");

            server.notifyResourcesListChanged();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                lease.listResources();
                return count(server, "resources/list") == 2;
            });
            readAll(lease);
            assertEquals(List.of(2L, 2L, 2L, 1L), counts(server),
                    "the resources and templates listings were fetched again; the contents read stay");
        }
    }

    @Test
    void aLeaseWithHeadersOfItsOwnIsServedAndLeavesPublicAnswersOnly() {
        try (TestMcpServer server = server(); McpPool pool = pool(server)) {
            server.readsCaching(60_000L, true);
            BorrowOptions withHeader = BorrowOptions.builder().tenant("acme").header("X-Request-Id", "42").build();
            for (int i = 0; i < 2; i++) {
                try (PooledSession lease = pool.borrow(withHeader)) {
                    assertEquals(privateAnswersOf("acme"), privateOf(readAll(lease)));
                }
            }
            assertEquals(List.of(2L, 2L, 2L, 2L), counts(server), "its private answers are neither served nor kept");
            readAll(pool, "acme");
            assertEquals(List.of(3L, 3L, 3L, 3L), counts(server), "acme's plain lease found none of them kept");

            server.readsCaching(60_000L, false);
            pool.invalidateToolsCache();
            readAll(pool, "acme");
            try (PooledSession lease = pool.borrow(withHeader)) {
                assertEquals(List.of(), privateOf(readAll(lease)));
            }
            assertEquals(List.of(4L, 4L, 4L, 4L), counts(server), "a public answer is served to it too");
        }
    }

    @Test
    void aSessionBasedServersAnswersAreNeverReused() {
        try (TestMcpServer server = server(TestMcpServer.Mode.STREAMABLE_HTTP); McpPool pool = pool(server);
                PooledSession lease = pool.borrow()) {
            for (int i = 0; i < 3; i++) {
                lease.listResources();
                lease.listResourceTemplates();
                lease.listPrompts();
                assertEquals("hello", text(lease.readResource(HELLO)));
            }
            assertEquals(List.of(3L, 3L, 3L, 3L), counts(server));
        }
    }

    /**
     * Eight threads of random tenants read every kind of answer while the server flips between public and private,
     * answers expire (30 ms) and the pool invalidates: no tenant is ever served another tenant's private answer.
     */
    @Test
    void randomTenantsReadingWhileTheScopeFlipsNeverSeeAnotherTenantsPrivateAnswer() throws Exception {
        try (TestMcpServer server = server(); McpPool pool = pool(server)) {
            server.readsCaching(30L, false);
            Queue<String> crossed = new ConcurrentLinkedQueue<>();
            AtomicLong ownPrivate = new AtomicLong();
            AtomicLong reads = new AtomicLong();
            ListingScopeTest.concurrently(8, i -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int op = 0; op < 150; op++) {
                    int dice = random.nextInt(20);
                    if (dice == 0) {
                        server.readsCaching(30L, random.nextBoolean());
                    } else if (dice == 1) {
                        pool.invalidateToolsCache();
                    } else {
                        String name = TENANTS.get(random.nextInt(TENANTS.size()));
                        List<String> own = privateAnswersOf(name);
                        for (String seen : privateOf(readAll(pool, name))) {
                            if (own.contains(seen)) {
                                ownPrivate.incrementAndGet();
                            } else {
                                crossed.add(name + " was served " + seen);
                            }
                        }
                        reads.incrementAndGet();
                    }
                }
                return null;
            });
            assertEquals(List.of(), crossed.stream().limit(10).toList(), crossed.size() + " answers crossed tenants");
            assertTrue(ownPrivate.get() > 0, "some private answers were served: " + ownPrivate);
            long requests = counts(server).stream().mapToLong(Long::longValue).sum();
            assertTrue(requests < 4 * reads.get(), () -> "some answers were reused: " + requests + " requests for "
                    + reads.get() + " rounds of 4 reads");
        }
    }
}
