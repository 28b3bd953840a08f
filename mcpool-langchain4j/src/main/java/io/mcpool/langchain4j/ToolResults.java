package io.mcpool.langchain4j;

import dev.langchain4j.data.message.AudioContent;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.exception.ToolExecutionException;
import dev.langchain4j.service.tool.ToolExecutionResult;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An MCP {@code CallToolResult} as LangChain4j's {@link ToolExecutionResult}, the way LangChain4j's
 * MCP client maps it: structured content wins (its JSON is the text, the object is
 * {@link ToolExecutionResult#result()}), text contents are joined with new lines, and a result with
 * {@code isError} becomes a {@link ToolExecutionException} carrying the error text, which AI services
 * hand to their {@code ToolExecutionErrorHandler} (by default: the text goes to the model).
 *
 * <p>Beyond LangChain4j's client, images and audio are passed on as contents rather than failing the
 * call; a binary embedded resource and a resource link become a line of text naming them.
 */
final class ToolResults {

    private ToolResults() {
    }

    /**
     * @param tool   the tool's name on the server, for the message of an error without text
     * @param result what the server answered
     * @return the result for LangChain4j
     * @throws ToolExecutionException when the server marked the result as an error
     */
    static ToolExecutionResult toExecutionResult(String tool, McpSchema.CallToolResult result) {
        List<Content> contents = contents(result.content());
        Object structured = result.structuredContent();
        if (Boolean.TRUE.equals(result.isError())) {
            throw new ToolExecutionException(errorText(tool, contents, structured));
        }
        ToolExecutionResult.Builder builder = ToolExecutionResult.builder();
        if (structured != null) {
            return builder.result(structured).resultText(json(structured)).build();
        }
        if (contents.stream().allMatch(TextContent.class::isInstance)) {
            return builder.resultText(texts(contents)).build();
        }
        return builder.resultContents(contents).build();
    }

    /**
     * @param result a result made by {@link #toExecutionResult}
     * @return its text: the text contents joined with new lines
     */
    static String text(ToolExecutionResult result) {
        return texts(result.resultContents());
    }

    private static String errorText(String tool, List<Content> contents, Object structured) {
        String text = texts(contents);
        if (text.isEmpty() && structured != null) {
            text = json(structured);
        }
        return text.isEmpty() ? "The tool '" + tool + "' reported an error without a message" : text;
    }

    private static String texts(List<Content> contents) {
        return contents.stream().filter(TextContent.class::isInstance).map(c -> ((TextContent) c).text())
                .collect(Collectors.joining("\n"));
    }

    private static List<Content> contents(List<McpSchema.Content> content) {
        List<Content> converted = new ArrayList<>();
        if (content != null) {
            content.forEach(c -> converted.add(content(c)));
        }
        return converted;
    }

    private static Content content(McpSchema.Content content) {
        if (content instanceof McpSchema.TextContent text) {
            return TextContent.from(text.text());
        }
        if (content instanceof McpSchema.ImageContent image) {
            return ImageContent.from(image.data(), image.mimeType());
        }
        if (content instanceof McpSchema.AudioContent audio) {
            return AudioContent.from(audio.data(), audio.mimeType());
        }
        if (content instanceof McpSchema.EmbeddedResource embedded) {
            return resource(embedded.resource());
        }
        if (content instanceof McpSchema.ResourceLink link) {
            return TextContent.from("Resource link: " + link.uri() + (link.name() == null ? "" : " (" + link.name() + ")")
                    + (link.description() == null ? "" : ": " + link.description()));
        }
        return TextContent.from("[content of type '" + content.type() + "' not shown]");
    }

    private static Content resource(McpSchema.ResourceContents resource) {
        if (resource instanceof McpSchema.TextResourceContents text) {
            return TextContent.from(text.text());
        }
        if (resource instanceof McpSchema.BlobResourceContents blob && blob.mimeType() != null
                && blob.mimeType().startsWith("image/")) {
            return ImageContent.from(blob.blob(), blob.mimeType());
        }
        return TextContent.from("[binary resource " + resource.uri()
                + (resource.mimeType() == null ? "" : " (" + resource.mimeType() + ")") + " not shown]");
    }

    private static String json(Object value) {
        return Json.write(value, "a tool's structured result");
    }
}
