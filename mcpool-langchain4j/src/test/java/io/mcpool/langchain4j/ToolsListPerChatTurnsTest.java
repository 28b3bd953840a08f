package io.mcpool.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.langchain4j.mcp.McpToolProvider;
import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.transport.http.StreamableHttpMcpTransport;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.tool.ToolProvider;
import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.testkit.TestMcpServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The upstream {@code tools/list} requests that 100 chat turns cost, counted at the server: LangChain4j's
 * own {@code McpToolProvider} on a {@code DefaultMcpClient} (as built by default, and with its tool-list
 * cache off) against {@link McpPoolToolProvider}, one after the other against the same server. Writes
 * the table to {@code target/tools-list-per-100-chat-turns.md} (docs/performance.md quotes it).
 */
class ToolsListPerChatTurnsTest {

    private static final int TURNS = 100;

    /** One way of giving an AI service its tools, and what 100 turns cost with it. */
    private record Row(String setup, int toolsList, int initialize, int toolsCall) {
    }

    @Test
    void countsUpstreamToolsListPerHundredChatTurns() throws Exception {
        List<Row> rows = new ArrayList<>();
        try (TestMcpServer server = TestMcpServer.builder().build().start()) {
            server.resetCounters();
            try (DefaultMcpClient client = plainClient(server, true)) {
                rows.add(turns(server, "LangChain4j `McpToolProvider` + `DefaultMcpClient` (defaults: tool list cached)",
                        McpToolProvider.builder().mcpClients(client).build()));
            }
            server.resetCounters();
            try (DefaultMcpClient client = plainClient(server, false)) {
                rows.add(turns(server, "LangChain4j `McpToolProvider` + `DefaultMcpClient`, `cacheToolList(false)`",
                        McpToolProvider.builder().mcpClients(client).build()));
            }
            server.resetCounters();
            try (McpPool pool = McpPool.create(PoolConfig.builder().endpoint(server.endpoint())
                    .minSessions(1).maxSessions(4).build())) {
                pool.start();
                rows.add(turns(server, "mcpool `McpPoolToolProvider` (`toolCacheTtl` 5 min, the default)",
                        McpPoolToolProvider.of(pool)));
            }
        }

        StringBuilder table = new StringBuilder("| tools for the AI service | `tools/list` | `initialize` | `tools/call` |\n"
                + "|---|---:|---:|---:|\n");
        rows.forEach(r -> table.append("| ").append(r.setup()).append(" | ").append(r.toolsList()).append(" | ")
                .append(r.initialize()).append(" | ").append(r.toolsCall()).append(" |\n"));
        System.out.print(table);
        Files.writeString(Path.of("target", "tools-list-per-100-chat-turns.md"), table, StandardCharsets.UTF_8);

        assertEquals(1, rows.get(0).toolsList(), table.toString());
        assertEquals(TURNS, rows.get(1).toolsList(), table.toString());
        assertEquals(1, rows.get(2).toolsList(), table.toString());
        rows.forEach(r -> assertEquals(TURNS, r.toolsCall(), table.toString()));
    }

    private static DefaultMcpClient plainClient(TestMcpServer server, boolean cacheToolList) {
        return DefaultMcpClient.builder()
                .transport(StreamableHttpMcpTransport.builder().url(server.endpoint()).build())
                .cacheToolList(cacheToolList)
                .build();
    }

    private static Row turns(TestMcpServer server, String setup, ToolProvider tools) {
        Assistant assistant = AiServices.builder(Assistant.class).chatModel(new ScriptedChatModel()).toolProvider(tools).build();
        for (int turn = 0; turn < TURNS; turn++) {
            assertEquals("echo: turn " + turn, assistant.chat("call echo {\"message\":\"turn " + turn + "\"}"));
        }
        return new Row(setup, server.toolsListCount(), server.initializeCount(), server.toolsCallCount());
    }
}
