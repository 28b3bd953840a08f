package io.mcpool.testkit;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real MCP server (the MCP Java SDK server on Jetty) running in the test's JVM on {@code 127.0.0.1}, with
 * knobs for latency and faults and counters of what it received.
 *
 * <p>Tools: {@code echo}, {@code add}, {@code fail}, {@code slow}, {@code whoami} and {@code extraTools}
 * generated ones ({@code tool-000}, ...); resource {@code test://hello}; prompt {@code greeting}.
 *
 * <pre>{@code
 * try (TestMcpServer server = TestMcpServer.builder().pageSize(2).build().start()) {
 *     String url = server.endpoint();             // http://127.0.0.1:<port>/mcp
 *     server.toolsListLatency(Duration.ofMillis(200));
 *     ...
 *     assertEquals(1, server.toolsListCount());
 * }
 * }</pre>
 *
 * <p>All methods are thread-safe; knobs take effect for the next request.
 */
public final class TestMcpServer implements AutoCloseable {

    /** The MCP transport a {@link TestMcpServer} speaks. */
    public enum Mode {
        /** Streamable HTTP with sessions ({@code Mcp-Session-Id}) at {@code /mcp}. */
        STREAMABLE_HTTP,
        /** Streamable HTTP without sessions at {@code /mcp}: every request stands alone. */
        STATELESS_HTTP,
        /** The legacy HTTP+SSE transport: SSE stream at {@code /sse}, messages POSTed to {@code /message}. */
        SSE,
        /**
         * The stateless MCP revision 2026-07-28 at {@code /mcp}: the SDK's {@code io.modelcontextprotocol.modern}
         * server. No {@code initialize} and no sessions: every request carries the protocol version and the
         * client's capabilities in {@code params._meta} (and the {@code Mcp-Method}, {@code MCP-Protocol-Version}
         * headers), and {@code server/discover} tells what the server offers. A session-based client's
         * {@code initialize} is refused with JSON-RPC error -32022 "Unsupported protocol version" (HTTP 400), whose
         * data lists the versions the server supports.
         */
        HTTP_2026_07_28
    }

    private final Mode mode;

    private final McpJsonMapper json = McpJsonDefaults.getMapper();

    private final ServerKnobs knobs;

    private final TrafficRecorder recorder = new TrafficRecorder();

    private final Cancellations cancellations = new Cancellations(c -> { });

    private final SessionLedger sessions = new SessionLedger();

    private final List<TestTool> tools;

    private final ToolInvoker invoker;

    private final BearerAuth bearerAuth;

    private final TestTls tls;

    private final boolean clientFeatureTools;

    private int port;

    private JettyHost host;

    private final AtomicInteger toolCallsRunning = new AtomicInteger();

    private final AtomicInteger maxToolCallsRunning = new AtomicInteger();

    private SdkServer sdk;

    private TestMcpServer(Builder builder) {
        this.mode = builder.mode;
        this.port = builder.port;
        this.knobs = new ServerKnobs(builder.pageSize, builder.toolLatency);
        this.tools = new CopyOnWriteArrayList<>(TestToolCatalog.tools(builder.extraTools));
        if (builder.cancellableTool) {
            tools.add(TestToolCatalog.untilCancelled(cancellations));
        }
        this.invoker = new ToolInvoker(knobs::toolLatency, null, new ToolInvoker.Runs() {
            @Override
            public void started(String tool) {
                int now = toolCallsRunning.incrementAndGet();
                maxToolCallsRunning.accumulateAndGet(now, Math::max);
            }

            @Override
            public void finished(String tool) {
                toolCallsRunning.decrementAndGet();
            }
        });
        this.bearerAuth = builder.bearerAuth;
        this.tls = builder.tls;
        this.clientFeatureTools = builder.clientFeatureTools;
    }

    /** @return a builder with the defaults: streamable HTTP, any free port, no extra tools, no paging, no latency */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts serving. After {@link #stop()} it starts again on the same port.
     *
     * @return this server
     * @throws IllegalStateException when the port cannot be bound
     */
    public synchronized TestMcpServer start() {
        if (host != null) {
            return this;
        }
        SdkServer server = SdkServers.create(mode, json, List.copyOf(tools), invoker, knobs, clientFeatureTools);
        McpTrafficFilter filter = new McpTrafficFilter(mode, json, recorder, sessions, knobs, cancellations);
        List<jakarta.servlet.Filter> filters = bearerAuth == null ? List.of(filter)
                : List.of(new BearerAuthFilter(bearerAuth, json), filter);
        try {
            host = JettyHost.start(port, server.servlet(), tls, filters);
        } catch (RuntimeException e) {
            server.close().run();
            throw e;
        }
        sdk = server;
        port = host.port();
        return this;
    }

    /**
     * Stops serving, as if the server process died: connections drop and every server-side session is lost.
     * The port is kept for {@link #start()}. Does nothing when not running.
     */
    public synchronized void stop() {
        if (host == null) {
            return;
        }
        host.stop();
        try {
            sdk.close().run();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(TestMcpServer.class).debug("closing the SDK server failed", e);
        }
        host = null;
        sdk = null;
        sessions.closeAll();
    }

    /**
     * Stops and starts again on the same port: a fresh SDK server that knows none of the old sessions, so a
     * client still using an old {@code Mcp-Session-Id} gets the SDK's 404 answer. Counters are kept.
     */
    public synchronized void restart() {
        stop();
        start();
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** @return whether the server is serving now */
    public synchronized boolean isRunning() {
        return host != null;
    }

    /** @return the transport this server speaks */
    public Mode mode() {
        return mode;
    }

    /**
     * @return the port; after {@link #start()} the bound one, also while stopped
     * @throws IllegalStateException when the server was never started and was built with port 0
     */
    public synchronized int port() {
        if (port == 0) {
            throw new IllegalStateException("the test MCP server has no port yet: start() it first");
        }
        return port;
    }

    /**
     * @return for {@link Mode#STREAMABLE_HTTP}, {@link Mode#STATELESS_HTTP} and {@link Mode#HTTP_2026_07_28} the MCP
     *         endpoint {@code http://127.0.0.1:<port>/mcp}; for {@link Mode#SSE} the base URL {@code http://127.0.0.1:<port>}
     *         (the SSE path is {@link #sseEndpoint()}); {@code https} when built with {@link Builder#tls(TestTls)}
     */
    public String endpoint() {
        String base = (tls == null ? "http" : "https") + "://127.0.0.1:" + port();
        return mode == Mode.SSE ? base : base + SdkServers.MCP_PATH;
    }

    /** @return the SSE path for the SSE client transport, {@code /sse} */
    public String sseEndpoint() {
        return SdkServers.SSE_PATH;
    }

    /**
     * Adds this much latency to every {@code tools/call}, before the tool runs.
     *
     * @param latency zero for none
     */
    public void toolLatency(Duration latency) {
        knobs.toolLatency(latency);
    }

    /**
     * Delays each {@code tools/list} request this long before the server handles it, e.g. so that many
     * concurrent callers overlap.
     *
     * @param latency zero for none
     */
    public void toolsListLatency(Duration latency) {
        knobs.toolsListLatency(latency);
    }

    /**
     * What the {@link Mode#HTTP_2026_07_28} server says of its {@code tools/list} pages' freshness from now on
     * (other modes have no such fields).
     *
     * @param ttlMs        the pages' {@code ttlMs}; null for none (the SDK server's default)
     * @param privateScope true: {@code cacheScope: private} (the listing is for the identity asking only); false:
     *                     {@code cacheScope: public} (the same for every caller). Until this is called the pages carry
     *                     the SDK server's default, {@code private}
     */
    public void toolsListCaching(Long ttlMs, boolean privateScope) {
        knobs.toolsListCaching(ttlMs, privateScope);
    }

    /**
     * What the {@link Mode#HTTP_2026_07_28} server says from now on of the freshness of its prompts, resources and
     * resource-templates listings and of its resource reads (other modes have no such fields). Until this is called
     * they carry the SDK server's defaults. With {@link #privateToolPerCaller(String)} a private answer also names
     * its caller: one more resource ({@code test://private/<caller>}), template and prompt named
     * {@code private-for-<caller>}, and the text of {@code test://hello} becomes {@code hello, <caller>}.
     *
     * @param ttlMs        their {@code ttlMs}; null for none
     * @param privateScope true: {@code cacheScope: private}; false: {@code public}
     */
    public void readsCaching(Long ttlMs, boolean privateScope) {
        knobs.readsCaching(ttlMs, privateScope);
    }

    /**
     * {@link Mode#HTTP_2026_07_28}: tells every {@code subscriptions/listen} stream that asked for them that the
     * prompts listing changed.
     *
     * @throws UnsupportedOperationException on other modes
     */
    public synchronized void notifyPromptsListChanged() {
        if (sdk != null) {
            sdk.notifyListChanged().accept("prompts");
        }
    }

    /**
     * {@link Mode#HTTP_2026_07_28}: tells every {@code subscriptions/listen} stream that asked for them that the
     * resources listing changed.
     *
     * @throws UnsupportedOperationException on other modes
     */
    public synchronized void notifyResourcesListChanged() {
        if (sdk != null) {
            sdk.notifyListChanged().accept("resources");
        }
    }

    /**
     * From now on a {@code cacheScope: private} listing of the {@link Mode#HTTP_2026_07_28} server also lists a tool
     * named {@code private-for-<caller>} (after the other tools, on the last page), {@code <caller>} being the value
     * of the request's header {@code header} (letters, digits and {@code -} kept, any other character {@code _};
     * {@code nobody} without the header). So each caller's private listing differs, and one served to another caller
     * shows. A {@code public} listing has no such tool.
     *
     * @param header the header naming the caller (e.g. one an {@code AuthProvider} sets per tenant); null: no such tool
     */
    public void privateToolPerCaller(String header) {
        knobs.privateToolPerCaller(header);
    }

    /**
     * @param caller the value of the header given to {@link #privateToolPerCaller(String)}, null for none
     * @return the name of the extra tool of that caller's private listings
     */
    public static String privateToolOf(String caller) {
        return ModernFeatures.PRIVATE_TOOL_PREFIX + ModernFeatures.callerName(caller);
    }

    /**
     * Makes the next {@code count} {@code tools/list} requests fail with a JSON-RPC error (code -32603);
     * replaces any count still pending.
     *
     * @param count how many to fail; 0 cancels
     */
    public void failNextToolsList(int count) {
        knobs.failNextToolsList(count);
    }

    /**
     * Answers the next {@code count} {@code tools/call} requests with HTTP 429 and a {@code Retry-After}
     * header of {@code retryAfter} (whole seconds, at least 1), as a throttling server or gateway does.
     * The requests are still recorded.
     *
     * @param count      how many calls to refuse
     * @param retryAfter what to ask the client to wait
     */
    public void throttleNextCalls(int count, Duration retryAfter) {
        knobs.throttleNextCalls(count, retryAfter);
    }

    /**
     * Registers a new tool that answers {@code "<name>: <value>"} and, on a running session-based server,
     * sends {@code notifications/tools/list_changed} to the connected sessions ({@link Mode#HTTP_2026_07_28}: the
     * change to its {@code subscriptions/listen} streams). The tool stays across restarts.
     *
     * @param name the tool's name
     */
    public synchronized void addTool(String name) {
        Objects.requireNonNull(name, "name");
        TestTool tool = TestToolCatalog.generated(name);
        tools.add(tool);
        if (sdk != null) {
            sdk.addTool().accept(tool);
        }
    }

    /**
     * Sends {@code notifications/tools/list_changed} to every connected session (none in {@link Mode#STATELESS_HTTP});
     * {@link Mode#HTTP_2026_07_28}: to every {@code subscriptions/listen} stream that asked for tools-list changes.
     */
    public synchronized void notifyToolsListChanged() {
        if (sdk != null) {
            sdk.notifyToolsListChanged().run();
        }
    }

    /** @return {@code initialize} requests received */
    public int initializeCount() {
        return recorder.initializeCount();
    }

    /** @return {@code tools/list} requests received (failed and paged ones included, one per page) */
    public int toolsListCount() {
        return recorder.toolsListCount();
    }

    /** @return {@code tools/call} requests received */
    public int toolsCallCount() {
        return recorder.toolsCallCount();
    }

    /** @return {@code tools/call} requests running now (received, not yet answered) */
    public int toolCallsRunning() {
        return toolCallsRunning.get();
    }

    /** @return the most {@code tools/call} requests that ran at once since the start or {@link #resetCounters()} */
    public int maxToolCallsRunning() {
        return maxToolCallsRunning.get();
    }

    /** @return {@code ping} requests received */
    public int pingCount() {
        return recorder.pingCount();
    }

    /** Zeroes the counters, forgets the recorded requests and restarts {@link #maxLiveSessions()} from now. */
    public void resetCounters() {
        recorder.reset();
        cancellations.reset();
        sessions.resetMax();
        maxToolCallsRunning.set(toolCallsRunning.get());
    }

    /**
     * @return every {@code notifications/cancelled} of a {@code tools/call} received since start or the last
     *     {@link #resetCounters()}, in arrival order (a snapshot), whatever tool was called; on
     *     {@link Mode#HTTP_2026_07_28}, every {@code until-cancelled} call whose response stream the client closed
     *     (reason {@link RecordedCancellation#STREAM_CLOSED}). A cancellation that
     *     overtakes its request (over HTTP they travel on different connections) is recorded, and honoured by
     *     {@code until-cancelled}, when the request arrives
     */
    public List<RecordedCancellation> cancellations() {
        return cancellations.seen();
    }

    /**
     * @return the roots (their URIs) the server got each time it asked the client again after a
     *     {@code notifications/roots/list_changed}, in order (a snapshot); session-based modes
     */
    public List<List<String>> rootsAfterChanges() {
        return knobs.rootsAfterChanges();
    }

    /** @return every JSON-RPC request received, in arrival order (a snapshot) */
    public List<RecordedRequest> requests() {
        return recorder.requests();
    }

    /** @return the {@code tools/call} requests among {@link #requests()} */
    public List<RecordedRequest> toolCalls() {
        return recorder.requests().stream().filter(r -> "tools/call".equals(r.method())).toList();
    }

    /**
     * @return MCP sessions open on the server now. Streamable HTTP: from the {@code initialize} response that
     *         hands out the {@code Mcp-Session-Id} until its DELETE (or a stop); SSE: while the SSE stream is
     *         open; {@link Mode#STATELESS_HTTP} and {@link Mode#HTTP_2026_07_28}: always 0
     */
    public int liveSessions() {
        return sessions.live();
    }

    /**
     * @return the {@linkplain #liveSessions() live sessions} whose client completed the handshake (sent
     *         {@code notifications/initialized}), so it knew the session's id and could close it. A client whose
     *         {@code initialize} timed out before the answer came never learned the id: such a session is live but
     *         not counted here. Streamable HTTP only; 0 in the other modes
     */
    public int liveSessionsKnownToClients() {
        return sessions.liveKnown();
    }

    /** @return the most sessions open at once since start or the last {@link #resetCounters()} */
    public int maxLiveSessions() {
        return sessions.max();
    }

    /** Configures a {@link TestMcpServer}. */
    public static final class Builder {

        private Mode mode = Mode.STREAMABLE_HTTP;

        private int port;

        private int extraTools;

        private int pageSize;

        private Duration toolLatency = Duration.ZERO;

        private BearerAuth bearerAuth;

        private TestTls tls;

        private boolean cancellableTool;

        private boolean clientFeatureTools;

        private Builder() {
        }

        /**
         * Adds the {@code until-cancelled} tool: it runs until the client cancels its call (MCP
         * {@code notifications/cancelled}; on {@link Mode#HTTP_2026_07_28}, closing the call's response stream, which
         * the tool notices by writing a notification every 25 ms) or its {@code millis} argument (default 30000)
         * passes, and answers
         * {@code "cancelled: <reason>"} or {@code "not cancelled"}; its required {@code tag} argument names the
         * call. {@link TestMcpServer#cancellations()} records every cancellation either way.
         *
         * @return this builder
         */
        public Builder cancellableTool() {
            this.cancellableTool = true;
            return this;
        }

        /**
         * Makes the server an OAuth-protected resource: see {@link BearerAuth}.
         *
         * @param auth the guard (one per server)
         * @return this builder
         */
        public Builder bearerAuth(BearerAuth auth) {
            this.bearerAuth = Objects.requireNonNull(auth, "auth");
            return this;
        }

        /**
         * Serves HTTPS with this certificate instead of HTTP.
         *
         * @param tls a certificate from {@link TestTls#generate()}
         * @return this builder
         */
        public Builder tls(TestTls tls) {
            this.tls = Objects.requireNonNull(tls, "tls");
            return this;
        }

        /**
         * @param mode the transport; default {@link Mode#STREAMABLE_HTTP}
         * @return this builder
         */
        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * @param port the port to bind on 127.0.0.1; 0 (the default) picks a free one
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * @param count how many generated tools ({@code tool-000}, {@code tool-001}, ...) to add; default 0
         * @return this builder
         */
        public Builder extraTools(int count) {
            if (count < 0 || count > 1000) {
                throw new IllegalArgumentException("extraTools must be 0..1000, was " + count);
            }
            this.extraTools = count;
            return this;
        }

        /**
         * @param size 0 (the default): {@code tools/list} returns every tool at once; n &gt; 0: n tools per
         *             page with a {@code nextCursor} the client must follow
         * @return this builder
         */
        public Builder pageSize(int size) {
            if (size < 0) {
                throw new IllegalArgumentException("pageSize must be >= 0, was " + size);
            }
            this.pageSize = size;
            return this;
        }

        /**
         * @param latency the initial {@link TestMcpServer#toolLatency(Duration)}; default zero
         * @return this builder
         */
        public Builder toolLatency(Duration latency) {
            this.toolLatency = ServerKnobs.nonNegative(latency, "toolLatency");
            return this;
        }

        /**
         * Also offers the tools that ask the client during a call: {@code elicit} (arguments {@code message},
         * {@code mode} form or url), {@code sample} ({@code prompt}), {@code roots}, and {@code progress}
         * ({@code steps}, {@code log}): each returns what the client answered, so a test sees whose handler
         * answered; a refused request gives an error result starting "client refused: ". Session-based modes
         * ({@link Mode#STREAMABLE_HTTP}, {@link Mode#SSE}; stdio: {@code StdioTestServer --client-features}) and
         * {@link Mode#HTTP_2026_07_28}, whose {@code elicit}, {@code sample} and {@code roots} ask through input
         * rounds ({@code resultType: "input_required"}; {@code elicit} also takes {@code rounds}, how many times to
         * ask), as do its prompt {@code roots} and its resource {@code test://roots} (read: {@code roots=<uri>,...}).
         *
         * @return this builder
         */
        public Builder clientFeatureTools() {
            this.clientFeatureTools = true;
            return this;
        }

        /** @return a server, not yet started */
        public TestMcpServer build() {
            return new TestMcpServer(this);
        }
    }
}
