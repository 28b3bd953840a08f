package io.mcpool.impl;

import static io.mcpool.impl.TestPools.config;
import static io.mcpool.impl.TestPools.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.BorrowOptions;
import io.mcpool.McpPool;
import io.mcpool.PooledSession;
import io.mcpool.testkit.RecordedRequest;
import io.mcpool.testkit.TestMcpServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A lease's headers reach the wire on that lease's requests, and only on them. */
class PerBorrowHeadersTest {

    @ParameterizedTest
    // The session-based modes; a lease's headers on a 2026-07-28 server are checked by ProtocolErasTest.
    @EnumSource(value = TestMcpServer.Mode.class, names = "HTTP_2026_07_28", mode = EnumSource.Mode.EXCLUDE)
    void eachLeaseSendsItsOwnRequestIdUnderConcurrency(TestMcpServer.Mode mode) throws Exception {
        try (TestMcpServer server = TestMcpServer.builder().mode(mode).build().start();
                McpPool pool = McpPool.create(config(server).minSessions(2).maxSessions(3)
                        .header("X-Static", "always").build())) {
            pool.start();
            ExecutorService threads = Executors.newFixedThreadPool(12);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 12; t++) {
                int thread = t;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        String id = "req-" + thread + "-" + i;
                        BorrowOptions options = BorrowOptions.builder().header("X-Request-ID", id).build();
                        try (PooledSession s = pool.borrow(options)) {
                            String seen = text(s.callTool("whoami", Map.of()));
                            assertTrue(seen.contains("x-request-id=" + id + "\n") || seen.endsWith("x-request-id=" + id),
                                    () -> "lease " + id + " saw: " + seen);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
            threads.shutdown();

            List<RecordedRequest> calls = server.toolCalls();
            assertEquals(240, calls.size());
            assertEquals(240, calls.stream().map(c -> c.header("x-request-id")).distinct().count(),
                    "every call carried its own lease's id");
            calls.forEach(c -> assertEquals("always", c.header("x-static")));

            // The same sessions, borrowed without headers, send none: lease headers never stick.
            for (int i = 0; i < 6; i++) {
                pool.callTool("echo", Map.of("message", "plain"));
            }
            List<RecordedRequest> after = server.toolCalls();
            after.subList(240, after.size()).forEach(c -> assertNull(c.header("x-request-id"), c::toString));
            assertFalse(server.requests().stream().filter(r -> r.method().equals("initialize"))
                    .anyMatch(r -> r.header("x-request-id") != null), "no lease header on initialize");
        }
    }
}
