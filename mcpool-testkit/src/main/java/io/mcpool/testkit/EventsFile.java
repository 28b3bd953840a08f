package io.mcpool.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The events file of {@link StdioTestServer}: one line per event, appended, so that several server processes
 * can share one file and a test can count what they saw.
 */
final class EventsFile implements AutoCloseable {

    private final FileChannel channel;

    private EventsFile(FileChannel channel) {
        this.channel = channel;
    }

    /** Opens {@code path} for appending; {@code null} gives a file that records nothing. */
    static EventsFile open(Path path) {
        if (path == null) {
            return new EventsFile(null);
        }
        try {
            return new EventsFile(FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the events file " + path, e);
        }
    }

    /** Records the inbound requests worth counting: {@code initialize}, {@code tools/call <name>}, ... */
    void record(InboundMessage message) {
        if (message.isRequest()) {
            append(message.is("tools/call") ? "tools/call " + message.toolName() : message.method());
        }
    }

    /** Appends one line with a single write, which the OS keeps whole among concurrent appenders. */
    synchronized void append(String event) {
        if (channel == null) {
            return;
        }
        try {
            channel.write(ByteBuffer.wrap((event + "\n").getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the events file", e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }
}
