package io.mcpool.testkit;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the test servers need to know of one JSON-RPC message a client sent: read from the raw text so that
 * counting and recording see exactly what came over the wire, before the SDK handles it.
 *
 * @param method   the method, or {@code null} for a response
 * @param id       the request id as text, or {@code null} for a notification
 * @param toolName the tool name of a {@code tools/call}, else {@code null}
 * @param cursor   the {@code cursor} parameter of a list request, else {@code null}
 * @param meta     the {@code params._meta} object, empty when the message carried none
 */
record InboundMessage(String method, String id, String toolName, String cursor, Map<String, Object> meta) {

    private static final TypeRef<Object> ANY = new TypeRef<>() {
    };

    boolean isRequest() {
        return method != null && id != null;
    }

    boolean is(String name) {
        return name.equals(method);
    }

    /** Parses one message or a batch; text that is not JSON-RPC yields no message (the SDK will reject it). */
    static List<InboundMessage> parse(McpJsonMapper json, String text) {
        Object parsed;
        try {
            parsed = json.readValue(text, ANY);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        List<InboundMessage> messages = new ArrayList<>();
        if (parsed instanceof List<?> batch) {
            batch.forEach(item -> of(item, messages));
        } else {
            of(parsed, messages);
        }
        return messages;
    }

    private static void of(Object item, List<InboundMessage> into) {
        if (!(item instanceof Map<?, ?> message)) {
            return;
        }
        Object method = message.get("method");
        Object id = message.get("id");
        Map<?, ?> params = message.get("params") instanceof Map<?, ?> p ? p : Map.of();
        Object name = "tools/call".equals(method) ? params.get("name") : null;
        Object cursor = params.get("cursor");
        Map<String, Object> meta = new java.util.LinkedHashMap<>();
        if (params.get("_meta") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> meta.put(String.valueOf(k), v));
        }
        into.add(new InboundMessage(text(method), text(id), text(name), text(cursor),
                java.util.Collections.unmodifiableMap(meta)));
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
