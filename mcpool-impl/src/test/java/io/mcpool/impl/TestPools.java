package io.mcpool.impl;

import io.mcpool.PoolConfig;
import io.mcpool.Transport;
import io.mcpool.testkit.TestMcpServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/** Configurations pointing pools at the testkit's servers, and small result helpers. */
final class TestPools {

    private TestPools() {
    }

    /**
     * Runs each task on a new daemon thread. For test tasks that block in pool calls: on JDK 25 the
     * CompletableFuture default executor is always the common pool (JDK-8319447), and the JDK
     * HttpClient completes every sendAsync answer there, so a blocked common-pool worker holds up
     * every MCP response in the JVM.
     */
    static final Executor OWN_THREAD = task -> {
        Thread t = new Thread(task, "test-async");
        t.setDaemon(true);
        t.start();
    };

    /** A configuration for {@code server}, whatever its mode, with test-friendly timeouts. */
    static PoolConfig.Builder config(TestMcpServer server) {
        PoolConfig.Builder b = PoolConfig.builder()
                .name("test")
                .connectTimeout(Duration.ofSeconds(10))
                .requestTimeout(Duration.ofSeconds(10))
                .borrowTimeout(Duration.ofSeconds(10))
                .drainTimeout(Duration.ofSeconds(5));
        if (server.mode() == TestMcpServer.Mode.SSE) {
            return b.transport(Transport.SSE).endpoint(server.endpoint()).sseEndpoint(server.sseEndpoint());
        }
        return b.transport(Transport.STREAMABLE_HTTP).endpoint(server.endpoint());
    }

    /** {@link #config}, with the {@code protocol} the server speaks: 2026-07-28 for its server of that revision. */
    static PoolConfig.Builder speaking(TestMcpServer server) {
        return config(server).protocol(server.mode() == TestMcpServer.Mode.HTTP_2026_07_28
                ? io.mcpool.Protocol.STATELESS_2026_07_28 : io.mcpool.Protocol.LEGACY);
    }

    /** The concatenated text contents of a tool result. */
    static String text(McpSchema.CallToolResult result) {
        return result.content().stream()
                .filter(McpSchema.TextContent.class::isInstance)
                .map(c -> ((McpSchema.TextContent) c).text())
                .collect(Collectors.joining());
    }
}
