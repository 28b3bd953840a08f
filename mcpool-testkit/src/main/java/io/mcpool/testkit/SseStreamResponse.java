package io.mcpool.testkit;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.function.UnaryOperator;

/** The response of an SSE-mode stream, whose writer passes each event through a rewriter. */
final class SseStreamResponse extends HttpServletResponseWrapper {

    private final UnaryOperator<String> rewriter;

    private PrintWriter writer;

    private SseEventWriter events;

    SseStreamResponse(HttpServletResponse response, UnaryOperator<String> rewriter) {
        super(response);
        this.rewriter = rewriter;
    }

    @Override
    public synchronized PrintWriter getWriter() throws IOException {
        if (writer == null) {
            events = new SseEventWriter(super.getWriter(), rewriter);
            writer = new PrintWriter(events);
        }
        return writer;
    }

    /** The event writer, or {@code null} when the servlet never wrote (e.g. it refused the stream). */
    synchronized SseEventWriter events() {
        return events;
    }
}
