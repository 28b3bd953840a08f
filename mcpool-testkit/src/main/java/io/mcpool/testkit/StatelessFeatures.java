package io.mcpool.testkit;

import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import java.util.List;

/** The test tools, resource and prompt as specifications for the SDK's stateless server. */
final class StatelessFeatures {

    private StatelessFeatures() {
    }

    static McpStatelessServerFeatures.SyncToolSpecification tool(TestTool tool, ToolInvoker invoker) {
        return new McpStatelessServerFeatures.SyncToolSpecification(tool.tool(),
                (context, request) -> invoker.invoke(tool, request, HeaderContext.from(context)));
    }

    static List<McpStatelessServerFeatures.SyncToolSpecification> tools(List<TestTool> tools, ToolInvoker invoker) {
        return tools.stream().map(t -> tool(t, invoker)).toList();
    }

    static McpStatelessServerFeatures.SyncResourceSpecification resource() {
        return new McpStatelessServerFeatures.SyncResourceSpecification(TestContent.RESOURCE,
                (context, request) -> TestContent.readResource());
    }

    static McpStatelessServerFeatures.SyncPromptSpecification prompt() {
        return new McpStatelessServerFeatures.SyncPromptSpecification(TestContent.PROMPT,
                (context, request) -> TestContent.greeting(request));
    }
}
