package io.mcpool.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.exception.ToolArgumentsException;
import dev.langchain4j.exception.ToolExecutionException;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.invocation.InvocationParameters;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.IllegalConfigurationException;
import dev.langchain4j.service.tool.ToolErrorHandlerResult;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.langchain4j.service.tool.ToolProvider;
import dev.langchain4j.service.tool.ToolProviderRequest;
import io.mcpool.BorrowOptions;
import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.PoolExhaustedException;
import io.mcpool.PooledSession;
import io.mcpool.SessionInfo;
import io.mcpool.testkit.RecordedRequest;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpTransportException;
import io.mcpool.testkit.TestMcpServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link McpPoolToolProvider} in a real {@code AiServices} with a scripted model, against the testkit's
 * in-process MCP server (streamable HTTP).
 */
class McpPoolToolProviderTest {

    private TestMcpServer server;
    private McpPool pool;

    @BeforeEach
    void start() {
        server = TestMcpServer.builder().build().start();
        pool = McpPool.create(PoolConfig.builder().name("tools").endpoint(server.endpoint())
                .minSessions(1).maxSessions(4).build());
        pool.start();
    }

    @AfterEach
    void stop() {
        pool.close();
        server.close();
    }

    /** A second server and its pool, named "other". */
    private record SecondServer(TestMcpServer server, McpPool pool) implements AutoCloseable {
        static SecondServer start() {
            TestMcpServer server = TestMcpServer.builder().build().start();
            McpPool pool = McpPool.create(PoolConfig.builder().name("other").endpoint(server.endpoint())
                    .minSessions(1).maxSessions(2).build());
            pool.start();
            return new SecondServer(server, pool);
        }

        @Override
        public void close() {
            pool.close();
            server.close();
        }
    }

    private static Assistant assistant(ScriptedChatModel model, ToolProvider tools) {
        return AiServices.builder(Assistant.class).chatModel(model).toolProvider(tools).build();
    }

    @Test
    void theModelsToolCallReachesTheServerAndTheResultReachesTheModel() {
        ScriptedChatModel model = new ScriptedChatModel();
        Assistant assistant = assistant(model, McpPoolToolProvider.of(pool));

        String answer = assistant.chat("call echo {\"message\":\"hello from the model\"}");

        List<RecordedRequest> calls = server.toolCalls();
        assertEquals(1, calls.size());
        assertEquals("echo", calls.get(0).toolName());
        ToolExecutionResultMessage result = model.toolResults().get(0);
        assertEquals("echo", result.toolName());
        assertEquals("hello from the model", result.text());
        assertFalse(Boolean.TRUE.equals(result.isError()));
        assertEquals("echo: hello from the model", answer);
        assertEquals(List.of("echo", "add", "fail", "slow", "whoami"), model.offeredTools());
    }

    @Test
    void theToolsSchemaAndAnnotationsReachTheModel() {
        ScriptedChatModel model = new ScriptedChatModel();
        assistant(model, McpPoolToolProvider.of(pool)).chat("hello");

        var echo = model.requests().get(0).toolSpecifications().stream().filter(s -> s.name().equals("echo"))
                .findFirst().orElseThrow();
        assertEquals("Returns the message unchanged.", echo.description());
        assertEquals(List.of("message"), echo.parameters().required());
        assertEquals(List.of("message"), List.copyOf(echo.parameters().properties().keySet()));
        assertEquals(Boolean.TRUE, echo.metadata().get("readOnlyHint"));
        assertEquals(Boolean.TRUE, echo.metadata().get("idempotentHint"));
    }

    @Test
    void aHundredChatTurnsCauseOneUpstreamToolsList() {
        ScriptedChatModel model = new ScriptedChatModel();
        Assistant assistant = assistant(model, McpPoolToolProvider.of(pool));
        int before = server.toolsListCount();

        for (int turn = 0; turn < 100; turn++) {
            assertEquals("add: " + (turn + 1), assistant.chat("call add {\"a\":" + turn + ",\"b\":1}"));
        }

        assertEquals(1, server.toolsListCount() - before);
        assertEquals(100, server.toolsCallCount());
        assertEquals(200, model.requests().size());
    }

