package io.mcpool.testkit;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Passes a stream through unchanged while handing each complete line to a listener, and tells when the
 * stream ends. Lets the stdio server see every JSON-RPC message before the SDK does.
 */
final class LineTapInputStream extends FilterInputStream {

    private final Consumer<String> onLine;

    private final Runnable onEnd;

    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    private boolean ended;

    LineTapInputStream(InputStream in, Consumer<String> onLine, Runnable onEnd) {
        super(in);
        this.onLine = onLine;
        this.onEnd = onEnd;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            end();
        } else {
            tap((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n < 0) {
            end();
        }
        for (int i = 0; i < n; i++) {
            tap(buffer[offset + i]);
        }
        return n;
    }

    private synchronized void tap(byte b) {
        if (b == '\n') {
            onLine.accept(line.toString(StandardCharsets.UTF_8));
            line.reset();
        } else {
            line.write(b);
        }
    }

    private synchronized void end() {
        if (!ended) {
            ended = true;
            onEnd.run();
        }
    }
}
