package io.mcpool.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;
import io.mcpool.BorrowOptions;
import io.mcpool.CallOptions;
import java.util.function.BiFunction;

/**
 * Runs one MCP tool for LangChain4j: on a session borrowed with the borrow options of the invocation
 * that asked for it. Bound to the tool's name on the server, so a prefixed name given to the model
 * still calls the right tool.
 */
final class PoolToolExecutor implements ToolExecutor {

    private final ToolSource source;
    private final String tool;
    private final BiFunction<String, InvocationContext, BorrowOptions> borrowOptions;
    private final CallOptions call;

    PoolToolExecutor(ToolSource source, String tool, BiFunction<String, InvocationContext, BorrowOptions> borrowOptions,
            CallOptions call) {
        this.source = source;
        this.tool = tool;
        this.borrowOptions = borrowOptions;
        this.call = call;
    }

    @Override
    public String execute(ToolExecutionRequest request, Object memoryId) {
        return ToolResults.text(executeWithContext(request, InvocationContext.builder().chatMemoryId(memoryId).build()));
    }

    @Override
    public ToolExecutionResult executeWithContext(ToolExecutionRequest request, InvocationContext context) {
        return ToolCalls.call(source, tool, request.arguments(),
                InvocationBorrowOptions.resolve(borrowOptions, source.name(), context), call);
    }

    @Override
    public String toString() {
        return "PoolToolExecutor{" + tool + " on " + source + '}';
    }
}