    @Test
    void aToolErrorReachesTheModelAsLangChain4jReportsToolFailures() {
        ScriptedChatModel model = new ScriptedChatModel();
        Assistant assistant = assistant(model, McpPoolToolProvider.of(pool));

        String answer = assistant.chat("call fail {}");

        ToolExecutionResultMessage result = model.toolResults().get(0);
        assertEquals(Boolean.TRUE, result.isError());
        assertEquals("tool failed on purpose", result.text());
        assertEquals("fail failed: tool failed on purpose", answer);
        assertEquals(1, server.toolCalls().size());
    }

    @Test
    void aPoolErrorReachesTheModelByDefaultAndTheErrorHandlerAsItsCause() throws Exception {
        McpPool small = McpPool.create(PoolConfig.builder().name("small").endpoint(server.endpoint())
                .minSessions(1).maxSessions(1).borrowTimeout(Duration.ofMillis(200)).build());
        try (small) {
            small.start();
            ScriptedChatModel model = new ScriptedChatModel();
            Assistant byDefault = assistant(model, McpPoolToolProvider.of(small));
            List<Throwable> handled = new CopyOnWriteArrayList<>();
            Assistant withHandler = AiServices.builder(Assistant.class).chatModel(model)
                    .toolProvider(McpPoolToolProvider.of(small))
                    .toolExecutionErrorHandler((error, context) -> {
                        handled.add(error);
                        return ToolErrorHandlerResult.text("pool busy, try later");
                    })
                    .build();
            small.listTools();   // the cache is warm, so only the tool call needs a session
            int callsBefore = server.toolsCallCount();

            String answer;
            String handledAnswer;
            try (PooledSession held = small.borrow()) {   // the only session: the tool call cannot borrow
                assertFalse(held.isClosed());
                answer = byDefault.chat("call echo {\"message\":\"x\"}");
                handledAnswer = withHandler.chat("call echo {\"message\":\"x\"}");
            }

            ToolExecutionResultMessage result = model.toolResults().get(0);
            assertEquals(Boolean.TRUE, result.isError());
            assertTrue(result.text().contains("maxSessions"), result.text());
            assertEquals("echo failed: " + result.text(), answer);
            assertInstanceOf(PoolExhaustedException.class, handled.get(0));
            assertEquals("echo failed: pool busy, try later", handledAnswer);
            assertEquals(callsBefore, server.toolsCallCount());
        }
    }

    @Test
    void theInvocationsBorrowOptionsReachTheWire() {
        ScriptedChatModel model = new ScriptedChatModel();
        Assistant assistant = assistant(model, McpPoolToolProvider.of(pool));

        String acme = assistant.chat("call whoami {}", InvocationBorrowOptions.parameters(BorrowOptions.builder()
                .tenant("acme").header("X-Request-ID", "req-acme-1").build()));
        String globex = assistant.chat("call whoami {}", InvocationBorrowOptions.parameters(BorrowOptions.builder()
                .tenant("globex").header("X-Request-ID", "req-globex-1").build()));

        assertTrue(acme.contains("x-request-id=req-acme-1"), acme);
        assertTrue(globex.contains("x-request-id=req-globex-1"), globex);
        List<RecordedRequest> calls = server.toolCalls();
        assertEquals("req-acme-1", calls.get(0).header("X-Request-ID"));
        assertEquals("req-globex-1", calls.get(1).header("X-Request-ID"));
        assertNotEquals(calls.get(0).sessionId(), calls.get(1).sessionId());
        List<String> tenants = pool.debugSnapshot().stream().map(SessionInfo::key).map(k -> k.tenant()).toList();
        assertTrue(tenants.contains("acme") && tenants.contains("globex"), tenants.toString());
    }

