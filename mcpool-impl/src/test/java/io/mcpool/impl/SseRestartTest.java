package io.mcpool.impl;

import static io.mcpool.impl.TestPools.config;
import static io.mcpool.impl.TestPools.text;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.McpPool;
import io.mcpool.event.PoolEvent;
import io.mcpool.testkit.TestMcpServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A server restart on the HTTP+SSE transport. The SDK's SSE client never recovers from one (its event stream, which
 * carries every answer, is gone); the pool sees the stream end, retires the session and opens new ones.
 */
class SseRestartTest {

    @Test
    void theEndOfTheEventStreamRetiresTheSessionsBeforeAnyCallFails() throws Exception {
        try (TestMcpServer server = TestMcpServer.builder().mode(TestMcpServer.Mode.SSE).build().start();
                McpPool pool = McpPool.create(config(server).name("sse-restart").minSessions(2).maxSessions(4)
                        .healthCheckInterval(Duration.ZERO).build())) { // no probes: the stream's end alone tells
            List<PoolEvent> events = new CopyOnWriteArrayList<>();
            pool.addListener(events::add);
            pool.start();
            assertEquals("before", text(pool.callTool("echo", Map.of("message", "before"))));
            Set<String> before = pool.debugSnapshot().stream().map(s -> s.id()).collect(Collectors.toSet());
            assertEquals(2, before.size());

            server.restart();
            await().atMost(Duration.ofSeconds(10)).until(() -> events.stream()
                    .anyMatch(e -> e instanceof PoolEvent.ServerRestartDetected));
            for (int i = 0; i < 5; i++) {
                assertEquals("after-" + i, text(pool.callTool("echo", Map.of("message", "after-" + i))));
            }

            // (While the server was down, the warm floor's creations failed and were retried: not calls.)
            assertEquals(0, pool.metrics().errors(), "no call failed: " + pool.metrics());
            assertEquals(0, pool.metrics().toolErrors(), "no call failed: " + pool.metrics());
            assertEquals(1, pool.metrics().reconnectCount(), "one restart noticed once");
            // Warm-floor creations that failed while the server was down back off (up to 30 s) before trying again.
            await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
                Set<String> destroyed = events.stream().filter(PoolEvent.SessionDestroyed.class::isInstance)
                        .map(e -> ((PoolEvent.SessionDestroyed) e).sessionId()).collect(Collectors.toSet());
                assertTrue(destroyed.containsAll(before), "both old sessions retired: " + destroyed);
                assertTrue(pool.metrics().idle() >= 2, () -> "the warm floor is rebuilt: " + pool.metrics());
                assertEquals(pool.metrics().total(), server.liveSessions(), "server live vs pool total");
            });
            assertTrue(pool.debugSnapshot().stream().noneMatch(s -> before.contains(s.id())));
        }
    }

    @Test
    void aCallMadeAsTheServerRestartsSucceedsWithAtMostTheRetryPolicysOwnRetry() throws Exception {
        try (TestMcpServer server = TestMcpServer.builder().mode(TestMcpServer.Mode.SSE).build().start();
                McpPool pool = McpPool.create(config(server).name("sse-restart-race").minSessions(1).maxSessions(2)
                        .healthCheckInterval(Duration.ZERO).retryCount(1).build())) {
            pool.start();
            pool.listTools(); // the pool has seen echo's idempotent annotation: it may repeat it
            server.restart();
            // Whether the pool saw the stream end first or the call meets the lost session: the call succeeds.
            assertEquals("racing", text(pool.callTool("echo", Map.of("message", "racing"))));
            assertTrue(pool.metrics().retryAttempts() <= 1, pool.metrics().toString());
            assertEquals("next", text(pool.callTool("echo", Map.of("message", "next"))));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertEquals(pool.metrics().total(), server.liveSessions(), "server live vs pool total"));
        }
    }
}
