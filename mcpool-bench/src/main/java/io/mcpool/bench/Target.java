package io.mcpool.bench;

import io.mcpool.PoolConfig;
import io.mcpool.Protocol;
import io.mcpool.internal.Redactor;
import io.mcpool.testkit.StdioTestServer;
import io.mcpool.testkit.TestMcpServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One MCP server under test and the call made to it: a streamable-HTTP endpoint or a stdio command,
 * the headers to send, and the tool with its arguments. Builds what each contender needs: plain SDK
 * clients (each with its own transport, as an application without a pool builds them) and the
 * pool's configuration. A target may own an in-process server, which {@link #close()} stops.
 */
public final class Target implements AutoCloseable {

    /** The transport of a target. */
    public enum Kind {
        /** MCP streamable HTTP. */
        HTTP,
        /** MCP over a child process's stdin and stdout. */
        STDIO
    }

    /**
     * Bound on one MCP request of every contender, {@code initialize} included (the SDK bounds it
     * with the request timeout too): long enough for eight server processes started at once on a
     * busy two-core machine, short enough that a call the SDK never answers (one shared stdio
     * client under concurrency) costs half a minute, not more.
     */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Bound on connect + initialize: 32 processes spawned at once on a small machine take a while. */
    static final Duration INIT_TIMEOUT = Duration.ofSeconds(60);

    private final String label;
    private final Kind kind;
    private final String endpoint;
    private final List<String> command;
    private final Map<String, String> headers;
    private final String tool;
    private final Map<String, Object> arguments;
    private final AutoCloseable owned;

    private Target(String label, Kind kind, String endpoint, List<String> command, Map<String, String> headers,
            String tool, Map<String, Object> arguments, AutoCloseable owned) {
        this.label = label;
        this.kind = kind;
        this.endpoint = endpoint;
        this.command = command == null ? List.of() : List.copyOf(command);
        this.headers = Map.copyOf(headers);
        this.tool = Objects.requireNonNull(tool, "tool");
        this.arguments = Map.copyOf(arguments);
        this.owned = owned;
    }

    /**
     * Starts the testkit's streamable-HTTP server (MCP Java SDK on Jetty) in this JVM.
     *
     * @param toolLatency added before every tool call by the server
     * @return the target; closing it stops the server
     */
    public static Target inProcessHttp(Duration toolLatency) {
        TestMcpServer server = TestMcpServer.builder().toolLatency(toolLatency).build().start();
        return new Target("http in-process", Kind.HTTP, server.endpoint(), null, Map.of(), "echo",
                Map.of("message", "hi"), server);
    }

    /**
     * The testkit's stdio server as a child JVM per session.
     *
     * @param serial      the server serves one tool call at a time
     * @param toolLatency added before every tool call by the server
     * @return the target
     */
    public static Target inProcessStdio(boolean serial, Duration toolLatency) {
        List<String> args = new ArrayList<>();
        if (serial) {
            args.add("--serial");
        }
        if (!toolLatency.isZero()) {
            args.add("--tool-latency-ms");
            args.add(Long.toString(toolLatency.toMillis()));
        }
        List<String> command = StdioTestServer.command(args.toArray(String[]::new));
        return new Target("stdio testkit" + (serial ? " --serial" : ""), Kind.STDIO, null, command, Map.of(), "echo",
                Map.of("message", "hi"), null);
    }

    /**
     * @param endpoint  the streamable-HTTP URL
     * @param headers   sent on every request by every contender
     * @param tool      the tool to call
     * @param arguments its arguments
     * @return the target
     */
    public static Target http(String endpoint, Map<String, String> headers, String tool, Map<String, Object> arguments) {
        return new Target("http " + Redactor.redactUrl(endpoint), Kind.HTTP, endpoint, null, headers, tool, arguments,
                null);
    }

    /**
     * @param command   the executable and its arguments
     * @param tool      the tool to call
     * @param arguments its arguments
     * @return the target
     */
    public static Target stdio(List<String> command, String tool, Map<String, Object> arguments) {
        String exe = command.get(0);
        String shortName = exe.substring(Math.max(exe.lastIndexOf('/'), exe.lastIndexOf('\\')) + 1);
        return new Target("stdio " + shortName + (command.size() > 1 ? " ..." : ""), Kind.STDIO, null, command,
                Map.of(), tool, arguments, null);
    }

    /**
     * @param tool      the tool to call instead
     * @param arguments its arguments
     * @return the same server (and the same in-process server, closed by either) with another call
     */
    public Target withCall(String tool, Map<String, Object> arguments) {
        return new Target(label, kind, endpoint, command, headers, tool, arguments, owned);
    }

