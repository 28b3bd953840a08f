package io.mcpool.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A main class of the test classpath run in a JVM of its own (as a separate application instance is),
 * talking over its standard streams: the test reads the lines it prints and sends it lines.
 */
public final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    /**
     * Starts {@code main} with this JVM's class path.
     *
     * @param main the class whose {@code main} runs
     * @param args its arguments
     * @throws IOException when the JVM cannot be started
     */
    public ChildJvm(Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", main.getName()));
        command.addAll(List.of(args));
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("stream closed: " + e);
            }
        }, main.getSimpleName() + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * @param prefix  how the line starts
     * @param seconds how long to wait for it
     * @return the first line starting with {@code prefix}
     * @throws InterruptedException when interrupted
     * @throws AssertionError when none comes in time, with everything the JVM printed
     */
    public String await(String prefix, long seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            String line = lines.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("no '" + prefix + "' line within " + seconds + " s; the JVM printed: " + seen);
            }
            seen.add(line);
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /**
     * @param line a line for the JVM's standard input
     * @throws IOException when the JVM is gone
     */
    public void send(String line) throws IOException {
        OutputStream out = process.getOutputStream();
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /**
     * SIGKILL: the JVM gets no chance to clean up.
     *
     * @throws InterruptedException when interrupted while waiting for it to end
     */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /** @return every line the JVM printed so far */
    public List<String> output() {
        lines.drainTo(seen);
        return seen;
    }

    /** Closes the JVM's input (a child ends on it) and waits for it to end, killing it after 10 s. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
