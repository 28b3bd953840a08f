package io.mcpool.testkit;

import io.modelcontextprotocol.json.McpJsonMapper;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The {@code tools/list} rewrites waiting for their response on an SSE-mode server, where the response does
 * not travel in the POST that asked but in the session's SSE stream.
 */
final class SseSessionRewrites {

    private final McpJsonMapper json;

    private final Map<String, Map<String, ToolsListRewrite>> bySession = new ConcurrentHashMap<>();

    SseSessionRewrites(McpJsonMapper json) {
        this.json = json;
    }

    /** Registers a rewrite before the request reaches the SDK. */
    void expect(String sessionId, ToolsListRewrite rewrite) {
        bySession.computeIfAbsent(sessionId, id -> new ConcurrentHashMap<>()).put(rewrite.requestId(), rewrite);
    }

    /** A rewriter for one SSE stream: learns the session from the endpoint event, then rewrites its responses. */
    Stream forStream() {
        return new Stream();
    }

    /** The rewriter of one SSE stream. */
    final class Stream implements UnaryOperator<String> {

        private volatile String sessionId;

        /** The session of this stream, once its endpoint event went out. */
        String sessionId() {
            return sessionId;
        }

        @Override
        public String apply(String event) {
            if (SseText.hasType(event, "endpoint")) {
                sessionId = sessionIdOf(SseText.firstData(event));
                return event;
            }
            Map<String, ToolsListRewrite> waiting = sessionId == null ? null : bySession.get(sessionId);
            String data = waiting == null || waiting.isEmpty() ? null : SseText.firstData(event);
            String id = data == null ? null : ToolsListRewrite.responseId(json, data);
            ToolsListRewrite rewrite = id == null ? null : waiting.remove(id);
            return rewrite == null ? event : SseText.rewriteData(event, d -> rewrite.apply(json, d));
        }
    }

    /** Forgets a session's waiting rewrites when its stream ends. */
    void forget(String sessionId) {
        if (sessionId != null) {
            bySession.remove(sessionId);
        }
    }

    static String sessionIdOf(String endpoint) {
        if (endpoint == null) {
            return null;
        }
        int query = endpoint.indexOf('?');
        if (query < 0) {
            return null;
        }
        for (String pair : endpoint.substring(query + 1).split("&")) {
            if (pair.startsWith("sessionId=")) {
                return java.net.URLDecoder.decode(pair.substring("sessionId=".length()),
                        java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
