package io.mcpool.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The tap on a 2026-07-28 stdio server's output: every byte passes unchanged, log messages are handed on. */
class StdioLogTapTest {

    private static final String LOG = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\","
            + "\"params\":{\"level\":\"info\",\"data\":\"%s\"}}\n";

    @Test
    void passesEveryByteOnAndHandsOnEachLogMessageWhateverTheReadSizes() throws IOException {
        StringBuilder output = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            output.append(String.format(LOG, "log " + i));
            expected.add("log " + i);
            // An answer that quotes the method name is not a log message.
            output.append("{\"jsonrpc\":\"2.0\",\"id\":").append(i).append(",\"result\":{\"content\":[{\"type\":\"text\","
                    + "\"text\":\"\\\"notifications/message\\\" " + i + "\"}]}}\r\n");
        }
        output.append("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progress\":1}}\n");
        output.append("not json \"notifications/message\"\n");
        byte[] bytes = output.toString().getBytes(StandardCharsets.UTF_8);
        Random random = new Random(7);
        for (int round = 0; round < 20; round++) {
            List<Object> heard = new ArrayList<>();
            InputStream tap = new StdioLogTap(new ByteArrayInputStream(bytes), params -> heard.add(params.get("data")));
            ByteArrayOutputStream passed = new ByteArrayOutputStream();
            byte[] buffer = new byte[1 + random.nextInt(300)];
            while (true) {
                int n = random.nextInt(5) == 0 ? oneByte(tap, buffer) : tap.read(buffer, 0, 1 + random.nextInt(buffer.length));
                if (n < 0) {
                    break;
                }
                passed.write(buffer, 0, n);
            }
            assertArrayEquals(bytes, passed.toByteArray(), "every byte passed on unchanged");
            assertEquals(expected, heard, "each log message once, in order, and nothing else (read sizes up to "
                    + buffer.length + ")");
        }
    }

    @Test
    void aLineLongerThanTheLimitIsNotKeptAndTheNextLineIsReadAgain() throws IOException {
        String padding = "x".repeat(StdioLogTap.MAX_LINE);
        String longLog = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"level\":\"info\","
                + "\"data\":\"" + padding + "\"}}\n";
        byte[] bytes = (longLog + String.format(LOG, "after")).getBytes(StandardCharsets.UTF_8);
        List<Object> heard = new ArrayList<>();
        InputStream tap = new StdioLogTap(new ByteArrayInputStream(bytes), params -> heard.add(params.get("data")));
        assertEquals(bytes.length, tap.readAllBytes().length);
        assertEquals(List.of("after"), heard);
    }

    @Test
    void aFailingConsumerDoesNotReachTheReader() throws IOException {
        byte[] bytes = (String.format(LOG, "a") + String.format(LOG, "b")).getBytes(StandardCharsets.UTF_8);
        List<Object> heard = new ArrayList<>();
        InputStream tap = new StdioLogTap(new ByteArrayInputStream(bytes), params -> {
            heard.add(params.get("data"));
            throw new IllegalStateException("listener failed");
        });
        assertArrayEquals(bytes, tap.readAllBytes());
        assertEquals(List.of("a", "b"), heard);
    }

    private static int oneByte(InputStream in, byte[] into) throws IOException {
        int b = in.read();
        if (b < 0) {
            return -1;
        }
        into[0] = (byte) b;
        return 1;
    }
}
