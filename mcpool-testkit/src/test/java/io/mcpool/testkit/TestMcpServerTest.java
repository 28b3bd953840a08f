package io.mcpool.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each {@link TestMcpServer} mode against a real SDK client. */
class TestMcpServerTest {

    @ParameterizedTest
    // The session-era modes, for a session-era client: HTTP_2026_07_28 has ModernTestServerTest.
    @EnumSource(value = TestMcpServer.Mode.class, names = "HTTP_2026_07_28", mode = EnumSource.Mode.EXCLUDE)
    void servesToolsCountsAndRecordsHeaders(TestMcpServer.Mode mode) {
        try (TestMcpServer server = TestMcpServer.builder().mode(mode).extraTools(3).build().start()) {
            McpSyncClient client = Clients.forServer(server, "smoke-" + mode);
            try {
                client.initialize();
                List<String> names = Clients.toolNames(Clients.listAllPages(client));
                assertEquals(List.of("echo", "add", "fail", "slow", "whoami", "tool-000", "tool-001", "tool-002"),
                        names);
                McpSchema.Tool echo = client.listTools().tools().get(0);
                assertEquals(Boolean.TRUE, echo.annotations().readOnlyHint());
                assertEquals(Boolean.TRUE, echo.annotations().idempotentHint());

                assertEquals("hi", Clients.text(Clients.call(client, "echo", Map.of("message", "hi"))));
                assertEquals("5", Clients.text(Clients.call(client, "add", Map.of("a", 2, "b", 3))));
                McpSchema.CallToolResult failed = Clients.call(client, "fail", Map.of());
                assertTrue(failed.isError());
                assertEquals("tool failed on purpose", Clients.text(failed));
                assertEquals("slept 5", Clients.text(Clients.call(client, "slow", Map.of("millis", 5))));
                assertTrue(Clients.text(Clients.call(client, "whoami", Map.of())).contains("x-test-header=smoke-" + mode));
                client.ping();

                assertEquals(1, server.initializeCount());
                assertEquals(2, server.toolsListCount());
                assertEquals(5, server.toolsCallCount());
                assertEquals(1, server.pingCount());
                List<RecordedRequest> calls = server.toolCalls();
                assertEquals(List.of("echo", "add", "fail", "slow", "whoami"),
                        calls.stream().map(RecordedRequest::toolName).toList());
                for (RecordedRequest call : calls) {
                    assertEquals("smoke-" + mode, call.headers().get("x-test-header"));
                    assertEquals("smoke-" + mode, call.header("X-Test-Header"));
                    if (mode == TestMcpServer.Mode.STATELESS_HTTP) {
                        assertNull(call.sessionId());
                    } else {
                        assertNotNull(call.sessionId());
                    }
                }
                assertEquals("initialize", server.requests().get(0).method());
                assertNull(server.requests().get(0).toolName());
                int expectedLive = mode == TestMcpServer.Mode.STATELESS_HTTP ? 0 : 1;
                assertEquals(expectedLive, server.liveSessions());
                assertEquals(expectedLive, server.maxLiveSessions());
            } finally {
                client.closeGracefully();
            }
            Eventually.until("no live session after close", () -> server.liveSessions() == 0);
            server.resetCounters();
            assertEquals(0, server.toolsCallCount());
            assertEquals(0, server.maxLiveSessions());
            assertTrue(server.requests().isEmpty());
        }
    }

    @ParameterizedTest
    // The session-era modes, for a session-era client: HTTP_2026_07_28 has ModernTestServerTest.
    @EnumSource(value = TestMcpServer.Mode.class, names = "HTTP_2026_07_28", mode = EnumSource.Mode.EXCLUDE)
    void pagesToolsListAndFailsOnRequest(TestMcpServer.Mode mode) {
        try (TestMcpServer server = TestMcpServer.builder().mode(mode).extraTools(6).pageSize(4).build().start()) {
            McpSyncClient client = Clients.forServer(server, "paging");
            try {
                client.initialize();
                List<McpSchema.ListToolsResult> pages = Clients.listAllPages(client);
                assertEquals(3, pages.size());
                assertEquals(List.of(4, 4, 3), pages.stream().map(p -> p.tools().size()).toList());
                assertNull(pages.get(2).nextCursor());
                assertEquals(11, Clients.toolNames(pages).stream().distinct().count());
                assertEquals(3, server.toolsListCount());

                server.failNextToolsList(1);
                RuntimeException failure = assertThrows(RuntimeException.class, () -> client.listTools(null));
                assertTrue(failure.getMessage().contains("failed on purpose"), failure::toString);
                assertEquals(4, client.listTools(null).tools().size());
                // the SDK client's listTools() follows nextCursor by itself
                assertEquals(11, client.listTools().tools().size());
            } finally {
                client.closeGracefully();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestMcpServer.Mode.class, names = {"STREAMABLE_HTTP", "SSE"})
    void restartOnTheSamePortDropsSessions(TestMcpServer.Mode mode) {
        try (TestMcpServer server = TestMcpServer.builder().mode(mode).build().start()) {
            int port = server.port();
            McpSyncClient client = Clients.forServer(server, "restart");
            try {
                client.initialize();
                assertEquals("before", Clients.text(Clients.call(client, "echo", Map.of("message", "before"))));
                assertEquals(1, server.liveSessions());
                server.restart();
                assertTrue(server.isRunning());
                assertEquals(port, server.port());
                assertEquals(0, server.liveSessions());
                RuntimeException lost = assertThrows(RuntimeException.class,
                        () -> Clients.call(client, "echo", Map.of("message", "after")));
                assertNotNull(lost.getMessage());
            } finally {
                // Not close(): after a lost session, SDK 2.1.0's close() can throw a NullPointerException
                // from LifecycleInitializer while it re-initializes; closeGracefully() absorbs it.
                client.closeGracefully();
            }
            McpSyncClient fresh = Clients.forServer(server, "fresh");
            try {
                fresh.initialize();
                assertEquals("again", Clients.text(Clients.call(fresh, "echo", Map.of("message", "again"))));
            } finally {
                fresh.closeGracefully();
            }
            server.stop();
            assertFalse(server.isRunning());
            assertEquals(port, server.port());
        }
    }
}
