package io.mcpool.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.ToolExecutionException;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.mcp.McpToolProvider;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.McpException;
import dev.langchain4j.mcp.client.McpGetPromptResult;
import dev.langchain4j.mcp.client.McpPrompt;
import dev.langchain4j.mcp.client.McpResource;
import dev.langchain4j.mcp.client.McpResourceTemplate;
import dev.langchain4j.mcp.client.McpRole;
import dev.langchain4j.mcp.client.McpTextContent;
import dev.langchain4j.mcp.client.McpTextResourceContents;
import dev.langchain4j.service.AiServices;
import io.mcpool.BorrowOptions;
import io.mcpool.McpPool;
import io.mcpool.PoolClosedException;
import io.mcpool.PoolConfig;
import io.mcpool.Protocol;
import io.mcpool.testkit.TestMcpServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link PooledMcpClient} against the testkit's in-process MCP server, alone and inside LangChain4j's {@link McpToolProvider}. */
class PooledMcpClientTest {

    private TestMcpServer server;
    private McpPool pool;
    private PooledMcpClient client;

    @BeforeEach
    void start() {
        server = TestMcpServer.builder().build().start();
        pool = McpPool.create(PoolConfig.builder().name("client").endpoint(server.endpoint())
                .minSessions(1).maxSessions(4).build());
        pool.start();
        client = PooledMcpClient.of(pool);
    }

    @AfterEach
    void stop() {
        client.close();
        pool.close();
        server.close();
    }

    private static ToolExecutionRequest call(String tool, String arguments) {
        return ToolExecutionRequest.builder().id("1").name(tool).arguments(arguments).build();
    }

    @Test
    void listsToolsFromThePoolsCache() {
        int before = server.toolsListCount();
        List<ToolSpecification> tools = null;
        for (int i = 0; i < 20; i++) {
            tools = client.listTools(InvocationContext.builder().build());
        }

        assertEquals(List.of("echo", "add", "fail", "slow", "whoami"), tools.stream().map(ToolSpecification::name).toList());
        assertEquals(1, server.toolsListCount() - before);
        assertEquals("client", client.key());
        assertEquals("mine", PooledMcpClient.builder().pool(pool).key("mine").build().key());
    }

    @Test
    void executesToolsAsDefaultMcpClientReportsThem() {
        assertEquals("5", client.executeTool(call("add", "{\"a\":2,\"b\":3}")).resultText());

        ToolExecutionException failed = assertThrows(ToolExecutionException.class, () -> client.executeTool(call("fail", "")));
        assertEquals("tool failed on purpose", failed.getCause().getMessage());

        pool.close();
        ToolExecutionException closed = assertThrows(ToolExecutionException.class,
                () -> client.executeTool(call("echo", "{\"message\":\"x\"}")));
        assertInstanceOf(PoolClosedException.class, closed.getCause());
    }

    @Test
    void borrowsWithTheOptionsOfTheInvocationContext() {
        InvocationContext context = InvocationContext.builder().invocationParameters(InvocationBorrowOptions.parameters(
                BorrowOptions.builder().tenant("acme").header("X-Request-ID", "req-7").build())).build();

        String seen = client.executeTool(call("whoami", "{}"), context).resultText();

        assertTrue(seen.contains("x-request-id=req-7"), seen);
        assertEquals("req-7", server.toolCalls().get(0).header("X-Request-ID"));
        assertTrue(pool.debugSnapshot().stream().anyMatch(s -> "acme".equals(s.key().tenant())));
    }

