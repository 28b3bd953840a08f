package io.mcpool.impl;

import static io.mcpool.impl.TestPools.text;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.BorrowOptions;
import io.mcpool.McpPool;
import io.mcpool.PoolClosedException;
import io.mcpool.PoolConfig;
import io.mcpool.PoolExhaustedException;
import io.mcpool.PooledSession;
import io.mcpool.Transport;
import io.mcpool.testkit.ServerEverything;
import io.mcpool.testkit.StdioTestServer;
import io.mcpool.testkit.TestMcpServer;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One scenario (borrow, call echo, list tools, borrow timeout, reuse, shutdown) against every real
 * server and transport: the testkit's Java SDK servers and the reference server-everything from npm.
 */
class InteropTest {

    /** A running server and the pool configuration that reaches it. */
    private record Target(PoolConfig.Builder config, AutoCloseable server) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            server.close();
        }
    }

    static Stream<Arguments> targets() {
        return Stream.of(
                target("testkit streamable HTTP", () -> testkit(TestMcpServer.Mode.STREAMABLE_HTTP)),
                target("testkit stateless HTTP", () -> testkit(TestMcpServer.Mode.STATELESS_HTTP)),
                target("testkit SSE", () -> testkit(TestMcpServer.Mode.SSE)),
                target("testkit stdio", () -> new Target(PoolConfig.builder().stdio(StdioTestServer.command()), () -> { })),
                target("server-everything stdio",
                        () -> new Target(PoolConfig.builder().stdio(ServerEverything.stdioCommand()), () -> { })),
                target("server-everything streamable HTTP", () -> {
                    ServerEverything server = ServerEverything.startStreamableHttp();
                    return new Target(PoolConfig.builder().endpoint(server.endpoint()), server);
                }),
                target("server-everything SSE", () -> {
                    ServerEverything server = ServerEverything.startSse();
                    return new Target(PoolConfig.builder().transport(Transport.SSE).endpoint(server.endpoint())
                            .sseEndpoint(server.sseEndpoint()), server);
                }));
    }

    private static Arguments target(String name, Supplier<Target> target) {
        return Arguments.of(name, target);
    }

    private static Target testkit(TestMcpServer.Mode mode) {
        TestMcpServer server = TestMcpServer.builder().mode(mode).build().start();
        return new Target(TestPools.config(server), server);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void theScenarioWorksAgainst(String name, Supplier<Target> targets) throws Exception {
        long childrenBefore = ProcessHandle.current().descendants().count();
        try (Target target = targets.get()) {
            long childrenWithServer = ProcessHandle.current().descendants().count();
            McpPool pool = McpPool.create(target.config().name("interop").minSessions(1).maxSessions(2)
                    .connectTimeout(Duration.ofSeconds(30)).requestTimeout(Duration.ofSeconds(30))
                    .borrowTimeout(Duration.ofSeconds(30)).build());
            pool.start();
            assertTrue(pool.awaitReady(Duration.ofSeconds(30)));

            try (PooledSession s = pool.borrow()) {
                assertTrue(text(s.callTool("echo", Map.of("message", "hello"))).contains("hello"));
            }
            assertTrue(pool.listTools().stream().anyMatch(t -> t.name().equals("echo")), name);

            try (PooledSession a = pool.borrow(); PooledSession b = pool.borrow()) {
                PoolExhaustedException e = assertThrows(PoolExhaustedException.class,
                        () -> pool.borrow(BorrowOptions.builder().timeout(Duration.ofMillis(300)).build()));
                assertTrue(e.getMessage().contains("2 in use"), e::getMessage);
                assertTrue(text(a.callTool("echo", Map.of("message", "a"))).contains("a"));
                assertTrue(text(b.callTool("echo", Map.of("message", "b"))).contains("b"));
            }

            for (int i = 0; i < 20; i++) {
                assertTrue(text(pool.callTool("echo", Map.of("message", "m" + i))).contains("m" + i));
            }
            assertEquals(2, pool.metrics().sessionsCreated(), "sessions are reused");
            assertEquals(0, pool.metrics().errors());

            pool.shutdown();
            assertThrows(PoolClosedException.class, pool::borrow);
            assertEquals(2, pool.metrics().sessionsDestroyed());
            // No child process of a stdio session outlives the pool.
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> ProcessHandle.current().descendants().count() <= childrenWithServer);
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> ProcessHandle.current().descendants().count() <= childrenBefore);
    }
}
