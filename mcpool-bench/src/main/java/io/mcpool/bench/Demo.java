package io.mcpool.bench;

import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.PoolMetrics;
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
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * The demo: what a pool buys over a new MCP client per call. Starts an in-process MCP server (and a
 * stdio server as a child process), calls its {@code echo} tool cold (new client per call, as many
 * applications do today) and through an {@link McpPool}, and prints latency, throughput and the
 * pool's metrics. Needs nothing but a JDK.
 */
public final class Demo {

    private static final int HTTP_COLD_CALLS = 40;
    private static final int STDIO_COLD_CALLS = 5;
    private static final int THREADS = 8;
    private static final int POOLED_CALLS_PER_THREAD = 500;

    private final PrintStream out;
    private final List<Row> rows = new ArrayList<>();

    private Demo(PrintStream out) {
        this.out = out;
    }

    /**
     * Runs the demo.
     *
     * @param args ignored
     * @throws Exception when the embedded server cannot start
     */
    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        new Demo(System.out).run();
    }

    private void run() throws Exception {
        out.println("mcpool demo: cold MCP clients versus a pool, against real MCP servers on this machine");
        out.println();
        try (TestMcpServer server = TestMcpServer.builder().build().start()) {
            out.println("Streamable HTTP server (MCP Java SDK on Jetty): " + server.endpoint());
            Supplier<McpClientTransport> http = () -> HttpClientStreamableHttpTransport.builder(
                    "http://127.0.0.1:" + server.port()).endpoint("/mcp").build();
            PoolConfig httpPool = PoolConfig.builder().name("demo-http").endpoint(server.endpoint())
                    .minSessions(THREADS).maxSessions(THREADS).build();
            warmUpJit(http, httpPool);
            cold("HTTP, new client per call", http, HTTP_COLD_CALLS);
            pooled("HTTP, through mcpool", httpPool, 1, 2000);
            pooled("HTTP, through mcpool", httpPool, THREADS, POOLED_CALLS_PER_THREAD);
        }
        List<String> stdio = StdioTestServer.command();
        out.println();
        out.println("stdio server (a child JVM per session): " + String.join(" ", stdio.subList(0, 1)) + " ...");
        cold("stdio, new process per call", () -> new StdioClientTransport(
                ServerParameters.builder(stdio.get(0)).args(stdio.subList(1, stdio.size())).build(),
                McpJsonDefaults.getMapper()), STDIO_COLD_CALLS);
        PoolConfig stdioPool = PoolConfig.builder().name("demo-stdio").stdio(stdio).minSessions(2).maxSessions(2).build();
        pooled("stdio, through mcpool", stdioPool, 1, 500);
        pooled("stdio, through mcpool", stdioPool, 2, 250);
        printTable();
    }

    private void cold(String label, Supplier<McpClientTransport> transport, int calls) {
        out.printf("  %-30s %d calls ...%n", label, calls);
        Latencies latencies = new Latencies(calls);
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            try (McpSyncClient client = McpClient.sync(transport.get()).requestTimeout(Duration.ofSeconds(30)).build()) {
                client.initialize();
                client.callTool(new McpSchema.CallToolRequest("echo", Map.of("message", "hi")));
                client.closeGracefully();
            }
            latencies.add(System.nanoTime() - t0);
        }
        rows.add(new Row(label, calls, latencies, System.nanoTime() - start));
    }

    /** Runs both paths untimed first, so the JIT's warm-up is not billed to either. */
    private void warmUpJit(Supplier<McpClientTransport> transport, PoolConfig config) throws Exception {
        out.println("  warming up the JIT (untimed) ...");
        List<Row> measured = new ArrayList<>(rows);
        cold("warm-up", transport, 10);
        pooled("warm-up", config, THREADS, 100);
        rows.clear();
        rows.addAll(measured);
    }

    private void pooled(String label, PoolConfig config, int threads, int perThread) throws Exception {
        label = label + " (" + threads + (threads == 1 ? " thread)" : " threads)");
        out.printf("  %-30s %d threads x %d calls ...%n", label, threads, perThread);
        try (McpPool pool = McpPool.create(config)) {
            long warmStart = System.nanoTime();
            pool.start();
            out.printf("    warmed %d sessions in %d ms%n", config.minSessions(),
                    Duration.ofNanos(System.nanoTime() - warmStart).toMillis());
            Latencies latencies = new Latencies(threads * perThread);
            ExecutorService executor = Executors.newFixedThreadPool(threads);
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(executor.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        long t0 = System.nanoTime();
                        pool.callTool("echo", Map.of("message", "hi"));
                        latencies.add(System.nanoTime() - t0);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            long elapsed = System.nanoTime() - start;
            executor.shutdown();
            rows.add(new Row(label, threads * perThread, latencies, elapsed));
            printMetrics(pool.metrics());
        }
    }

    private void printMetrics(PoolMetrics m) {
        out.printf("    pool metrics: borrows=%d returns=%d created=%d destroyed=%d errors=%d "
                        + "avgBorrowWait=%.3f ms maxBorrowWait=%.3f ms idle=%d active=%d%n",
                m.borrowCount(), m.returnCount(), m.sessionsCreated(), m.sessionsDestroyed(), m.errors(),
                m.avgBorrowWait().toNanos() / 1e6, m.maxBorrowWait().toNanos() / 1e6, m.idle(), m.active());
    }

    private void printTable() {
        out.println();
        out.printf("%-40s %8s %10s %10s %12s%n", "", "calls", "p50 ms", "p99 ms", "calls/s");
        for (Row r : rows) {
            out.printf("%-40s %8d %10.2f %10.2f %12.0f%n", r.label, r.calls, r.latencies.percentile(50) / 1e6,
                    r.latencies.percentile(99) / 1e6, r.calls / (r.elapsedNanos / 1e9));
        }
        out.println();
        for (int i = 0; i + 2 < rows.size(); i += 3) {
            Row cold = rows.get(i);
            Row pooled = rows.get(i + 1);
            out.printf("%s: a pooled call's median is %.0fx lower than a new client per call's (one thread each)%n",
                    pooled.label.substring(0, pooled.label.indexOf(',')),
                    cold.latencies.percentile(50) / Math.max(1, pooled.latencies.percentile(50)));
        }
        out.println("(2 cores shared by client and server: concurrent rows show throughput, not single-call latency)");
    }

    private record Row(String label, int calls, Latencies latencies, long elapsedNanos) {
    }
}
