package io.mcpool.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;

/**
 * Copies a child process's output, line by line, to an SLF4J logger (not the console) and keeps the last lines
 * for error messages.
 */
final class ProcessOutput {

    private static final int KEPT_LINES = 40;

    private final Logger logger;

    private final String prefix;

    private final Deque<String> last = new ArrayDeque<>();

    ProcessOutput(Logger logger, String prefix) {
        this.logger = logger;
        this.prefix = prefix;
    }

    /** Starts a daemon thread that drains {@code stream} until it ends. */
    void drain(InputStream stream, String name) {
        Thread thread = new Thread(() -> copy(stream), prefix + " " + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void copy(InputStream stream) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                keep(line);
                logger.info("[{}] {}", prefix, line);
            }
        } catch (IOException e) {
            logger.debug("[{}] output closed: {}", prefix, e.toString());
        }
    }

    private synchronized void keep(String line) {
        last.addLast(line);
        if (last.size() > KEPT_LINES) {
            last.removeFirst();
        }
    }

    /** The last lines of output, oldest first. */
    synchronized String tail() {
        return String.join("\n", last);
    }
}
