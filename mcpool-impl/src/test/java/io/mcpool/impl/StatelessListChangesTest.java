package io.mcpool.impl;

import static io.mcpool.impl.TestPools.speaking;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.BorrowOptions;
import io.mcpool.McpPool;
import io.mcpool.event.PoolEvent;
import io.mcpool.testkit.TestMcpServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A 2026-07-28 server's listings are cached for their {@code ttlMs}; the pool listens on {@code subscriptions/listen}
 * (one stream for the endpoint, opened once a listing is cached) and a change the server sends there makes the next
 * listing fetch again, long before the {@code ttlMs} runs out, also after the stream dropped with a server restart.
 */
class StatelessListChangesTest {

    private static long listens(TestMcpServer server) {
        return server.requests().stream().filter(r -> "subscriptions/listen".equals(r.method())).count();
    }

    private static boolean lists(McpPool pool, String tool, BorrowOptions options) {
        return pool.listTools(options).stream().anyMatch(t -> t.name().equals(tool));
    }

    @Test
    void aToolAddedOnTheServerShowsInTheNextListingBeforeItsTtlRunsOut() {
        try (TestMcpServer server = TestMcpServer.builder().mode(TestMcpServer.Mode.HTTP_2026_07_28).build().start();
                McpPool pool = McpPool.create(speaking(server).minSessions(0).maxSessions(4)
                        .toolCacheTtl(Duration.ofMinutes(10)).build())) {
            List<PoolEvent.ToolsListChanged> changes = new CopyOnWriteArrayList<>();
            pool.addListener(e -> {
                if (e instanceof PoolEvent.ToolsListChanged c) {
                    changes.add(c);
                }
            });
            pool.start();
            server.toolsListCaching(600_000L, false); // fresh for ten minutes
            BorrowOptions acme = BorrowOptions.builder().tenant("acme").build();
            BorrowOptions globex = BorrowOptions.builder().tenant("globex").build();
            assertTrue(lists(pool, "echo", acme));
            assertTrue(lists(pool, "echo", globex));
            await().atMost(Duration.ofSeconds(10)).until(() -> listens(server) == 1);
            int fetched = server.toolsListCount();
            assertTrue(lists(pool, "echo", acme) && lists(pool, "echo", globex));
            assertEquals(fetched, server.toolsListCount(), "both listings served from the cache");

            server.addTool("brand-new");
            await().atMost(Duration.ofSeconds(10)).until(() -> lists(pool, "brand-new", acme));
            assertTrue(lists(pool, "brand-new", globex), "every identity's listing was invalidated");
            assertTrue(changes.stream().anyMatch(c -> c.sessionId() == null), changes::toString);
            assertEquals(1, listens(server), "one stream for the endpoint, whatever the number of identities");

            // The stream drops with the server; the pool listens again, and sees the next change too.
            server.stop();
            server.start();
            await().atMost(Duration.ofSeconds(15)).until(() -> listens(server) >= 2);
            assertTrue(lists(pool, "brand-new", acme));
            server.addTool("after-restart");
            await().atMost(Duration.ofSeconds(10)).until(() -> lists(pool, "after-restart", acme));
            assertEquals(0, pool.metrics().errors());
        }
    }
}
