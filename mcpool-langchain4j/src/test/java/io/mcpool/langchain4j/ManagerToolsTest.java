package io.mcpool.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.service.AiServices;
import io.mcpool.PoolConfig;
import io.mcpool.manager.McpPoolManager;
import io.mcpool.manager.PoolAvailability;
import io.mcpool.manager.SelectionStrategy;
import io.mcpool.testkit.TestMcpServer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link McpPoolToolProvider} and {@link PooledMcpClient} over an {@link McpPoolManager} of two replicas. */
class ManagerToolsTest {

    private TestMcpServer primary;
    private TestMcpServer backup;
    private McpPoolManager manager;

    @BeforeEach
    void start() {
        primary = TestMcpServer.builder().build().start();
        backup = TestMcpServer.builder().build().start();
        manager = McpPoolManager.create("replicas");
        manager.add("primary", PoolConfig.builder().endpoint(primary.endpoint()).minSessions(1).maxSessions(2).build());
        manager.add("backup", PoolConfig.builder().endpoint(backup.endpoint()).minSessions(1).maxSessions(2).build());
        manager.start();
    }

    @AfterEach
    void stop() {
        manager.close();
        primary.close();
        backup.close();
    }

    @Test
    void toolsComeFromTheFirstAvailablePoolAndCallsFailOverWhenItsServerIsDown() {
        ScriptedChatModel model = new ScriptedChatModel();
        Assistant assistant = AiServices.builder(Assistant.class).chatModel(model)
                .toolProvider(McpPoolToolProvider.builder().manager(manager, SelectionStrategy.FAILOVER, "search_").build())
                .build();

        for (int turn = 0; turn < 10; turn++) {
            assertEquals("search_echo: before " + turn, assistant.chat("call search_echo {\"message\":\"before " + turn + "\"}"));
        }
        primary.stop();
        for (int turn = 0; turn < 10; turn++) {
            assertEquals("search_echo: after " + turn, assistant.chat("call search_echo {\"message\":\"after " + turn + "\"}"));
        }

        assertEquals(1, primary.toolsListCount());
        // Once the primary pool's breaker opens (failed session creations), it is skipped, and the
        // list comes from the backup pool's cache: one upstream request there.
        boolean primarySkipped = manager.availability().get("primary") != PoolAvailability.AVAILABLE;
        assertEquals(primarySkipped ? 1 : 0, backup.toolsListCount(), manager.availability().toString());
        assertEquals(10, primary.toolsCallCount());
        assertEquals(10, backup.toolsCallCount());
        assertTrue(model.offeredTools().contains("search_echo"), model.offeredTools().toString());
    }

    @Test
    void aManagerBackedClientListsFromTheCacheAndFailsOver() {
        PooledMcpClient client = PooledMcpClient.builder().manager(manager, SelectionStrategy.FAILOVER).build();

        assertEquals("replicas", client.key());
        for (int i = 0; i < 5; i++) {
            assertEquals(List.of("echo", "add", "fail", "slow", "whoami"),
                    client.listTools().stream().map(t -> t.name()).toList());
        }
        primary.stop();
        // The primary pool's idle session fails this call (the manager fails it over); it is then
        // retired, so the next borrows from that pool try a new session, fail, and fail over too.
        assertEquals("still served", client.executeTool(dev.langchain4j.agent.tool.ToolExecutionRequest.builder()
                .id("1").name("echo").arguments("{\"message\":\"still served\"}").build()).resultText());
        client.checkHealth();
        assertEquals("hello", client.readResource("test://hello").contents().stream()
                .map(c -> ((dev.langchain4j.mcp.client.McpTextResourceContents) c).text()).findFirst().orElseThrow());

        assertEquals(1, primary.toolsListCount());
        assertEquals(1, backup.pingCount());
    }
}
