package io.mcpool.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference MCP server {@code @modelcontextprotocol/server-everything} (pinned by
 * {@code mcpool-testkit/package-lock.json}), run with Node.js 20+ as a child process. Its output goes to the
 * SLF4J logger {@code io.mcpool.testkit.ServerEverything}.
 *
 * <p>Its echo tool answers {@code "Echo: <message>"}. When Node.js or the npm install is missing, every method
 * fails with an {@link IllegalStateException} that says what to install.
 *
 * <pre>{@code
 * try (ServerEverything server = ServerEverything.startStreamableHttp()) {
 *     var transport = HttpClientStreamableHttpTransport.builder(server.endpoint()).build();
 *     ...
 * }
 * }</pre>
 */
public final class ServerEverything implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServerEverything.class);

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private static final long KILL_GRACE_MILLIS = 3000;

    private final Process process;

    private final int port;

    private final boolean sse;

    private ServerEverything(Process process, int port, boolean sse) {
        this.process = process;
        this.port = port;
        this.sse = sse;
    }

    /**
     * @return the command line that runs server-everything over stdio ({@code node <install>/dist/index.js stdio}),
     *         e.g. for the SDK's {@code StdioClientTransport}
     */
    public static List<String> stdioCommand() {
        return List.of(NodeRuntime.node(), ServerEverythingInstall.entryScript().toString(), "stdio");
    }

    /**
     * Starts server-everything's streamable HTTP transport on a free port of 127.0.0.1 and waits until it accepts
     * connections.
     *
     * @return the running server; {@link #endpoint()} is {@code http://127.0.0.1:<port>/mcp}
     */
    public static ServerEverything startStreamableHttp() {
        return start("streamableHttp", false);
    }

    /**
     * Starts server-everything's legacy HTTP+SSE transport on a free port of 127.0.0.1 and waits until it accepts
     * connections.
     *
     * @return the running server; {@link #endpoint()} is the base URL, {@link #sseEndpoint()} {@code /sse}
     */
    public static ServerEverything startSse() {
        return start("sse", true);
    }

    private static ServerEverything start(String transport, boolean sse) {
        String node = NodeRuntime.node();
        String script = ServerEverythingInstall.entryScript().toString();
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            ProcessBuilder builder = new ProcessBuilder(node, "--import", NodeLoopback.importUrl(), script, transport);
            builder.environment().put("PORT", Integer.toString(port));
            // an HTTP server reads nothing on stdin: give it the null device
            builder.redirectInput(ProcessBuilder.Redirect.from(ProcessBuilder.Redirect.DISCARD.file()));
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start " + node + " " + script + ": "
                        + ServerEverythingInstall.WHAT_TO_INSTALL, e);
            }
            ProcessOutput output = new ProcessOutput(LOG, "server-everything " + transport + " pid " + process.pid());
            output.drain(process.getInputStream(), "stdout");
            output.drain(process.getErrorStream(), "stderr");
            try {
                awaitListening(process, port, output, transport);
                LOG.info("server-everything {} listening on 127.0.0.1:{} (pid {})", transport, port, process.pid());
                return new ServerEverything(process, port, sse);
            } catch (IllegalStateException e) {
                ProcessTree.kill(process, KILL_GRACE_MILLIS);
                last = e;
                if (!output.tail().contains("EADDRINUSE")) {
                    break;
                }
            }
        }
        throw last;
    }

    private static void awaitListening(Process process, int port, ProcessOutput output, String transport) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server-everything " + transport + " exited with code "
                        + process.exitValue() + " before listening on port " + port + "; its output:\n"
                        + output.tail());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                Sleep.of(Duration.ofMillis(50));
            }
        }
        throw new IllegalStateException("server-everything " + transport + " did not listen on port " + port
                + " within " + START_TIMEOUT + "; its output:\n" + output.tail());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on 127.0.0.1", e);
        }
    }

    /**
     * @return streamable HTTP: the MCP endpoint {@code http://127.0.0.1:<port>/mcp}; SSE: the base URL
     *         {@code http://127.0.0.1:<port>}
     */
    public String endpoint() {
        String base = "http://127.0.0.1:" + port;
        return sse ? base : base + "/mcp";
    }

    /** @return the SSE path, {@code /sse} (for the SSE transport) */
    public String sseEndpoint() {
        return "/sse";
    }

    /** @return the port on 127.0.0.1 */
    public int port() {
        return port;
    }

    /** @return the process's handle, e.g. to check that it is gone after {@link #close()} */
    public ProcessHandle process() {
        return process.toHandle();
    }

    /** Kills the server and every process it started, and waits until they are gone. */
    @Override
    public void close() {
        ProcessTree.kill(process, KILL_GRACE_MILLIS);
    }
}
