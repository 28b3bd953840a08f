package io.mcpool.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonReferenceSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MCP input schemas as LangChain4j schema types. */
class JsonSchemasTest {

    @Test
    void formsLangChain4jHasATypeForBecomeThatType() {
        Map<String, Object> schema = Map.of(
                "type", "object",
                "description", "search arguments",
                "properties", Map.of(
                        "q", Map.of("type", "string", "description", "what to find", "minLength", 1),
                        "limit", Map.of("type", "integer"),
                        "score", Map.of("type", "number"),
                        "exact", Map.of("type", "boolean"),
                        "tags", Map.of("type", "array", "items", Map.of("type", "string")),
                        "order", Map.of("type", "string", "enum", List.of("asc", "desc")),
                        "when", Map.of("anyOf", List.of(Map.of("type", "string"), Map.of("type", "null"))),
                        "owner", Map.of("$ref", "#/$defs/Person")),
                "required", List.of("q"),
                "additionalProperties", false,
                "$defs", Map.of("Person", Map.of("type", "object", "properties", Map.of("name", Map.of("type", "string")))));

        JsonObjectSchema converted = JsonSchemas.toParameters(schema);

        assertEquals("search arguments", converted.description());
        assertEquals(List.of("q"), converted.required());
        assertEquals(Boolean.FALSE, converted.additionalProperties());
        Map<String, ?> p = converted.properties();
        assertEquals("what to find", assertInstanceOf(JsonStringSchema.class, p.get("q")).description());
        assertInstanceOf(JsonIntegerSchema.class, p.get("limit"));
        assertInstanceOf(JsonNumberSchema.class, p.get("score"));
        assertInstanceOf(JsonBooleanSchema.class, p.get("exact"));
        assertInstanceOf(JsonStringSchema.class, assertInstanceOf(JsonArraySchema.class, p.get("tags")).items());
        assertEquals(List.of("asc", "desc"), assertInstanceOf(JsonEnumSchema.class, p.get("order")).enumValues());
        assertEquals(2, assertInstanceOf(JsonAnyOfSchema.class, p.get("when")).anyOf().size());
        assertEquals("Person", assertInstanceOf(JsonReferenceSchema.class, p.get("owner")).reference());
        JsonObjectSchema person = assertInstanceOf(JsonObjectSchema.class, converted.definitions().get("Person"));
        assertInstanceOf(JsonStringSchema.class, person.properties().get("name"));
    }

    @Test
    void formsWithoutALangChain4jTypeArePassedOnWhole() throws Exception {
        Map<String, Object> oneOf = Map.of("oneOf", List.of(Map.of("type", "string"), Map.of("type", "integer")));
        Map<String, Object> typeList = Map.of("type", List.of("string", "null"));
        Map<String, Object> numberEnum = Map.of("type", "integer", "enum", List.of(1, 2, 3));
        Map<String, Object> constant = Map.of("const", "fixed");

        JsonObjectSchema converted = JsonSchemas.toParameters(Map.of("type", "object", "properties",
                Map.of("oneOf", oneOf, "typeList", typeList, "numberEnum", numberEnum, "constant", constant, "any", true)));

        for (Map.Entry<String, Object> e : Map.of("oneOf", (Object) oneOf, "typeList", typeList, "numberEnum", numberEnum,
                "constant", constant).entrySet()) {
            JsonRawSchema raw = assertInstanceOf(JsonRawSchema.class, converted.properties().get(e.getKey()));
            assertEquals(e.getValue(), Json.readObject(raw.schema()), e.getKey());
        }
        assertEquals("{}", assertInstanceOf(JsonRawSchema.class, converted.properties().get("any")).schema());
    }

    @Test
    void noSchemaMeansNoArguments() {
        for (Map<String, Object> none : new java.util.ArrayList<Map<String, Object>>(java.util.Arrays.asList(null, Map.of()))) {
            JsonObjectSchema converted = JsonSchemas.toParameters(none);
            assertEquals(Map.of(), converted.properties());
            assertNull(converted.description());
        }
    }
}
