package io.mcpool.langchain4j;

import dev.langchain4j.agent.tool.ToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * MCP tool definitions as LangChain4j {@link ToolSpecification}s, converted once per tool list: the
 * pool's cache hands out the same list until it refreshes, so a chat turn on a warm cache converts
 * nothing.
 *
 * <p>The metadata keys are those LangChain4j's MCP client uses ({@code title}, {@code title-annotation},
 * {@code readOnlyHint}, {@code destructiveHint}, {@code idempotentHint}, {@code openWorldHint},
 * {@code outputSchema}), so code that reads them works with either.
 */
final class ToolSpecifications {

    /** A tool list and its conversion; compared by identity with the list the cache returns. */
    private record Converted(List<McpSchema.Tool> tools, List<ToolSpecification> specifications) {
    }

    private final String prefix;
    private final AtomicReference<Converted> last = new AtomicReference<>();

    /** @param prefix put before every tool's name ("" for none) */
    ToolSpecifications(String prefix) {
        this.prefix = prefix;
    }

    /**
     * @param tools a tool list, as the pool's cache returned it
     * @return one specification per tool, in the same order, named with the prefix
     */
    List<ToolSpecification> of(List<McpSchema.Tool> tools) {
        Converted converted = last.get();
        if (converted == null || converted.tools() != tools) {
            converted = new Converted(tools, tools.stream().map(this::toSpecification).toList());
            last.set(converted);
        }
        return converted.specifications();
    }

    private ToolSpecification toSpecification(McpSchema.Tool tool) {
        ToolSpecification.Builder builder = ToolSpecification.builder()
                .name(prefix + tool.name())
                .description(tool.description())
                .parameters(JsonSchemas.toParameters(tool.inputSchema()));
        if (tool.title() != null) {
            builder.addMetadata("title", tool.title());
        }
        McpSchema.ToolAnnotations annotations = tool.annotations();
        if (annotations != null) {
            putIfSet(builder, "title-annotation", annotations.title());
            putIfSet(builder, "readOnlyHint", annotations.readOnlyHint());
            putIfSet(builder, "destructiveHint", annotations.destructiveHint());
            putIfSet(builder, "idempotentHint", annotations.idempotentHint());
            putIfSet(builder, "openWorldHint", annotations.openWorldHint());
        }
        if (tool.outputSchema() != null) {
            builder.addMetadata("outputSchema", tool.outputSchema());
        }
        return builder.build();
    }

    private static void putIfSet(ToolSpecification.Builder builder, String key, Object value) {
        if (value != null) {
            builder.addMetadata(key, value);
        }
    }
}
