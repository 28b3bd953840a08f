package io.mcpool.impl.manager;

import io.mcpool.PoolConfig;
import io.mcpool.PooledSession;
import io.mcpool.Transport;
import io.mcpool.manager.McpPoolManager;
import io.mcpool.testkit.TestMcpServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.stream.Collectors;

/** Pool configurations against the testkit's servers, with timeouts that make failures quick. */
final class ManagerFixtures {

    private ManagerFixtures() {
    }

    /** A pool for {@code server}: small, quick to give up on a dead server, breaker hard to trip. */
    static PoolConfig.Builder config(TestMcpServer server) {
        return PoolConfig.builder()
                .transport(Transport.STREAMABLE_HTTP)
                .endpoint(server.endpoint())
                .minSessions(1)
                .maxSessions(8)
                .connectTimeout(Duration.ofSeconds(2))
                .requestTimeout(Duration.ofSeconds(10))
                .borrowTimeout(Duration.ofSeconds(5))
                .drainTimeout(Duration.ofSeconds(2))
                .retryCount(1)
                .retryBaseDelay(Duration.ofMillis(20))
                .retryMaxDelay(Duration.ofMillis(100))
                .failureThreshold(1000);
    }

    /** A manager from the implementation under test (see the report on {@code McpPoolManager.create}). */
    static McpPoolManager manager(String name) {
        return new DefaultMcpPoolManager(name);
    }

    /** @return which pool lent {@code lease}: its session ids are {@code <pool>-<n>} */
    static String poolOf(PooledSession lease) {
        String id = lease.sessionId();
        return id.substring(0, id.lastIndexOf('-'));
    }

    static String text(McpSchema.CallToolResult result) {
        return result.content().stream()
                .filter(McpSchema.TextContent.class::isInstance)
                .map(c -> ((McpSchema.TextContent) c).text())
                .collect(Collectors.joining());
    }
}
