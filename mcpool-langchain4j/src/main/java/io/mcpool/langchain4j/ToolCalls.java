package io.mcpool.langchain4j;

import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.exception.ToolArgumentsException;
import dev.langchain4j.exception.ToolExecutionException;
import dev.langchain4j.service.tool.ToolExecutionResult;
import io.mcpool.BorrowOptions;
import io.mcpool.CallOptions;
import io.mcpool.McpPoolException;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * One tool call from LangChain4j: the model's JSON arguments parsed, the tool called on a borrowed
 * session, the answer or the failure translated into what LangChain4j's tool loop expects:
 * <ul>
 *   <li>arguments that are not a JSON object, and a JSON-RPC "invalid params" error (-32602) from the
 *       server: {@link ToolArgumentsException} (AI services rethrow these by default);
 *   <li>a result with {@code isError}, another JSON-RPC error (its code in
 *       {@link ToolExecutionException#errorCode()}), a pool failure ({@link McpPoolException} and its
 *       subclasses, as the cause) and a transport failure (as the cause): {@link ToolExecutionException},
 *       whose message (or whose cause's message) AI services send to the model by default; a call past its
 *       {@code toolExecutionTimeout} is such a pool failure, cancelled at the server.
 * </ul>
 */
final class ToolCalls {

    /** JSON-RPC "invalid params". */
    private static final int INVALID_PARAMS = -32602;

    private ToolCalls() {
    }

    /**
     * @param source    where the tool runs
     * @param tool      its name on the server
     * @param arguments the model's arguments, JSON text of an object (blank for none)
     * @param options   the borrow options of the request
     * @param call      the call's deadline ({@code toolExecutionTimeout}), or none
     * @return the result for LangChain4j
     */
    static ToolExecutionResult call(ToolSource source, String tool, String arguments, BorrowOptions options,
            CallOptions call) {
        Map<String, Object> parsed = arguments(tool, arguments);
        McpSchema.CallToolResult result;
        try {
            result = source.callTool(tool, parsed, options, call);
        } catch (RuntimeException e) {
            throw translate(e);
        }
        return ToolResults.toExecutionResult(tool, result);
    }

    static Map<String, Object> arguments(String tool, String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return Map.of();
        }
        try {
            return Json.readObject(arguments);
        } catch (IOException | RuntimeException e) {
            // No cause: AI services hand the cause, if any, to their error handler, and this message says more.
            throw new ToolArgumentsException("The arguments for tool '" + tool + "' are not a JSON object: "
                    + e.getMessage());
        }
    }

    /**
     * @param failure what the pool or the session threw
     * @return the exception LangChain4j's tool loop expects for it
     */
    /**
     * @param timeout the builder's {@code toolExecutionTimeout}, or null for none
     * @return the calls' options
     * @throws IllegalArgumentException when the timeout is zero or negative
     */
    static CallOptions options(Duration timeout) {
        if (timeout == null) {
            return CallOptions.none();
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("toolExecutionTimeout must be positive (or not set, for the pool's "
                    + "requestTimeout), was " + timeout);
        }
        return CallOptions.within(timeout);
    }

    static RuntimeException translate(RuntimeException failure) {
        if (failure instanceof LangChain4jException) {
            return failure;
        }
        if (failure instanceof McpError error && error.getJsonRpcError() != null) {
            McpSchema.JSONRPCResponse.JSONRPCError rpc = error.getJsonRpcError();
            return rpc.code() == INVALID_PARAMS ? new ToolArgumentsException(rpc.message(), rpc.code())
                    : new ToolExecutionException(rpc.message(), rpc.code());
        }
        if (failure instanceof McpPoolException) {
            return new ToolExecutionException(failure.getMessage(), failure);
        }
        return new ToolExecutionException(failure);
    }
}
