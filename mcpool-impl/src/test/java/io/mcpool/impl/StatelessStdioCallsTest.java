package io.mcpool.impl;

import static io.mcpool.impl.TestPools.text;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mcpool.BorrowOptions;
import io.mcpool.CallOptions;
import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.PooledSession;
import io.mcpool.Protocol;
import io.mcpool.testkit.StdioTestServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Calls with a deadline of their own and calls that hold no thread on a 2026-07-28 server over stdio: they go to
 * the session's own server process (its async client), not to any HTTP endpoint, and every lease comes back.
 */
class StatelessStdioCallsTest {

    @Test
    void deadlineBoundAndAsyncCallsReachTheSessionsOwnProcess() throws Exception {
        PoolConfig config = PoolConfig.builder().name("stdio-2026").protocol(Protocol.STATELESS_2026_07_28)
                .stdio(StdioTestServer.command("--revision", "2026-07-28")).minSessions(1).maxSessions(2)
                .connectTimeout(Duration.ofSeconds(60)).requestTimeout(Duration.ofSeconds(30))
                .borrowTimeout(Duration.ofSeconds(60)).build();
        try (McpPool pool = McpPool.create(config)) {
            pool.start();
            try (PooledSession s = pool.borrow()) {
                assertEquals("a", text(s.callTool("echo", Map.of("message", "a"), CallOptions.within(Duration.ofSeconds(20)))));
                assertEquals("b", text(s.callToolAsync("echo", Map.of("message", "b")).get(20, TimeUnit.SECONDS)));
                assertEquals("c", text(s.callTool("echo", Map.of("message", "c"))));
            }
            assertEquals("d", text(pool.callToolAsync("echo", Map.of("message", "d"), BorrowOptions.none(),
                    CallOptions.within(Duration.ofSeconds(20))).get(20, TimeUnit.SECONDS)));
            await().atMost(Duration.ofSeconds(5)).until(() -> pool.metrics().active() == 0);
            assertEquals(pool.metrics().borrowCount(), pool.metrics().returnCount());
            assertEquals(0, pool.metrics().errors());
        }
    }
}
