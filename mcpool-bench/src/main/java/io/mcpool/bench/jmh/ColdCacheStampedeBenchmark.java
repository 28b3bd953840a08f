package io.mcpool.bench.jmh;

import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.testkit.TestMcpServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code callers} threads call {@code listTools} at once on a cold cache (the server takes
 * {@code toolsListLatencyMs} to answer {@code tools/list}, so they all arrive while the fetch is in
 * flight). The score is the time until the last of them has the list. At the end of the trial the
 * benchmark prints how many {@code tools/list} reached the server per stampede (the single-flight
 * cache should make it 1) and the pool's cache counters.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Xss512k", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error"})
public class ColdCacheStampedeBenchmark {

    /** Threads calling at once. */
    @Param({"1000"})
    public int callers;

    /** How long the server takes to answer tools/list. */
    @Param({"50"})
    public int toolsListLatencyMs;

    private TestMcpServer server;
    private McpPool pool;
    private ExecutorService threads;
    private CountDownLatch gate;
    private final List<Future<?>> pending = new ArrayList<>();
    private int before;
    private int shots;
    private long fetches;

    /** Starts the server, the pool and the caller threads (once). */
    @Setup(Level.Trial)
    public void setUp() {
        server = TestMcpServer.builder().extraTools(48).build().start();
        server.toolsListLatency(Duration.ofMillis(toolsListLatencyMs));
        pool = McpPool.create(PoolConfig.builder().name("stampede").endpoint(server.endpoint())
                .minSessions(4).maxSessions(8).toolCacheTtl(Duration.ofMinutes(5)).build());
        pool.start();
        threads = Executors.newFixedThreadPool(callers);
    }

    /**
     * Empties the cache and parks {@code callers} threads at a gate, so the measured part is only
     * the stampede.
     *
     * @throws InterruptedException when interrupted
     */
    @Setup(Level.Invocation)
    public void arm() throws InterruptedException {
        pool.invalidateToolsCache();
        before = server.toolsListCount();
        gate = new CountDownLatch(1);
        CountDownLatch parked = new CountDownLatch(callers);
        pending.clear();
        for (int i = 0; i < callers; i++) {
            pending.add(threads.submit(() -> {
                parked.countDown();
                gate.await();
                return pool.listTools();
            }));
        }
        parked.await();
    }

    /** Stops the threads, the pool and the server. */
    @TearDown(Level.Trial)
    public void tearDown() {
        System.out.printf("%nstampede: %d callers, %d shots, %.2f upstream tools/list per shot; pool metrics: %s%n",
                callers, shots, shots == 0 ? 0.0 : (double) fetches / shots, pool.metrics());
        threads.shutdownNow();
        pool.close();
        server.close();
    }

    /**
     * Opens the gate and waits for every caller.
     *
     * @throws Exception when a caller failed
     */
    @Benchmark
    public void stampede() throws Exception {
        gate.countDown();
        for (Future<?> f : pending) {
            f.get();
        }
        shots++;
        fetches += server.toolsListCount() - before;
    }
}
