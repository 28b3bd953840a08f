package io.mcpool.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpSyncClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link StdioTestServer} as a child process behind the SDK's stdio client transport. */
class StdioTestServerTest {

    @TempDir
    Path dir;

    @Test
    void servesToolsAndRecordsEvents() throws IOException {
        Path events = dir.resolve("events.txt");
        McpSyncClient client = Clients.stdio(StdioTestServer.command("--extra-tools", "2", "--events-file",
                events.toString()));
        try {
            client.initialize();
            assertEquals(List.of("echo", "add", "fail", "slow", "whoami", "tool-000", "tool-001"),
                    Clients.toolNames(Clients.listAllPages(client)));
            assertEquals("hi", Clients.text(Clients.call(client, "echo", Map.of("message", "hi"))));
            assertEquals("transport=stdio", Clients.text(Clients.call(client, "whoami", Map.of())));
            assertTrue(Clients.call(client, "fail", Map.of()).isError());
            client.ping();
        } finally {
            client.closeGracefully();
        }
        List<String> lines = Files.readAllLines(events);
        assertTrue(lines.get(0).matches("started \\d+"), lines::toString);
        assertEquals(List.of("initialize", "tools/list", "tools/call echo", "tools/call whoami", "tools/call fail",
                "ping"), lines.subList(1, lines.size()), lines::toString);
    }

    @Test
    void serialServerRunsOneToolCallAtATime() {
        long serial = concurrentSlowCalls(true, 3).toMillis();
        assertTrue(serial >= 1200, "three 400 ms calls one after another took " + serial + " ms");
        long concurrent = concurrentSlowCalls(false, 3).toMillis();
        assertTrue(concurrent < 1000, "three 400 ms calls side by side took " + concurrent + " ms");
    }

    private static Duration concurrentSlowCalls(boolean serial, int calls) {
        McpSyncClient client = Clients.stdio(serial ? StdioTestServer.command("--serial")
                : StdioTestServer.command());
        ExecutorService callers = Executors.newFixedThreadPool(calls);
        try {
            client.initialize();
            long start = System.nanoTime();
            CompletableFuture<?>[] running = IntStream.range(0, calls)
                    .mapToObj(i -> CompletableFuture.runAsync(
                            () -> Clients.call(client, "slow", Map.of("millis", 400)), callers))
                    .toArray(CompletableFuture[]::new);
            CompletableFuture.allOf(running).join();
            return Duration.ofNanos(System.nanoTime() - start);
        } finally {
            callers.shutdownNow();
            client.closeGracefully();
        }
    }

    @Test
    void rejectsUnknownArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StdioTestServer.command("--bogus"));
        assertTrue(e.getMessage().contains("usage"), e::getMessage);
    }
}
