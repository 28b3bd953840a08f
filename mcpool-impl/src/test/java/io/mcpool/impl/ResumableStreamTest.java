package io.mcpool.impl;

import static io.mcpool.impl.TestPools.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.BorrowOptions;
import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.PooledSession;
import io.mcpool.event.PoolEvent;
import io.mcpool.testkit.DualEraServer;
import io.mcpool.testkit.DualEraServer.HttpRequestSeen;
import io.mcpool.testkit.RecordedRequest;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Resumable response streams (MCP 2025-11-25, "Resumability and Redelivery"), against the TypeScript SDK's streamable
 * HTTP server with an event store: its {@code cut_echo} tool ends the call's SSE stream before answering, after a
 * priming event with an id and {@code retry:}. MCP Java SDK 2.2.0 alone ignores {@code retry:} and never resumes; the
 * call would wait for its timeout.
 */
class ResumableStreamTest {

    private static final Duration RETRY = Duration.ofMillis(400);
    private static DualEraServer server;

    @BeforeAll
    static void startServer() {
        server = DualEraServer.startResumable(RETRY);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void forget() {
        server.resetRequests();
    }

    private static PoolConfig.Builder config(String name) {
        return PoolConfig.builder().name(name).endpoint(server.endpoint())
                .header("X-Caller", "resumable-test").bearerToken("resume-token-1")
                .requestTimeout(Duration.ofSeconds(20)).connectTimeout(Duration.ofSeconds(10))
                .borrowTimeout(Duration.ofSeconds(20));
    }

    /**
     * @return the GETs with {@code Last-Event-ID} the server recorded, once it recorded one (it prints each request as
     *     it arrives; its output is read on another thread, so a request just answered may not be read yet)
     */
    private static List<HttpRequestSeen> resumes() {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.httpRequests().stream()
                .anyMatch(r -> r.method().equals("GET") && r.header("last-event-id") != null));
        return server.httpRequests().stream().filter(r -> r.method().equals("GET") && r.header("last-event-id") != null)
                .toList();
    }

    @Test
    void aCallWhoseStreamTheServerCutsIsResumedAfterTheRetryDelayAndCompletes() throws Exception {
        try (McpPool pool = McpPool.create(config("resume").minSessions(1).maxSessions(1).build())) {
            pool.start();
            McpSchema.CallToolResult result = pool.callTool("cut_echo", Map.of("message", "resumed"));
            assertFalse(Boolean.TRUE.equals(result.isError()), result.toString());
            assertEquals("resumed", text(result));

            RecordedRequest call = server.requests("tools/call").get(0);
            List<HttpRequestSeen> resumes = resumes();
            assertEquals(1, resumes.size(), "one GET resumed the stream: " + server.httpRequests());
            HttpRequestSeen get = resumes.get(0);
            assertTrue(get.header("accept").contains("text/event-stream"), get.toString());
            assertFalse(get.header("last-event-id").isBlank());
            assertNotNull(call.header("mcp-session-id"));
            for (String header : List.of("mcp-session-id", "mcp-protocol-version", "authorization", "x-caller")) {
                assertEquals(call.header(header), get.header(header), header + " of the POST is on the GET");
            }
            assertEquals("Bearer resume-token-1", get.header("authorization"));
            assertEquals(1, server.cuts().size());
            double waited = get.atMillis() - server.cuts().get(0);
            assertTrue(waited >= RETRY.toMillis(), "the GET came " + waited + " ms after the cut, before the server's "
                    + "retry: " + RETRY.toMillis() + " ms");

            // The session is still good: an ordinary call on it needs no resume.
            assertEquals("plain", text(pool.callTool("echo", Map.of("message", "plain"))));
            assertEquals(1, server.httpRequests().stream().filter(r -> r.header("last-event-id") != null).count());
            assertEquals(0, pool.metrics().errors());
        }
    }

