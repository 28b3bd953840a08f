package io.mcpool.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The knobs and the session accounting of {@link TestMcpServer}, under concurrency. */
class TestMcpServerKnobsTest {

    @ParameterizedTest
    @EnumSource(value = TestMcpServer.Mode.class, names = {"STREAMABLE_HTTP", "SSE"})
    void addToolNotifiesConnectedSessions(TestMcpServer.Mode mode) {
        try (TestMcpServer server = TestMcpServer.builder().mode(mode).build().start()) {
            List<List<String>> seen = new CopyOnWriteArrayList<>();
            McpSyncClient client = McpClient.sync(Clients.transport(mode, server.endpoint(), server.sseEndpoint(),
                            "notify"))
                    .requestTimeout(Clients.TIMEOUT)
                    .toolsChangeConsumer(tools -> seen.add(tools.stream().map(McpSchema.Tool::name).toList()))
                    .build();
            try {
                client.initialize();
                client.listTools();
                // the client opens its listening stream in the background; a notification sent before it is lost
                Eventually.until("the client's listening stream", () -> {
                    server.notifyToolsListChanged();
                    return !seen.isEmpty();
                });
                Sleep.of(Duration.ofMillis(300)); // let the refreshes those notifications caused finish
                seen.clear();
                server.addTool("added-tool");
                Eventually.until("a tools list with added-tool", () -> seen.stream().anyMatch(t -> t.contains("added-tool")));
                assertEquals("added-tool: x",
                        Clients.text(Clients.call(client, "added-tool", Map.of("value", "x"))));
            } finally {
                client.closeGracefully();
            }
        }
    }

    @Test
    void addedToolsSurviveARestartAndStatelessListsThem() {
        try (TestMcpServer server = TestMcpServer.builder().mode(TestMcpServer.Mode.STATELESS_HTTP).build().start()) {
            server.addTool("late-tool");
            server.restart();
            McpSyncClient client = Clients.forServer(server, "stateless");
            try {
                client.initialize();
                assertTrue(Clients.toolNames(Clients.listAllPages(client)).contains("late-tool"));
            } finally {
                client.closeGracefully();
            }
        }
    }

    @Test
    void toolsListLatencyMakesConcurrentCallersOverlap() {
        try (TestMcpServer server = TestMcpServer.builder().build().start()) {
            McpSyncClient client = Clients.forServer(server, "latency");
            ExecutorService callers = Executors.newFixedThreadPool(20);
            try {
                client.initialize();
                server.toolsListLatency(Duration.ofMillis(300));
                long start = System.nanoTime();
                CompletableFuture.allOf(IntStream.range(0, 20)
                        .mapToObj(i -> CompletableFuture.runAsync(() -> client.listTools(null), callers))
                        .toArray(CompletableFuture[]::new)).join();
                long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
                assertTrue(millis >= 300 && millis < 3000, "20 overlapping 300 ms tools/list took " + millis + " ms");
                assertEquals(20, server.toolsListCount());
            } finally {
                callers.shutdownNow();
                client.closeGracefully();
            }
        }
    }

    @Test
    void toolLatencyTakesEffectAtOnce() {
        try (TestMcpServer server = TestMcpServer.builder().toolLatency(Duration.ofMillis(300)).build().start()) {
            McpSyncClient client = Clients.forServer(server, "tool-latency");
            try {
                client.initialize();
                assertTrue(timeEcho(client) >= 300);
                server.toolLatency(Duration.ZERO);
                assertTrue(timeEcho(client) < 300);
            } finally {
                client.closeGracefully();
            }
        }
    }

    private static long timeEcho(McpSyncClient client) {
        long start = System.nanoTime();
        Clients.call(client, "echo", Map.of("message", "t"));
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    @ParameterizedTest
    @EnumSource(value = TestMcpServer.Mode.class, names = {"STREAMABLE_HTTP", "SSE"})
    void countsLiveSessionsUnderConcurrency(TestMcpServer.Mode mode) {
        try (TestMcpServer server = TestMcpServer.builder().mode(mode).build().start()) {
            ExecutorService workers = Executors.newFixedThreadPool(8);
            try {
                List<McpSyncClient> held = new ArrayList<>();
                for (int round = 0; round < 3; round++) {
                    List<CompletableFuture<McpSyncClient>> opening = IntStream.range(0, 8)
                            .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                                McpSyncClient client = Clients.forServer(server, "session-" + i);
                                client.initialize();
                                Clients.call(client, "echo", Map.of("message", "x"));
                                return client;
                            }, workers)).toList();
                    opening.forEach(f -> held.add(f.join()));
                    assertEquals(8, server.liveSessions());
                    held.forEach(McpSyncClient::closeGracefully);
                    held.clear();
                    Eventually.until("all sessions closed", Duration.ofSeconds(10), () -> server.liveSessions() == 0,
                            () -> "live=" + server.liveSessions());
                }
                assertEquals(8, server.maxLiveSessions());
                assertEquals(24, server.initializeCount());
            } finally {
                workers.shutdownNow();
            }
        }
    }
}
