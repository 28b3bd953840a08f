package io.mcpool.impl;

import static io.mcpool.impl.TestPools.config;
import static io.mcpool.impl.LeaseMarkers.elicitAs;
import static io.mcpool.impl.LeaseMarkers.rootsOf;
import static io.mcpool.impl.LeaseMarkers.sampleAs;
import static io.mcpool.impl.TestPools.text;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.BorrowOptions;
import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.PooledSession;
import io.mcpool.Protocol;
import io.mcpool.spi.ClientCapability;
import io.mcpool.spi.ElicitationHandler;
import io.mcpool.spi.RootsHandler;
import io.mcpool.testkit.DualEraServer;
import io.mcpool.testkit.StdioTestServer;
import io.mcpool.testkit.TestMcpServer;
import io.modelcontextprotocol.modern.client.McpMissingClientCapabilityException;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Client capabilities on pooled sessions: the server's elicitation, sampling and roots requests, and its
 * progress and log notifications, reach the handler or listener of the lease whose call they belong to,
 * against real testkit servers whose tools turn around and ask the client. The same scenarios run against the
 * stateless revision 2026-07-28 ("modern": the SDK's server of that revision, whose tools of the same names ask
 * through input rounds, answered by the pool); it has no progress tool, and a question no handler answers fails
 * the call there instead of reaching the server as a JSON-RPC error.
 */
class ClientCapabilitiesTest {

    /**
     * A pool config for the testkit server of {@code transport} ("streamable", "sse", "stdio", "modern": the SDK's
     * server of the 2026-07-28 revision, or "dual": the npm dual-era server spoken to in that revision), and its server.
     */
    private record Target(PoolConfig base, Runnable stop) implements AutoCloseable {
        /** @return a fresh builder each time, so one pool's settings do not leak into the next */
        PoolConfig.Builder config() {
            return base.toBuilder();
        }

        @Override
        public void close() {
            stop.run();
        }
    }

    private static Target target(String transport) {
        if (transport.equals("stdio")) {
            return new Target(PoolConfig.builder().name("test").stdio(StdioTestServer.command("--client-features"))
                    // A child JVM per session: generous timeouts for a loaded machine.
                    .connectTimeout(Duration.ofSeconds(30)).requestTimeout(Duration.ofSeconds(30))
                    .borrowTimeout(Duration.ofSeconds(60)).build(), () -> { });
        }
        if (transport.equals("dual")) {
            DualEraServer dual = DualEraServer.startWithClientFeatureTools();
            return new Target(PoolConfig.builder().name("test").endpoint(dual.endpoint())
                    .protocol(Protocol.STATELESS_2026_07_28).requestTimeout(Duration.ofSeconds(10)).build(), dual::close);
        }
        TestMcpServer server = TestMcpServer.builder().clientFeatureTools()
                .mode(transport.equals("sse") ? TestMcpServer.Mode.SSE : transport.equals("modern")
                        ? TestMcpServer.Mode.HTTP_2026_07_28 : TestMcpServer.Mode.STREAMABLE_HTTP)
                .build().start();
        return new Target(config(server).protocol(transport.equals("modern") ? Protocol.STATELESS_2026_07_28
                : Protocol.LEGACY).build(), server::close);
    }


