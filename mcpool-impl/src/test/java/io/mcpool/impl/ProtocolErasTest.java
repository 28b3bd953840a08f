package io.mcpool.impl;

import static io.mcpool.impl.TestPools.config;
import static io.mcpool.impl.TestPools.text;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.BorrowOptions;
import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.PoolMetrics;
import io.mcpool.PooledSession;
import io.mcpool.Protocol;
import io.mcpool.ProtocolEra;
import io.mcpool.SessionInfo;
import io.mcpool.spi.McpOperation;
import io.mcpool.spi.OperationInterceptor;
import io.mcpool.testkit.DualEraServer;
import io.mcpool.testkit.RecordedRequest;
import io.mcpool.testkit.RequestsFile;
import io.mcpool.testkit.StdioTestServer;
import io.mcpool.testkit.TestMcpServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same application code (one pool; {@code callTool}, {@code listTools}; a lease with headers and a tenant) against
 * a session-based server, a server of the stateless revision 2026-07-28 (the testkit's Java SDK servers) and a
 * dual-era server (the TypeScript SDK's {@code createMcpHandler} and {@code serveStdio}, from npm), over HTTP and over
 * stdio, with each {@code protocol} setting that fits: what the application sees is the same, and the wire shows the
 * revision each spoke. Over stdio a lease's headers have no wire to travel on, and each pooled session is a server
 * process of its own.
 */
class ProtocolErasTest {

    /** A server under test: the testkit's Java servers of either revision, or the npm dual-era one; HTTP or stdio. */
    enum Kind {
        SESSION_BASED, STATELESS, DUAL_ERA, STDIO_SESSION_BASED, STDIO_STATELESS, STDIO_DUAL_ERA;

        boolean stdio() {
            return name().startsWith("STDIO_");
        }

        Server start() {
            return start(Duration.ZERO);
        }

        /** @param toolLatency how long {@code echo} takes (stdio servers only) */
        Server start(Duration toolLatency) {
            if (stdio()) {
                return StdioServers.start(this, toolLatency);
            }
            if (this == DUAL_ERA) {
                DualEraServer dual = DualEraServer.start();
                return new Server(b -> b.endpoint(dual.endpoint()), dual::requests, dual::restart, dual::close);
            }
            TestMcpServer java = TestMcpServer.builder().mode(this == STATELESS ? TestMcpServer.Mode.HTTP_2026_07_28
                    : TestMcpServer.Mode.STREAMABLE_HTTP).build().start();
            return new Server(b -> b.endpoint(java.endpoint()), java::requests, java::restart, java::close);
        }
    }

    /**
     * What the tests need of a server.
     *
     * @param target   points a pool at it (an endpoint, or the command that starts one process of it)
     * @param requests what it received so far
     * @param restart  a restart: over stdio, every server process it started is killed
     * @param stop     stops it (over stdio: fails when a server process outlived the pool)
     * @param stdioRequests over stdio, the {@link RequestsFile} its processes append to; else null
     */
    record Server(UnaryOperator<PoolConfig.Builder> target, Supplier<List<RecordedRequest>> requests,
            Runnable restart, Runnable stop, Path stdioRequests) implements AutoCloseable {
        Server(UnaryOperator<PoolConfig.Builder> target, Supplier<List<RecordedRequest>> requests, Runnable restart,
                Runnable stop) {
            this(target, requests, restart, stop, null);
        }

        long count(String method) {
            return requests.get().stream().filter(r -> r.method().equals(method)).count();
        }

        List<RecordedRequest> calls(String tool) {
            return requests.get().stream().filter(r -> r.method().equals("tools/call") && tool.equals(r.toolName()))
                    .toList();
        }

        @Override
        public void close() {
            stop.run();
        }
    }

    static Stream<Arguments> eras() {
        return Stream.of(
                Arguments.of(Kind.SESSION_BASED, Protocol.LEGACY, "2025-11-25"),
                Arguments.of(Kind.SESSION_BASED, Protocol.AUTO, "2025-11-25"),
                Arguments.of(Kind.STATELESS, Protocol.STATELESS_2026_07_28, "2026-07-28"),
                Arguments.of(Kind.STATELESS, Protocol.AUTO, "2026-07-28"),
                Arguments.of(Kind.DUAL_ERA, Protocol.LEGACY, "2025-11-25"),
                Arguments.of(Kind.DUAL_ERA, Protocol.STATELESS_2026_07_28, "2026-07-28"),
                Arguments.of(Kind.DUAL_ERA, Protocol.AUTO, "2026-07-28"),
                Arguments.of(Kind.STDIO_SESSION_BASED, Protocol.LEGACY, "2025-11-25"),
                Arguments.of(Kind.STDIO_SESSION_BASED, Protocol.AUTO, "2025-11-25"),
                Arguments.of(Kind.STDIO_STATELESS, Protocol.STATELESS_2026_07_28, "2026-07-28"),
                Arguments.of(Kind.STDIO_STATELESS, Protocol.AUTO, "2026-07-28"),
                Arguments.of(Kind.STDIO_DUAL_ERA, Protocol.LEGACY, "2025-11-25"),
                Arguments.of(Kind.STDIO_DUAL_ERA, Protocol.STATELESS_2026_07_28, "2026-07-28"),
                Arguments.of(Kind.STDIO_DUAL_ERA, Protocol.AUTO, "2026-07-28"));
    }

    /** Over stdio, one setting per server: the session-based one, the 2026-07-28 one, and auto on the dual-era one. */
    static Stream<Arguments> stdioEras() {
        return Stream.of(
                Arguments.of(Kind.STDIO_SESSION_BASED, Protocol.LEGACY, "2025-11-25"),
                Arguments.of(Kind.STDIO_STATELESS, Protocol.STATELESS_2026_07_28, "2026-07-28"),
                Arguments.of(Kind.STDIO_DUAL_ERA, Protocol.AUTO, "2026-07-28"));
    }

    private static PoolConfig.Builder pool(TestMcpServer server, Protocol protocol) {
        return config(server).protocol(protocol).minSessions(0).maxSessions(2).tenantHeader("X-Tenant-ID");
    }

    private static PoolConfig.Builder pool(Server server, Protocol protocol) {
        return server.target().apply(PoolConfig.builder().name("test")).protocol(protocol).minSessions(0)
                // a stdio server process is a JVM or Node.js starting: slow on a loaded machine
                .maxSessions(2).tenantHeader("X-Tenant-ID")
                .connectTimeout(Duration.ofSeconds(server.stdioRequests() == null ? 10 : 60))
                .requestTimeout(Duration.ofSeconds(server.stdioRequests() == null ? 10 : 30)).borrowTimeout(Duration.ofSeconds(10))
                .drainTimeout(Duration.ofSeconds(5));
    }

    private static ProtocolEra era(String version) {
        return version.equals("2026-07-28") ? ProtocolEra.STATELESS_2026_07_28 : ProtocolEra.SESSION_BASED;
    }

    @ParameterizedTest(name = "{0} with protocol {1}")
    @MethodSource("eras")
    void theSameCodeWorksWhateverTheServerSpeaks(Kind kind, Protocol protocol, String version) {
        try (Server server = kind.start(); McpPool pool = McpPool.create(pool(server, protocol).build())) {
            List<McpOperation> operations = new java.util.concurrent.CopyOnWriteArrayList<>();
            pool.addInterceptor(new OperationInterceptor() {
                @Override
                public <T> T intercept(McpOperation operation, Invocation<T> invocation) {
                    operations.add(operation);
                    return invocation.proceed(Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
                }
            });
            pool.start();
            assertEquals(protocol == Protocol.AUTO ? ProtocolEra.UNKNOWN : era(version), pool.metrics().protocolEra(),
                    "auto has not asked yet");
            for (int i = 0; i < 5; i++) {
                McpSchema.CallToolResult echoed = pool.callTool("echo", Map.of("message", "hi " + i));
                assertEquals("hi " + i, ((McpSchema.TextContent) echoed.content().get(0)).text());
            }
            List<McpSchema.Tool> tools = pool.listTools();
            assertTrue(tools.stream().anyMatch(t -> t.name().equals("echo")), tools::toString);
            McpSchema.Tool echo = tools.stream().filter(t -> t.name().equals("echo")).findFirst().orElseThrow();
            assertEquals(List.of("message"), echo.inputSchema().get("required"), "the schema survives the conversion");

            try (PooledSession lease = pool.borrow(BorrowOptions.builder().tenant("acme")
                    .header("X-Request-Tag", "lease-1").build())) {
                McpSchema.CallToolResult who = lease.callTool("whoami", Map.of());
                if (!kind.stdio()) { // over stdio there are no headers to see
                    String seen = ((McpSchema.TextContent) who.content().get(0)).text();
                    assertTrue(seen.contains("x-request-tag=lease-1"), seen);
                }
                assertEquals(version, lease.protocolVersion());
                assertTrue(lease.listResources().size() >= 1);
                assertFalse(lease.listPrompts().isEmpty());
                lease.ping();
                if (version.equals("2026-07-28")) {
                    UnsupportedOperationException noLegacyClient = assertThrows(UnsupportedOperationException.class,
                            lease::client);
                    assertTrue(noLegacyClient.getMessage().contains("stateless MCP revision 2026-07-28"),
                            noLegacyClient.getMessage());
                    assertTrue(lease.modernClient().tools().list().tools().size() >= 1, "the escape hatch works");
                } else {
                    assertThrows(UnsupportedOperationException.class, lease::modernClient);
                    assertEquals(version, lease.client().getCurrentInitializationResult().protocolVersion());
                }
            }
            List<RecordedRequest> whoami = server.calls("whoami");
            assertEquals(1, whoami.size());
            assertEquals(5, server.calls("echo").size());
            if (!kind.stdio()) {
                assertEquals("lease-1", whoami.get(0).header("X-Request-Tag"), "the lease's header on its request");
                assertTrue(server.calls("echo").stream().allMatch(r -> r.header("X-Request-Tag") == null),
                        "and on no other request");
            }

            assertEquals(era(version), pool.metrics().protocolEra());
            List<McpOperation> calls = operations.stream().filter(o -> o.method().equals(McpOperation.TOOLS_CALL)).toList();
            assertEquals(6, calls.size(), "every tools/call passes the interceptors, whatever the revision");
            assertTrue(calls.stream().allMatch(o -> version.equals(o.protocolVersion())), calls::toString);
            boolean stdioProcesses = kind.stdio() && version.equals("2026-07-28");
            assertEquals(protocol == Protocol.AUTO || stdioProcesses,
                    operations.stream().anyMatch(o -> o.method().equals(McpOperation.DISCOVER)),
                    "auto's one question (and a new 2026-07-28 server process's first) is an operation too");
            if (kind != Kind.DUAL_ERA) {
                assertTrue(server.calls("echo").stream().allMatch(r -> r.meta().containsKey("traceparent")),
                        () -> "the interceptor's _meta reaches the server: " + server.calls("echo").get(0).meta());
            }
            for (SessionInfo info : pool.debugSnapshot()) {
                assertEquals(version, info.protocolVersion(), info::toString);
                assertEquals(version.equals("2026-07-28"), info.isStateless());
            }
            if (version.equals("2026-07-28")) {
                assertEquals(0, server.count("initialize"), "no initialize on the stateless revision");
                assertTrue(server.requests().get().stream().allMatch(r -> r.sessionId() == null));
                assertTrue(server.calls("echo").stream().allMatch(r -> "2026-07-28".equals(kind.stdio()
                        ? r.meta().get("io.modelcontextprotocol/protocolVersion") : r.header("MCP-Protocol-Version"))),
                        () -> "every request says its revision: " + server.calls("echo"));
            } else {
                assertTrue(server.count("initialize") <= 2, "sessions reused: " + server.count("initialize"));
            }
            long discovers = server.count("server/discover");
            long pings = version.equals("2026-07-28") ? 1 : 0; // ping is server/discover on the stateless revision
            if (stdioProcesses) {
                assertEquals(pool.metrics().sessionsCreated() + pings, discovers,
                        "each 2026-07-28 server process is asked once as it starts (auto's question is that one)");
            } else {
                assertEquals((protocol == Protocol.AUTO ? 1 : 0) + pings, discovers,
                        "auto asks once per endpoint; legacy and 2026-07-28 never ask");
            }
        }
    }

    @ParameterizedTest(name = "{0} with protocol {1}")
    @MethodSource("eras")
    void aRestartedServerIsUsedAgain(Kind kind, Protocol protocol, String version) {
        try (Server server = kind.start(); McpPool pool = McpPool.create(pool(server, protocol).build())) {
            pool.start();
            pool.callTool("echo", Map.of("message", "before"));
            server.restart().run();
            // The pool notices a dead server process at once and retires its idle session.
            await().atMost(Duration.ofSeconds(10)).until(() -> !kind.stdio() || pool.metrics().total() == 0);
            McpSchema.CallToolResult after = pool.callTool("echo", Map.of("message", "after"),
                    BorrowOptions.builder().retryToolCalls(true).build());
            assertEquals("after", ((McpSchema.TextContent) after.content().get(0)).text());
            if (kind.stdio()) {
                assertEquals(2, pool.metrics().sessionsCreated(), "the killed server process was replaced");
                // Session-based: auto's probe, asked again; 2026-07-28: each new process is asked as it starts.
                assertEquals(protocol == Protocol.AUTO || version.equals("2026-07-28") ? 2 : 0,
                        server.count("server/discover"), "auto asks again after a server process died");
                assertEquals(era(version), pool.metrics().protocolEra());
            }
        }
    }

    /**
     * Several callers at once over stdio: each lease has a server process of its own (no process ever runs two calls
     * at once, though the servers would), every lease comes back, and no process outlives the pool.
     */
    @ParameterizedTest(name = "{0} with protocol {1}")
    @MethodSource("stdioEras")
    void concurrentCallersOverStdioEachHaveAServerProcessOfTheirOwn(Kind kind, Protocol protocol, String version)
            throws Exception {
        int threads = 4;
        try (Server server = kind.start(Duration.ofMillis(20));
                McpPool pool = McpPool.create(pool(server, protocol).maxSessions(threads).build())) {
            pool.start();
            ExecutorService callers = Executors.newFixedThreadPool(threads);
            List<Future<Integer>> done = new ArrayList<>();
            CyclicBarrier together = new CyclicBarrier(threads);
            for (int t = 0; t < threads; t++) {
                int caller = t;
                done.add(callers.submit(() -> {
                    java.util.Random random = new java.util.Random(caller);
                    together.await(30, TimeUnit.SECONDS);
                    int calls = 0;
                    for (int i = 0; i < 8; i++) {
                        String message = caller + "-" + i;
                        switch (random.nextInt(3)) {
                            case 0 -> assertEquals(message, text(pool.callTool("echo", Map.of("message", message))));
                            case 1 -> {
                                try (PooledSession lease = pool.borrow()) {
                                    assertEquals(message, text(lease.callTool("echo", Map.of("message", message))));
                                    assertEquals(version, lease.protocolVersion());
                                }
                            }
                            default -> assertFalse(pool.listTools().isEmpty());
                        }
                        calls++;
                    }
                    return calls;
                }));
            }
            callers.shutdown();
            for (Future<Integer> f : done) {
                assertEquals(8, f.get(120, TimeUnit.SECONDS)); // bounds only: child JVMs start slowly on a loaded machine
            }
            assertEquals(1, RequestsFile.mostConcurrentRunsPerProcess(server.stdioRequests()),
                    "no server process ran two calls at once");
            assertTrue(RequestsFile.processesThatRanTools(server.stdioRequests()) >= 2,
                    "the callers were spread over processes");
            PoolMetrics m = pool.metrics();
            assertEquals(m.borrowCount(), m.returnCount(), m::toString);
            assertEquals(0, m.active());
            assertEquals(0, m.errors(), m::toString);
            assertTrue(m.sessionsCreated() <= threads, () -> "a process per concurrent caller, kept: " + m);
            assertEquals(era(version), m.protocolEra());
        } // Server.close(): no server process outlives the pool
    }


    @org.junit.jupiter.api.Test
    void autoAsksAgainWhenTheServerRestartsSpeakingTheOtherRevision() {
        int port;
        try (TestMcpServer legacy = TestMcpServer.builder().mode(TestMcpServer.Mode.STREAMABLE_HTTP).build().start()) {
            port = legacy.port();
            McpPool pool = McpPool.create(pool(legacy, Protocol.AUTO).build());
            try {
                pool.start();
                pool.callTool("echo", Map.of("message", "legacy"));
                assertEquals("2025-11-25", pool.debugSnapshot().get(0).protocolVersion());
                legacy.stop();
                try (TestMcpServer modern = TestMcpServer.builder().mode(TestMcpServer.Mode.HTTP_2026_07_28).port(port)
                        .build().start()) {
                    McpSchema.CallToolResult result = pool.callTool("echo", Map.of("message", "stateless"),
                            BorrowOptions.builder().retryToolCalls(true).build());
                    assertEquals("stateless", ((McpSchema.TextContent) result.content().get(0)).text());
                    assertTrue(pool.debugSnapshot().stream().allMatch(SessionInfo::isStateless),
                            pool.debugSnapshot()::toString);
                    assertEquals(0, modern.initializeCount());
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    static Stream<Arguments> statelessOverStdio() {
        return Stream.of(Arguments.of(Kind.STDIO_STATELESS), Arguments.of(Kind.STDIO_DUAL_ERA));
    }

    /** A 2026-07-28 server process killed during a lease's call: the call fails as the process dies, not at its timeout. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("statelessOverStdio")
    void aCallOnAServerProcessThatDiesFailsAtOnce(Kind kind) throws Exception {
        try (Server server = kind.start(Duration.ofSeconds(30));
                McpPool pool = McpPool.create(pool(server, Protocol.STATELESS_2026_07_28).maxSessions(1)
                        .requestTimeout(Duration.ofSeconds(120)).build())) {
            pool.start();
            CompletableFuture<Throwable> failed = new CompletableFuture<>();
            try (PooledSession lease = pool.borrow()) {
                Thread caller = new Thread(() -> {
                    try {
                        lease.callTool("echo", Map.of("message", "never answered"));
                        failed.complete(null);
                    } catch (RuntimeException e) {
                        failed.complete(e);
                    }
                });
                caller.start();
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> RequestsFile.processesThatRanTools(server.stdioRequests()) == 1);
                server.restart().run();
                Throwable failure = failed.get(60, TimeUnit.SECONDS); // far below requestTimeout and the tool's 30 s
                assertNotNull(failure, "the call on a killed process cannot succeed");
                assertFalse(Failures.causes(failure).anyMatch(t -> t instanceof java.util.concurrent.TimeoutException
                        || t.getClass().getSimpleName().contains("Timeout")), () -> "not a timeout: " + failure);
            }
            try (PooledSession fresh = pool.borrow()) {
                fresh.ping(); // server/discover on a fresh process (every tool call takes the 30 s here)
            }
            assertEquals(2, pool.metrics().sessionsCreated(), "the broken session was replaced by a new process");
        }
    }

    @org.junit.jupiter.api.Test
    void autoOverStdioAsksAgainWhenAServerProcessDiedAndTheProgramChanged(@TempDir Path dir) throws Exception {
        Path revision = dir.resolve("revision");
        Path requests = dir.resolve("requests.jsonl");
        Files.writeString(revision, "2025-11-25");
        // The command reads the revision to serve as each process starts: the program behind it can be upgraded.
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c",
                "exec \"$@\" --revision \"$(cat '" + revision + "')\"", "sh"));
        command.addAll(StdioTestServer.command("--requests-file", requests.toString()));
        Server server = new Server(b -> b.stdio(command), () -> RequestsFile.requests(requests),
                () -> StdioServers.killAll(requests), () -> StdioServers.noneLeft(requests), requests);
        try (server; McpPool pool = McpPool.create(pool(server, Protocol.AUTO).maxSessions(1).build())) {
            pool.start();
            assertEquals("legacy", text(pool.callTool("echo", Map.of("message", "legacy"))));
            assertEquals("2025-11-25", pool.debugSnapshot().get(0).protocolVersion());
            assertEquals(1, server.count("initialize"));

            Files.writeString(revision, "2026-07-28");
            server.restart().run();
            await().atMost(Duration.ofSeconds(10)).until(() -> pool.metrics().total() == 0);
            assertEquals("stateless", text(pool.callTool("echo", Map.of("message", "stateless"))));
            assertTrue(pool.debugSnapshot().stream().allMatch(SessionInfo::isStateless), pool.debugSnapshot()::toString);
            assertEquals(ProtocolEra.STATELESS_2026_07_28, pool.metrics().protocolEra());
            assertEquals(1, server.count("initialize"), "the new process was not initialized");
            assertEquals(2, server.count("server/discover"), "asked once per program");
        }
    }

    @org.junit.jupiter.api.Test
    void aStatelessListingIsFollowedPageByPage() {
        try (TestMcpServer server = TestMcpServer.builder().mode(TestMcpServer.Mode.HTTP_2026_07_28).pageSize(2)
                .extraTools(5).build().start();
                McpPool pool = McpPool.create(pool(server, Protocol.STATELESS_2026_07_28).build())) {
            pool.start();
            try (PooledSession lease = pool.borrow()) {
                List<McpSchema.Tool> tools = lease.listTools();
                assertEquals(tools.size(), tools.stream().map(McpSchema.Tool::name).distinct().count(), tools::toString);
                assertTrue(tools.stream().anyMatch(t -> t.name().equals("tool-004")), tools::toString);
                assertEquals((tools.size() + 1) / 2, server.toolsListCount(), "one request per page of 2");
            }
        }
    }

    @org.junit.jupiter.api.Test
    void statelessListingsAreCachedForTheirTtlAndPerTenant() {
        try (TestMcpServer server = TestMcpServer.builder().mode(TestMcpServer.Mode.HTTP_2026_07_28).build().start();
                McpPool pool = McpPool.create(pool(server, Protocol.STATELESS_2026_07_28)
                        .toolCacheTtl(Duration.ofMinutes(5)).build())) {
            pool.start();
            server.toolsListCaching(0L, false);
            pool.listTools();
            pool.listTools();
            assertEquals(2, server.toolsListCount(), "ttlMs 0: never reused, whatever toolCacheTtl says");
            server.toolsListCaching(null, false);
            pool.invalidateToolsCache();
            server.resetCounters();
            pool.listTools();
            pool.listTools();
            assertEquals(2, server.toolsListCount(), "no ttlMs: never reused");

            server.toolsListCaching(60_000L, true);
            pool.invalidateToolsCache();
            server.resetCounters();
            BorrowOptions acme = BorrowOptions.builder().tenant("acme").build();
            BorrowOptions globex = BorrowOptions.builder().tenant("globex").build();
            pool.listTools(acme);
            pool.listTools(acme);
            assertEquals(1, server.toolsListCount(), "fresh for ttlMs");
            pool.listTools(globex);
            assertEquals(2, server.toolsListCount(), "a private listing is not served to another tenant");
            pool.listTools(globex);
            pool.listTools(acme);
            assertEquals(2, server.toolsListCount(), "each tenant's listing served to it from the cache");
        }
    }
}
