package io.mcpool.testkit;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} process of the test's own, on a free port of 127.0.0.1, with a temporary
 * directory and no persistence: not the machine's Redis service. It can be killed and started again on
 * the same port (an outage). Needs {@code redis-server} on the PATH (Debian: {@value #WHAT_TO_INSTALL}).
 */
public final class TestRedisServer implements AutoCloseable {

    /** What to install when {@code redis-server} is missing. */
    public static final String WHAT_TO_INSTALL = "apt-get install redis-server";

    private final String binary;
    private final int port;
    private final Path dir;
    private Process process;
    private final List<String> output = new ArrayList<>();

    private TestRedisServer(String binary, int port, Path dir) {
        this.binary = binary;
        this.port = port;
        this.dir = dir;
    }

    /**
     * Starts a server on a free port.
     *
     * @return the running server
     * @throws IllegalStateException when {@code redis-server} is not installed, saying what to install
     */
    public static TestRedisServer start() {
        String binary = locate();
        try (ServerSocket socket = new ServerSocket(0)) {
            TestRedisServer server = new TestRedisServer(binary, socket.getLocalPort(),
                    Files.createTempDirectory("mcpool-redis-"));
            socket.close();
            server.restart();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start redis-server", e);
        }
    }

    private static String locate() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, "redis-server");
                if (Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        throw new IllegalStateException("redis-server is not on the PATH, but the Redis tests need a real one: "
                + WHAT_TO_INSTALL);
    }

    /** @return the port, the same across restarts */
    public int port() {
        return port;
    }

    /** @return {@code redis://127.0.0.1:<port>} */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /**
     * Starts the server (again) on its port and waits until it accepts connections; after a
     * {@link #kill()} it starts empty, as a restarted Redis without persistence does.
     *
     * @throws IllegalStateException when it does not become ready within 20 s
     */
    public synchronized void restart() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("redis-server is running on port " + port);
        }
        List<String> command = List.of(binary, "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--save", "", "--appendonly", "no", "--daemonize", "no",
                "--protected-mode", "yes", "--loglevel", "notice");
        CountDownLatch ready = new CountDownLatch(1);
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + binary, e);
        }
        Process started = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(started.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (output) {
                        output.add(line);
                    }
                    if (line.contains("Ready to accept connections")) {
                        ready.countDown();
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "redis-server-" + port + "-output");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!ready.await(20, TimeUnit.SECONDS)) {
                kill();
                throw new IllegalStateException("redis-server on port " + port + " was not ready within 20 s: "
                        + output());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new IllegalStateException("interrupted while starting redis-server", e);
        }
    }

    /** SIGKILL: the server ends at once, as a crashed one does, and its data is gone. */
    public synchronized void kill() {
        if (process != null) {
            try {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** @return what the server printed so far */
    public List<String> output() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    /** Kills the server and deletes its directory. */
    @Override
    public void close() {
        kill();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: the system cleans it up
        }
    }
}
