package io.mcpool.impl;

import static io.mcpool.impl.TestPools.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.McpPool;
import io.mcpool.PoolMetrics;
import io.mcpool.PooledSession;
import io.mcpool.ToolMetrics;
import io.mcpool.event.PoolEvent;
import io.mcpool.testkit.TestMcpServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Per-tool figures, lease times and borrow-wait percentiles, read from a pool that called a real server. */
class ToolFiguresTest {

    @Test
    void eachToolsCallsErrorsAndLatencyAreCountedAndToldToListeners() {
        List<PoolEvent.ToolCalled> told = new CopyOnWriteArrayList<>();
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(config(server).minSessions(1).maxSessions(2).build())) {
            pool.addListener(e -> {
                if (e instanceof PoolEvent.ToolCalled c) {
                    told.add(c);
                }
            });
            pool.start();
            for (int i = 0; i < 4; i++) {
                pool.callTool("echo", Map.of("message", "m"));
            }
            pool.callTool("slow", Map.of("millis", 120));
            pool.callTool("fail", Map.of());
            try (PooledSession s = pool.borrow()) {
                assertThrows(RuntimeException.class, () -> s.callTool("no-such-tool", Map.of()));
            }
            List<ToolMetrics> rows = pool.toolMetrics();
            assertEquals(List.of("echo", "fail", "no-such-tool", "slow"), rows.stream().map(ToolMetrics::tool).toList(),
                    "most called first, then by name");
            ToolMetrics echo = rows.get(0);
            assertEquals(4, echo.calls());
            assertEquals(0, echo.errors());
            ToolMetrics slow = rows.get(3);
            assertTrue(slow.p50().compareTo(Duration.ofMillis(120)) >= 0, "slow took at least 120 ms: " + slow);
            assertTrue(slow.p99().compareTo(slow.max()) <= 0, slow.toString());
            assertEquals(1, rows.get(1).toolErrors(), "an isError result is a tool error");
            assertEquals(1, rows.get(2).failures(), "a JSON-RPC error is a failure");

            PoolMetrics m = pool.metrics();
            assertEquals(7, m.toolCalls());
            assertEquals(2, m.toolErrors());
            assertTrue(m.avgLeaseTime().compareTo(Duration.ZERO) > 0);
            assertTrue(m.leaseTimeP95().compareTo(m.maxLeaseTime()) <= 0, m.toString());
            assertTrue(m.maxLeaseTime().compareTo(Duration.ofMillis(120)) >= 0, "the slow call's lease: " + m);
            assertTrue(m.borrowWaitP50().compareTo(m.borrowWaitP99()) <= 0
                    && m.borrowWaitP99().compareTo(m.maxBorrowWait()) <= 0, m.toString());

            PoolEvent.ToolOutcome ok = PoolEvent.ToolOutcome.OK;
            assertEquals(List.of(ok, ok, ok, ok, ok, PoolEvent.ToolOutcome.TOOL_ERROR, PoolEvent.ToolOutcome.FAILED),
                    told.stream().map(PoolEvent.ToolCalled::outcome).toList());
            assertEquals("slow", told.get(4).tool());
        }
    }

    @Test
    void underContentionEveryCallIsCountedOnceAndToolsBeyondTheCapShareOther() throws Exception {
        int tools = ToolMetrics.MAX_TOOLS + 20;
        try (TestMcpServer server = TestMcpServer.builder().extraTools(tools).build().start();
                McpPool pool = McpPool.create(config(server).minSessions(2).maxSessions(6).build())) {
            pool.start();
            Map<String, AtomicInteger> made = new ConcurrentHashMap<>();
            ExecutorService threads = Executors.newFixedThreadPool(16);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                done.add(threads.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < 100; i++) {
                        String tool = String.format(Locale.ROOT, "tool-%03d", random.nextInt(tools));
                        pool.callTool(tool, Map.of("value", "v"));
                        made.computeIfAbsent(tool, k -> new AtomicInteger()).incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
            threads.shutdown();
            List<ToolMetrics> rows = pool.toolMetrics();
            assertEquals(1600, rows.stream().mapToLong(ToolMetrics::calls).sum(), "every call counted once");
            assertEquals(1600, pool.metrics().toolCalls());
            assertTrue(rows.size() <= ToolMetrics.MAX_TOOLS + 1, rows.size() + " rows");
            if (made.size() > ToolMetrics.MAX_TOOLS) {
                assertTrue(rows.stream().anyMatch(r -> r.tool().equals(ToolMetrics.OTHER)), "the rest under other");
            }
            for (ToolMetrics r : rows) {
                if (!r.tool().equals(ToolMetrics.OTHER)) {
                    assertEquals(made.get(r.tool()).get(), r.calls(), r.tool());
                }
            }
        }
    }
}
