package io.mcpool.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.testkit.TestMcpServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the pool's wrapper around every SDK transport refuses, against a real server. */
class PoolManagedTransportTest {

    private static PoolManagedTransport transport(TestMcpServer server) {
        URI endpoint = URI.create(server.endpoint());
        return new PoolManagedTransport(HttpClientStreamableHttpTransport
                .builder(endpoint.getScheme() + "://" + endpoint.getAuthority()).endpoint(endpoint.getPath()).build(),
                lost -> { }, failure -> { });
    }

    private static McpSyncClient client(PoolManagedTransport transport) {
        return McpClient.sync(transport).requestTimeout(Duration.ofSeconds(10))
                .initializationTimeout(Duration.ofSeconds(10)).build();
    }

    /**
     * The SDK client starts a new {@code initialize} on its own whenever its initialization was dropped
     * (closing drops it before the transport closes): a pooled session is initialized once, and any
     * second {@code initialize} fails without reaching the server.
     */
    @Test
    void aSecondInitializeNeverReachesTheServer() {
        try (TestMcpServer server = TestMcpServer.builder().build().start()) {
            PoolManagedTransport transport = transport(server);
            McpSyncClient client = client(transport);
            client.initialize();
            McpSchema.JSONRPCRequest again = new McpSchema.JSONRPCRequest(McpSchema.JSONRPC_VERSION,
                    McpSchema.METHOD_INITIALIZE, "again", new McpSchema.InitializeRequest(
                            "2025-06-18", new McpSchema.ClientCapabilities(null, null, null, null),
                            new McpSchema.Implementation("test", "1")));
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> transport.sendMessage(again).block(Duration.ofSeconds(10)));
            assertTrue(refused.getMessage().contains("initialized twice"), refused::getMessage);
            client.ping();
            assertEquals(1, server.initializeCount(), "initialize requests the server saw");
            client.closeGracefully();
        }
    }

    /**
     * The SDK client re-initializes by itself when asked for anything after it was closed; a pooled
     * client that is closed while a probe or a retry still holds it would open a server session
     * that nobody knows of.
     */
    @Test
    void aClosedClientNeverOpensANewServerSession() {
        try (TestMcpServer server = TestMcpServer.builder().build().start()) {
            McpSyncClient client = client(transport(server));
            client.initialize();
            assertEquals(1, server.initializeCount());
            client.closeGracefully();
            assertThrows(RuntimeException.class, client::ping);
            assertEquals(1, server.initializeCount(), "initialize requests the server saw");
            assertEquals(0, server.liveSessions(), "sessions open on the server");
        }
    }
}