    @Test
    void aFunctionOfTheInvocationContextCanBuildTheBorrowOptions() {
        ScriptedChatModel model = new ScriptedChatModel();
        Assistant assistant = assistant(model, McpPoolToolProvider.builder().pool(pool)
                .borrowOptions((poolName, context) -> BorrowOptions.builder()
                        .header("X-User", context.invocationParameters().get("userId")).build())
                .build());

        String answer = assistant.chat("call whoami {}", InvocationParameters.from("userId", "u-42"));

        assertTrue(answer.contains("x-user=u-42"), answer);
        assertEquals("u-42", server.toolCalls().get(0).header("X-User"));
    }

    @Test
    void eachPoolCanHaveItsOwnOptionsAndOneCredentialNeverGoesToTwoServers() {
        try (SecondServer second = SecondServer.start()) {
            TestMcpServer other = second.server();
            McpPool otherPool = second.pool();
            ScriptedChatModel model = new ScriptedChatModel();
            Assistant assistant = assistant(model, McpPoolToolProvider.builder()
                    .pool(pool, "a_").pool(otherPool, "b_").filterToolNames("whoami").build());

            String answer = assistant.chat("call a_whoami {} ; call b_whoami {}", InvocationBorrowOptions.parameters(Map.of(
                    "tools", BorrowOptions.builder().header("Authorization", "Bearer token-for-a").build(),
                    "other", BorrowOptions.builder().header("Authorization", "Bearer token-for-b").build())));
            assertEquals("Bearer token-for-a", server.toolCalls().get(0).header("Authorization"), answer);
            assertEquals("Bearer token-for-b", other.toolCalls().get(0).header("Authorization"), answer);

            String shared = assistant.chat("call a_whoami {} ; call b_whoami {}", InvocationBorrowOptions.parameters(
                    BorrowOptions.builder().header("X-Request-ID", "req-both").build()));
            assertTrue(shared.contains("a_whoami: ") && shared.contains("b_whoami: "), shared);
            assertEquals("req-both", other.toolCalls().get(1).header("X-Request-ID"));

            int modelRequests = model.requests().size();
            IllegalArgumentException leak = assertThrows(IllegalArgumentException.class, () -> assistant.chat(
                    "call b_whoami {}", InvocationBorrowOptions.parameters(BorrowOptions.builder()
                            .header("Authorization", "Bearer only-for-a").build())));
            assertTrue(leak.getMessage().contains("would send the same 'Authorization' header to 'tools' and to 'other'"),
                    leak.getMessage());
            assertFalse(leak.getMessage().contains("only-for-a"), leak.getMessage());
            assertEquals(modelRequests, model.requests().size());
            assertEquals(2, other.toolsCallCount());
        }
    }

    @Test
    void somethingElseUnderTheBorrowOptionsKeyFailsTheInvocationWithAClearMessage() {
        ScriptedChatModel model = new ScriptedChatModel();
        Assistant assistant = assistant(model, McpPoolToolProvider.of(pool));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> assistant.chat("call echo {}",
                InvocationParameters.from(InvocationBorrowOptions.KEY, "tenant=acme")));

