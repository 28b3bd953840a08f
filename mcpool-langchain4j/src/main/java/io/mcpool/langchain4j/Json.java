package io.mcpool.langchain4j;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.TypeRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** JSON through the MCP SDK's mapper (the one the pool's sessions use). */
final class Json {

    private static final TypeRef<Map<String, Object>> OBJECT = new TypeRef<>() {
    };

    private Json() {
    }

    /**
     * @param value maps, lists, strings, numbers, booleans
     * @param what  what the value is, for the message of a failure
     * @return its JSON text
     */
    static String write(Object value, String what) {
        try {
            return McpJsonDefaults.getMapper().writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + what + " as JSON", e);
        }
    }

    /**
     * @param json JSON text of an object
     * @return the object as a map
     * @throws IOException when the text is not a JSON object
     */
    static Map<String, Object> readObject(String json) throws IOException {
        return McpJsonDefaults.getMapper().readValue(json, OBJECT);
    }
}
