package io.mcpool.testkit;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.modern.server.transport.HttpServletMcpTransport;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletSseServerTransportProvider;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import java.util.List;

/**
 * Builds the SDK server of each {@link TestMcpServer.Mode}. Tool handlers run on the servlet thread
 * ({@code immediateExecution}), so concurrency is bounded by Jetty's pool, not by Reactor's small
 * bounded-elastic pool.
 */
final class SdkServers {

    /** Path of the streamable and stateless endpoint. */
    static final String MCP_PATH = "/mcp";

    /** Path of the SSE stream of the legacy HTTP+SSE transport. */
    static final String SSE_PATH = "/sse";

    /** Path the SSE transport tells clients to POST to. */
    static final String MESSAGE_PATH = "/message";

    private static final String NAME = "mcpool-testkit";

    private static final String VERSION = "1.0.0";

    private SdkServers() {
    }

    /**
     * @param knobs    the server's settings: for the 2026-07-28 server, tools per {@code tools/list} page (it pages by itself; the
     *                 session-era ones are paged by {@link McpTrafficFilter}); 0 for all at once
     */
    static SdkServer create(TestMcpServer.Mode mode, McpJsonMapper json, List<TestTool> tools, ToolInvoker invoker,
            ServerKnobs knobs, boolean clientFeatures) {
        if (clientFeatures && mode == TestMcpServer.Mode.STATELESS_HTTP) {
            throw new IllegalStateException("clientFeatureTools need a server that can ask the client (STREAMABLE_HTTP,"
                    + " SSE or HTTP_2026_07_28): " + mode + " cannot");
        }
        return switch (mode) {
            case STREAMABLE_HTTP -> streamable(json, tools, invoker, clientFeatures, knobs);
            case STATELESS_HTTP -> stateless(json, tools, invoker);
            case SSE -> sse(json, tools, invoker, clientFeatures, knobs);
            case HTTP_2026_07_28 -> modern(json, tools, invoker, knobs, clientFeatures);
        };
    }

    private static SdkServer streamable(McpJsonMapper json, List<TestTool> tools, ToolInvoker invoker,
            boolean clientFeatures, ServerKnobs knobs) {
        // No keep-alive pings and no idle sweep: a session lives until DELETE or stop, so liveSessions() is exact.
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(json)
                .mcpEndpoint(MCP_PATH)
                .contextExtractor(HeaderContext.extractor())
                .keepAliveInterval(null)
                .sessionSweepInterval(null)
                .build();
        McpSyncServer server = McpServer.sync(transport)
                .serverInfo(NAME, VERSION)
                .capabilities(SessionFeatures.capabilities(clientFeatures))
                .immediateExecution(true)
                .tools(SessionFeatures.tools(tools, invoker, clientFeatures))
                .resources(SessionFeatures.resource())
                .prompts(SessionFeatures.prompt())
                .rootsChangeHandler((exchange, roots) -> knobs.rootsChanged(roots))
                .build();
        return session(transport, server, invoker);
    }

    @SuppressWarnings("deprecation") // the legacy HTTP+SSE transport is what SSE mode is for
    private static SdkServer sse(McpJsonMapper json, List<TestTool> tools, ToolInvoker invoker,
            boolean clientFeatures, ServerKnobs knobs) {
        HttpServletSseServerTransportProvider transport = HttpServletSseServerTransportProvider.builder()
                .jsonMapper(json)
                .sseEndpoint(SSE_PATH)
                .messageEndpoint(MESSAGE_PATH)
                .contextExtractor(HeaderContext.extractor())
                .build();
        McpSyncServer server = McpServer.sync(transport)
                .serverInfo(NAME, VERSION)
                .capabilities(SessionFeatures.capabilities(clientFeatures))
                .immediateExecution(true)
                .tools(SessionFeatures.tools(tools, invoker, clientFeatures))
                .resources(SessionFeatures.resource())
                .prompts(SessionFeatures.prompt())
                .rootsChangeHandler((exchange, roots) -> knobs.rootsChanged(roots))
                .build();
        return session(transport, server, invoker);
    }

    private static SdkServer session(jakarta.servlet.http.HttpServlet servlet, McpSyncServer server,
            ToolInvoker invoker) {
        return new SdkServer(servlet, tool -> server.addTool(SessionFeatures.tool(tool, invoker)),
                server::notifyToolsListChanged, server::close);
    }

    private static SdkServer stateless(McpJsonMapper json, List<TestTool> tools, ToolInvoker invoker) {
        HttpServletStatelessServerTransport transport = HttpServletStatelessServerTransport.builder()
                .jsonMapper(json)
                .messageEndpoint(MCP_PATH)
                .contextExtractor(HeaderContext.extractor())
                .build();
        McpStatelessSyncServer server = McpServer.sync(transport)
                .serverInfo(NAME, VERSION)
                .capabilities(SessionFeatures.capabilities())
                .immediateExecution(true)
                .tools(StatelessFeatures.tools(tools, invoker))
                .resources(StatelessFeatures.resource())
                .prompts(StatelessFeatures.prompt())
                .build();
        // A stateless server has no session to notify: list changes are seen on the next tools/list.
        return new SdkServer(transport, tool -> server.addTool(StatelessFeatures.tool(tool, invoker)), () -> {
        }, server::close);
    }

    /**
     * The SDK's server of the 2026-07-28 revision: no {@code initialize}, no sessions, every request answered on
     * its own from what its {@code _meta} says; tools-list changes are sent to {@code subscriptions/listen} streams.
     * No keep-alive frames: answers here are short.
     */
    private static SdkServer modern(McpJsonMapper json, List<TestTool> tools, ToolInvoker invoker, ServerKnobs knobs,
            boolean clientFeatures) {
        ModernFeatures features = new ModernFeatures(json, tools, invoker, knobs, clientFeatures);
        io.modelcontextprotocol.modern.server.feature.McpChangeFeed changes =
                new io.modelcontextprotocol.modern.server.feature.McpChangeFeed();
        io.modelcontextprotocol.modern.server.McpServer server = io.modelcontextprotocol.modern.server.McpServer
                .builder()
                .subscriptions(changes)
                .serverInfo(io.modelcontextprotocol.modern.McpSchema.Implementation.builder(NAME, VERSION).build())
                .jsonMapper(json)
                .feature(features.tools())
                .feature(features.resources())
                .feature(features.prompts())
                .build();
        HttpServletMcpTransport transport = HttpServletMcpTransport.builder(server)
                .jsonMapper(json)
                .endpoint(MCP_PATH)
                .contextExtractor(HeaderContext.extractor())
                .keepAliveInterval(null)
                .build();
        // No session to notify: a change goes to the clients listening on subscriptions/listen.
        Runnable toolsChanged = () -> changes.broadcast(
                new io.modelcontextprotocol.modern.server.feature.ServerChange.ToolsListChanged());
        return new SdkServer(transport, tool -> {
            features.addTool(tool);
            toolsChanged.run();
        }, toolsChanged, transport::closeGracefully, listing -> changes.broadcast("prompts".equals(listing)
                ? new io.modelcontextprotocol.modern.server.feature.ServerChange.PromptsListChanged()
                : new io.modelcontextprotocol.modern.server.feature.ServerChange.ResourcesListChanged()));
    }
}