        assertTrue(e.getMessage().contains("'mcpool.borrowOptions' must hold an io.mcpool.BorrowOptions or a map of them"),
                e.getMessage());
        assertTrue(e.getMessage().contains("java.lang.String"), e.getMessage());
        assertEquals(0, server.toolsCallCount());
        assertEquals(List.of(), model.requests());
    }

    @Test
    void invalidArgumentsFromTheModelFailTheInvocationAsLangChain4jDoes() {
        Assistant assistant = assistant(new ScriptedChatModel(), McpPoolToolProvider.of(pool));

        RuntimeException e = assertThrows(RuntimeException.class, () -> assistant.chat("call echo [\"not\", \"an object\"]"));

        assertTrue(e.getMessage().startsWith("The arguments for tool 'echo' are not a JSON object"), e.getMessage());
        assertEquals(0, server.toolsCallCount());
    }

    @Test
    void secretHeadersInTheInvocationParametersAreMaskedWhenPrinted() {
        InvocationParameters parameters = InvocationBorrowOptions.parameters(BorrowOptions.builder()
                .header("Authorization", "Bearer s3cr3t-token").header("X-Request-ID", "req-9").build());

        assertFalse(parameters.toString().contains("s3cr3t-token"), parameters.toString());
        assertTrue(parameters.toString().contains("req-9"), parameters.toString());
    }

    @Test
    void filtersByNameAndByPredicate() {
        ScriptedChatModel model = new ScriptedChatModel();
        assistant(model, McpPoolToolProvider.builder().pool(pool).filterToolNames("echo", "add", "fail").build())
                .chat("hello");
        assertEquals(List.of("echo", "add", "fail"), model.offeredTools());

        assistant(model, McpPoolToolProvider.builder().pool(pool)
                .filter((source, tool) -> tool.annotations() != null && Boolean.TRUE.equals(tool.annotations().readOnlyHint()))
                .build()).chat("hello");
        assertEquals(List.of("echo"), model.offeredTools());

        List<String> sources = new CopyOnWriteArrayList<>();
        assistant(model, McpPoolToolProvider.builder().pool(pool).filterToolNames("echo", "add")
                .filter((source, tool) -> sources.add(source) && !tool.name().equals("add")).build()).chat("hello");
        assertEquals(List.of("echo"), model.offeredTools());
        assertEquals(List.of("tools", "tools"), sources);

        String answer = assistant(model, McpPoolToolProvider.builder().pool(pool).filterToolNames("echo").build())
                .chat("call add {\"a\":1,\"b\":2}");
        assertEquals("not offered: add", answer);
        assertEquals(0, server.toolsCallCount());
    }

    @Test
    void prefixesKeepTwoServersToolsApart() {
        try (SecondServer second = SecondServer.start()) {
            TestMcpServer other = second.server();
            McpPool otherPool = second.pool();
            ScriptedChatModel model = new ScriptedChatModel();
            Assistant assistant = assistant(model, McpPoolToolProvider.builder()
                    .pool(pool, "a_").pool(otherPool, "b_").filterToolNames("echo", "add").build());

            String answer = assistant.chat("call b_echo {\"message\":\"to b\"} ; call a_add {\"a\":2,\"b\":3}");

            assertEquals(List.of("a_echo", "a_add", "b_echo", "b_add"), model.offeredTools());
            assertEquals("b_echo: to b\na_add: 5", answer);
            assertEquals(List.of("add"), server.toolCalls().stream().map(RecordedRequest::toolName).toList());
            assertEquals(List.of("echo"), other.toolCalls().stream().map(RecordedRequest::toolName).toList());

            Assistant clashing = assistant(model, McpPoolToolProvider.builder().pool(pool).pool(otherPool).build());
            IllegalConfigurationException clash = assertThrows(IllegalConfigurationException.class,
                    () -> clashing.chat("hello"));
            assertTrue(clash.getMessage().contains("'echo': one of pool 'tools' (no prefix) and one of pool 'other' "
                    + "(no prefix); give one of them a prefix"), clash.getMessage());
        }
    }

    @Test
    void aSourceWhoseToolsCannotBeListedIsLeftOutUnlessTheProviderMustFail() {
        try (SecondServer second = SecondServer.start()) {
            TestMcpServer other = second.server();
            McpPool otherPool = second.pool();
            other.failNextToolsList(1);
            ScriptedChatModel model = new ScriptedChatModel();

            String answer = assistant(model, McpPoolToolProvider.builder().pool(pool, "a_").pool(otherPool, "b_")
                    .filterToolNames("echo").build()).chat("call a_echo {\"message\":\"still here\"}");

            assertEquals(List.of("a_echo"), model.offeredTools());
            assertEquals("a_echo: still here", answer);

            other.failNextToolsList(1);
            Assistant strict = assistant(model, McpPoolToolProvider.builder().pool(pool, "a_").pool(otherPool, "b_")
                    .failIfOneSourceFails(true).build());
            RuntimeException e = assertThrows(RuntimeException.class, () -> strict.chat("hello"));
            assertTrue(String.valueOf(e.getMessage()).contains("tools/list failed on purpose"), String.valueOf(e));
        }
    }

    @Test
    void executorsRefuseArgumentsThatAreNotAJsonObject() {
        ToolExecutor echo = McpPoolToolProvider.of(pool).provideTools(ToolProviderRequest.builder()
                        .invocationContext(InvocationContext.builder().build())
                        .userMessage(dev.langchain4j.data.message.UserMessage.from("hi")).build())
                .aiServiceTools().stream().filter(t -> t.name().equals("echo")).findFirst().orElseThrow().toolExecutor();
        ToolExecutionRequest request = ToolExecutionRequest.builder().id("1").name("echo").arguments("[1, 2]").build();

        ToolArgumentsException e = assertThrows(ToolArgumentsException.class, () -> echo.executeWithContext(request, null));

        assertTrue(e.getMessage().contains("The arguments for tool 'echo' are not a JSON object"), e.getMessage());
        assertEquals(0, server.toolsCallCount());
        assertEquals("plain", echo.execute(ToolExecutionRequest.builder().id("2").name("echo")
                .arguments("{\"message\":\"plain\"}").build(), "memory-1"));
    }

    @Test
    void serverAndTransportFailuresBecomeTheExceptionsLangChain4jExpects() {
        ToolSource source = new PoolSource(pool);

        ToolArgumentsException unknown = assertThrows(ToolArgumentsException.class,
                () -> ToolCalls.call(source, "no-such-tool", "{}", BorrowOptions.none(), io.mcpool.CallOptions.none()));
        assertEquals(-32602, unknown.errorCode());
        assertEquals("Unknown tool: invalid_tool_name", unknown.getCause().getMessage());

        // The SDK server validates arguments against the schema and answers with an error result.
        ToolExecutionException invalid = assertThrows(ToolExecutionException.class,
                () -> ToolCalls.call(source, "add", "{}", BorrowOptions.none(), io.mcpool.CallOptions.none()));
        assertTrue(invalid.getCause().getMessage().startsWith("Tool (add) input validation failed"),
                invalid.getCause().getMessage());

        server.throttleNextCalls(1, Duration.ofSeconds(1));
        ToolExecutionException throttled = assertThrows(ToolExecutionException.class,
                () -> ToolCalls.call(source, "add", "{\"a\":1,\"b\":2}", BorrowOptions.none(), io.mcpool.CallOptions.none()));
        assertInstanceOf(McpTransportException.class, throttled.getCause());
        assertEquals("Received unexpected status code: 429", throttled.getCause().getMessage());

        RuntimeException internal = ToolCalls.translate(McpError.builder(-32603).message("internal trouble").build());
        assertEquals(-32603, assertInstanceOf(ToolExecutionException.class, internal).errorCode());
        assertEquals("internal trouble", internal.getCause().getMessage());
    }

    @Test
    void theBuilderRefusesWhatCannotWork() {
        IllegalStateException empty = assertThrows(IllegalStateException.class, () -> McpPoolToolProvider.builder().build());
        assertEquals("McpPoolToolProvider needs at least one source: call pool(...) or manager(...)", empty.getMessage());

        IllegalArgumentException prefix = assertThrows(IllegalArgumentException.class,
                () -> McpPoolToolProvider.builder().pool(pool, "my tools."));
        assertEquals("McpPoolToolProvider prefix 'my tools.' for pool 'tools' must match [A-Za-z0-9_-]*: models accept "
                + "only letters, digits, '_' and '-' in tool names", prefix.getMessage());

        ScriptedChatModel model = new ScriptedChatModel();
        Assistant nullOptions = assistant(model, McpPoolToolProvider.builder().pool(pool).borrowOptions((p, c) -> null).build());
        NullPointerException none = assertThrows(NullPointerException.class, () -> nullOptions.chat("call echo {}"));
        assertTrue(none.getMessage().contains("return BorrowOptions.none()"), none.getMessage());
        assertEquals(0, server.toolsCallCount());
    }
}
