package io.mcpool.jmx;

import io.mcpool.PoolConfig;
import io.mcpool.Transport;
import io.mcpool.testkit.TestMcpServer;
import java.time.Duration;

/** Pool configurations against the testkit's real MCP server, with test-friendly timeouts. */
final class TestPools {

    private TestPools() {
    }

    static PoolConfig.Builder config(TestMcpServer server, String name) {
        return PoolConfig.builder()
                .name(name)
                .transport(Transport.STREAMABLE_HTTP)
                .endpoint(server.endpoint())
                .connectTimeout(Duration.ofSeconds(10))
                .requestTimeout(Duration.ofSeconds(10))
                .borrowTimeout(Duration.ofSeconds(10))
                .drainTimeout(Duration.ofSeconds(2));
    }
}
