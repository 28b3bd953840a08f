package io.mcpool.testkit;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Real SDK clients for the tests. */
final class Clients {

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private Clients() {
    }

    /** A client for a {@link TestMcpServer}, sending {@code x-test-header: <headerValue>} on every HTTP request. */
    static McpSyncClient forServer(TestMcpServer server, String headerValue) {
        return sync(transport(server.mode(), server.endpoint(), server.sseEndpoint(), headerValue));
    }

    @SuppressWarnings("deprecation") // the SSE client is deprecated with the transport it speaks
    static McpClientTransport transport(TestMcpServer.Mode mode, String endpoint, String sseEndpoint,
            String headerValue) {
        if (mode == TestMcpServer.Mode.SSE) {
            return HttpClientSseClientTransport.builder(endpoint)
                    .sseEndpoint(sseEndpoint)
                    .addHttpRequestCustomizer((builder, method, uri, body, context) -> builder.header("X-Test-Header",
                            headerValue))
                    .build();
        }
        return HttpClientStreamableHttpTransport.builder(endpoint)
                .endpoint(java.net.URI.create(endpoint).getPath())
                .addHttpRequestCustomizer((builder, method, uri, body, context) -> builder.header("X-Test-Header",
                        headerValue))
                .build();
    }

    static McpSyncClient stdio(List<String> command) {
        ServerParameters params = ServerParameters.builder(command.get(0)).args(command.subList(1, command.size()))
                .build();
        return sync(new StdioClientTransport(params, McpJsonDefaults.getMapper()));
    }

    static McpSyncClient sync(McpClientTransport transport) {
        return McpClient.sync(transport).requestTimeout(TIMEOUT).initializationTimeout(TIMEOUT).build();
    }

    /** Lists every tool, following {@code nextCursor}; returns the pages. */
    static List<McpSchema.ListToolsResult> listAllPages(McpSyncClient client) {
        List<McpSchema.ListToolsResult> pages = new ArrayList<>();
        String cursor = null;
        do {
            McpSchema.ListToolsResult page = client.listTools(cursor);
            pages.add(page);
            cursor = page.nextCursor();
        } while (cursor != null && pages.size() < 1000);
        return pages;
    }

    static List<String> toolNames(List<McpSchema.ListToolsResult> pages) {
        return pages.stream().flatMap(p -> p.tools().stream()).map(McpSchema.Tool::name).toList();
    }

    static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> args) {
        return client.callTool(McpSchema.CallToolRequest.builder(tool).arguments(args).build());
    }

    static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }
}