    @Test
    void servesResourcesAndPrompts() {
        List<McpResource> resources = client.listResources();
        assertEquals(1, resources.size());
        assertEquals("test://hello", resources.get(0).uri());
        assertEquals("text/plain", resources.get(0).mimeType());

        McpTextResourceContents hello = (McpTextResourceContents) client.readResource("test://hello").contents().get(0);
        assertEquals("hello", hello.text());
        assertEquals(List.of(), client.listResourceTemplates());

        McpException missing = assertThrows(McpException.class, () -> client.readResource("test://missing"));
        assertEquals(-32002, missing.errorCode());

        List<McpPrompt> prompts = client.listPrompts();
        assertEquals("greeting", prompts.get(0).name());
        assertEquals("name", prompts.get(0).arguments().get(0).name());
        assertTrue(prompts.get(0).arguments().get(0).required());

        McpGetPromptResult greeting = client.getPrompt("greeting", Map.of("name", "Ada"));
        assertEquals(McpRole.USER, greeting.messages().get(0).role());
        assertEquals("Hello, Ada!", ((McpTextContent) greeting.messages().get(0).content()).text());
        assertEquals("Hello, Ada!", ((UserMessage) greeting.messages().get(0).toChatMessage()).singleText());
        assertNull(client.instructions());
    }

    @Test
    void servesResourcesTemplatesAndPromptsOfA2026ServerToo() {
        try (TestMcpServer modern = TestMcpServer.builder().mode(TestMcpServer.Mode.HTTP_2026_07_28).build().start();
                McpPool modernPool = McpPool.create(PoolConfig.builder().name("modern").endpoint(modern.endpoint())
                        .protocol(Protocol.STATELESS_2026_07_28).minSessions(0).maxSessions(2).build());
                PooledMcpClient modernClient = PooledMcpClient.of(modernPool)) {
            modernPool.start();
            assertEquals(List.of("test://hello"), modernClient.listResources().stream().map(McpResource::uri).toList());
            assertEquals(List.of("test://items/{id}"),
                    modernClient.listResourceTemplates().stream().map(McpResourceTemplate::uriTemplate).toList());
            assertEquals("item 7", ((McpTextResourceContents) modernClient.readResource("test://items/7").contents()
                    .get(0)).text());
            assertEquals("greeting", modernClient.listPrompts().get(0).name());
        }
    }

    @Test
    void checksHealthWithAPingOnABorrowedSession() {
        int before = server.pingCount();
        client.checkHealth();
        assertEquals(before + 1, server.pingCount());

        pool.close();
        assertThrows(PoolClosedException.class, client::checkHealth);
    }

    @Test
    void refusesSubscriptionsAndRootsSayingWhy() {
        UnsupportedOperationException subscribe = assertThrows(UnsupportedOperationException.class,
                () -> client.subscribeToResource("test://hello"));
        assertTrue(subscribe.getMessage().contains("a subscription lives on one session"), subscribe.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> client.unsubscribeFromResource("test://hello"));
        UnsupportedOperationException roots = assertThrows(UnsupportedOperationException.class, () -> client.setRoots(List.of()));
        assertTrue(roots.getMessage().contains("does not serve roots"), roots.getMessage());
    }

    @Test
    @SuppressWarnings("try")   // closed inside the block on purpose: the pool must be gone right then
    void replacesDefaultMcpClientInLangChain4jsOwnToolProvider() throws Exception {
        try (TestMcpServer own = TestMcpServer.builder().build().start();
                McpClient pooled = PooledMcpClient.start(PoolConfig.builder().endpoint(own.endpoint()).build())) {
            ScriptedChatModel model = new ScriptedChatModel();
            Assistant assistant = AiServices.builder(Assistant.class).chatModel(model)
                    .toolProvider(McpToolProvider.builder().mcpClients(pooled).build()).build();

            for (int turn = 0; turn < 100; turn++) {
                assertEquals("echo: turn " + turn, assistant.chat("call echo {\"message\":\"turn " + turn + "\"}"));
            }
            assertEquals("fail failed: tool failed on purpose", assistant.chat("call fail {}"));

            assertEquals(1, own.toolsListCount());
            assertEquals(101, own.toolsCallCount());
            assertEquals(1, own.liveSessions());
            pooled.close();
            assertEquals(0, own.liveSessions());
        }
    }

    @Test
    void theBuilderNeedsAPoolOrAManager() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PooledMcpClient.builder().build());
        assertEquals("PooledMcpClient needs a pool or a manager: call pool(...) or manager(...)", e.getMessage());
    }
}
