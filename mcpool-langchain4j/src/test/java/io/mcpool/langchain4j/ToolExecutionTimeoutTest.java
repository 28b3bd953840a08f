package io.mcpool.langchain4j;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.exception.ToolExecutionException;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.langchain4j.service.tool.ToolProviderRequest;
import dev.langchain4j.service.tool.ToolProviderResult;
import dev.langchain4j.data.message.UserMessage;
import io.mcpool.CallTimeoutException;
import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.manager.McpPoolManager;
import io.mcpool.manager.SelectionStrategy;
import io.mcpool.testkit.TestMcpServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code toolExecutionTimeout} on both ways into LangChain4j, against the testkit's server with a tool that runs
 * until it is cancelled: the model is told the tool did not finish in time, the server sees the cancellation and
 * the session stays in its pool.
 */
class ToolExecutionTimeoutTest {

    private static final String SLOW = "{\"tag\":\"%s\",\"millis\":20000}";

    private static ToolExecutionRequest slowCall(String tag) {
        return ToolExecutionRequest.builder().id(tag).name("until-cancelled").arguments(SLOW.formatted(tag)).build();
    }

    private static PoolConfig config(TestMcpServer server, String name) {
        return PoolConfig.builder().name(name).endpoint(server.endpoint()).minSessions(1).maxSessions(2)
                .requestTimeout(Duration.ofSeconds(30)).build();
    }

    private static void assertCancelledAtTheServer(TestMcpServer server, String tag) {
        await().atMost(Duration.ofSeconds(10)).until(() -> server.cancellations().stream()
                .anyMatch(c -> tag.equals(c.tag())));
        await().atMost(Duration.ofSeconds(10)).until(() -> server.toolCallsRunning() == 0);
    }

    @Test
    void aPooledClientsToolCallPastItsTimeoutTellsTheModelAndIsCancelledAtTheServer() {
        try (TestMcpServer server = TestMcpServer.builder().cancellableTool().build().start();
                McpPool pool = McpPool.create(config(server, "timeouts"))) {
            pool.start();
            try (PooledMcpClient client = PooledMcpClient.builder().pool(pool)
                    .toolExecutionTimeout(Duration.ofMillis(400)).build()) {
                long start = System.nanoTime();
                ToolExecutionException e = assertThrows(ToolExecutionException.class,
                        () -> client.executeTool(slowCall("client")));
                assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos(), "not the 30 s requestTimeout");
                assertInstanceOf(CallTimeoutException.class, e.getCause());
                assertTrue(e.getMessage().contains("PT0.4S"), e.getMessage());
                assertCancelledAtTheServer(server, "client");
                assertEquals("fine", (client.executeTool(ToolExecutionRequest.builder().id("e")
                        .name("echo").arguments("{\"message\":\"fine\"}").build()).resultText()));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> pool.metrics().active() == 0);
            assertEquals(0, pool.metrics().errors(), "the session stayed healthy");
            assertEquals(1, pool.metrics().sessionsCreated());
        }
    }

    @Test
    void aProvidersToolsThroughAManagerHonourTheTimeout() {
        try (TestMcpServer server = TestMcpServer.builder().cancellableTool().build().start();
                McpPoolManager manager = McpPoolManager.create("lc4j")) {
            manager.add("only", config(server, "only"));
            manager.start();
            McpPoolToolProvider provider = McpPoolToolProvider.builder()
                    .manager(manager, SelectionStrategy.ROUND_ROBIN)
                    .toolExecutionTimeout(Duration.ofMillis(400)).build();
            ToolProviderResult tools = provider.provideTools(ToolProviderRequest.builder()
                    .invocationContext(InvocationContext.builder().build()).userMessage(UserMessage.from("hi")).build());
            ToolExecutor slow = tools.aiServiceTools().stream().filter(t -> t.name().equals("until-cancelled"))
                    .findFirst().orElseThrow().toolExecutor();
            ToolExecutionException e = assertThrows(ToolExecutionException.class,
                    () -> slow.execute(slowCall("provider"), "memory"));
            assertInstanceOf(CallTimeoutException.class, e.getCause());
            assertCancelledAtTheServer(server, "provider");
        }
    }

    @Test
    void aTimeoutThatIsNotPositiveIsRefusedNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PooledMcpClient.builder().toolExecutionTimeout(Duration.ZERO));
        assertTrue(e.getMessage().contains("toolExecutionTimeout"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> McpPoolToolProvider.builder().toolExecutionTimeout(Duration.ofSeconds(-1)));
    }
}
