package io.mcpool.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.exception.ToolExecutionException;
import dev.langchain4j.service.tool.ToolExecutionResult;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MCP tool results as LangChain4j tool results. */
class ToolResultsTest {

    @Test
    void textContentsAreJoinedWithNewLines() {
        ToolExecutionResult result = ToolResults.toExecutionResult("t",
                CallToolResult.builder().addTextContent("one").addTextContent("two").isError(false).build());

        assertEquals("one\ntwo", result.resultText());
        assertFalse(result.isError());
    }

    @Test
    void structuredContentWinsAndIsKeptAsTheResultObject() throws Exception {
        Map<String, Object> structured = Map.of("temperature", 21, "unit", "C");
        ToolExecutionResult result = ToolResults.toExecutionResult("t", CallToolResult.builder()
                .addTextContent("21 C").structuredContent(structured).isError(false).build());

        assertEquals(structured, result.result());
        assertEquals(structured, Json.readObject(result.resultText()));
    }

    @Test
    void anErrorResultThrowsWithItsText() {
        ToolExecutionException withText = assertThrows(ToolExecutionException.class, () -> ToolResults.toExecutionResult("t",
                CallToolResult.builder().addTextContent("disk full").isError(true).build()));
        assertEquals("disk full", withText.getCause().getMessage());

        ToolExecutionException structured = assertThrows(ToolExecutionException.class, () -> ToolResults.toExecutionResult(
                "t", CallToolResult.builder().structuredContent(Map.of("code", 7)).isError(true).build()));
        assertEquals("{\"code\":7}", structured.getCause().getMessage());

        ToolExecutionException empty = assertThrows(ToolExecutionException.class, () -> ToolResults.toExecutionResult("t",
                CallToolResult.builder().content(List.of()).isError(true).build()));
        assertEquals("The tool 't' reported an error without a message", empty.getCause().getMessage());
    }

    @Test
    void imagesArePassedOnAndResourcesNamed() {
        ToolExecutionResult result = ToolResults.toExecutionResult("t", CallToolResult.builder()
                .addTextContent("a chart")
                .addContent(McpSchema.ImageContent.builder("iVBORw0KGgo=", "image/png").build())
                .addContent(McpSchema.EmbeddedResource.builder(
                        McpSchema.TextResourceContents.builder("file:///a.txt", "inline text").mimeType("text/plain").build()).build())
                .addContent(McpSchema.ResourceLink.builder().uri("file:///big.csv").name("big.csv").build())
                .addContent(McpSchema.EmbeddedResource.builder(McpSchema.BlobResourceContents.builder("file:///x.bin", "AAAA")
                        .mimeType("application/octet-stream").build()).build())
                .isError(false).build());

        assertEquals(5, result.resultContents().size());
        assertEquals("a chart", ((TextContent) result.resultContents().get(0)).text());
        assertEquals("image/png", assertInstanceOf(ImageContent.class, result.resultContents().get(1)).image().mimeType());
        assertEquals("inline text", ((TextContent) result.resultContents().get(2)).text());
        assertEquals("Resource link: file:///big.csv (big.csv)", ((TextContent) result.resultContents().get(3)).text());
        assertEquals("[binary resource file:///x.bin (application/octet-stream) not shown]",
                ((TextContent) result.resultContents().get(4)).text());
        assertEquals("a chart\ninline text\nResource link: file:///big.csv (big.csv)\n"
                + "[binary resource file:///x.bin (application/octet-stream) not shown]", ToolResults.text(result));
    }
}
