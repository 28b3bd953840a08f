package io.mcpool.testkit;

import java.util.Map;
import java.util.Objects;

/**
 * One JSON-RPC request that a {@link TestMcpServer} received, as the server saw it on the wire.
 *
 * @param method    the JSON-RPC method, e.g. {@code initialize}, {@code tools/list}, {@code tools/call}
 * @param toolName  the called tool's name for {@code tools/call}, otherwise {@code null}
 * @param sessionId the MCP session the request belongs to: the {@code Mcp-Session-Id} header for streamable
 *                  HTTP, the {@code sessionId} query parameter of the message endpoint for SSE; {@code null}
 *                  when the request carried none (an {@code initialize}, or any stateless request)
 * @param headers   the HTTP headers of the very request that carried this message, names in lower case,
 *                  repeated headers joined with {@code ", "}; unmodifiable
 * @param meta      the request's {@code params._meta} (e.g. a caller's {@code traceparent}), empty when it
 *                  carried none; unmodifiable
 */
public record RecordedRequest(String method, String toolName, String sessionId, Map<String, String> headers,
        Map<String, Object> meta) {

    /**
     * Checks the mandatory parts and freezes the header map.
     *
     * @param method    the JSON-RPC method
     * @param toolName  the tool name of a {@code tools/call}, else {@code null}
     * @param sessionId the session the request belongs to, or {@code null}
     * @param headers   the carrying HTTP request's headers, lower-case names
     * @param meta      the request's {@code params._meta}, empty for none
     */
    public RecordedRequest {
        Objects.requireNonNull(method, "method");
        headers = Map.copyOf(headers);
        meta = meta == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(meta));
    }

    /**
     * The value of one header of the carrying HTTP request.
     *
     * @param name the header name, in any case
     * @return the value, or {@code null} when the request had no such header
     */
    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
}
