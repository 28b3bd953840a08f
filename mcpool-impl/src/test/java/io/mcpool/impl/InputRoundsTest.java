package io.mcpool.impl;

import static io.mcpool.impl.TestPools.config;
import static io.mcpool.impl.TestPools.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.BorrowOptions;
import io.mcpool.McpPool;
import io.mcpool.PooledSession;
import io.mcpool.Protocol;
import io.mcpool.spi.RootsHandler;
import io.mcpool.testkit.TestMcpServer;
import io.modelcontextprotocol.modern.client.McpInputRoundsExceededException;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What only the stateless revision 2026-07-28 has: a call that goes through several input rounds, the limit on
 * them, a handler that fails between rounds, a prompt's rounds, and a tool call's progress, against the SDK's server of that revision. Who answers, defaults,
 * URL mode and unadvertised capabilities are {@link ClientCapabilitiesTest}'s scenarios, run against both revisions.
 */
class InputRoundsTest {

    @Test
    void aCallGoesThroughAsManyRoundsAsTheLimitAndOneMoreFailsNamingItWhileTheLeaseStaysUsable() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        try (TestMcpServer server = TestMcpServer.builder().clientFeatureTools().mode(TestMcpServer.Mode.HTTP_2026_07_28)
                .build().start();
                McpPool pool = McpPool.create(config(server).protocol(Protocol.STATELESS_2026_07_28).maxSessions(1)
                        .elicitationHandler(request -> new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT,
                                Map.of("name", "round" + asked.incrementAndGet()))).build())) {
            pool.start();
            assertTrue(pool.listTools().stream().anyMatch(t -> t.name().equals("elicit")),
                    "a listing carries the pool's capabilities in its _meta too");
            try (PooledSession s = pool.borrow()) {
                assertEquals("action=accept content={color=blue, name=round" + InputRounds.MAX_ROUNDS + ", size=3}",
                        text(s.callTool("elicit", Map.of("rounds", InputRounds.MAX_ROUNDS))));
                assertEquals(InputRounds.MAX_ROUNDS, asked.get(), "one question per round, each answered");

                asked.set(0);
                McpInputRoundsExceededException tooMany = assertThrows(McpInputRoundsExceededException.class,
                        () -> s.callTool("elicit", Map.of("rounds", InputRounds.MAX_ROUNDS + 1)));
                assertEquals("Pool 'test': tools/call elicit still asked for input after " + InputRounds.MAX_ROUNDS
                        + " input rounds, the limit of a call (each round answered by the lease's handlers)",
                        tooMany.getMessage());
                assertEquals(InputRounds.MAX_ROUNDS, tooMany.maxRounds());
                assertEquals(InputRounds.MAX_ROUNDS, asked.get());

                String handle = s.sessionId();
                assertEquals("action=accept content={color=blue, name=round" + (InputRounds.MAX_ROUNDS + 1)
                        + ", size=3}", text(s.callTool("elicit", Map.of())), "the lease still works");
                assertEquals(handle, s.sessionId(), "an answered call keeps its handle");
            }
            assertEquals(0, pool.metrics().sessionsDestroyed(), "no handle was retired for a server's answer");
        }
    }

    @Test
    void aPromptsInputRoundsAreAnsweredByTheLeaseToo() throws Exception {
        try (TestMcpServer server = TestMcpServer.builder().clientFeatureTools().mode(TestMcpServer.Mode.HTTP_2026_07_28)
                .build().start();
                McpPool pool = McpPool.create(config(server).protocol(Protocol.STATELESS_2026_07_28).maxSessions(1)
                        .rootsHandler(RootsHandler.of(List.of(new McpSchema.Root("file:///pool", "pool")))).build())) {
            pool.start();
            try (PooledSession s = pool.borrow(BorrowOptions.builder()
                    .rootsHandler(RootsHandler.of(List.of(new McpSchema.Root("file:///mine", "mine")))).build())) {
                assertEquals("work within file:///mine", promptText(s.getPrompt("roots", Map.of())));
            }
            try (PooledSession s = pool.borrow()) {
                assertEquals("work within file:///pool", promptText(s.getPrompt("roots", Map.of())));
            }
        }
    }

    private static String promptText(McpSchema.GetPromptResult result) {
        return ((McpSchema.TextContent) result.messages().get(0).content()).text();
    }

    @Test
    void progressAndLogsReachTheLeasesListeners() throws Exception {
        List<McpSchema.ProgressNotification> heard = new CopyOnWriteArrayList<>();
        List<Object> logs = new CopyOnWriteArrayList<>();
        try (TestMcpServer server = TestMcpServer.builder().clientFeatureTools().mode(TestMcpServer.Mode.HTTP_2026_07_28)
                .build().start();
                McpPool pool = McpPool.create(config(server).protocol(Protocol.STATELESS_2026_07_28).maxSessions(1)
                        .build())) {
            pool.start();
            String token;
            try (PooledSession s = pool.borrow(BorrowOptions.builder().progressListener(heard::add)
                    .loggingListener(n -> logs.add(n.data())).build())) {
                String answer = text(s.callTool("progress", Map.of("steps", 3, "log", "mine")));
                assertTrue(answer.startsWith("steps=3 token=") && !answer.endsWith("token=null"), answer);
                token = answer.substring("steps=3 token=".length());
            }
            assertEquals(List.of(1.0, 2.0, 3.0), heard.stream().map(McpSchema.ProgressNotification::progress).toList());
            assertTrue(heard.stream().allMatch(n -> token.equals(String.valueOf(n.progressToken()))), heard::toString);
            assertEquals(List.of("mine"), logs);
            try (PooledSession s = pool.borrow()) { // the same handle, a lease without a listener
                assertEquals("steps=2 token=null", text(s.callTool("progress", Map.of("steps", 2, "log", "other"))));
            }
            assertEquals(3, heard.size(), "the earlier lease heard nothing more");
            assertEquals(List.of("mine"), logs, "nor its logs");
        }
    }

    @Test
    void aHandlerThatFailsFailsTheCallWithAJsonRpcErrorNamingTheHandler() throws Exception {
        try (TestMcpServer server = TestMcpServer.builder().clientFeatureTools().mode(TestMcpServer.Mode.HTTP_2026_07_28)
                .build().start();
                McpPool pool = McpPool.create(config(server).protocol(Protocol.STATELESS_2026_07_28)
                        .samplingHandler(request -> {
                            throw new IllegalStateException("no model today");
                        }).build())) {
            pool.start();
            try (PooledSession s = pool.borrow()) {
                McpError failed = assertThrows(McpError.class, () -> s.callTool("sample", Map.of("prompt", "hi")));
                assertTrue(failed.getMessage().startsWith("The sampling/createMessage handler of pool 'test' failed on"
                        + " input request 'sample': "), failed.getMessage());
                assertTrue(failed.getMessage().contains("no model today"), failed.getMessage());
            }
        }
    }
}
