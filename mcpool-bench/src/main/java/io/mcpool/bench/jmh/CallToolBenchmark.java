package io.mcpool.bench.jmh;

import io.mcpool.bench.Contender;
import io.mcpool.bench.Target;
import io.mcpool.bench.Way;
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
 * One MCP {@code tools/call} end to end, four ways ({@link Way}): through mcpool (a session per
 * thread), a new client per call, one shared client, one dedicated warm client per thread. Sample
 * time mode: the score is the mean time of a call; JMH also prints p50/p90/p99. Throughput is
 * {@code threads / mean}. Run with {@code -t 1}, {@code -t 8}, {@code -t 32}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error"})
public class CallToolBenchmark {

    /** The server: see {@link Targets}. */
    @Param({Targets.TESTKIT_HTTP, Targets.EVERYTHING_HTTP, Targets.EVERYTHING_STDIO})
    public String target;

    /** The way: mcpool, per-call, shared or dedicated. */
    @Param({"mcpool", "dedicated", "shared", "per-call"})
    public String way;

    private Target server;
    private Contender contender;

    /**
     * Starts the server and sets the way up for JMH's thread count.
     *
     * @param params JMH's parameters
     */
    @Setup
    public void setUp(BenchmarkParams params) {
        server = Targets.open(target);
        contender = Way.of(way).open(server, params.getThreads());
    }

    /** Closes clients, pool and server. */
    @TearDown
    public void tearDown() {
        contender.close();
        server.close();
    }

    /** One benchmark thread's call (for dedicated clients: its own warm client). */
    @State(Scope.Thread)
    public static class ThreadCall {
        Contender.Call call;

        /**
         * @param benchmark the benchmark's shared state
         */
        @Setup
        public void setUp(CallToolBenchmark benchmark) {
            call = benchmark.contender.caller();
        }
    }

    /**
     * One tool call.
     *
     * @param thread this thread's call
     */
    @Benchmark
    public void callTool(ThreadCall thread) {
        thread.call.run();
    }
}
