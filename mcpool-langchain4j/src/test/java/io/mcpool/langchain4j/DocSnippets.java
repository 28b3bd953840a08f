package io.mcpool.langchain4j;

import dev.langchain4j.invocation.InvocationParameters;
import dev.langchain4j.mcp.McpToolProvider;
import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.transport.McpTransport;
import dev.langchain4j.mcp.client.transport.http.StreamableHttpMcpTransport;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.tool.ToolErrorHandlerResult;
import dev.langchain4j.service.tool.ToolProvider;
import io.mcpool.BorrowOptions;
import io.mcpool.McpPool;
import io.mcpool.McpPoolException;
import io.mcpool.PoolConfig;
import io.mcpool.manager.McpPoolManager;
import io.mcpool.manager.SelectionStrategy;
import java.time.Duration;
import java.util.Map;

/**
 * The code of docs/langchain4j.md: every {@code java} block there is one of the blocks between
 * {@code // doc:} and {@code // end} here, word for word (LangChain4jDocTest checks it, and runs them).
 */
final class DocSnippets {

    // doc:assistant
    interface Assistant {
        String chat(@UserMessage String message);

        String chat(@UserMessage String message, InvocationParameters parameters);
    }
    // end

    private DocSnippets() {
    }

    private static McpPool fail(McpPool pool, String answer) {
        pool.close();
        throw new AssertionError("the quick start's assistant answered: " + answer);
    }

    static McpPool quickStart(String endpoint, ChatModel chatModel) {
        // doc:quick-start
        McpPool pool = McpPool.create(PoolConfig.builder()
                .name("github").endpoint(endpoint)
                .minSessions(2).maxSessions(10)
                .build());
        pool.start();

        Assistant assistant = AiServices.builder(Assistant.class)
                .chatModel(chatModel)
                .toolProvider(McpPoolToolProvider.of(pool))
                .build();

        String answer = assistant.chat("Echo 'hi', please");
        // end
        return answer.equals("echo: hi") ? pool : fail(pool, answer);
    }

    static ToolProvider severalServers(McpPool github, McpPool jira) {
        // doc:several-servers
        ToolProvider tools = McpPoolToolProvider.builder()
                .pool(github, "github_")                       // github_echo, github_add, ...
                .pool(jira, "jira_")                           // jira_echo, jira_add, ...
                .filterToolNames("echo", "add", "fail")        // the servers' own names
                .filter((pool, tool) -> tool.annotations() == null
                        || !Boolean.TRUE.equals(tool.annotations().destructiveHint()))
                .build();
        // end
        return tools;
    }

    static ToolProvider withTimeout(McpPool github) {
        // doc:timeout
        ToolProvider tools = McpPoolToolProvider.builder()
                .pool(github)
                .toolExecutionTimeout(Duration.ofSeconds(20))
                .build();
        // end
        return tools;
    }

    static ToolProvider replicas(McpPoolManager manager) {
        // doc:manager
        ToolProvider tools = McpPoolToolProvider.builder()
                .manager(manager, SelectionStrategy.FAILOVER)
                .build();
        // end
        return tools;
    }

    static String perRequest(Assistant assistant, String tenantId, String requestId) {
        // doc:per-request
        String answer = assistant.chat("Who am I?", InvocationBorrowOptions.parameters(BorrowOptions.builder()
                .tenant(tenantId)
                .header("X-Request-ID", requestId)
                .build()));
        // end
        return answer;
    }

    static String perPool(Assistant assistant, String githubToken, String jiraToken) {
        // doc:per-pool
        String answer = assistant.chat("Link my GitHub issue to Jira", InvocationBorrowOptions.parameters(Map.of(
                "github", BorrowOptions.builder().header("Authorization", "Bearer " + githubToken).build(),
                "jira", BorrowOptions.builder().header("Authorization", "Bearer " + jiraToken).build())));
        // end
        return answer;
    }

    static String ownParameters(McpPool pool, ChatModel chatModel) {
        // doc:own-parameters
        ToolProvider tools = McpPoolToolProvider.builder()
                .pool(pool)
                .borrowOptions((poolName, context) -> BorrowOptions.builder()
                        .tenant(context.invocationParameters().get("tenantId"))
                        .build())
                .build();
        Assistant assistant = AiServices.builder(Assistant.class).chatModel(chatModel).toolProvider(tools).build();

        String answer = assistant.chat("Who am I?", InvocationParameters.from("tenantId", "acme"));
        // end
        return answer;
    }

    static Assistant errorHandler(McpPool pool, ChatModel chatModel) {
        // doc:error-handler
        Assistant assistant = AiServices.builder(Assistant.class)
                .chatModel(chatModel)
                .toolProvider(McpPoolToolProvider.of(pool))
                .toolExecutionErrorHandler((error, context) -> {
                    if (error instanceof McpPoolException poolError) {   // PoolExhaustedException, CircuitOpenException, ...
                        throw poolError;                                  // fail the chat call; the model is not told
                    }
                    return ToolErrorHandlerResult.text(error.getMessage());   // tool errors still go to the model
                })
                .build();
        // end
        return assistant;
    }

    static Map.Entry<McpClient, ToolProvider> before(String endpoint) {
        // doc:before
        McpTransport transport = StreamableHttpMcpTransport.builder().url(endpoint).build();
        McpClient client = DefaultMcpClient.builder().transport(transport).build();
        ToolProvider tools = McpToolProvider.builder().mcpClients(client).build();
        // end
        return Map.entry(client, tools);
    }

    static Map.Entry<McpClient, ToolProvider> after(String endpoint) {
        // doc:after
        McpClient client = PooledMcpClient.start(PoolConfig.builder().endpoint(endpoint).build());
        ToolProvider tools = McpToolProvider.builder().mcpClients(client).build();
        // end
        return Map.entry(client, tools);
    }

    static ToolProvider afterWithoutMcpClient(McpPool pool) {
        // doc:after-provider
        ToolProvider tools = McpPoolToolProvider.of(pool);
        // end
        return tools;
    }
}
