package io.mcpool.testkit;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;

/**
 * A tool the test servers offer: its MCP description and what a call does. Transport-neutral, so the
 * in-process HTTP servers and the stdio server share one definition.
 */
record TestTool(McpSchema.Tool tool, Body body) {

    /** What a call of the tool does. */
    @FunctionalInterface
    interface Body {

        /**
         * Runs one call.
         *
         * @param arguments the call's arguments (never {@code null})
         * @param headers   the HTTP headers of the carrying request, lower-case names; empty on stdio
         * @return the result to send back
         */
        McpSchema.CallToolResult call(Map<String, Object> arguments, Map<String, String> headers);
    }
}
