package io.mcpool.testkit;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.function.UnaryOperator;

/**
 * A writer in front of an SSE stream that passes on whole events only, each after {@code rewrite} has seen
 * it. Write errors of the stream (client gone) surface as {@link IOException}s, as the SDK expects.
 */
final class SseEventWriter extends Writer {

    private final PrintWriter stream;

    private final UnaryOperator<String> rewrite;

    private final StringBuilder pending = new StringBuilder();

    SseEventWriter(PrintWriter stream, UnaryOperator<String> rewrite) {
        this.stream = stream;
        this.rewrite = rewrite;
    }

    @Override
    public void write(char[] chars, int offset, int length) throws IOException {
        synchronized (lock) {
            pending.append(chars, offset, length);
            int end;
            while ((end = pending.indexOf("\n\n")) >= 0) {
                String event = pending.substring(0, end + 2);
                pending.delete(0, end + 2);
                stream.write(rewrite.apply(event));
            }
            check();
        }
    }

    /**
     * Writes an SSE comment between two events. A connection the client closed is only noticed by writing
     * to it; Jetty does not read an idle connection.
     *
     * @return whether the stream still took the write
     */
    boolean heartbeat() {
        synchronized (lock) {
            stream.write(": keepalive\n\n");
            stream.flush();
            return !stream.checkError();
        }
    }

    @Override
    public void flush() throws IOException {
        synchronized (lock) {
            stream.flush();
            check();
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            stream.close();
        }
    }

    private void check() throws IOException {
        if (stream.checkError()) {
            throw new IOException("SSE client disconnected");
        }
    }
}
