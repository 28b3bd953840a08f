package io.mcpool.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The reference server-everything behind real SDK clients. Needs Node.js 20+ and the npm install: when they
 * are missing these tests fail, saying what to install.
 */
class ServerEverythingTest {

    @Test
    void echoOverStdio() {
        List<String> command = ServerEverything.stdioCommand();
        List<ProcessHandle> before = stdioServers(command);
        McpSyncClient client = Clients.stdio(command);
        List<ProcessHandle> ours;
        try {
            client.initialize();
            echoThreeTimes(client);
            ours = stdioServers(command).stream().filter(p -> !before.contains(p)).toList();
            assertEquals(1, ours.size(), "one server-everything stdio process started: " + ours);
        } finally {
            client.closeGracefully();
        }
        Eventually.until("the server-everything stdio process to end", () -> ours.stream().noneMatch(ProcessHandle::isAlive));
    }

    @Test
    void echoOverStreamableHttp() {
        ProcessHandle process;
        try (ServerEverything server = ServerEverything.startStreamableHttp()) {
            process = server.process();
            assertTrue(server.endpoint().matches("http://127\\.0\\.0\\.1:\\d+/mcp"), server.endpoint());
            McpSyncClient client = Clients.sync(HttpClientStreamableHttpTransport.builder(server.endpoint()).build());
            try {
                client.initialize();
                echoThreeTimes(client);
            } finally {
                client.closeGracefully();
            }
        }
        assertFalse(process.isAlive(), "server-everything still runs after close()");
    }

    @Test
    @SuppressWarnings("deprecation") // the SSE client is deprecated with the transport it speaks
    void echoOverSse() {
        ProcessHandle process;
        try (ServerEverything server = ServerEverything.startSse()) {
            process = server.process();
            McpSyncClient client = Clients.sync(HttpClientSseClientTransport.builder(server.endpoint())
                    .sseEndpoint(server.sseEndpoint()).build());
            try {
                client.initialize();
                echoThreeTimes(client);
            } finally {
                client.closeGracefully();
            }
        }
        assertFalse(process.isAlive(), "server-everything still runs after close()");
    }

    private static void echoThreeTimes(McpSyncClient client) {
        for (int i = 0; i < 3; i++) {
            assertEquals("Echo: hello " + i, Clients.text(Clients.call(client, "echo", Map.of("message", "hello " + i))));
        }
        client.ping();
        assertTrue(client.listTools().tools().stream().anyMatch(t -> t.name().equals("echo")));
    }

    /** This JVM's child processes that run {@code command}'s script in stdio mode. */
    private static List<ProcessHandle> stdioServers(List<String> command) {
        return ProcessHandle.current().children()
                .filter(p -> p.info().arguments().map(List::of).map(a -> a.containsAll(command.subList(1, command.size())))
                        .orElse(false))
                .toList();
    }
}
