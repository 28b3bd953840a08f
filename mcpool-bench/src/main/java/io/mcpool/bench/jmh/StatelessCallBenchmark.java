package io.mcpool.bench.jmh;

import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.Protocol;
import io.mcpool.testkit.DualEraServer;
import io.mcpool.testkit.TestMcpServer;
import io.modelcontextprotocol.modern.client.McpClient;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import io.modelcontextprotocol.modern.client.transport.HttpClientMcpTransport;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * One {@code tools/call} ({@code echo}) against a server of the stateless MCP revision 2026-07-28, three ways
 * ({@link #way}): through mcpool with {@code protocol} 2026-07-28 (a lease per call, a handle on the pool's one
 * transport), the SDK's 2026-07-28 client used directly (one client shared by every thread: the fastest the SDK
 * offers, with no identity per caller), and through mcpool the session-based way ({@code protocol} legacy: a session
 * per concurrent caller, {@code initialize} once each) against the same server where it is dual-era, or the same
 * Java SDK's session-based server where it is not. Sample time mode: the score is the mean time of a call. Run with
 * {@code -t 1} and {@code -t 8}; the ratios, side by side in one run, are what to read. Four 5 s warm-up iterations and
 * three forks: with two 2 s iterations the JIT was still compiling for about 30% of the CPU during measurement, and
 * one fork differed from the next by more than the ways do.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 3, jvmArgsAppend = {"-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error"})
public class StatelessCallBenchmark {

    /** The testkit's Java SDK 2026-07-28 server (in this JVM), or the TypeScript dual-era server (Node.js 22). */
    @Param({"testkit-2026", "dual-era"})
    public String target;

    /** mcpool speaking 2026-07-28, the SDK's 2026-07-28 client directly, or mcpool speaking the session-based way. */
    @Param({"mcpool-2026", "sdk-2026", "mcpool-legacy"})
    public String way;

    private static final Map<String, Object> HI = Map.of("message", "hi");

    private AutoCloseable server;
    private McpPool pool;
    private McpSyncClient direct;

    /**
     * Starts the server and the way's client side for JMH's thread count.
     *
     * @param params JMH's parameters
     */
    @Setup
    public void setUp(BenchmarkParams params) {
        String endpoint;
        if (target.equals("dual-era")) {
            DualEraServer dual = DualEraServer.start();
            server = dual;
            endpoint = dual.endpoint();
        } else {
            // The session-based way needs a session-based server: the same Java SDK's.
            TestMcpServer java = TestMcpServer.builder().mode(way.equals("mcpool-legacy")
                    ? TestMcpServer.Mode.STREAMABLE_HTTP : TestMcpServer.Mode.HTTP_2026_07_28).build().start();
            server = java;
            endpoint = java.endpoint();
        }
        if (way.equals("sdk-2026")) {
            direct = McpClient.sync(HttpClientMcpTransport.builder(endpoint).build())
                    .callTimeout(Duration.ofSeconds(30)).build();
            return;
        }
        int threads = params.getThreads();
        pool = McpPool.create(PoolConfig.builder().name("bench").endpoint(endpoint)
                .protocol(way.equals("mcpool-2026") ? Protocol.STATELESS_2026_07_28 : Protocol.LEGACY)
                .minSessions(threads).maxSessions(threads).requestTimeout(Duration.ofSeconds(30))
                .borrowTimeout(Duration.ofSeconds(30)).build());
        pool.start();
    }

    /** Closes the pool and the server. */
    @TearDown
    public void tearDown() throws Exception {
        if (pool != null) {
            pool.close();
        }
        server.close();
    }

    /** @return the call's result, so JMH keeps it */
    @Benchmark
    public Object callTool() {
        return direct != null ? direct.tool("echo").arguments(HI).call() : pool.callTool("echo", HI);
    }
}