    @Test
    void aStreamCutWithoutAnEventIdFailsTheCallAtOnceSayingWhy() throws Exception {
        try (McpPool pool = McpPool.create(config("no-id").minSessions(1).maxSessions(1).build())) {
            pool.start();
            RuntimeException failure = assertThrows(RuntimeException.class,
                    () -> pool.callTool("cut_without_id", Map.of("message", "lost")));
            String message = String.valueOf(failure.getMessage()) + " / " + Failures.describe(failure);
            assertTrue(message.contains("ended the response stream before answering, with no event id to resume it "
                    + "from"), message); // not the request timeout's message
            assertEquals(0, server.httpRequests().stream().filter(r -> r.header("last-event-id") != null).count());
            // The session whose stream was lost is in doubt: retired, the next call runs on a new one.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> pool.metrics().sessionsDestroyed() == 1);
            assertEquals("next", text(pool.callTool("echo", Map.of("message", "next"))));
            assertEquals(2, pool.metrics().sessionsCreated());
        }
    }

    @Test
    void cutAndOrdinaryCallsFromManyThreadsEachGetTheirOwnAnswer() throws Exception {
        int threads = 8;
        int callsEach = 4;
        try (McpPool pool = McpPool.create(config("resume-contention").minSessions(2).maxSessions(4).build())) {
            pool.start();
            ExecutorService executor = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Integer>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    futures.add(executor.submit(() -> {
                        int cut = 0;
                        for (int i = 0; i < callsEach; i++) {
                            String message = "t" + thread + "-" + i;
                            boolean cutting = ThreadLocalRandom.current().nextBoolean();
                            cut += cutting ? 1 : 0;
                            assertEquals(message, text(pool.callTool(cutting ? "cut_echo" : "echo",
                                    Map.of("message", message))));
                        }
                        return cut;
                    }));
                }
                int cuts = 0;
                for (Future<Integer> f : futures) {
                    cuts += f.get();
                }
                int expected = cuts; // the server's records are read on another thread: wait for the last ones
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.httpRequests()
                        .stream().filter(r -> r.header("last-event-id") != null).count() >= expected);
                assertEquals(cuts, server.cuts().size());
                assertEquals(cuts, server.httpRequests().stream().filter(r -> r.header("last-event-id") != null)
                        .count(), "one resume per cut");
                assertEquals(0, pool.metrics().errors());
                assertEquals(pool.metrics().borrowCount(), pool.metrics().returnCount());
            } finally {
                executor.shutdownNow();
            }
        }
    }

    /**
     * Runs {@code cut_echo} with {@code options} on another thread and, once the server cut its stream (before the
     * resume, which waits for {@code retry:}), rotates the token the {@code AuthProvider} gives; returns the POST of the
     * call and the GET that resumed it.
     */
    private static List<Object> cutCallRotatingTheTokenMeanwhile(McpPool pool, BorrowOptions options,
            AtomicReference<String> token, String rotated) throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<String> call = executor.submit(() -> {
                try (PooledSession session = pool.borrow(options)) {
                    return text(session.callTool("cut_echo", Map.of("message", "rotated")));
                }
            });
            org.awaitility.Awaitility.await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(10))
                    .until(() -> server.cuts().size() == 1);
            token.set(rotated);
            assertEquals("rotated", call.get(20, TimeUnit.SECONDS));
        } finally {
            executor.shutdownNow();
        }
        List<HttpRequestSeen> resumes = resumes();
        assertEquals(1, resumes.size(), "one GET resumed the stream: " + server.httpRequests());
        double cut = server.cuts().get(0);
        assertTrue(resumes.get(0).atMillis() - cut >= RETRY.toMillis(), "the GET waited for retry:");
        return List.of(server.requests("tools/call").get(0), resumes.get(0));
    }

    @Test
    void aResumeCarriesTheCredentialsOfTheMomentItIsSentNotThoseOfThePost() throws Exception {
        AtomicReference<String> token = new AtomicReference<>("acme-token-1");
        try (McpPool pool = McpPool.create(config("rotate").bearerToken(null).minSessions(0).maxSessions(1)
                .authProvider(key -> Map.of("Authorization", "Bearer " + token.get() + "-" + key.tenant())).build())) {
            pool.start();
            List<Object> seen = cutCallRotatingTheTokenMeanwhile(pool, BorrowOptions.builder().tenant("acme").build(),
                    token, "acme-token-2");
            RecordedRequest post = (RecordedRequest) seen.get(0);
            HttpRequestSeen get = (HttpRequestSeen) seen.get(1);
            assertEquals("Bearer acme-token-1-acme", post.header("authorization"));
            assertEquals("Bearer acme-token-2-acme", get.header("authorization"),
                    "the token renewed between the cut and the resume is on the GET");
            for (String header : List.of("mcp-session-id", "mcp-protocol-version", "x-caller")) {
                assertEquals(post.header(header), get.header(header), header + " of the POST is on the GET");
            }
        }
    }

    @Test
    void aResumeKeepsTheCredentialALeaseSetItself() throws Exception {
        AtomicReference<String> token = new AtomicReference<>("pool-token-1");
        try (McpPool pool = McpPool.create(config("lease-credential").bearerToken(null).minSessions(0).maxSessions(1)
                .authProvider(key -> Map.of("Authorization", "Bearer " + token.get())).build())) {
            pool.start();
            List<Object> seen = cutCallRotatingTheTokenMeanwhile(pool, BorrowOptions.builder()
                    .header("Authorization", "Bearer lease-token").build(), token, "pool-token-2");
            assertEquals("Bearer lease-token", ((RecordedRequest) seen.get(0)).header("authorization"));
            assertEquals("Bearer lease-token", ((HttpRequestSeen) seen.get(1)).header("authorization"),
                    "the lease's own credential, not the pool's, resumes its stream");
        }
    }

    /**
     * The SDK's own {@code GET} listening stream of a session (server-to-client messages outside requests): the server
     * sends {@code notifications/tools/list_changed} on it (an event with an id) and ends it, as a server polling with
     * SSE does. MCP Java SDK 2.2.0 does not open it again; the pool resumes it with {@code Last-Event-ID}, so a change
     * the server makes while the stream is down (kept in its event store) still reaches the pool and invalidates its
     * tool cache.
     */
    @Test
    void aToolsListChangeAfterTheServerEndedTheListeningStreamReachesThePool() throws Exception {
        List<PoolEvent.ToolsListChanged> changes = new CopyOnWriteArrayList<>();
        try (McpPool pool = McpPool.create(config("listening").minSessions(1).maxSessions(1)
                .toolCacheTtl(Duration.ofMinutes(10)).build())) {
            pool.addListener(e -> {
                if (e instanceof PoolEvent.ToolsListChanged c) {
                    changes.add(c);
                }
            });
            pool.start();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.httpRequests().stream()
                    .anyMatch(r -> r.method().equals("GET"))); // the SDK opened its listening stream
            assertEquals("ended", text(pool.callTool("end_listening", Map.of("message", "-"))));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> changes.size() == 1);
            assertFalse(listsTool(pool, "added-later"), "the listing is cached again, without the tool");

            assertEquals("added added-later", text(pool.callTool("add_tool", Map.of("message", "added-later"))));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> listsTool(pool, "added-later"));
            assertEquals(2, changes.size(), "the change made while the stream was down reached the pool");
            List<HttpRequestSeen> resumes = resumes();
            assertEquals(1, resumes.size(), "one GET resumed the listening stream: " + server.httpRequests());
            HttpRequestSeen get = resumes.get(0);
            assertTrue(get.atMillis() > server.cuts().get(0), "resumed after the server ended it");
            assertEquals("Bearer resume-token-1", get.header("authorization"));
            assertEquals("resumable-test", get.header("x-caller"));
            assertNotNull(get.header("mcp-session-id"));
            assertEquals(1, server.httpRequests().stream().filter(r -> r.method().equals("GET")
                    && r.header("last-event-id") == null).count(), "the SDK opened its listening stream once");
            assertEquals(0, pool.metrics().errors());
            assertEquals(0, pool.metrics().sessionsDestroyed(), "the session stays good");
        }
    }

    private static boolean listsTool(McpPool pool, String name) {
        return pool.listTools().stream().anyMatch(t -> t.name().equals(name));
    }
}
