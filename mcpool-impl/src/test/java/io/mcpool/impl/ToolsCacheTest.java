package io.mcpool.impl;

import static io.mcpool.impl.TestPools.config;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.McpPool;
import io.mcpool.PoolMetrics;
import io.mcpool.event.PoolEvent;
import io.mcpool.testkit.TestMcpServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ToolsCacheTest {

    private static final int CALLERS = 100;

    /** Runs {@code CALLERS} concurrent listTools() calls released at once; each returns a list or the error it got. */
    private static List<Object> concurrentListTools(McpPool pool) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(CALLERS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Object>> futures = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            futures.add(threads.submit(() -> {
                go.await();
                try {
                    return pool.listTools();
                } catch (RuntimeException e) {
                    return e;
                }
            }));
        }
        go.countDown();
        List<Object> results = new ArrayList<>();
        for (Future<Object> f : futures) {
            results.add(f.get(60, TimeUnit.SECONDS));
        }
        threads.shutdown();
        return results;
    }

    @Test
    void aHundredCallersOnAColdCacheCauseOneUpstreamFetch() throws Exception {
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(config(server).minSessions(1).maxSessions(4).build())) {
            pool.start();
            server.toolsListLatency(Duration.ofMillis(500));
            List<Object> results = concurrentListTools(pool);
            assertEquals(1, server.toolsListCount());
            Object first = results.get(0);
            assertTrue(first instanceof List<?>, () -> "got " + first);
            results.forEach(r -> assertSame(first, r, "every caller shares the one fetched list"));
            PoolMetrics m = pool.metrics();
            assertEquals(1, m.cacheRefreshCount());
            assertEquals(CALLERS, m.cacheHits() + m.cacheMisses());
            assertEquals(0, m.cacheWaiters());

            server.toolsListLatency(Duration.ZERO);
            pool.listTools();
            assertEquals(1, server.toolsListCount(), "served from cache within the TTL");
            assertTrue(pool.metrics().cacheHits() >= 1);
        }
    }

    @Test
    void aFailedFetchIsSharedByAllWaitersAndNotCached() throws Exception {
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(config(server).minSessions(1).maxSessions(4).build())) {
            pool.start();
            server.toolsListLatency(Duration.ofMillis(500));
            server.failNextToolsList(1);
            List<Object> results = concurrentListTools(pool);
            assertEquals(1, server.toolsListCount());
            Object first = results.get(0);
            assertTrue(first instanceof RuntimeException, () -> "got " + first);
            results.forEach(r -> assertSame(first, r, "every caller gets the one fetch's error"));

            server.toolsListLatency(Duration.ZERO);
            List<McpSchema.Tool> tools = pool.listTools();
            assertEquals(2, server.toolsListCount(), "the next call goes upstream again");
            assertTrue(tools.stream().anyMatch(t -> t.name().equals("echo")));
            assertEquals(0, pool.metrics().sessionsDestroyed(), "a JSON-RPC error leaves the session healthy");
        }
    }

    @Test
    void theCacheExpiresAfterItsTtlAndCanBeInvalidated() {
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(config(server).toolCacheTtl(Duration.ofMillis(300)).build())) {
            pool.start();
            pool.listTools();
            pool.listTools();
            assertEquals(1, server.toolsListCount());
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                pool.listTools();
                return server.toolsListCount() == 2;
            });
            pool.invalidateToolsCache();
            pool.listTools();
            assertEquals(3, server.toolsListCount());
        }
    }

    @Test
    void aZeroTtlAlwaysGoesUpstream() {
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(config(server).toolCacheTtl(Duration.ZERO).build())) {
            pool.start();
            pool.listTools();
            pool.listTools();
            assertEquals(2, server.toolsListCount());
        }
    }

    @Test
    void everyPageIsFollowed() {
        try (TestMcpServer server = TestMcpServer.builder().extraTools(23).pageSize(4).build().start();
                McpPool pool = McpPool.create(config(server).build())) {
            pool.start();
            List<McpSchema.Tool> tools = pool.listTools();
            assertTrue(tools.stream().anyMatch(t -> t.name().equals("tool-022")), () -> "tools: " + tools);
            assertTrue(tools.stream().anyMatch(t -> t.name().equals("echo")));
            assertTrue(server.toolsListCount() >= 7, "pages fetched: " + server.toolsListCount());
            assertEquals(tools.size(), tools.stream().map(McpSchema.Tool::name).distinct().count());
        }
    }

    @Test
    void listChangedNotificationInvalidatesAndSchemaChangeIsAnnounced() {
        try (TestMcpServer server = TestMcpServer.builder().mode(TestMcpServer.Mode.SSE).build().start();
                McpPool pool = McpPool.create(config(server).minSessions(1).build())) {
            List<PoolEvent> events = new CopyOnWriteArrayList<>();
            pool.addListener(events::add);
            pool.start();
            int before = pool.listTools().size();
            server.addTool("brand-new");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> events.stream().anyMatch(e -> e instanceof PoolEvent.ToolsListChanged));
            List<McpSchema.Tool> after = pool.listTools();
            assertEquals(before + 1, after.size());
            PoolEvent.SchemaChanged changed = events.stream().filter(PoolEvent.SchemaChanged.class::isInstance)
                    .map(PoolEvent.SchemaChanged.class::cast).findFirst().orElseThrow();
            assertNotNull(changed.previousHash());
            assertTrue(!changed.previousHash().equals(changed.newHash()));
            assertEquals(after.size(), changed.toolCount());
        }
    }

    @Test
    void theSchemaHashIgnoresOrder() {
        McpSchema.Tool a = McpSchema.Tool.builder().name("a").inputSchema(new McpSchema.JsonSchema("object", null, null, null, null, null)).build();
        McpSchema.Tool b = McpSchema.Tool.builder().name("b").inputSchema(new McpSchema.JsonSchema("object", null, null, null, null, null)).build();
        assertEquals(ToolsCache.hash(List.of(a, b)), ToolsCache.hash(List.of(b, a)));
    }
}
