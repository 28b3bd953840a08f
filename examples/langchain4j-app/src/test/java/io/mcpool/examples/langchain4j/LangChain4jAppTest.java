package io.mcpool.examples.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.testkit.TestMcpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Runs the example against a testkit server, as {@code main} does without arguments. */
class LangChain4jAppTest {

    @Test
    void chatsThroughThePoolWithOneToolListForAllTurns() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            LangChain4jApp.run(server.endpoint(), 100, out);

            String printed = bytes.toString(StandardCharsets.UTF_8);
            assertTrue(printed.contains("turn 1: the server said: hello number 1\n"), printed);
            assertTrue(printed.contains("turn 100: the server said: hello number 100\n"), printed);
            assertTrue(printed.contains("100 chat turns: 101 sessions borrowed, 1 opened"), printed);
            assertEquals(1, server.toolsListCount());
            assertEquals(100, server.toolsCallCount());
            assertEquals("turn-100", server.toolCalls().get(99).header("X-Request-ID"));
        }
    }
}
