package io.mcpool.testkit;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the SDK's answer to one {@code tools/list} request into what the test server promised: one page of
 * {@code pageSize} tools with a {@code nextCursor}, or a JSON-RPC error when a failure was asked for. The SDK
 * server has no pagination of its own, so the page is cut from its complete list on the way out.
 *
 * @param requestId the id of the {@code tools/list} request whose response is rewritten
 * @param cursor    the request's cursor ({@code null} for the first page)
 * @param fail      answer with an error instead of the list
 * @param pageSize  tools per page; 0 means all
 */
record ToolsListRewrite(String requestId, String cursor, boolean fail, int pageSize) {

    private static final TypeRef<LinkedHashMap<String, Object>> MAP = new TypeRef<>() {
    };

    /** Message of the error sent for {@code failNextToolsList}. */
    static final String FAILURE_MESSAGE = "tools/list failed on purpose (failNextToolsList)";

    /** Whether the request needs any rewrite at all. */
    static boolean needed(boolean fail, int pageSize) {
        return fail || pageSize > 0;
    }

    /** The rewritten response; text that is not the response to this request comes back unchanged. */
    String apply(McpJsonMapper json, String text) {
        Map<String, Object> message = read(json, text);
        if (message == null || !requestId.equals(String.valueOf(message.get("id"))) || message.containsKey("method")
                || message.containsKey("error")) {
            return text;
        }
        if (fail) {
            return write(json, error(message.get("id"), -32603, FAILURE_MESSAGE));
        }
        if (!(message.get("result") instanceof Map<?, ?> result) || !(result.get("tools") instanceof List<?> tools)) {
            return text;
        }
        Integer offset = offset(cursor);
        if (offset == null || offset > tools.size()) {
            return write(json, error(message.get("id"), -32602, "Invalid cursor: " + cursor));
        }
        int end = Math.min(tools.size(), offset + pageSize);
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("tools", tools.subList(offset, end));
        if (end < tools.size()) {
            page.put("nextCursor", String.valueOf(end));
        }
        message.put("result", page);
        return write(json, message);
    }

    private static Integer offset(String cursor) {
        if (cursor == null) {
            return 0;
        }
        try {
            int offset = Integer.parseInt(cursor);
            return offset < 0 ? null : offset;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Map<String, Object> error(Object id, int code, String text) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("jsonrpc", "2.0");
        message.put("id", id);
        message.put("error", Map.of("code", code, "message", text));
        return message;
    }

    /** The id of a JSON-RPC response (not of a request or notification), or {@code null}. */
    static String responseId(McpJsonMapper json, String text) {
        Map<String, Object> message = read(json, text);
        return message == null || message.containsKey("method") || message.get("id") == null ? null
                : String.valueOf(message.get("id"));
    }

    private static Map<String, Object> read(McpJsonMapper json, String text) {
        try {
            return json.readValue(text, MAP);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String write(McpJsonMapper json, Object message) {
        try {
            return json.writeValueAsString(message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
