package io.mcpool.examples.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.invocation.InvocationParameters;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.UserMessage;
import io.mcpool.BorrowOptions;
import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.PoolMetrics;
import io.mcpool.langchain4j.InvocationBorrowOptions;
import io.mcpool.langchain4j.McpPoolToolProvider;
import io.mcpool.testkit.TestMcpServer;
import java.io.PrintStream;

/**
 * A LangChain4j AI service whose tools come from an MCP server through an mcpool pool.
 *
 * <pre>
 * java -jar target/langchain4j-app.jar                                  # starts an in-process MCP server
 * java -jar target/langchain4j-app.jar http://localhost:8080/mcp [turns]   # a server of yours with an echo tool
 * </pre>
 *
 * The chat model is scripted (it asks for the server's {@code echo} tool, then repeats what the tool
 * said), so the app needs no LLM and no API key: put your {@code ChatModel} in its place.
 */
public final class LangChain4jApp {

    /** The AI service. */
    interface Assistant {
        String chat(@UserMessage String message, InvocationParameters parameters);
    }

    private LangChain4jApp() {
    }

    /**
     * @param args {@code [endpoint [turns]]}; without an endpoint the app starts a testkit server
     */
    public static void main(String[] args) {
        int turns = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        if (args.length > 0) {
            run(args[0], turns, System.out);
            return;
        }
        try (TestMcpServer server = TestMcpServer.builder().build().start()) {
            run(server.endpoint(), turns, System.out);
            System.out.println("the server saw " + server.toolsListCount() + " tools/list and "
                    + server.toolsCallCount() + " tools/call requests");
        }
    }

    /**
     * Chats {@code turns} times; each turn makes the model call the {@code echo} tool once.
     *
     * @param endpoint the MCP server (streamable HTTP)
     * @param turns    how many chat turns
     * @param out      where to write the first and last answers and the pool's figures
     */
    static void run(String endpoint, int turns, PrintStream out) {
        PoolConfig config = PoolConfig.builder().name("example").endpoint(endpoint).minSessions(1).maxSessions(4).build();
        try (McpPool pool = McpPool.create(config)) {
            pool.start();
            Assistant assistant = AiServices.builder(Assistant.class)
                    .chatModel(new EchoingModel())
                    .toolProvider(McpPoolToolProvider.builder().pool(pool).filterToolNames("echo").build())
                    .build();
            for (int turn = 1; turn <= turns; turn++) {
                // The tool calls of this turn borrow with these options: here, a header on their requests.
                String answer = assistant.chat("hello number " + turn, InvocationBorrowOptions.parameters(
                        BorrowOptions.builder().header("X-Request-ID", "turn-" + turn).build()));
                if (turn == 1 || turn == turns) {
                    out.println("turn " + turn + ": " + answer);
                }
            }
            PoolMetrics metrics = pool.metrics();
            out.println(turns + " chat turns: " + metrics.borrowCount() + " sessions borrowed, "
                    + metrics.sessionsCreated() + " opened");
        }
    }

    /** Stands in for an LLM: asks for the echo tool with the user's words, then repeats its result. */
    static final class EchoingModel implements ChatModel {
        @Override
        public ChatResponse doChat(ChatRequest request) {
            ChatMessage last = request.messages().get(request.messages().size() - 1);
            AiMessage reply = last instanceof ToolExecutionResultMessage result
                    ? AiMessage.from("the server said: " + result.text())
                    : AiMessage.from(ToolExecutionRequest.builder().id("call-1").name("echo")
                            .arguments("{\"message\":\"" + ((dev.langchain4j.data.message.UserMessage) last).singleText() + "\"}")
                            .build());
            return ChatResponse.builder().aiMessage(reply).build();
        }
    }
}
