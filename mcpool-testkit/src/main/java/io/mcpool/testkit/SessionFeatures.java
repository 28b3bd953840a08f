package io.mcpool.testkit;

import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;

/** The test tools, resource and prompt as specifications for a session-based SDK server (streamable, SSE, stdio). */
final class SessionFeatures {

    private SessionFeatures() {
    }

    static McpServerFeatures.SyncToolSpecification tool(TestTool tool, ToolInvoker invoker) {
        return McpServerFeatures.SyncToolSpecification.builder()
                .tool(tool.tool())
                .callHandler((exchange, request) ->
                        invoker.invoke(tool, request, HeaderContext.from(exchange.transportContext())))
                .build();
    }

    static List<McpServerFeatures.SyncToolSpecification> tools(List<TestTool> tools, ToolInvoker invoker) {
        return tools.stream().map(t -> tool(t, invoker)).toList();
    }

    /** The test tools, and with {@code clientFeatures} the {@link ClientFeatureTools} too. */
    static List<McpServerFeatures.SyncToolSpecification> tools(List<TestTool> tools, ToolInvoker invoker,
            boolean clientFeatures) {
        List<McpServerFeatures.SyncToolSpecification> all = new java.util.ArrayList<>(tools(tools, invoker));
        if (clientFeatures) {
            all.addAll(ClientFeatureTools.tools());
        }
        return all;
    }

    /** The server capabilities; with {@code clientFeatures} {@code logging} too (the {@code progress} tool logs). */
    static McpSchema.ServerCapabilities capabilities(boolean clientFeatures) {
        McpSchema.ServerCapabilities.Builder b = McpSchema.ServerCapabilities.builder().tools(true)
                .resources(false, false).prompts(false);
        return clientFeatures ? b.logging().build() : b.build();
    }

    static McpServerFeatures.SyncResourceSpecification resource() {
        return new McpServerFeatures.SyncResourceSpecification(TestContent.RESOURCE,
                (exchange, request) -> TestContent.readResource());
    }

    static McpServerFeatures.SyncPromptSpecification prompt() {
        return new McpServerFeatures.SyncPromptSpecification(TestContent.PROMPT,
                (exchange, request) -> TestContent.greeting(request));
    }

    static McpSchema.ServerCapabilities capabilities() {
        return McpSchema.ServerCapabilities.builder().tools(true).resources(false, false).prompts(false).build();
    }
}
