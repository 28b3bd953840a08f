package io.mcpool.bench.jmh;

import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.PooledSession;
import io.mcpool.testkit.TestMcpServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * {@code listTools} from mcpool's cache against the same list fetched upstream on a pooled session
 * ({@code tools/list}, 53 tools, from the testkit's in-process HTTP server). The cold-cache
 * stampede is {@link ColdCacheStampedeBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error"})
public class ListToolsBenchmark {

    private TestMcpServer server;
    private McpPool pool;

    /**
     * @param params JMH's parameters (the thread count sizes the pool)
     */
    @Setup
    public void setUp(BenchmarkParams params) {
        server = TestMcpServer.builder().extraTools(48).build().start();
        int sessions = params.getThreads();
        pool = McpPool.create(PoolConfig.builder().name("list-tools").endpoint(server.endpoint())
                .minSessions(sessions).maxSessions(sessions).toolCacheTtl(Duration.ofMinutes(5)).build());
        pool.start();
        pool.listTools();
    }

    /** Closes the pool and the server. */
    @TearDown
    public void tearDown() {
        pool.close();
        server.close();
    }

    /** @return the tools, from the cache */
    @Benchmark
    public List<McpSchema.Tool> cached() {
        return pool.listTools();
    }

    /** @return the tools, fetched from the server on a borrowed session */
    @Benchmark
    public List<McpSchema.Tool> upstream() {
        try (PooledSession session = pool.borrow()) {
            return session.listTools();
        }
    }
}
