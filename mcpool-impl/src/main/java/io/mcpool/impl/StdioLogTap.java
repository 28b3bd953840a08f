package io.mcpool.impl;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log messages of a stdio server of the stateless revision 2026-07-28, taken from its output for the pool. The
 * server writes a request's {@code notifications/message} before its answer, on the one pipe; MCP Java SDK 2.2.0's
 * stdio transport of that revision hands a request only its progress and drops the rest ("belongs to no open
 * request"). The pool starts the process itself and gives the SDK its output through this stream, which passes every
 * byte on unchanged and hands the {@code params} of each line that is a log message to a consumer, on the SDK's
 * reading thread, before the SDK reads the answer that follows it. Lines are kept only until their end and only up to
 * {@value #MAX_LINE} bytes (a longer line is an answer, not a log message worth a copy).
 */
final class StdioLogTap extends FilterInputStream {

    private static final Logger LOG = LoggerFactory.getLogger(StdioLogTap.class);
    private static final McpJsonMapper JSON = McpJsonDefaults.getMapper();
    private static final String METHOD = "notifications/message";
    private static final byte[] QUOTED_METHOD = ('"' + METHOD + '"').getBytes(StandardCharsets.US_ASCII);
    /** The longest line looked at. */
    static final int MAX_LINE = 64 * 1024;

    private final Consumer<Map<String, Object>> logs;
    /** The byte of a one-byte {@link #read()}, so that it allocates nothing (one reading thread). */
    private final byte[] single = new byte[1];
    private byte[] line = new byte[256];
    /** Bytes of the current line so far, or -1 when it grew past {@link #MAX_LINE} (skipped up to its end). */
    private int length;

    /**
     * @param out  the server's standard output
     * @param logs told the {@code params} of each log message, in the order the server wrote them
     */
    StdioLogTap(InputStream out, Consumer<Map<String, Object>> logs) {
        super(out);
        this.logs = logs;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            single[0] = (byte) b;
            take(single, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            take(b, off, n);
        }
        return n;
    }

    /** Skipped bytes would not be seen: read them instead. */
    @Override
    public long skip(long n) throws IOException {
        byte[] sink = new byte[(int) Math.min(Math.max(n, 0), 8192)];
        int read = read(sink, 0, sink.length);
        return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void take(byte[] b, int off, int n) {
        int end = off + n;
        for (int start = off; start < end;) {
            int newline = start;
            while (newline < end && b[newline] != '\n') {
                newline++;
            }
            keep(b, start, newline - start);
            if (newline == end) {
                return;
            }
            if (length > 0) {
                lineEnded();
            }
            length = 0;
            start = newline + 1;
        }
    }

    private void keep(byte[] b, int from, int count) {
        if (length < 0 || count == 0) {
            return;
        }
        if (length + count > MAX_LINE) {
            length = -1;
            return;
        }
        if (length + count > line.length) {
            line = Arrays.copyOf(line, Math.min(MAX_LINE, Math.max(line.length * 2, length + count)));
        }
        System.arraycopy(b, from, line, length, count);
        length += count;
    }

    private void lineEnded() {
        if (!contains(line, length, QUOTED_METHOD)) {
            return;
        }
        try {
            Map<?, ?> message = JSON.readValue(Arrays.copyOf(line, length), Map.class);
            if (METHOD.equals(message.get("method")) && !message.containsKey("id")
                    && message.get("params") instanceof Map<?, ?> params) {
                @SuppressWarnings("unchecked")
                Map<String, Object> given = (Map<String, Object>) params;
                logs.accept(given);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("A line of a stdio server's output that looked like a log message was not one", e);
        }
    }

    private static boolean contains(byte[] haystack, int length, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
