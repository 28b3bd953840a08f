package io.mcpool.testkit;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The tools every test server offers ({@code echo}, {@code add}, {@code fail}, {@code slow}, {@code whoami}) and generated ones. */
final class TestToolCatalog {

    /** Text of the {@code fail} tool's error result. */
    static final String FAIL_TEXT = "tool failed on purpose";

    private static final Map<String, Object> STRING = Map.of("type", "string");

    private static final Map<String, Object> NUMBER = Map.of("type", "number");

    private TestToolCatalog() {
    }

    /** The standard tools followed by {@code extraTools} generated ones ({@code tool-000}, ...). */
    static List<TestTool> tools(int extraTools) {
        List<TestTool> tools = new ArrayList<>(List.of(echo(), add(), fail(), slow(), whoami()));
        for (int i = 0; i < extraTools; i++) {
            tools.add(generated(String.format(Locale.ROOT, "tool-%03d", i)));
        }
        return tools;
    }

    /**
     * The {@code until-cancelled} tool: runs until the client cancels its call ({@code notifications/cancelled}),
     * at most {@code millis} (default 30000), then answers {@code "cancelled: <reason>"} or {@code "not cancelled"}.
     * Its required {@code tag} names the call, so that a test can tell its calls apart.
     */
    static TestTool untilCancelled(Cancellations cancellations) {
        McpSchema.Tool tool = tool(Cancellations.TOOL, "Runs until its call is cancelled (at most millis ms, default "
                + "30000); tag names the call.", schema(Map.of("tag", STRING, "millis", Map.of("type", "integer")),
                        "tag"));
        return new TestTool(tool, (args, headers) -> {
            Object millis = args.get("millis");
            String reason = cancellations.await(String.valueOf(args.get("tag")),
                    Duration.ofMillis(millis == null ? 30_000 : number(millis).longValue()));
            return text(reason == null ? "not cancelled" : "cancelled: " + reason);
        });
    }

    /** A tool that answers {@code "<name>: <value>"}; used for generated tools and {@code addTool}. */
    static TestTool generated(String name) {
        McpSchema.Tool tool = tool(name, "Generated test tool; returns its name and the optional value.",
                schema(Map.of("value", STRING)));
        return new TestTool(tool, (args, headers) -> text(name + ": " + args.getOrDefault("value", "")));
    }

    private static TestTool echo() {
        McpSchema.Tool tool = McpSchema.Tool.builder("echo", schema(Map.of("message", STRING), "message"))
                .description("Returns the message unchanged.")
                .annotations(McpSchema.ToolAnnotations.builder().readOnlyHint(true).idempotentHint(true).build())
                .build();
        return new TestTool(tool, (args, headers) -> text(String.valueOf(args.get("message"))));
    }

    private static TestTool add() {
        McpSchema.Tool tool = tool("add", "Returns the sum a + b as text.",
                schema(Map.of("a", NUMBER, "b", NUMBER), "a", "b"));
        return new TestTool(tool, (args, headers) -> text(
                number(args.get("a")).add(number(args.get("b"))).stripTrailingZeros().toPlainString()));
    }

    private static TestTool fail() {
        McpSchema.Tool tool = tool("fail", "Always returns an error result (isError=true).", schema(Map.of()));
        return new TestTool(tool,
                (args, headers) -> CallToolResult.builder().addTextContent(FAIL_TEXT).isError(true).build());
    }

    private static TestTool slow() {
        McpSchema.Tool tool = tool("slow", "Sleeps for millis milliseconds, then returns \"slept <millis>\".",
                schema(Map.of("millis", Map.of("type", "integer")), "millis"));
        return new TestTool(tool, (args, headers) -> {
            long millis = number(args.get("millis")).longValue();
            Sleep.of(Duration.ofMillis(millis));
            return text("slept " + millis);
        });
    }

    private static TestTool whoami() {
        McpSchema.Tool tool = tool("whoami", "Returns the HTTP request headers the server saw, one name=value line"
                + " each (\"transport=stdio\" over stdio).", schema(Map.of()));
        return new TestTool(tool, (args, headers) -> text(headers.isEmpty() ? "transport=stdio"
                : headers.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("\n"))));
    }

    private static McpSchema.Tool tool(String name, String description, Map<String, Object> inputSchema) {
        return McpSchema.Tool.builder(name, inputSchema).description(description).build();
    }

    private static Map<String, Object> schema(Map<String, Object> properties, String... required) {
        return Map.of("type", "object", "properties", properties, "required", List.of(required));
    }

    private static BigDecimal number(Object value) {
        if (value == null) {
            throw new IllegalArgumentException("missing number argument");
        }
        return new BigDecimal(value.toString());
    }

    private static CallToolResult text(String text) {
        return CallToolResult.builder().addTextContent(text).isError(false).build();
    }
}
