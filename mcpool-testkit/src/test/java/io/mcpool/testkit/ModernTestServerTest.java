package io.mcpool.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.modern.client.transport.HttpClientMcpTransport;
import io.modelcontextprotocol.modern.client.transport.McpHttpRequestCustomizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link TestMcpServer.Mode#HTTP_2026_07_28} against the SDK's 2026-07-28 client, and what a session-based client
 * meets there. The SDK's 2026-07-28 package reuses simple names of the session-era one ({@code McpClient},
 * {@code McpSyncClient}, {@code McpSchema}): they are written out in full.
 */
class ModernTestServerTest {

    private static final String VERSION = "2026-07-28";

    @Test
    void servesTheTestToolsStatelesslyToTheModernClient() {
        try (TestMcpServer server = TestMcpServer.builder().mode(TestMcpServer.Mode.HTTP_2026_07_28).extraTools(1)
                .build().start()) {
            io.modelcontextprotocol.modern.client.McpSyncClient client = modernClient(server, "modern");

            io.modelcontextprotocol.modern.McpSchema.DiscoverResult discovered = client.discover();
            assertEquals(List.of(VERSION), discovered.supportedVersions());
            assertNotNull(discovered.capabilities().tools(), "the server offers tools");
            assertNotNull(discovered.ttlMs(), "the SDK's client needs ttlMs on discover");
            assertNotNull(discovered.cacheScope());

            io.modelcontextprotocol.modern.McpSchema.ListToolsResult tools = client.tools().list();
            assertEquals(List.of("echo", "add", "fail", "slow", "whoami", "tool-000"),
                    tools.tools().stream().map(io.modelcontextprotocol.modern.McpSchema.Tool::name).toList());
            assertEquals(io.modelcontextprotocol.modern.McpSchema.ResultType.COMPLETE, tools.resultType());
            assertEquals(Boolean.TRUE, tools.tools().get(0).annotations().readOnlyHint());

            assertEquals("hi", text(client.tool("echo").arguments(Map.of("message", "hi")).call()));
            assertEquals("5", text(client.tool("add").arguments(Map.of("a", 2, "b", 3)).call()));
            io.modelcontextprotocol.modern.McpSchema.CallToolResult failed = client.tool("fail").call();
            assertEquals(Boolean.TRUE, failed.isError());
            assertEquals(TestToolCatalog.FAIL_TEXT, text(failed));
            String whoami = text(client.tool("whoami").call());
            assertTrue(whoami.contains("x-test-header=modern"), whoami);
            assertTrue(whoami.contains("mcp-method=tools/call"), whoami);
            assertTrue(whoami.contains("mcp-protocol-version=" + VERSION), whoami);
            assertEquals("hello", ((io.modelcontextprotocol.modern.McpSchema.TextResourceContents) client
                    .resource(TestContent.RESOURCE_URI).read().contents().get(0)).text());
            assertEquals("Hello, Ada!", ((io.modelcontextprotocol.modern.McpSchema.TextContent) client
                    .prompt("greeting").arguments(Map.of("name", "Ada")).get().messages().get(0).content()).text());

            // Stateless: no handshake, no session; every request names the revision in its _meta and headers.
            assertEquals(0, server.initializeCount());
            assertEquals(0, server.liveSessions());
            assertEquals(4, server.toolsCallCount());
            List<RecordedRequest> requests = server.requests();
            assertEquals("server/discover", requests.get(0).method());
            for (RecordedRequest request : requests) {
                assertNull(request.sessionId(), request::toString);
                assertEquals(VERSION, request.meta().get("io.modelcontextprotocol/protocolVersion"),
                        request::toString);
                assertNotNull(request.meta().get("io.modelcontextprotocol/clientCapabilities"), request::toString);
                assertEquals(request.method(), request.header("Mcp-Method"), request::toString);
                assertEquals("modern", request.header("X-Test-Header"), request::toString);
            }
        }
    }

    @Test
    void pagesToolsListNativelyAndFailsOnRequest() {
        try (TestMcpServer server = TestMcpServer.builder().mode(TestMcpServer.Mode.HTTP_2026_07_28).extraTools(6)
                .pageSize(4).build().start()) {
            io.modelcontextprotocol.modern.client.McpSyncClient client = modernClient(server, "paging");
            List<io.modelcontextprotocol.modern.McpSchema.ListToolsResult> pages = new ArrayList<>();
            String cursor = null;
            do {
                io.modelcontextprotocol.modern.McpSchema.ListToolsResult page = client.tools().cursor(cursor).list();
                pages.add(page);
                cursor = page.nextCursor();
            } while (cursor != null && pages.size() < 10);
            assertEquals(List.of(4, 4, 3), pages.stream().map(p -> p.tools().size()).toList());
            assertEquals(11, pages.stream().flatMap(p -> p.tools().stream()).map(t -> t.name()).distinct().count());
            assertEquals(3, server.toolsListCount());

            server.failNextToolsList(1);
            RuntimeException failure = assertThrows(RuntimeException.class, () -> client.tools().list());
            assertTrue(String.valueOf(failure.getMessage()).contains("failed on purpose"), failure::toString);
            assertEquals(4, client.tools().list().tools().size());
        }
    }

    @Test
    void aSessionBasedClientIsToldWhichVersionsTheServerSpeaks() {
        try (TestMcpServer server = TestMcpServer.builder().mode(TestMcpServer.Mode.HTTP_2026_07_28).build()
                .start()) {
            io.modelcontextprotocol.client.McpSyncClient legacy = Clients.forServer(server, "legacy");
            try {
                RuntimeException refused = assertThrows(RuntimeException.class, legacy::initialize);
                String all = chain(refused);
                assertTrue(all.contains("Unsupported protocol version"), all);
                assertTrue(all.contains(VERSION), all);
            } finally {
                legacy.closeGracefully();
            }
            assertEquals(1, server.initializeCount(), "the initialize reached the server and was refused");
            assertEquals(0, server.liveSessions());
        }
    }

    private static io.modelcontextprotocol.modern.client.McpSyncClient modernClient(TestMcpServer server,
            String headerValue) {
        HttpClientMcpTransport transport = HttpClientMcpTransport.builder(server.endpoint())
                .requestCustomizer(McpHttpRequestCustomizer.fromSync(
                        (request, headers, context) -> headers.set("X-Test-Header", headerValue)))
                .build();
        return io.modelcontextprotocol.modern.client.McpClient.sync(transport).callTimeout(Clients.TIMEOUT).build();
    }

    private static String text(io.modelcontextprotocol.modern.McpSchema.CallToolResult result) {
        return ((io.modelcontextprotocol.modern.McpSchema.TextContent) result.content().get(0)).text();
    }

    /** The messages of an exception and its causes, one per line. */
    private static String chain(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t).append('\n');
        }
        return all.toString();
    }
}
