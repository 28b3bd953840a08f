package io.mcpool.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpSyncClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
        assertEquals(List.of("initialize", "tools/list", "tools/call echo", "running echo", "done echo",
                "tools/call whoami", "running whoami", "done whoami", "tools/call fail", "running fail", "done fail",
                "ping"), lines.subList(1, lines.size()), lines::toString);
    }

    /**
     * Told apart by the order of the server's own events, not by a stopwatch: a quick call sent while a
     * long one runs runs beside it on a concurrent server, and only after it on a serial one.
     */
    @Test
    void serialServerRunsOneToolCallAtATime() throws Exception {
        assertEquals(List.of("running slow", "done slow", "running echo", "done echo"), runOrder(true));
        assertEquals(List.of("running slow", "running echo", "done echo", "done slow"), runOrder(false));
    }

    /** @return the running/done events of a long call and a quick one sent while the long one runs */
    private List<String> runOrder(boolean serial) throws Exception {
        Path events = dir.resolve("events-" + serial + ".txt");
        McpSyncClient client = Clients.stdio(serial
                ? StdioTestServer.command("--serial", "--events-file", events.toString())
                : StdioTestServer.command("--events-file", events.toString()));
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            client.initialize();
            Future<?> slow = callers.submit(() -> Clients.call(client, "slow", Map.of("millis", 5000)));
            awaitEvent(events, "running slow");
            Future<?> echo = callers.submit(() -> Clients.call(client, "echo", Map.of("message", "quick")));
            slow.get(60, TimeUnit.SECONDS);
            echo.get(60, TimeUnit.SECONDS);
            return Files.readAllLines(events).stream()
                    .filter(line -> line.startsWith("running ") || line.startsWith("done "))
                    .toList();
        } finally {
            callers.shutdownNow();
            client.closeGracefully();
        }
    }

    /** Waits until the server has recorded {@code event}. */
    private static void awaitEvent(Path events, String event) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(events) || !Files.readAllLines(events).contains(event)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the server never recorded '" + event + "' in " + events);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void rejectsUnknownArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StdioTestServer.command("--bogus"));
        assertTrue(e.getMessage().contains("usage"), e::getMessage);
    }
}
