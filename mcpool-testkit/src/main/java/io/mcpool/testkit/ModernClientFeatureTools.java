package io.mcpool.testkit;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.server.InputResponses;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.McpSyncResponse;
import io.modelcontextprotocol.modern.server.feature.McpSyncPrompt;
import io.modelcontextprotocol.modern.server.feature.McpSyncResource;
import io.modelcontextprotocol.modern.server.feature.McpSyncTool;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The {@link ClientFeatureTools} for the SDK's server of the stateless revision 2026-07-28, under the same names and
 * with the same answers, so that one test runs against both revisions: {@code elicit}, {@code sample} and
 * {@code roots} answer their first request with {@code resultType: "input_required"} and an elicitation, sampling or
 * roots input request, and the re-issued request's {@code inputResponses} with what the client answered.
 * {@code elicit} takes a {@code rounds} argument too (default 1): it asks that many times, counting in its
 * {@code requestState}, and returns the last answer, and a {@code stallMs} argument that makes each later round
 * take that long ({@link #stallingElicit}). A capability the request's {@code _meta} does not advertise
 * makes an error result starting {@code client refused:}, as on the session-based servers. {@code progress} sends
 * its progress notifications, and its {@code log} as a log message, in the response stream. The prompt {@code roots}
 * ({@link #rootsPrompt()}) and a resource ({@link #rootsResource()}) ask for the client's roots the same way.
 */
final class ModernClientFeatureTools {

    private static final Map<String, Object> STRING = Map.of("type", "string");

    private final McpJsonMapper json;

    ModernClientFeatureTools(McpJsonMapper json) {
        this.json = json;
    }

    /** @return the tool of that name, or null */
    McpSyncTool find(String name) {
        return switch (name) {
            case "elicit" -> McpSyncTool.of(definition(name, "Asks the client to elicit (mode form or url; rounds"
                    + " times, default 1) and returns \"action=<action> content=<content>\"; with stallMs, each round"
                    + " after the first takes that long, writing a log message every 25 ms.", Map.of("message", STRING,
                    "mode", STRING, "rounds", Map.of("type", "integer"), "stallMs", Map.of("type", "integer"))),
                    this::stallingElicit);
            case "sample" -> tool(name, "Asks the client to sample a message for the prompt and returns"
                    + " \"model=<model> text=<text>\".", Map.of("prompt", STRING), this::sample);
            case "roots" -> tool(name, "Asks the client for its roots and returns \"roots=<uri>,<uri>...\".", Map.of(),
                    this::roots);
            case "progress" -> McpSyncTool.of(definition(name, "Sends steps progress notifications (when asked for"
                    + " progress) and, with log, that log message, then returns \"steps=<n> token=<progressToken>\".",
                    Map.of("steps", Map.of("type", "integer"), "log", STRING)), ModernClientFeatureTools::progress);
            default -> null;
        };
    }

    /** @return the tools' definitions, for {@code tools/list} */
    List<McpSchema.Tool> definitions() {
        return List.of(find("elicit").definition(), find("sample").definition(), find("roots").definition(),
                find("progress").definition());
    }

    /**
     * {@link #elicit}, a later round of which (one bringing the client's answers) first stalls {@code stallMs},
     * writing to its response stream every 25 ms, so that a client closing the stream meanwhile is noticed and
     * recorded as the call's cancellation ({@link ClosedStreamWatch}).
     */
    private McpSyncResponse<McpSchema.CallToolOutcome> stallingElicit(McpRequestContext context,
            McpSchema.CallToolRequest request) {
        long stallMs = args(request).get("stallMs") instanceof Number n ? n.longValue() : 0;
        if (stallMs <= 0 || request.requestState() == null) {
            return McpSyncResponse.result(elicit(context, request));
        }
        return McpSyncResponse.streaming(notifier -> {
            long until = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(stallMs);
            while (System.nanoTime() < until && !Thread.currentThread().isInterrupted()) {
                notifier.notify("notifications/message", Map.of("level", "debug", "logger", "elicit", "data",
                        "stalling"));
                Sleep.of(java.time.Duration.ofMillis(25));
            }
            return elicit(context, request);
        });
    }

    private McpSchema.CallToolOutcome elicit(McpRequestContext context, McpSchema.CallToolRequest request) {
        Map<String, Object> args = args(request);
        boolean url = "url".equals(args.get("mode"));
        if (url ? !context.clientCapabilities().supportsElicitationUrl()
                : !context.clientCapabilities().supportsElicitationForm()) {
            return text("client refused: the request does not advertise " + (url ? "URL" : "form")
                    + "-mode elicitation", true);
        }
        int rounds = args.get("rounds") instanceof Number n ? n.intValue() : 1;
        int asked = request.requestState() == null ? 0 : Integer.parseInt(request.requestState());
        McpSchema.ElicitResult answer = answer(request, "elicit", McpSchema.ElicitResult.class);
        if (answer == null || asked < rounds) {
            String message = String.valueOf(args.getOrDefault("message", "who are you?"));
            McpSchema.InputRequiredResult.Builder ask = McpSchema.InputRequiredResult.builder()
                    .requestState(Integer.toString(asked + 1));
            return url ? ask.elicitUrl("elicit", message, "https://example.org/consent").build()
                    : ask.elicit("elicit", McpSchema.ElicitFormRequest.builder(message,
                            ClientFeatureTools.FORM_SCHEMA).build()).build();
        }
        return text("action=" + answer.action().name().toLowerCase(Locale.ROOT) + " content="
                + (answer.content() == null ? "{}" : new TreeMap<>(answer.content())), false);
    }

    private McpSchema.CallToolOutcome sample(McpRequestContext context, McpSchema.CallToolRequest request) {
        if (!context.clientCapabilities().supportsSampling()) {
            return text("client refused: the request does not advertise sampling", true);
        }
        McpSchema.CreateMessageResult answer = answer(request, "sample", McpSchema.CreateMessageResult.class);
        if (answer == null) {
            String prompt = String.valueOf(args(request).getOrDefault("prompt", ""));
            return McpSchema.InputRequiredResult.builder().createMessage("sample", McpSchema.CreateMessageRequest.builder(
                    List.of(new McpSchema.SamplingMessage(McpSchema.Role.USER, McpSchema.TextContent.builder(prompt)
                            .build())), 100).build()).build();
        }
        String text = answer.content() instanceof McpSchema.TextContent t ? t.text() : String.valueOf(answer.content());
        return text("model=" + answer.model() + " text=" + text, false);
    }

    private McpSchema.CallToolOutcome roots(McpRequestContext context, McpSchema.CallToolRequest request) {
        if (!context.clientCapabilities().supportsRoots()) {
            return text("client refused: the request does not advertise roots", true);
        }
        McpSchema.ListRootsResult answer = answer(request, "roots", McpSchema.ListRootsResult.class);
        if (answer == null) {
            return McpSchema.InputRequiredResult.builder().listRoots("roots").build();
        }
        return text("roots=" + answer.roots().stream().map(McpSchema.Root::uri).collect(Collectors.joining(",")), false);
    }

    /**
     * @return the prompt {@code roots}, which asks the client for its roots through an input round and returns one
     *     user message {@code work within <uri>,<uri>...}
     */
    McpSyncPrompt rootsPrompt() {
        return McpSyncPrompt.of(McpSchema.Prompt.builder("roots").description("Asks the client for its roots and"
                + " returns one user message \"work within <uri>,<uri>...\".").build(), (context, request) -> {
                    String uris = rootsAnswered(request.inputResponses());
                    if (uris == null) {
                        return McpSyncResponse.result(McpSchema.InputRequiredResult.builder().listRoots("roots").build());
                    }
                    return McpSyncResponse.result(new McpSchema.GetPromptResult(null, List.of(new McpSchema.PromptMessage(
                            McpSchema.Role.USER, McpSchema.TextContent.builder("work within " + uris).build())),
                            McpSchema.ResultType.COMPLETE, null));
                });
    }

    /** @return the client's roots, {@code <uri>,<uri>...}, from a request's input responses; null before it answered */
    private String rootsAnswered(Map<String, Object> inputResponses) {
        if (inputResponses == null || !inputResponses.containsKey("roots")) {
            return null;
        }
        return InputResponses.get(inputResponses, "roots", McpSchema.ListRootsResult.class, json).roots().stream()
                .map(McpSchema.Root::uri).collect(Collectors.joining(","));
    }

    /** The URI of {@link #rootsResource()}. */
    static final String ROOTS_URI = "test://roots";

    /**
     * @return a resource ({@link #ROOTS_URI}) that asks for the client's roots the same way and reads
     *     {@code roots=<uri>,<uri>...}. Its handler answers with {@code ttlMs} 60,000 and {@code cacheScope: public};
     *     the SDK 2.2.0 server sends {@code ttlMs} 0 and {@code private} in their place (the result of a request
     *     sent again with input responses is not cacheable)
     */
    McpSyncResource rootsResource() {
        return McpSyncResource.of((context, request) -> {
            String uris = rootsAnswered(request.inputResponses());
            if (uris == null) {
                return McpSyncResponse.result(McpSchema.InputRequiredResult.builder().listRoots("roots").build());
            }
            return McpSyncResponse.result(json.convertValue(Map.of("contents", List.of(Map.of("uri", ROOTS_URI,
                    "mimeType", "text/plain", "text", "roots=" + uris)), "ttlMs", 60_000L, "cacheScope", "public",
                    "resultType", "complete"), McpSchema.ReadResourceResult.class));
        });
    }

    private static McpSyncResponse<McpSchema.CallToolOutcome> progress(McpRequestContext context,
            McpSchema.CallToolRequest request) {
        int steps = args(request).get("steps") instanceof Number n ? n.intValue() : 1;
        Object token = context.progressToken();
        return McpSyncResponse.streaming(notifier -> {
            for (int i = 1; token != null && i <= steps; i++) {
                notifier.progress(i, (double) steps, "step " + i);
            }
            if (args(request).get("log") instanceof String log) {
                notifier.notify("notifications/message", Map.of("level", "info", "logger", "progress", "data", log));
            }
            return text("steps=" + steps + " token=" + token, false);
        });
    }

    private <T> T answer(McpSchema.CallToolRequest request, String key, Class<T> type) {
        return request.inputResponses() == null || !request.inputResponses().containsKey(key) ? null
                : InputResponses.get(request.inputResponses(), key, type, json);
    }

    private static McpSyncTool tool(String name, String description, Map<String, Object> properties,
            java.util.function.BiFunction<McpRequestContext, McpSchema.CallToolRequest, McpSchema.CallToolOutcome> body) {
        return McpSyncTool.of(definition(name, description, properties),
                (context, request) -> McpSyncResponse.result(body.apply(context, request)));
    }

    private static McpSchema.Tool definition(String name, String description, Map<String, Object> properties) {
        return McpSchema.Tool.builder(name, Map.of("type", "object", "properties", properties))
                .description(description).build();
    }

    private static Map<String, Object> args(McpSchema.CallToolRequest request) {
        return request.arguments() == null ? Map.of() : request.arguments();
    }

    private static McpSchema.CallToolResult text(String text, boolean error) {
        return new McpSchema.CallToolResult(List.of(McpSchema.TextContent.builder(text).build()), null, error,
                McpSchema.ResultType.COMPLETE, null);
    }
}
