package io.mcpool.jmx;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A separate JVM running {@link LoadedPoolApp} with the JDK's JMX RMI agent on loopback, as an
 * operator would start a production JVM: password authentication, an access file, owner-only
 * permissions on both. Closing it closes the child's stdin and, if it does not exit, kills it.
 */
final class JmxAgentJvm implements AutoCloseable {

    /** A user with {@code readwrite} access. */
    static final String OPERATOR = "operator";
    /** A user with {@code readonly} access. */
    static final String READONLY = "readonly";
    static final String OPERATOR_PASSWORD = "operator-pw-1";
    static final String READONLY_PASSWORD = "readonly-pw-2";

    private final Process process;
    private final int port;
    private final Path dir;

    private final Path stderr;

    private JmxAgentJvm(Process process, int port, Path dir, Path stderr) {
        this.process = process;
        this.port = port;
        this.dir = dir;
        this.stderr = stderr;
    }

    /**
     * Starts the child and waits until its pool is under load.
     *
     * @param appArgs the arguments of {@link LoadedPoolApp}
     */
    static JmxAgentJvm start(String... appArgs) throws Exception {
        Path dir = Files.createTempDirectory("mcpool-jmx-agent",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path password = ownerOnly(dir.resolve("jmxremote.password"),
                OPERATOR + " " + OPERATOR_PASSWORD + "\n" + READONLY + " " + READONLY_PASSWORD + "\n");
        Path access = ownerOnly(dir.resolve("jmxremote.access"), OPERATOR + " readwrite\n" + READONLY + " readonly\n");
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m",
                    "-Dcom.sun.management.jmxremote.port=" + port,
                    "-Dcom.sun.management.jmxremote.rmi.port=" + port,
                    "-Dcom.sun.management.jmxremote.host=127.0.0.1",
                    "-Djava.rmi.server.hostname=127.0.0.1",
                    "-Dcom.sun.management.jmxremote.ssl=false",
                    "-Dcom.sun.management.jmxremote.registry.ssl=false",
                    "-Dcom.sun.management.jmxremote.authenticate=true",
                    "-Dcom.sun.management.jmxremote.password.file=" + password,
                    "-Dcom.sun.management.jmxremote.access.file=" + access,
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dorg.slf4j.simpleLogger.log.io.mcpool.impl=debug", "-Dorg.slf4j.simpleLogger.showDateTime=true",
                    "-cp", testClassPath(),
                    LoadedPoolApp.class.getName()));
            command.addAll(List.of(appArgs));
            Path stderr = dir.resolve("stderr-" + attempt + ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            Process process = builder.start();
            if (awaitReady(process, Duration.ofSeconds(60))) {
                return new JmxAgentJvm(process, port, dir, stderr);
            }
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            last = new IOException("The child JVM did not get ready on port " + port + "; its stderr:\n"
                    + Files.readString(stderr));
        }
        throw last;
    }

    /** The address JConsole's "Remote Process" field takes as {@code 127.0.0.1:<port>}. */
    JMXServiceURL url() throws Exception {
        return new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
    }

    int port() {
        return port;
    }

    JMXConnector connect(String user, String password) throws Exception {
        return JMXConnectorFactory.connect(url(), Map.of(JMXConnector.CREDENTIALS, new String[] {user, password}));
    }

    /** @return what the child wrote to stderr so far, for failure messages */
    String stderr() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    Process process() {
        return process;
    }

    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }

    private static Path ownerOnly(Path file, String content) throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Surefire's forked JVM has the test class path here, whether or not it uses a manifest-only jar. */
    static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static boolean awaitReady(Process process, Duration timeout) throws InterruptedException {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the child is gone
            }
            lines.add("EOF");
        }, "child-stdout");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if ("READY".equals(line)) {
                return true;
            }
            if ("EOF".equals(line)) {
                return false;
            }
        }
        return false;
    }
}
