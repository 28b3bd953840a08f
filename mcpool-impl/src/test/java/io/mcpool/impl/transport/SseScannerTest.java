package io.mcpool.impl.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@link SseScanner} learns from the bytes of a response stream, however they are split into chunks. */
class SseScannerTest {

    private static SseScanner scanned(String stream, int chunkSize) {
        SseScanner scanner = new SseScanner();
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += chunkSize) {
            List<ByteBuffer> chunk = new ArrayList<>();
            int end = Math.min(bytes.length, i + chunkSize);
            int mid = (i + end) / 2; // two buffers per chunk, as the JDK delivers them
            chunk.add(ByteBuffer.wrap(bytes, i, mid - i).slice());
            chunk.add(ByteBuffer.wrap(bytes, mid, end - mid).slice());
            scanner.scan(chunk);
        }
        return scanner;
    }

    @Test
    void aPrimingEventThenTheAnswerInAnyChunking() {
        String stream = "id: s1_1\r\nretry: 400\r\ndata: \r\n\r\n"
                + "event: message\nid: s1_2\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\","
                + "\"params\":{\"result\":1,\"error\":2}}\n\n"
                + "event: message\nid: s1_3\ndata: {\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"method\":\"x\"}}\n\n";
        for (int size : new int[] {1, 2, 3, 7, 64, stream.length()}) {
            SseScanner scanner = scanned(stream, size);
            assertTrue(scanner.responseSeen(), "chunks of " + size);
            assertEquals("s1_3", scanner.lastEventId());
            assertEquals(400, scanner.retryMillis());
            assertEquals(3, scanner.events());
            assertTrue(scanner.betweenEvents());
        }
    }

    @Test
    void aRequestOrNotificationIsNotTheAnswerWhateverItsParamsSay() {
        SseScanner scanner = scanned("id: a\ndata: {\"method\":\"sampling/createMessage\",\"id\":3,"
                + "\"params\":{\"result\":{},\"text\":\"\\\"error\\\": {\"}}\n\n", 5);
        assertFalse(scanner.responseSeen());
        assertEquals("a", scanner.lastEventId());
        assertEquals(-1, scanner.retryMillis());
    }

    @Test
    void anAnswerSpreadOverDataLinesWithEscapesIsSeen() {
        SseScanner scanner = scanned("data: {\"jsonrpc\":\"2.0\",\"id\":1,\ndata: \"error\":{\"code\":-1,"
                + "\"message\":\"a \\\"method\\\" { [\"}}\n\n", 4);
        assertTrue(scanner.responseSeen());
        assertNull(scanner.lastEventId());
    }

    @Test
    void aStreamCutInsideAnEventIsNotBetweenEventsAndCommentsAreNoEvents() {
        SseScanner cut = scanned(": keepalive\n\nid: x\ndata: {\"jsonrpc\":\"2.0\",\"id\":1,\"res", 3);
        assertFalse(cut.betweenEvents());
        assertFalse(cut.responseSeen());
        assertEquals(0, cut.events(), "a comment is no event, the cut one did not end");
        assertEquals("x", cut.lastEventId());
        cut.startOver();
        assertTrue(cut.betweenEvents());

        SseScanner comments = scanned(": keepalive\n\n: again\n", 1);
        assertTrue(comments.betweenEvents());
        assertEquals(0, comments.events());
    }

    @Test
    void aRetryThatIsNotANumberIsIgnored() {
        assertEquals(-1, scanned("retry: soon\nid: 1\ndata: \n\n", 2).retryMillis());
        assertEquals(250, scanned("retry:250\n\n", 2).retryMillis());
    }

    @Test
    void eventsWithoutIdOrRetryCostNoAllocation() {
        StringBuilder stream = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            stream.append("event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",")
                    .append("\"params\":{\"progress\":").append(i).append("}}\n\n");
        }
        byte[] bytes = stream.toString().getBytes(StandardCharsets.UTF_8);
        List<ByteBuffer> chunk = List.of(ByteBuffer.wrap(bytes, 0, bytes.length / 2).slice(),
                ByteBuffer.wrap(bytes, bytes.length / 2, bytes.length - bytes.length / 2).slice());
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long allocated = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) { // the least of a few rounds: the JIT may allocate while compiling
            SseScanner scanner = new SseScanner();
            long before = threads.getThreadAllocatedBytes(thread);
            scanner.scan(chunk);
            allocated = Math.min(allocated, threads.getThreadAllocatedBytes(thread) - before);
            assertEquals(10_000, scanner.events());
        }
        assertTrue(allocated < 1024, allocated + " bytes allocated reading 10,000 events: something is allocated "
                + "per event");
    }
}
