package io.mcpool.testkit;

import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * Tools that turn around and ask the client, for testing client capabilities and their routing:
 * {@code elicit}, {@code sample} and {@code roots} send the client an {@code elicitation/create},
 * {@code sampling/createMessage} or {@code roots/list} request during the call and return what the client
 * answered; {@code progress} sends progress notifications (when the call carries a {@code progressToken})
 * and log messages. A request the client refuses makes an error result holding the client's message.
 * Offered by session-based servers only (streamable HTTP, SSE, stdio): only they can send the client a request.
 */
final class ClientFeatureTools {

    /** Text the {@code elicit} tool's form asks for: {@code name} (required), and fields with defaults. */
    static final Map<String, Object> FORM_SCHEMA = Map.of("type", "object",
            "properties", Map.of(
                    "name", Map.of("type", "string"),
                    "color", Map.of("type", "string", "default", "blue"),
                    "size", Map.of("type", "integer", "default", 3)),
            "required", List.of("name"));

    private static final Map<String, Object> STRING = Map.of("type", "string");

    private ClientFeatureTools() {
    }

    static List<McpServerFeatures.SyncToolSpecification> tools() {
        return List.of(
                tool("elicit", "Asks the client to elicit (mode form or url) and returns"
                        + " \"action=<action> content=<content>\".",
                        Map.of("message", STRING, "mode", STRING), ClientFeatureTools::elicit),
                tool("sample", "Asks the client to sample a message for the prompt and returns"
                        + " \"model=<model> text=<text>\".", Map.of("prompt", STRING), ClientFeatureTools::sample),
                tool("roots", "Asks the client for its roots and returns \"roots=<uri>,<uri>...\".", Map.of(),
                        (exchange, request) -> text("roots=" + exchange.listRoots().roots().stream()
                                .map(McpSchema.Root::uri).collect(Collectors.joining(",")))),
                tool("progress", "Sends steps progress notifications (when asked for progress) and a log"
                        + " message with the text log, then returns \"steps=<n> token=<progressToken>\".",
                        Map.of("steps", Map.of("type", "integer"), "log", STRING), ClientFeatureTools::progress));
    }

    private static McpSchema.CallToolResult elicit(McpSyncServerExchange exchange, McpSchema.CallToolRequest request) {
        Map<String, Object> args = args(request);
        String message = String.valueOf(args.getOrDefault("message", "who are you?"));
        McpSchema.ElicitRequest elicitation = "url".equals(args.get("mode"))
                ? McpSchema.ElicitUrlRequest.builder(message, "https://example.org/consent", "elicit-1").build()
                : McpSchema.ElicitFormRequest.builder(message, FORM_SCHEMA).build();
        McpSchema.ElicitResult result = exchange.createElicitation(elicitation);
        return text("action=" + result.action().name().toLowerCase(java.util.Locale.ROOT) + " content="
                + (result.content() == null ? "{}" : new TreeMap<>(result.content())));
    }

    private static McpSchema.CallToolResult sample(McpSyncServerExchange exchange, McpSchema.CallToolRequest request) {
        String prompt = String.valueOf(args(request).getOrDefault("prompt", ""));
        McpSchema.CreateMessageResult result = exchange.createMessage(McpSchema.CreateMessageRequest.builder(
                List.of(new McpSchema.SamplingMessage(McpSchema.Role.USER, new McpSchema.TextContent(prompt))), 100)
                .build());
        String text = result.content() instanceof McpSchema.TextContent t ? t.text() : String.valueOf(result.content());
        return text("model=" + result.model() + " text=" + text);
    }

    private static McpSchema.CallToolResult progress(McpSyncServerExchange exchange, McpSchema.CallToolRequest request) {
        Map<String, Object> args = args(request);
        int steps = args.get("steps") instanceof Number n ? n.intValue() : 1;
        Object token = request.meta() == null ? null : request.meta().get("progressToken");
        for (int i = 1; i <= steps; i++) {
            if (token != null) {
                exchange.progressNotification(new McpSchema.ProgressNotification(token, (double) i, (double) steps,
                        "step " + i));
            }
        }
        if (args.get("log") != null) {
            exchange.loggingNotification(new McpSchema.LoggingMessageNotification(McpSchema.LoggingLevel.INFO,
                    "testkit", String.valueOf(args.get("log"))));
        }
        return text("steps=" + steps + " token=" + token);
    }

    private static McpServerFeatures.SyncToolSpecification tool(String name, String description,
            Map<String, Object> properties,
            BiFunction<McpSyncServerExchange, McpSchema.CallToolRequest, McpSchema.CallToolResult> body) {
        McpSchema.Tool tool = McpSchema.Tool.builder(name, Map.of("type", "object", "properties", properties))
                .description(description).build();
        return McpServerFeatures.SyncToolSpecification.builder()
                .tool(tool)
                .callHandler((exchange, request) -> {
                    try {
                        return body.apply(exchange, request);
                    } catch (RuntimeException refused) {
                        return McpSchema.CallToolResult.builder().isError(true)
                                .addTextContent("client refused: " + refused.getMessage()).build();
                    }
                })
                .build();
    }

    private static Map<String, Object> args(McpSchema.CallToolRequest request) {
        return request.arguments() == null ? Map.of() : request.arguments();
    }

    private static McpSchema.CallToolResult text(String text) {
        return McpSchema.CallToolResult.builder().addTextContent(text).isError(false).build();
    }
}
