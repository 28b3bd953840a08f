package io.mcpool.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.tool.ToolProvider;
import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.PoolExhaustedException;
import io.mcpool.PooledSession;
import io.mcpool.manager.McpPoolManager;
import io.mcpool.testkit.RecordedRequest;
import io.mcpool.testkit.TestMcpServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Keeps docs/langchain4j.md and {@link DocSnippets} word for word the same, and runs the snippets. */
class LangChain4jDocTest {

    private static final Path DOC = Path.of("..", "docs", "langchain4j.md");
    private static final Path SNIPPETS = Path.of("src", "test", "java", "io", "mcpool", "langchain4j", "DocSnippets.java");

    @Test
    void everyJavaBlockOfTheDocIsASnippetAndEverySnippetIsInTheDoc() throws IOException {
        List<String> doc = blocks(Files.readString(DOC), Pattern.compile("(?s)```java\\n(.*?)```"));
        List<String> code = blocks(Files.readString(SNIPPETS), Pattern.compile("(?s)// doc:[a-z-]+\\n(.*?)\\n\\s*// end"));

        assertEquals(new TreeSet<>(code), new TreeSet<>(doc), "java blocks of " + DOC.normalize()
                + " against the // doc: blocks of " + SNIPPETS);
        assertEquals(code.size(), doc.size(), "each snippet once in the doc");
    }

    @Test
    @SuppressWarnings("try")   // McpClient.close() declares Exception; the clients here throw none
    void theSnippetsWork() throws Exception {
        try (TestMcpServer github = TestMcpServer.builder().build().start();
                TestMcpServer jira = TestMcpServer.builder().build().start()) {
            ScriptedChatModel model = new ScriptedChatModel()
                    .understand("Echo 'hi', please", "call echo {\"message\":\"hi\"}")
                    .understand("Who am I?", "call whoami {}");

            try (McpPool pool = DocSnippets.quickStart(github.endpoint(), model)) {
                assertEquals(1, github.toolsCallCount());

                DocSnippets.Assistant assistant = AiServices.builder(DocSnippets.Assistant.class).chatModel(model)
                        .toolProvider(McpPoolToolProvider.of(pool)).build();
                String seen = DocSnippets.perRequest(assistant, "acme", "req-1");
                assertTrue(seen.contains("x-request-id=req-1"), seen);
                assertTrue(pool.debugSnapshot().stream().anyMatch(s -> "acme".equals(s.key().tenant())));

                assertTrue(DocSnippets.ownParameters(pool, model).startsWith("whoami: "));
                assertTrue(pool.debugSnapshot().stream().filter(s -> "acme".equals(s.key().tenant())).count() >= 1);

                DocSnippets.Assistant strict = DocSnippets.errorHandler(pool, model);
                assertEquals("fail failed: tool failed on purpose", strict.chat("call fail {}"));

                assertEquals("add: 5", AiServices.builder(DocSnippets.Assistant.class).chatModel(model)
                        .toolProvider(DocSnippets.afterWithoutMcpClient(pool)).build().chat("call add {\"a\":2,\"b\":3}"));
            }

            try (McpPool githubPool = pool("github", github, 4);
                    McpPool jiraPool = pool("jira", jira, 4)) {
                ToolProvider tools = DocSnippets.severalServers(githubPool, jiraPool);
                assertTrue(DocSnippets.withTimeout(githubPool) instanceof McpPoolToolProvider);
                DocSnippets.Assistant assistant = AiServices.builder(DocSnippets.Assistant.class).chatModel(model)
                        .toolProvider(tools).build();
                assistant.chat("hello");
                assertEquals(List.of("github_echo", "github_add", "github_fail", "jira_echo", "jira_add", "jira_fail"),
                        model.offeredTools());

                model.understand("Link my GitHub issue to Jira",
                        "call github_echo {\"message\":\"issue 1\"} ; call jira_echo {\"message\":\"issue 1\"}");
                assertEquals("github_echo: issue 1\njira_echo: issue 1", DocSnippets.perPool(assistant, "gh-token", "jira-token"));
                assertEquals("Bearer gh-token", last(github).header("Authorization"));
                assertEquals("Bearer jira-token", last(jira).header("Authorization"));
            }

            try (McpPool small = pool("small", github, 1)) {
                DocSnippets.Assistant strict = DocSnippets.errorHandler(small, model);
                small.listTools();   // warm: only the tool call needs the one session
                try (PooledSession held = small.borrow()) {
                    assertFalse(held.isClosed());
                    assertThrows(PoolExhaustedException.class, () -> strict.chat("call echo {\"message\":\"x\"}"));
                }
            }

            try (McpPoolManager manager = McpPoolManager.create("replicas")) {
                manager.add("github", PoolConfig.builder().endpoint(github.endpoint()).build());
                manager.add("jira", PoolConfig.builder().endpoint(jira.endpoint()).build());
                manager.start();
                String answer = AiServices.builder(DocSnippets.Assistant.class).chatModel(model)
                        .toolProvider(DocSnippets.replicas(manager)).build().chat("call echo {\"message\":\"replicated\"}");
                assertEquals("echo: replicated", answer);
            }

            for (Map.Entry<McpClient, ToolProvider> swap : List.of(DocSnippets.before(jira.endpoint()),
                    DocSnippets.after(jira.endpoint()))) {
                try (McpClient client = swap.getKey()) {
                    String answer = AiServices.builder(DocSnippets.Assistant.class).chatModel(model)
                            .toolProvider(swap.getValue()).build().chat("call add {\"a\":1,\"b\":2}");
                    assertEquals("add: 3", answer, String.valueOf(client));
                }
            }
        }
    }

    private static RecordedRequest last(TestMcpServer server) {
        List<RecordedRequest> calls = server.toolCalls();
        return calls.get(calls.size() - 1);
    }

    private static McpPool pool(String name, TestMcpServer server, int maxSessions) {
        McpPool pool = McpPool.create(PoolConfig.builder().name(name).endpoint(server.endpoint())
                .minSessions(1).maxSessions(maxSessions).borrowTimeout(Duration.ofMillis(300)).build());
        pool.start();
        return pool;
    }

    /** The blocks the pattern's first group finds, each without the indentation its lines share. */
    private static List<String> blocks(String text, Pattern pattern) {
        List<String> blocks = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            List<String> lines = m.group(1).stripTrailing().lines().toList();
            int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
                    .min().orElse(0);
            blocks.add(String.join("\n", lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList()));
        }
        return blocks;
    }
}
