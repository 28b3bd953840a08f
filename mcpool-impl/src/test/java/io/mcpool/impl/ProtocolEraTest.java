package io.mcpool.impl;

import static io.mcpool.impl.TestPools.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.McpPool;
import io.mcpool.SessionCreationException;
import io.mcpool.testkit.TestMcpServer;
import io.modelcontextprotocol.spec.McpTransportException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a pool set to the session-based revisions ({@code protocol} legacy, the default) does against a server of the
 * stateless MCP revision 2026-07-28 (the SDK's {@code io.modelcontextprotocol.modern} server): the server refuses the
 * {@code initialize}, and the pool says so, naming the versions the server supports and the setting that fits,
 * without retrying.
 */
class ProtocolEraTest {

    @Test
    void aCallAgainstAStatelessRevisionServerFailsNamingTheServersVersions() {
        try (TestMcpServer server = TestMcpServer.builder().mode(TestMcpServer.Mode.HTTP_2026_07_28).build().start();
                McpPool pool = McpPool.create(config(server).minSessions(0).maxSessions(2).retryCount(2).build())) {
            pool.start();
            SessionCreationException refused = assertThrows(SessionCreationException.class,
                    () -> pool.callTool("echo", Map.of("message", "hi")));
            String message = refused.getMessage();
            assertTrue(message.startsWith("Pool 'test' could not create a session (shared) to http://127.0.0.1:"),
                    message);
            assertTrue(message.contains("\"Unsupported protocol version\" (-32022) and supports 2026-07-28 "
                    + "(2026-07-28 is the stateless revision: set the pool's protocol to 2026-07-28 or auto)"), message);
            assertTrue(message.contains("up to 2025-11-25"), message);
            assertFalse(message.contains("check that the server is up"), message);
            assertTrue(Failures.causes(refused).anyMatch(McpTransportException.class::isInstance),
                    "the SDK's failure stays attached as the cause");

            assertEquals(1, server.initializeCount(), "a refused protocol version is not retried (retryCount=2)");
            assertEquals(0, server.toolsCallCount());
            assertEquals(0, server.liveSessions());
            assertEquals(0, pool.metrics().sessionsCreated());
        }
    }

    @Test
    void startFailsTheSameWayWhenTheWarmSetCannotBeOpened() {
        try (TestMcpServer server = TestMcpServer.builder().mode(TestMcpServer.Mode.HTTP_2026_07_28).build().start()) {
            McpPool pool = McpPool.create(config(server).minSessions(1).maxSessions(1).build());
            try {
                SessionCreationException refused = assertThrows(SessionCreationException.class, pool::start);
                assertTrue(refused.getMessage().contains("supports 2026-07-28"), refused.getMessage());
                assertFalse(pool.isStarted());
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void theVersionsAreReadFromTheErrorWhateverTheTransportMadeOfIt() {
        String body = "Bad Request. Status code:400, response body: {\"jsonrpc\":\"2.0\",\"id\":\"1\",\"error\":"
                + "{\"code\":-32022,\"message\":\"Unsupported protocol version\",\"data\":{\"supported\":"
                + "[\"2026-07-28\",\"<script>\"],\"requested\":\"2025-11-25\"}}}";
        assertEquals(List.of("2026-07-28"), UnsupportedEra.supportedVersions(
                new RuntimeException("wrapped", new McpTransportException(body))).orElseThrow(),
                "only version-shaped strings of the server's answer are repeated");
        io.modelcontextprotocol.spec.McpError error = new io.modelcontextprotocol.spec.McpError(
                new io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse.JSONRPCError(-32022,
                        "Unsupported protocol version", Map.of("supported", List.of("2026-07-28"))));
        assertEquals(List.of("2026-07-28"), UnsupportedEra.supportedVersions(error).orElseThrow());
        assertTrue(UnsupportedEra.supportedVersions(new McpTransportException(
                "Bad Request. Status code:400, response body: {\"error\":{\"code\":-32602}}")).isEmpty());
        assertTrue(UnsupportedEra.supportedVersions(new java.net.ConnectException("Connection refused")).isEmpty());
    }

    @Test
    void autoTakesOnlyTheAnswersOfASessionBasedServerForOne() {
        java.net.URI uri = java.net.URI.create("http://127.0.0.1:1/mcp");
        java.net.http.HttpHeaders none = java.net.http.HttpHeaders.of(Map.of(), (name, value) -> true);
        for (int status : new int[] {400, 404, 405}) {
            assertTrue(EraProbe.meansSessionBased(new RuntimeException("wrapped",
                    new io.modelcontextprotocol.modern.client.transport.McpHttpStatusException(uri, status, none, ""))),
                    "HTTP " + status);
        }
        for (int status : new int[] {401, 403, 429, 500, 503}) {
            assertFalse(EraProbe.meansSessionBased(
                    new io.modelcontextprotocol.modern.client.transport.McpHttpStatusException(uri, status, none, "")),
                    "HTTP " + status + " says nothing of the revision");
        }
        assertTrue(EraProbe.meansSessionBased(new io.modelcontextprotocol.modern.McpException(-32601, "Method not found")));
        assertTrue(EraProbe.meansSessionBased(new io.modelcontextprotocol.modern.McpException(-32022,
                "Unsupported protocol version")));
        assertFalse(EraProbe.meansSessionBased(new io.modelcontextprotocol.modern.McpException(-32603, "Internal error")));
        assertFalse(EraProbe.meansSessionBased(new java.net.ConnectException("Connection refused")),
                "a server that is down is not a session-based one: the creation fails and is retried");
    }
}