    /**
     * @param url another URL of the same HTTP server, e.g. through a proxy in front of it
     * @return the same target (label, headers, call) at {@code url}; closing it closes nothing
     */
    public Target at(String url) {
        if (kind != Kind.HTTP) {
            throw new IllegalStateException("only an HTTP target has a URL; " + label + " is " + kind);
        }
        return new Target(label, kind, url, command, headers, tool, arguments, null);
    }

    /** @return the streamable-HTTP URL, or null for stdio */
    public String endpoint() {
        return endpoint;
    }

    /**
     * @param server an external server process (e.g. server-everything) to stop with this target
     * @return the same target, owning {@code server}
     */
    public Target owning(AutoCloseable server) {
        return new Target(label, kind, endpoint, command, headers, tool, arguments, server);
    }

    /** @return a short name for tables and charts, with no credential in it */
    public String label() {
        return label;
    }

    /** @return the transport */
    public Kind kind() {
        return kind;
    }

    /** @return the tool called */
    public String tool() {
        return tool;
    }

    /** @return its arguments */
    public Map<String, Object> arguments() {
        return arguments;
    }

    /** @return the names of the headers sent (never their values) */
    public List<String> headerNames() {
        return List.copyOf(headers.keySet());
    }

    /** @return the request every contender sends */
    public McpSchema.CallToolRequest request() {
        return McpSchema.CallToolRequest.builder(tool).arguments(arguments).build();
    }

    /**
     * A transport of its own, as an application without a pool builds it: for HTTP with its own
     * {@code HttpClient}; for stdio a new process once connected.
     *
     * @return a new, unconnected transport
     */
    public McpClientTransport newTransport() {
        if (kind == Kind.STDIO) {
            ServerParameters params = ServerParameters.builder(command.get(0))
                    .args(command.subList(1, command.size())).build();
            StdioClientTransport transport = new StdioClientTransport(params, McpJsonDefaults.getMapper());
            transport.setStdErrorHandler(line -> { });
            return transport;
        }
        URI uri = URI.create(endpoint);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        HttpClientStreamableHttpTransport.Builder builder = HttpClientStreamableHttpTransport
                .builder(uri.getScheme() + "://" + uri.getRawAuthority()).endpoint(path);
        if (!headers.isEmpty()) {
            builder.addHttpRequestCustomizer((request, method, u, body, context) -> headers.forEach(request::setHeader));
        }
        return builder.build();
    }

    /**
     * A new client, connected and initialized.
     *
     * @return the client; the caller closes it
     */
    public McpSyncClient newClient() {
        McpSyncClient client = McpClient.sync(newTransport()).requestTimeout(REQUEST_TIMEOUT)
                .initializationTimeout(INIT_TIMEOUT).build();
        try {
            client.initialize();
            return client;
        } catch (RuntimeException e) {
            closeQuietly(client);
            throw e;
        }
    }

    /**
     * @param name     the pool's name
     * @param sessions {@code minSessions} and {@code maxSessions}
     * @return a pool configuration for this target, every session warmed by {@code start()}, speaking the
     *     session-based revision (the default {@code protocol=legacy})
     */
    public PoolConfig poolConfig(String name, int sessions) {
        return poolConfig(name, sessions, Protocol.LEGACY);
    }

    /**
     * @param name     the pool's name
     * @param sessions {@code minSessions} and {@code maxSessions}
     * @param protocol the revision to speak
     * @return a pool configuration for this target, every session warmed by {@code start()}
     */
    public PoolConfig poolConfig(String name, int sessions, Protocol protocol) {
        PoolConfig.Builder b = PoolConfig.builder().name(name).minSessions(sessions).maxSessions(sessions)
                .protocol(protocol)
                .requestTimeout(REQUEST_TIMEOUT).connectTimeout(INIT_TIMEOUT).borrowTimeout(INIT_TIMEOUT);
        if (kind == Kind.STDIO) {
            b.stdio(command);
        } else {
            b.endpoint(endpoint).headers(new LinkedHashMap<>(headers));
        }
        return b.build();
    }

    /**
     * Closes a client without throwing: gracefully (stdio: the process ends), else at once.
     *
     * @param client the client, may be null
     */
    public static void closeQuietly(McpSyncClient client) {
        if (client == null) {
            return;
        }
        try {
            if (!client.closeGracefully()) {
                client.close();
            }
        } catch (RuntimeException e) {
            // Gone either way.
        }
    }

    /** Stops the in-process server this target owns, if any. */
    @Override
    public void close() {
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                // Nothing left to measure.
            }
        }
    }

    @Override
    public String toString() {
        return label;
    }
}
