package io.mcpool.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import io.modelcontextprotocol.client.McpSyncClient;
import org.junit.jupiter.api.Test;

/** The proxy against a real server: what each fault does to a real HTTP exchange. */
class FaultProxyTest {

    private static HttpResponse<String> get(HttpClient client, String url, Duration timeout) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void passesThroughThenEachFaultBitesAndHealing() throws Exception {
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                FaultProxy proxy = FaultProxy.start(server.port())) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            // The MCP endpoint answers a plain GET without a session with a 4xx: enough to see traffic flow.
            int status = get(client, proxy.url("/mcp"), Duration.ofSeconds(5)).statusCode();
            assertTrue(status >= 400 && status < 500, "status " + status);

            proxy.blackHole();
            HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            assertThrows(HttpTimeoutException.class, () -> get(fresh, proxy.url("/mcp"), Duration.ofMillis(500)));

            proxy.reset();
            assertThrows(IOException.class, () -> get(HttpClient.newHttpClient(), proxy.url("/mcp"), Duration.ofSeconds(5)));

            proxy.heal();
            assertEquals(status, get(HttpClient.newHttpClient(), proxy.url("/mcp"), Duration.ofSeconds(5)).statusCode());

            proxy.latency(Duration.ofMillis(300));
            long start = System.nanoTime();
            get(HttpClient.newHttpClient(), proxy.url("/mcp"), Duration.ofSeconds(5));
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(300).toNanos(), "latency added");
            proxy.heal();
            assertTrue(proxy.connectionsAccepted() >= 5);
        }
    }

    @Test
    void methodLatencyHoldsBackEachInitializeAndNothingElse() throws Exception {
        Duration delay = Duration.ofMillis(400);
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                FaultProxy proxy = FaultProxy.start(server.port())) {
            assertThrows(IllegalArgumentException.class, () -> proxy.methodLatency(" ", delay));
            assertThrows(IllegalArgumentException.class, () -> proxy.methodLatency("initialize", Duration.ofMillis(-1)));
            proxy.methodLatency("initialize", delay);
            java.util.concurrent.atomic.AtomicLong releasedAt = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.atomic.AtomicInteger released = new java.util.concurrent.atomic.AtomicInteger();
            proxy.whenReleased(() -> {
                releasedAt.set(System.nanoTime());
                released.incrementAndGet();
            });
            assertThrows(NullPointerException.class, () -> proxy.whenReleased(null));
            for (int session = 1; session <= 2; session++) {
                McpSyncClient client = Clients.sync(Clients.transport(TestMcpServer.Mode.STREAMABLE_HTTP,
                        proxy.url("/mcp"), null, "h"));
                try {
                    long start = System.nanoTime();
                    client.initialize();
                    assertTrue(System.nanoTime() - start >= delay.toNanos(), "initialize held back");
                    assertEquals(session, proxy.delayedRequests(), "one initialize per session, no other request");
                    assertEquals(session, released.get(), "told as each held-back initialize went on");
                    assertTrue(releasedAt.get() - start >= delay.toNanos(), "told after the hold, not before");
                    for (int i = 0; i < 3; i++) {
                        assertEquals("hi", Clients.text(Clients.call(client, "echo", Map.of("message", "hi"))));
                    }
                    client.listTools();
                    assertEquals(session, proxy.delayedRequests(), "tool calls and listings pass undelayed");
                    assertEquals(session, released.get(), "and are not told of");
                } finally {
                    client.closeGracefully();
                }
            }
            proxy.heal();
            McpSyncClient healed = Clients.sync(Clients.transport(TestMcpServer.Mode.STREAMABLE_HTTP,
                    proxy.url("/mcp"), null, "h"));
            try {
                healed.initialize();
                assertEquals(2, proxy.delayedRequests(), "heal() ends the method latency");
            } finally {
                healed.closeGracefully();
            }
        }
    }
}
