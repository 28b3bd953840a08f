package io.mcpool.langchain4j;

import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonReferenceSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an MCP tool's {@code inputSchema} (JSON Schema as maps and lists) into LangChain4j's schema
 * types. Forms LangChain4j has a type for become that type; keywords its types cannot hold
 * ({@code format}, {@code minimum}, {@code default}, ...) are dropped, as LangChain4j's own MCP client
 * does. Forms it has no type for ({@code oneOf}, {@code allOf}, a list of types, {@code const},
 * non-string enums) are passed on whole as {@link JsonRawSchema}, so the model still sees them.
 */
final class JsonSchemas {

    private static final String DEFS_PREFIX = "#/$defs/";
    private static final String DEFINITIONS_PREFIX = "#/definitions/";

    private JsonSchemas() {
    }

    /**
     * @param inputSchema a tool's input schema; null or empty means "no arguments"
     * @return the schema of the tool's arguments object
     */
    static JsonObjectSchema toParameters(Map<String, Object> inputSchema) {
        if (inputSchema == null || inputSchema.isEmpty()) {
            return JsonObjectSchema.builder().build();
        }
        return toObject(inputSchema);
    }

    private static JsonSchemaElement toElement(Object schema) {
        if (!(schema instanceof Map<?, ?> raw)) {
            // A boolean schema: true accepts anything, false nothing.
            return JsonRawSchema.from(Boolean.FALSE.equals(schema) ? "{\"not\":{}}" : "{}");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> node = (Map<String, Object>) raw;
        String description = string(node.get("description"));
        Object type = node.get("type");
        if (node.get("$ref") instanceof String ref && node.size() == 1) {
            String name = referenceName(ref);
            return name == null ? raw(node) : JsonReferenceSchema.builder().reference(name).build();
        }
        if (node.get("anyOf") instanceof List<?> options && type == null) {
            List<JsonSchemaElement> elements = new ArrayList<>();
            options.forEach(option -> elements.add(toElement(option)));
            return JsonAnyOfSchema.builder().description(description).anyOf(elements).build();
        }
        if (node.containsKey("enum")) {
            List<String> values = stringValues(node.get("enum"));
            return values != null && (type == null || "string".equals(type))
                    ? JsonEnumSchema.builder().description(description).enumValues(values).build()
                    : raw(node);
        }
        if (type == null) {
            return node.containsKey("properties") ? toObject(node) : raw(node);
        }
        if (!(type instanceof String typeName) || hasComposition(node)) {
            return raw(node);
        }
        switch (typeName) {
            case "object":
                return toObject(node);
            case "string":
                return JsonStringSchema.builder().description(description).build();
            case "integer":
                return JsonIntegerSchema.builder().description(description).build();
            case "number":
                return JsonNumberSchema.builder().description(description).build();
            case "boolean":
                return JsonBooleanSchema.builder().description(description).build();
            case "null":
                return new JsonNullSchema();
            case "array":
                return toArray(node, description);
            default:
                return raw(node);
        }
    }

    private static JsonObjectSchema toObject(Map<String, Object> node) {
        JsonObjectSchema.Builder builder = JsonObjectSchema.builder().description(string(node.get("description")));
        if (node.get("properties") instanceof Map<?, ?> properties) {
            Map<String, JsonSchemaElement> converted = new LinkedHashMap<>();
            properties.forEach((name, schema) -> converted.put(String.valueOf(name), toElement(schema)));
            builder.addProperties(converted);
        }
        List<String> required = stringValues(node.get("required"));
        if (required != null) {
            builder.required(required);
        }
        if (node.get("additionalProperties") instanceof Boolean additional) {
            builder.additionalProperties(additional);
        }
        Object defs = node.containsKey("$defs") ? node.get("$defs") : node.get("definitions");
        if (defs instanceof Map<?, ?> definitions) {
            Map<String, JsonSchemaElement> converted = new LinkedHashMap<>();
            definitions.forEach((name, schema) -> converted.put(String.valueOf(name), toElement(schema)));
            builder.definitions(converted);
        }
        return builder.build();
    }

    private static JsonSchemaElement toArray(Map<String, Object> node, String description) {
        JsonArraySchema.Builder builder = JsonArraySchema.builder().description(description);
        Object items = node.get("items");
        if (items instanceof Map<?, ?>) {
            builder.items(toElement(items));
        } else if (items != null) {
            // Tuple form ("items": [...]) or a boolean: LangChain4j's array type holds one item schema.
            return raw(node);
        }
        return builder.build();
    }

    private static boolean hasComposition(Map<String, Object> node) {
        return node.containsKey("anyOf") || node.containsKey("oneOf") || node.containsKey("allOf")
                || node.containsKey("not") || node.containsKey("const") || node.containsKey("$ref");
    }

    private static String referenceName(String ref) {
        for (String prefix : List.of(DEFS_PREFIX, DEFINITIONS_PREFIX)) {
            if (ref.startsWith(prefix) && ref.length() > prefix.length() && ref.indexOf('/', prefix.length()) < 0) {
                return ref.substring(prefix.length());
            }
        }
        return null;
    }

    private static List<String> stringValues(Object value) {
        if (!(value instanceof List<?> list)) {
            return null;
        }
        List<String> strings = new ArrayList<>(list.size());
        for (Object item : list) {
            if (!(item instanceof String s)) {
                return null;
            }
            strings.add(s);
        }
        return strings;
    }

    private static String string(Object value) {
        return value instanceof String s ? s : null;
    }

    private static JsonRawSchema raw(Map<String, Object> node) {
        return JsonRawSchema.from(Json.write(node, "a tool's JSON schema"));
    }
}
