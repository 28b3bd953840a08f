package io.mcpool.testkit;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;

/**
 * The one resource ({@code test://hello}) and one prompt ({@code greeting}) every test server offers; the 2026-07-28
 * server also offers the resource template {@code test://items/{id}} (each item's text is {@code item <id>}).
 */
final class TestContent {

    static final String RESOURCE_URI = "test://hello";

    static final String ITEM_PREFIX = "test://items/";

    static final String TEMPLATE_URI = ITEM_PREFIX + "{id}";

    static final McpSchema.Resource RESOURCE = McpSchema.Resource.builder(RESOURCE_URI, "hello")
            .description("A text resource whose content is \"hello\".")
            .mimeType("text/plain")
            .build();

    static final McpSchema.Prompt PROMPT = McpSchema.Prompt.builder("greeting")
            .description("Greets someone by name.")
            .arguments(List.of(McpSchema.PromptArgument.builder("name").description("Who to greet.").required(true)
                    .build()))
            .build();

    private TestContent() {
    }

    static McpSchema.ReadResourceResult readResource() {
        return readResource(RESOURCE_URI, "hello");
    }

    static McpSchema.ReadResourceResult readResource(String uri, String text) {
        return McpSchema.ReadResourceResult.builder(
                List.of(McpSchema.TextResourceContents.builder(uri, text).mimeType("text/plain").build())).build();
    }

    static McpSchema.GetPromptResult greeting(McpSchema.GetPromptRequest request) {
        return greeting(request.arguments());
    }

    /** @param arguments the prompt's arguments, {@code null} for none */
    static McpSchema.GetPromptResult greeting(Map<String, Object> arguments) {
        Object name = arguments == null ? null : arguments.get("name");
        String text = "Hello, " + (name == null ? "stranger" : name) + "!";
        return McpSchema.GetPromptResult.builder(List.of(McpSchema.PromptMessage.builder(McpSchema.Role.USER,
                McpSchema.TextContent.builder(text).build()).build()))
                .description("A greeting")
                .build();
    }
}