    @ParameterizedTest
    @ValueSource(strings = {"streamable", "sse", "stdio", "modern", "dual"})
    void thePoolsHandlersAnswerAndSchemaDefaultsFillTheFieldsLeftOut(String transport) throws Exception {
        try (Target target = target(transport);
                McpPool pool = McpPool.create(target.config().minSessions(1).maxSessions(2)
                        .elicitationHandler(elicitAs("pool")).samplingHandler(sampleAs("pool-model"))
                        .rootsHandler(rootsOf("pool")).build())) {
            pool.start();
            try (PooledSession s = pool.borrow()) {
                assertEquals("action=accept content={color=blue, name=pool, size=3}",
                        text(s.callTool("elicit", Map.of("message", "who?"))), "the schema's defaults fill color and size");
                assertEquals("model=pool-model text=pool-model read hello",
                        text(s.callTool("sample", Map.of("prompt", "hello"))));
                assertEquals("roots=file:///pool", text(s.callTool("roots", Map.of())));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"streamable", "modern"})
    void aBorrowsOwnHandlersTakePrecedenceAndOthersKeepThePools(String transport) throws Exception {
        try (Target target = target(transport);
                McpPool pool = McpPool.create(target.config().minSessions(1).maxSessions(1)
                        .samplingHandler(sampleAs("pool-model")).rootsHandler(rootsOf("pool"))
                        .clientCapabilities(ClientCapability.ELICITATION_FORM).build())) {
            pool.start();
            BorrowOptions own = BorrowOptions.builder().samplingHandler(sampleAs("own-model"))
                    .rootsHandler(rootsOf("own")).elicitationHandler(request -> new McpSchema.ElicitResult(
                            McpSchema.ElicitResult.Action.ACCEPT, Map.of("name", "own", "color", "red"))).build();
            try (PooledSession s = pool.borrow(own)) {
                assertEquals("model=own-model text=own-model read hi", text(s.callTool("sample", Map.of("prompt", "hi"))));
                assertEquals("roots=file:///own", text(s.callTool("roots", Map.of())));
                assertEquals("action=accept content={color=red, name=own, size=3}",
                        text(s.callTool("elicit", Map.of())), "a value the handler gave is kept; the others default");
            }
            try (PooledSession s = pool.borrow()) { // the same session, now without the lease's handlers
                assertEquals("model=pool-model text=pool-model read hi", text(s.callTool("sample", Map.of("prompt", "hi"))));
                assertEquals("roots=file:///pool", text(s.callTool("roots", Map.of())));
                String missing = "Pool 'test' has no elicitation handler for this request: the lease that made the call"
                        + " set none and the pool has none (BorrowOptions.elicitationHandler / PoolConfig.elicitationHandler)";
                if (transport.equals("modern")) { // no error channel for an input round: the call fails, the lease stays
                    McpError refused = assertThrows(McpError.class, () -> s.callTool("elicit", Map.of()));
                    assertEquals(missing, refused.getMessage());
                    assertEquals("roots=file:///pool", text(s.callTool("roots", Map.of())));
                } else {
                    McpSchema.CallToolResult refused = s.callTool("elicit", Map.of());
                    assertTrue(refused.isError(), () -> text(refused));
                    assertTrue(text(refused).contains(missing), () -> text(refused));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"streamable", "sse"})
    void aSessionMovingToALeaseWithOtherRootsTellsTheServerWhichAsksAgainAndGetsThatLeasesRoots(String transport)
            throws Exception {
        TestMcpServer server = TestMcpServer.builder().clientFeatureTools()
                .mode(transport.equals("sse") ? TestMcpServer.Mode.SSE : TestMcpServer.Mode.STREAMABLE_HTTP)
                .build().start();
        RootsHandler alice = rootsOf("alice");
        try (server; McpPool pool = McpPool.create(config(server).minSessions(1).maxSessions(1)
                .rootsHandler(rootsOf("pool")).build())) {
            pool.start();
            try (PooledSession s = pool.borrow(BorrowOptions.builder().rootsHandler(alice).build())) {
                assertEquals("roots=file:///alice", text(s.callTool("roots", Map.of())));
            }
            assertEquals(List.of(), server.rootsAfterChanges(), "nothing changed yet");
            try (PooledSession s = pool.borrow(BorrowOptions.builder().rootsHandler(rootsOf("bob")).build())) {
                // The server held alice's roots: it is told, asks again, and bob's lease answers.
                await().atMost(Duration.ofSeconds(10)).until(() -> server.rootsAfterChanges().size() == 1);
                assertEquals(List.of("file:///bob"), server.rootsAfterChanges().get(0));
                assertEquals("roots=file:///bob", text(s.callTool("roots", Map.of())));
            }
            try (PooledSession s = pool.borrow(BorrowOptions.builder().rootsHandler(rootsOf("bob")).build())) {
                // Another handler instance: the pool cannot know its roots are the same, so it tells again.
                await().atMost(Duration.ofSeconds(10)).until(() -> server.rootsAfterChanges().size() == 2);
                assertEquals("roots=file:///bob", text(s.callTool("roots", Map.of())));
            }
            try (PooledSession s = pool.borrow()) { // the pool's handler
                await().atMost(Duration.ofSeconds(10)).until(() -> server.rootsAfterChanges().size() == 3);
                assertEquals(List.of("file:///pool"), server.rootsAfterChanges().get(2));
                assertEquals("echo", text(s.callTool("echo", Map.of("message", "echo"))));
            }
            try (PooledSession s = pool.borrow()) { // the same handler as the server holds: nothing to tell
                assertEquals("roots=file:///pool", text(s.callTool("roots", Map.of())));
            }
            try (PooledSession s = pool.borrow(BorrowOptions.builder().rootsHandler(alice).build())) {
                await().atMost(Duration.ofSeconds(10)).until(() -> server.rootsAfterChanges().size() == 4);
                assertEquals(List.of("file:///alice"), server.rootsAfterChanges().get(3));
            }
            assertEquals(4, server.rootsAfterChanges().size(), "told only when the roots' handler changed");
            assertEquals(1, pool.metrics().sessionsCreated(), "one session throughout");
            assertEquals(0, pool.metrics().errors());
        }
    }

    @Test
    void whatSessionsAdvertiseAndWhoAnswersAreFixedForThePoolsLife() throws Exception {
        try (Target target = target("streamable");
                McpPool pool = McpPool.create(target.config().minSessions(1).rootsHandler(rootsOf("pool")).build())) {
            pool.start();
            io.mcpool.InvalidConfigException e = assertThrows(io.mcpool.InvalidConfigException.class,
                    () -> pool.reconfigure(pool.config().toBuilder().clientCapabilities(ClientCapability.SAMPLING)
                            .build()));
            assertTrue(e.getMessage().contains("clientCapabilities"), e.getMessage());
            e = assertThrows(io.mcpool.InvalidConfigException.class,
                    () -> pool.reconfigure(pool.config().toBuilder().rootsHandler(rootsOf("other")).build()));
            assertTrue(e.getMessage().contains("rootsHandler"), e.getMessage());
            try (PooledSession s = pool.borrow()) {
                assertEquals("roots=file:///pool", text(s.callTool("roots", Map.of())), "unchanged");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"streamable", "modern", "dual"})
    void urlModeReachesTheHandlerOnlyWhenDeclared(String transport) throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        ElicitationHandler handler = request -> {
            seen.add(request.mode() + " " + (request instanceof McpSchema.ElicitUrlRequest url ? url.url() : ""));
            return new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT, null);
        };
        try (Target target = target(transport)) {
            try (McpPool pool = McpPool.create(target.config().elicitationHandler(handler)
                    .clientCapabilities(ClientCapability.ELICITATION_URL).build())) {
                pool.start();
                try (PooledSession s = pool.borrow()) {
                    assertEquals("action=accept content={}", text(s.callTool("elicit", Map.of("mode", "url"))));
                    assertEquals(List.of("url https://example.org/consent"), seen);
                }
            }
            try (McpPool formOnly = McpPool.create(target.config().name("form-only").elicitationHandler(handler).build())) {
                formOnly.start();
                try (PooledSession s = formOnly.borrow()) {
                    if (transport.equals("dual")) { // the TypeScript server refuses with a JSON-RPC error
                        assertThrows(McpMissingClientCapabilityException.class,
                                () -> s.callTool("elicit", Map.of("mode", "url")));
                    } else {
                        McpSchema.CallToolResult refused = s.callTool("elicit", Map.of("mode", "url"));
                        assertTrue(refused.isError() && text(refused).startsWith("client refused:"), () -> text(refused));
                    }
                    assertEquals(1, seen.size(), () -> "the handler was not asked: " + seen);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"streamable", "modern"})
    void anUnconfiguredCapabilityIsNotAdvertisedAndABorrowBringingItsHandlerIsRefused(String transport)
            throws Exception {
        try (Target target = target(transport);
                McpPool pool = McpPool.create(target.config().build())) {
            assertEquals(Set.of(), pool.config().clientCapabilities());
            pool.start();
            try (PooledSession s = pool.borrow()) {
                for (String tool : List.of("sample", "roots", "elicit")) {
                    McpSchema.CallToolResult refused = s.callTool(tool, Map.of());
                    assertTrue(refused.isError() && text(refused).startsWith("client refused:"),
                            () -> tool + ": " + text(refused));
                }
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> pool.borrow(BorrowOptions.builder().samplingHandler(sampleAs("x")).build()));
            assertEquals("BorrowOptions.samplingHandler is set, but pool 'test' does not advertise SAMPLING (its"
                    + " capabilities: []); set PoolConfig.samplingHandler or declare"
                    + " PoolConfig.clientCapabilities(ClientCapability.SAMPLING)", e.getMessage());
            IllegalArgumentException roots = assertThrows(IllegalArgumentException.class,
                    () -> pool.tryBorrow(BorrowOptions.builder().rootsHandler(rootsOf("x")).build()));
            assertTrue(roots.getMessage().startsWith("BorrowOptions.rootsHandler is set, but pool 'test' does not"
                    + " advertise ROOTS"), roots.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"streamable", "stdio", "modern", "dual"})
    void sixteenBorrowersWithTheirOwnHandlersNeverSeeAnotherOnesRequests(String transport) throws Exception {
        int borrowers = 16;
        // Progress and logs: the dual-era server has no progress tool.
        int tools = transport.equals("dual") ? 3 : 4;
        int rounds = transport.equals("stdio") ? 15 : 30;
        try (Target target = target(transport);
                // The wait bound is generous: this test is about who answers, not how fast, on a shared machine.
                McpPool pool = McpPool.create(target.config().minSessions(2).maxSessions(transport.equals("stdio") ? 3 : 4)
                        .borrowTimeout(Duration.ofSeconds(60)).requestTimeout(Duration.ofSeconds(30))
                        .clientCapabilities(ClientCapability.ELICITATION_FORM, ClientCapability.SAMPLING,
                                ClientCapability.ROOTS).build())) {
            pool.start();
            LeaseMarkers.run(borrowers, rounds, (marker, options, tokens) -> {
                try (PooledSession s = pool.borrow(options)) {
                    return LeaseMarkers.ownAnswer(ThreadLocalRandom.current().nextInt(tools), marker, Map.of(),
                            s::callTool, tokens);
                }
            });
        }
    }

    @Test
    void progressAndLogsReachOnlyTheLeaseThatAskedAndACallerTokenIsKept() throws Exception {
        try (Target target = target("streamable");
                McpPool pool = McpPool.create(target.config().minSessions(1).maxSessions(1).build())) {
            pool.start();
            List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
            List<String> logs = new CopyOnWriteArrayList<>();
            BorrowOptions listening = BorrowOptions.builder().progressListener(progress::add)
                    .loggingListener(n -> logs.add(n.data())).build();
            try (PooledSession s = pool.borrow(listening)) {
                McpSchema.CallToolResult result = s.callTool(new McpSchema.CallToolRequest("progress",
                        Map.of("steps", 3, "log", "mine"), Map.of("progressToken", "caller-token")));
                assertEquals("steps=3 token=caller-token", text(result));
            }
            assertEquals(List.of(1.0, 2.0, 3.0), progress.stream().map(McpSchema.ProgressNotification::progress).toList());
            assertTrue(progress.stream().allMatch(n -> "caller-token".equals(n.progressToken())));
            assertEquals(List.of("mine"), logs);
            try (PooledSession s = pool.borrow()) { // the same session, a lease without listeners
                assertEquals("steps=2 token=null", text(s.callTool("progress", Map.of("steps", 2, "log", "other"))));
            }
            assertEquals(3, progress.size(), "the earlier lease heard nothing more");
            assertEquals(List.of("mine"), logs);
        }
    }

    @Test
    void aRequestWhileNoLeaseHoldsTheSessionGetsThePoolsHandlerElseAClearError() throws Exception {
        // A warm-up hook calls tools before any lease holds the session: the server's requests then have no lease.
        List<String> warmups = new CopyOnWriteArrayList<>();
        try (Target target = target("streamable");
                McpPool declaredOnly = McpPool.create(target.config().name("declared").minSessions(1)
                        .clientCapabilities(ClientCapability.ROOTS, ClientCapability.SAMPLING)
                        .warmupHook((client, key) -> {
                            warmups.add(text(client.callTool(new McpSchema.CallToolRequest("roots", Map.of()))));
                            warmups.add(text(client.callTool(new McpSchema.CallToolRequest("sample", Map.of()))));
                        }).build());
                McpPool withPoolHandler = McpPool.create(target.config().name("pool-wide").minSessions(1)
                        .rootsHandler(rootsOf("pool"))
                        .warmupHook((client, key) -> warmups.add(text(client.callTool(
                                new McpSchema.CallToolRequest("roots", Map.of()))))).build())) {
            declaredOnly.start();
            withPoolHandler.start();
            assertEquals(3, warmups.size(), () -> warmups.toString());
            assertEquals("client refused: Pool 'declared' has no roots handler for this request: no lease held the"
                    + " session when it arrived and the pool has none (BorrowOptions.rootsHandler / PoolConfig.rootsHandler)",
                    warmups.get(0));
            assertTrue(warmups.get(1).startsWith("client refused: Pool 'declared' has no sampling handler for this"
                    + " request: no lease held the session"), warmups.get(1));
            assertEquals("roots=file:///pool", warmups.get(2));
        }
    }
}
