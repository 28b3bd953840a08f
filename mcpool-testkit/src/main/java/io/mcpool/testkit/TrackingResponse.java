package io.mcpool.testkit;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A response that reports the {@code Mcp-Session-Id} the SDK hands out (at the moment it sets the header, so
 * before the client can see it) and, when asked, keeps the body back so it can be rewritten.
 */
final class TrackingResponse extends HttpServletResponseWrapper {

    static final String SESSION_HEADER = "Mcp-Session-Id";

    private final Consumer<String> onSessionId;

    private final boolean capture;

    private final StringWriter text = new StringWriter();

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private PrintWriter writer;

    TrackingResponse(HttpServletResponse response, Consumer<String> onSessionId, boolean capture) {
        super(response);
        this.onSessionId = onSessionId;
        this.capture = capture;
    }

    @Override
    public void setHeader(String name, String value) {
        noteSession(name, value);
        super.setHeader(name, value);
    }

    @Override
    public void addHeader(String name, String value) {
        noteSession(name, value);
        super.addHeader(name, value);
    }

    private void noteSession(String name, String value) {
        if (SESSION_HEADER.equalsIgnoreCase(name) && value != null) {
            onSessionId.accept(value);
        }
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (!capture) {
            return super.getWriter();
        }
        if (writer == null) {
            writer = new PrintWriter(text);
        }
        return writer;
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (!capture) {
            return super.getOutputStream();
        }
        return new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                try {
                    listener.onWritePossible();
                } catch (IOException e) {
                    listener.onError(e);
                }
            }

            @Override
            public void write(int b) {
                synchronized (bytes) {
                    bytes.write(b);
                }
            }
        };
    }

    /** The body kept back so far (capture mode only). */
    String captured() {
        if (writer != null) {
            writer.flush();
        }
        synchronized (bytes) {
            return text + bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
