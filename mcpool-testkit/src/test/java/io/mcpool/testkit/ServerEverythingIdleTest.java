package io.mcpool.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Holds an SDK client idle across server-everything's 15 s SSE keep-alive comment ({@code : keepalive}), then
 * uses it: guards against a client upgrade that chokes on SSE comments. It mostly waits, so it runs beside the
 * other test classes.
 */
@Execution(ExecutionMode.CONCURRENT)
class ServerEverythingIdleTest {

    @Test
    void clientSurvivesKeepAliveComments() {
        try (ServerEverything server = ServerEverything.startStreamableHttp()) {
            McpSyncClient client = Clients.sync(HttpClientStreamableHttpTransport.builder(server.endpoint()).build());
            try {
                client.initialize();
                assertEquals("Echo: before", Clients.text(Clients.call(client, "echo", Map.of("message", "before"))));
                Sleep.of(Duration.ofSeconds(17));
                assertEquals("Echo: after", Clients.text(Clients.call(client, "echo", Map.of("message", "after"))));
                client.ping();
            } finally {
                client.closeGracefully();
            }
        }
    }
}
