package io.mcpool.impl;

import static io.mcpool.impl.TestPools.config;
import static io.mcpool.impl.TestPools.text;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.McpPool;
import io.mcpool.PooledSession;
import io.mcpool.SessionState;
import io.mcpool.event.DestroyReason;
import io.mcpool.event.PoolEvent;
import io.mcpool.testkit.TestMcpServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class LeaseTest {

    @Test
    void everyOperationWorksOnALease() {
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(config(server).build())) {
            pool.start();
            try (PooledSession s = pool.borrow()) {
                assertEquals("hi", text(s.callTool("echo", Map.of("message", "hi"))));
                assertEquals("5", text(s.callTool(new McpSchema.CallToolRequest("add", Map.of("a", 2, "b", 3)))).replace(".0", ""));
                assertTrue(s.listTools().stream().anyMatch(t -> t.name().equals("echo")));
                s.ping();
                assertTrue(s.listResources().stream().anyMatch(r -> r.uri().equals("test://hello")));
                McpSchema.ReadResourceResult hello = s.readResource("test://hello");
                assertEquals("hello", ((McpSchema.TextResourceContents) hello.contents().get(0)).text());
                assertTrue(s.listPrompts().stream().anyMatch(p -> p.name().equals("greeting")));
                assertFalse(s.getPrompt("greeting", Map.of("name", "Ada")).messages().isEmpty());
                assertTrue(s.client().isInitialized());
                assertEquals(SessionState.LENT, pool.debugSnapshot().get(0).state());
            }
            assertEquals(SessionState.IDLE, pool.debugSnapshot().get(0).state());
            assertEquals(1, pool.debugSnapshot().get(0).borrowCount());
        }
    }

    @Test
    void aClosedLeaseRefusesEverythingAndClosingTwiceIsHarmless() {
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(config(server).build())) {
            pool.start();
            PooledSession s = pool.borrow();
            McpSyncClient escaped = s.client();
            s.close();
            s.close();
            assertTrue(s.isClosed());
            List<Executable> uses = List.of(
                    () -> s.callTool("echo", Map.of("message", "x")),
                    () -> s.callTool(new McpSchema.CallToolRequest("echo", Map.of())),
                    s::listTools, s::ping, s::listResources, () -> s.readResource("test://hello"), s::listPrompts,
                    () -> s.getPrompt("greeting", Map.of()), s::client, s::sessionId, s::invalidate,
                    // The escape hatch stops working too: its requests are refused once the lease is closed.
                    escaped::ping, () -> escaped.callTool(new McpSchema.CallToolRequest("echo", Map.of("message", "x"))));
            for (Executable use : uses) {
                IllegalStateException e = assertThrows(IllegalStateException.class, use);
                assertTrue(e.getMessage().contains("closed"), e::getMessage);
            }
            assertEquals(1, pool.metrics().returnCount(), "a double close returns once");
            assertEquals(0, server.toolsCallCount());
        }
    }

    @Test
    void toolAndProtocolErrorsKeepTheSession() {
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(config(server).minSessions(1).maxSessions(1).build())) {
            pool.start();
            String id;
            try (PooledSession s = pool.borrow()) {
                id = s.sessionId();
                assertTrue(s.callTool("fail", Map.of()).isError());
                assertThrows(McpError.class, () -> s.callTool("no-such-tool", Map.of()));
            }
            try (PooledSession s = pool.borrow()) {
                assertEquals(id, s.sessionId());
            }
            assertEquals(0, pool.metrics().sessionsDestroyed());
            assertEquals(0, pool.metrics().errors());
        }
    }

    @Test
    void aTransportFailureRetiresTheSessionAndTheNextBorrowGetsAFreshOne() {
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(config(server).minSessions(1).maxSessions(1)
                        .requestTimeout(Duration.ofSeconds(3)).build())) {
            List<PoolEvent> events = new CopyOnWriteArrayList<>();
            pool.addListener(events::add);
            pool.start();
            String first;
            server.stop();
            try (PooledSession s = pool.borrow()) {
                first = s.sessionId();
                assertThrows(RuntimeException.class, () -> s.callTool("echo", Map.of("message", "x")));
            }
            server.start();
            await().atMost(Duration.ofSeconds(15)).until(() -> pool.metrics().sessionsDestroyed() == 1);
            try (PooledSession s = pool.borrow()) {
                assertNotEquals(first, s.sessionId());
                assertEquals("back", text(s.callTool("echo", Map.of("message", "back"))));
            }
            assertEquals(1, pool.metrics().errors());
            assertTrue(events.stream().anyMatch(e -> e instanceof PoolEvent.SessionDestroyed d
                    && d.sessionId().equals(first) && d.reason() == DestroyReason.BROKEN), events::toString);
            assertTrue(events.stream().anyMatch(e -> e instanceof PoolEvent.SessionReturned r && r.broken()));
        }
    }

    @Test
    void invalidateRetiresTheSessionOnClose() {
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(config(server).minSessions(1).maxSessions(2).build())) {
            List<PoolEvent> events = new CopyOnWriteArrayList<>();
            pool.addListener(events::add);
            pool.start();
            String id;
            try (PooledSession s = pool.borrow()) {
                id = s.sessionId();
                s.invalidate();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> events.stream()
                    .anyMatch(e -> e instanceof PoolEvent.SessionDestroyed d && d.sessionId().equals(id)
                            && d.reason() == DestroyReason.INVALIDATED_BY_USER));
            await().atMost(Duration.ofSeconds(10)).until(() -> pool.metrics().idle() == 1);
            try (PooledSession s = pool.borrow()) {
                assertNotEquals(id, s.sessionId());
            }
        }
    }
}
