package io.mcpool.impl;

import static io.mcpool.impl.TestPools.config;
import static io.mcpool.impl.TestPools.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.McpPool;
import io.mcpool.PoolMetrics;
import io.mcpool.testkit.TestMcpServer;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PrewarmAndReuseTest {

    @Test
    void startOpensExactlyMinSessions() throws Exception {
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(config(server).minSessions(3).maxSessions(5).build())) {
            pool.start();
            assertTrue(pool.awaitReady(Duration.ofSeconds(10)));
            assertTrue(pool.isReady());
            assertEquals(3, server.initializeCount());
            assertEquals(3, server.liveSessions());
            PoolMetrics m = pool.metrics();
            assertEquals(3, m.idle());
            assertEquals(0, m.active());
            assertEquals(3, m.sessionsCreated());
        }
    }

    @Test
    void aThousandSequentialCallsUseOneSession() {
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(config(server).minSessions(1).maxSessions(1).build())) {
            pool.start();
            for (int i = 0; i < 1000; i++) {
                assertEquals("m" + i, text(pool.callTool("echo", Map.of("message", "m" + i))));
            }
            assertEquals(1, server.initializeCount());
            assertEquals(1000, server.toolsCallCount());
            PoolMetrics m = pool.metrics();
            assertEquals(1, m.sessionsCreated());
            assertEquals(1000, m.borrowCount());
            assertEquals(1000, m.returnCount());
            assertEquals(0, m.active());
        }
    }

    @Test
    void allSessionsOfAPoolShareOneHttpClient() {
        try (TestMcpServer server = TestMcpServer.builder().build().start()) {
            Set<String> before = httpClientSelectorThreads();
            try (McpPool pool = McpPool.create(config(server).minSessions(6).maxSessions(6).build())) {
                pool.start();
                assertEquals(6, server.liveSessions());
                Set<String> started = httpClientSelectorThreads();
                started.removeAll(before);
                assertEquals(1, started.size(), () -> "one HttpClient (one selector thread) for six sessions: " + started);
            }
        }
    }

    /** Every java.net.http.HttpClient runs one selector thread named HttpClient-N-SelectorManager. */
    private static Set<String> httpClientSelectorThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("HttpClient-") && n.endsWith("-SelectorManager"))
                .collect(Collectors.toCollection(HashSet::new));
    }

    @Test
    void shutdownClosesEveryServerSession() {
        try (TestMcpServer server = TestMcpServer.builder().build().start()) {
            McpPool pool = McpPool.create(config(server).minSessions(4).maxSessions(4).build());
            pool.start();
            assertEquals(4, server.liveSessions());
            pool.shutdown();
            assertEquals(0, server.liveSessions(), "every session DELETEd on shutdown");
            assertEquals(4, pool.metrics().sessionsDestroyed());
            pool.shutdown(); // idempotent
        }
    }
}
