package io.mcpool.langchain4j;

import dev.langchain4j.mcp.client.McpBlobResourceContents;
import dev.langchain4j.mcp.client.McpEmbeddedResource;
import dev.langchain4j.mcp.client.McpGetPromptResult;
import dev.langchain4j.mcp.client.McpIcon;
import dev.langchain4j.mcp.client.McpIconTheme;
import dev.langchain4j.mcp.client.McpImageContent;
import dev.langchain4j.mcp.client.McpPrompt;
import dev.langchain4j.mcp.client.McpPromptArgument;
import dev.langchain4j.mcp.client.McpPromptContent;
import dev.langchain4j.mcp.client.McpPromptMessage;
import dev.langchain4j.mcp.client.McpReadResourceResult;
import dev.langchain4j.mcp.client.McpResource;
import dev.langchain4j.mcp.client.McpResourceContents;
import dev.langchain4j.mcp.client.McpResourceTemplate;
import dev.langchain4j.mcp.client.McpRole;
import dev.langchain4j.mcp.client.McpTextContent;
import dev.langchain4j.mcp.client.McpTextResourceContents;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Locale;

/**
 * The MCP Java SDK's resource and prompt types as LangChain4j's MCP client types. Only
 * {@link PooledMcpClient} uses this class, so that nothing else needs {@code langchain4j-mcp}.
 */
final class McpClientTypes {

    private McpClientTypes() {
    }

    static McpResource resource(McpSchema.Resource r) {
        return new McpResource(r.uri(), r.name(), r.description(), r.mimeType(), r.meta(), icons(r.icons()));
    }

    static McpResourceTemplate template(McpSchema.ResourceTemplate t) {
        return new McpResourceTemplate(t.uriTemplate(), t.name(), t.description(), t.mimeType(), t.meta(),
                icons(t.icons()));
    }

    static McpReadResourceResult readResult(McpSchema.ReadResourceResult result) {
        return new McpReadResourceResult(result.contents().stream().map(McpClientTypes::contents).toList());
    }

    static McpPrompt prompt(McpSchema.Prompt p) {
        List<McpPromptArgument> arguments = p.arguments() == null ? List.of() : p.arguments().stream()
                .map(a -> new McpPromptArgument(a.name(), a.description(), Boolean.TRUE.equals(a.required())))
                .toList();
        return new McpPrompt(p.name(), p.description(), arguments, p.meta(), icons(p.icons()));
    }

    static McpGetPromptResult promptResult(String prompt, McpSchema.GetPromptResult result) {
        return new McpGetPromptResult(result.description(), result.messages().stream()
                .map(m -> new McpPromptMessage(McpRole.valueOf(m.role().name()), promptContent(prompt, m.content())))
                .toList());
    }

    private static McpPromptContent promptContent(String prompt, McpSchema.Content content) {
        if (content instanceof McpSchema.TextContent text) {
            return new McpTextContent(text.text());
        }
        if (content instanceof McpSchema.ImageContent image) {
            return new McpImageContent(image.data(), image.mimeType());
        }
        if (content instanceof McpSchema.EmbeddedResource embedded) {
            return new McpEmbeddedResource(contents(embedded.resource()));
        }
        throw new UnsupportedOperationException("Prompt '" + prompt + "' has a message of type '" + content.type()
                + "', which LangChain4j's McpPromptContent cannot hold (it takes text, image and resource)");
    }

    private static McpResourceContents contents(McpSchema.ResourceContents contents) {
        if (contents instanceof McpSchema.BlobResourceContents blob) {
            return new McpBlobResourceContents(blob.uri(), blob.blob(), blob.mimeType());
        }
        McpSchema.TextResourceContents text = (McpSchema.TextResourceContents) contents;
        return new McpTextResourceContents(text.uri(), text.text(), text.mimeType());
    }

    private static List<McpIcon> icons(List<McpSchema.Icon> icons) {
        if (icons == null) {
            return null;
        }
        return icons.stream().map(i -> new McpIcon(i.mimeType(), i.sizes(), i.src(), theme(i.theme()))).toList();
    }

    private static McpIconTheme theme(String theme) {
        if (theme == null) {
            return null;
        }
        for (McpIconTheme candidate : McpIconTheme.values()) {
            if (candidate.name().toLowerCase(Locale.ROOT).equals(theme)) {
                return candidate;
            }
        }
        return null;
    }
}
