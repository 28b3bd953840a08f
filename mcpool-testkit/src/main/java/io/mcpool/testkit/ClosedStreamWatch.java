package io.mcpool.testkit;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * A response of the 2026-07-28 server that notices when its client has gone: the SDK writes each event of a
 * response stream through {@link #getWriter()} and then asks {@link PrintWriter#checkError()}, which turns true once
 * a write met a closed connection. That is the client closing the request's stream, the revision's cancellation
 * over HTTP; {@code onClosed} is told once.
 */
final class ClosedStreamWatch extends HttpServletResponseWrapper {

    private final Runnable onClosed;

    private PrintWriter writer;

    ClosedStreamWatch(HttpServletResponse response, Runnable onClosed) {
        super(response);
        this.onClosed = onClosed;
    }

    @Override
    public synchronized PrintWriter getWriter() throws IOException {
        if (writer == null) {
            writer = new PrintWriter(super.getWriter()) {
                private boolean told;

                @Override
                public boolean checkError() {
                    boolean failed = super.checkError();
                    if (failed && !told) {
                        told = true;
                        onClosed.run();
                    }
                    return failed;
                }
            };
        }
        return writer;
    }
}
