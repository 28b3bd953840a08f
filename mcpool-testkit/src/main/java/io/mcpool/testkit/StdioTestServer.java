package io.mcpool.testkit;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A real MCP server over stdio (the MCP Java SDK's {@code StdioServerTransportProvider}) with the same tools,
 * resource and prompt as {@link TestMcpServer}, to be started as a child process.
 *
 * <p>Arguments: {@code --serial} (tool calls take one global lock, like a server that serialises its work),
 * {@code --tool-latency-ms N}, {@code --extra-tools N}, {@code --cancellable-tool} (adds {@code until-cancelled}: see
 * {@link TestMcpServer.Builder#cancellableTool()}), {@code --events-file PATH} (appends one line per event:
 * {@code started <pid>}, {@code initialize}, {@code tools/list}, {@code tools/call <name>} when a call arrives,
 * {@code running <name>} when it starts running (for {@code --serial}, once it holds the lock) and {@code done <name>}
 * when it has, {@code ping}, ..., and {@code cancelled <tool> <tag>} when a {@code notifications/cancelled} arrives;
 * several processes may share a file). Only JSON-RPC goes to stdout; logs go to stderr. The process ends when
 * stdin closes.
 *
 * <pre>{@code
 * List<String> command = StdioTestServer.command("--serial", "--events-file", events.toString());
 * ServerParameters params = ServerParameters.builder(command.get(0)).args(command.subList(1, command.size())).build();
 * }</pre>
 */
public final class StdioTestServer {

    /** Options that keep each child JVM small and quick to start, since tests start several. */
    private static final List<String> LIGHT_JVM = List.of("-Xss512k", "-Xmx128m", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC", "-Xshare:auto", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");

    private StdioTestServer() {
    }

    /**
     * The command line that starts this server as a child of the current JVM: the {@code java} of
     * {@code java.home}, light JVM options, {@code -cp} the current {@code java.class.path}, this class and
     * {@code args}.
     *
     * @param args the server's arguments (see the class comment)
     * @return a new modifiable list
     */
    public static List<String> command(String... args) {
        StdioOptions.parse(args);
        List<String> command = new ArrayList<>();
        boolean windows = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
        command.add(Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java").toString());
        command.addAll(LIGHT_JVM);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(StdioTestServer.class.getName());
        command.addAll(List.of(args));
        return command;
    }

    /**
     * Serves MCP on stdin/stdout until stdin closes.
     *
     * @param args see the class comment
     * @throws Exception when the server cannot start
     */
    public static void main(String[] args) throws Exception {
        PrintStream protocolOut = System.out;
        System.setOut(System.err); // a stray println must not corrupt the JSON-RPC stream
        StdioOptions options;
        try {
            options = StdioOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        McpJsonMapper json = McpJsonDefaults.getMapper();
        CountDownLatch stdinClosed = new CountDownLatch(1);
        try (EventsFile events = EventsFile.open(options.eventsFile());
                EventsFile requests = EventsFile.open(options.requestsFile())) {
            events.append("started " + ProcessHandle.current().pid());
            requests.append(RequestsFile.startedLine());
            Cancellations cancellations = new Cancellations(c -> events.append("cancelled " + c.toolName() + " " + c.tag()));
            InputStream in = new LineTapInputStream(System.in, line -> {
                for (InboundMessage message : InboundMessage.parse(json, line)) {
                    events.record(message);
                    if (message.isRequest()) {
                        requests.append(RequestsFile.requestLine(message));
                    }
                }
                cancellations.observe(json, line, null);
            }, stdinClosed::countDown);
            ToolInvoker invoker = invoker(options, events, requests);
            Runnable close;
            if (options.stateless()) {
                io.modelcontextprotocol.modern.server.McpServer server = modernServer(options, json, invoker,
                        cancellations);
                io.modelcontextprotocol.modern.server.transport.StdioMcpTransport transport =
                        new io.modelcontextprotocol.modern.server.transport.StdioMcpTransport(server, json, in,
                                protocolOut);
                transport.start().subscribe();
                close = () -> transport.closeGracefully().block(java.time.Duration.ofSeconds(5));
            } else {
                McpSyncServer server = server(options, json, new StdioServerTransportProvider(json, in, protocolOut),
                        invoker, cancellations);
                close = server::closeGracefully;
            }
            stdinClosed.await();
            close.run();
        }
        System.exit(0);
    }

    private static ToolInvoker invoker(StdioOptions options, EventsFile events, EventsFile requests) {
        java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
        return new ToolInvoker(options::toolLatency, options.serial() ? new ReentrantLock() : null,
                new ToolInvoker.Runs() {
                    @Override
                    public void started(String tool) {
                        events.append("running " + tool);
                        requests.append(RequestsFile.runLine(tool, running.incrementAndGet()));
                    }

                    @Override
                    public void finished(String tool) {
                        running.decrementAndGet();
                        events.append("done " + tool);
                    }
                });
    }

    /** The SDK's server of the stateless revision 2026-07-28, with the same tools, resource and prompt. */
    private static io.modelcontextprotocol.modern.server.McpServer modernServer(StdioOptions options,
            McpJsonMapper json, ToolInvoker invoker, Cancellations cancellations) {
        ModernFeatures features = new ModernFeatures(json, tools(options, cancellations), invoker,
                new ServerKnobs(0, options.toolLatency()), options.clientFeatures());
        return io.modelcontextprotocol.modern.server.McpServer.builder()
                .serverInfo(io.modelcontextprotocol.modern.McpSchema.Implementation.builder("mcpool-testkit-stdio",
                        "1.0.0").build())
                .jsonMapper(json)
                .feature(features.tools())
                .feature(features.resources())
                .feature(features.prompts())
                .build();
    }

    private static McpSyncServer server(StdioOptions options, McpJsonMapper json,
            StdioServerTransportProvider transport, ToolInvoker invoker, Cancellations cancellations) {
        return McpServer.sync(transport)
                .serverInfo("mcpool-testkit-stdio", "1.0.0")
                .jsonMapper(json)
                .capabilities(SessionFeatures.capabilities(options.clientFeatures()))
                .tools(SessionFeatures.tools(tools(options, cancellations), invoker, options.clientFeatures()))
                .resources(SessionFeatures.resource())
                .prompts(SessionFeatures.prompt())
                .build();
    }

    private static List<TestTool> tools(StdioOptions options, Cancellations cancellations) {
        List<TestTool> tools = new ArrayList<>(TestToolCatalog.tools(options.extraTools()));
        if (options.cancellableTool()) {
            tools.add(TestToolCatalog.untilCancelled(cancellations));
        }
        return tools;
    }
}
