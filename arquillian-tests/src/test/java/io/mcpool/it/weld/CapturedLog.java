package io.mcpool.it.weld;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Every java.util.logging line (where SLF4J logs in these tests), mcpool's DEBUG lines included, formatted as a
 * console would show them: what the secrets sweeps search. Install it before Weld boots the extension.
 */
final class CapturedLog extends Handler {

    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    private final SimpleFormatter format = new SimpleFormatter();

    /** @return a capture on the root logger, every level, with mcpool's loggers at every level too */
    static CapturedLog install() {
        CapturedLog log = new CapturedLog();
        log.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(log);
        Logger.getLogger("io.mcpool").setLevel(Level.ALL);
        return log;
    }

    /** Stops capturing. */
    void remove() {
        Logger.getLogger("").removeHandler(this);
    }

    /** @return the lines captured so far */
    List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void publish(LogRecord record) {
        lines.add(format.format(record));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
