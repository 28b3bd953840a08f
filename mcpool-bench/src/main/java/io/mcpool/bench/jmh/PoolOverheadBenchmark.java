package io.mcpool.bench.jmh;

import io.mcpool.BorrowOptions;
import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.PooledSession;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.pool2.BaseKeyedPooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericKeyedObjectPool;
import org.apache.commons.pool2.impl.GenericKeyedObjectPoolConfig;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * What mcpool's layers (leases, lend checks, metrics, events, keys, capacity gate) add to a borrow
 * and return, against the same loop on a bare {@link GenericKeyedObjectPool}. Both pools hold one
 * idle object per benchmark thread, so a borrow never waits for another thread's return: the
 * measurement is the bookkeeping, not queueing. mcpool's sessions are real SDK clients over
 * {@link InMemoryTransport}; borrow and return do no I/O either way.
 *
 * <p>{@link #mcpoolCallTool} and {@link #dedicatedCallTool} add a {@code tools/call} answered in
 * memory: the whole client-side cost of a pooled call (borrow, lease, SDK client, return) against a
 * warm SDK client of the thread's own, still without I/O.
 *
 * <p>{@code keys} puts that many other keys (tenants) beside the shared one, each with an idle
 * session, as a multi-tenant pool has. {@link #bareWithoutReuseCapacityOnReturn} is the bare pool
 * with {@code reuseCapacityOnReturn=false}: Commons Pool's default ({@code true}) makes every return
 * look for waiters in every key's deque, under each deque's lock, which mcpool does not need (it
 * does not use Commons Pool's {@code maxTotal}).
 *
 * <p>Run at 1, 2, 8 and 32 threads: {@code jmh PoolOverhead -t 8} (see docs/performance.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error"})
public class PoolOverheadBenchmark {

    private static final String KEY = "shared";
    private static final Map<String, Object> ARGS = Map.of("message", "hi");
    private static final McpSchema.CallToolRequest ECHO = McpSchema.CallToolRequest.builder("echo").arguments(ARGS).build();

    /** Other keys, each holding one idle session (object), beside the shared key. */
    @Param({"0"})
    public int keys;

    private McpPool pool;
    private GenericKeyedObjectPool<String, Object> bare;
    private GenericKeyedObjectPool<String, Object> bareNoReuse;

    /**
     * Fills both pools with one object per benchmark thread.
     *
     * @param params JMH's parameters (the thread count)
     * @throws Exception when the bare pool cannot be filled
     */
    @Setup
    public void setUp(BenchmarkParams params) throws Exception {
        int sessions = params.getThreads();
        pool = McpPool.create(PoolConfig.builder().name("overhead").transportFactory(context -> new InMemoryTransport())
                .minSessions(sessions).maxSessions(sessions + keys).borrowTimeout(Duration.ofSeconds(10)).build());
        pool.start();
        for (int k = 0; k < keys; k++) {
            pool.borrow(BorrowOptions.builder().tenant("tenant-" + k).build()).close();
        }
        bare = bare(sessions, true);
        bareNoReuse = bare(sessions, false);
    }

    private GenericKeyedObjectPool<String, Object> bare(int sessions, boolean reuseCapacityOnReturn) throws Exception {

        GenericKeyedObjectPoolConfig<Object> config = new GenericKeyedObjectPoolConfig<>();
        // The settings mcpool gives its own GenericKeyedObjectPool.
        config.setMaxTotal(-1);
        config.setMaxTotalPerKey(sessions);
        config.setMaxIdlePerKey(sessions);
        config.setBlockWhenExhausted(true);
        config.setMaxWait(Duration.ofSeconds(10));
        config.setLifo(true);
        config.setJmxEnabled(false);
        config.setReuseCapacityOnReturn(reuseCapacityOnReturn);
        GenericKeyedObjectPool<String, Object> bare = new GenericKeyedObjectPool<>(new BaseKeyedPooledObjectFactory<>() {
            @Override
            public Object create(String key) {
                return new Object();
            }

            @Override
            public PooledObject<Object> wrap(Object value) {
                return new DefaultPooledObject<>(value);
            }
        }, config);
        for (int i = 0; i < sessions; i++) {
            bare.addObject(KEY);
        }
        for (int k = 0; k < keys; k++) {
            bare.addObject("tenant-" + k);
        }
        return bare;
    }

    /** Closes both pools. */
    @TearDown
    public void tearDown() {
        pool.close();
        bare.close();
        bareNoReuse.close();
    }

    /**
     * Borrow and return through mcpool.
     *
     * @param bh keeps the lease alive
     */
    @Benchmark
    public void mcpool(Blackhole bh) {
        try (PooledSession session = pool.borrow()) {
            bh.consume(session);
        }
    }

    /**
     * Borrow, call {@code echo} (answered in memory), return.
     *
     * @return the result
     */
    @Benchmark
    public McpSchema.CallToolResult mcpoolCallTool() {
        return pool.callTool("echo", ARGS);
    }

    /**
     * The same call on a warm SDK client of this thread's own: the baseline for {@link #mcpoolCallTool}.
     *
     * @param own this thread's client
     * @return the result
     */
    @Benchmark
    public McpSchema.CallToolResult dedicatedCallTool(OwnClient own) {
        return own.client.callTool(ECHO);
    }

    /** A warm SDK client over {@link InMemoryTransport}, one per benchmark thread. */
    @State(Scope.Thread)
    public static class OwnClient {
        McpSyncClient client;

        /** Connects and initializes the client. */
        @Setup
        public void setUp() {
            client = McpClient.sync(new InMemoryTransport()).build();
            client.initialize();
        }

        /** Closes it. */
        @TearDown
        public void tearDown() {
            client.close();
        }
    }

    /**
     * Borrow and return on a bare Commons Pool: the baseline.
     *
     * @param bh keeps the object alive
     * @throws Exception never in practice
     */
    @Benchmark
    public void bareGenericKeyedObjectPool(Blackhole bh) throws Exception {
        Object o = bare.borrowObject(KEY);
        bh.consume(o);
        bare.returnObject(KEY, o);
    }

    /**
     * The bare pool with {@code reuseCapacityOnReturn=false}: what the proposed core setting would save.
     *
     * @param bh keeps the object alive
     * @throws Exception never in practice
     */
    @Benchmark
    public void bareWithoutReuseCapacityOnReturn(Blackhole bh) throws Exception {
        Object o = bareNoReuse.borrowObject(KEY);
        bh.consume(o);
        bareNoReuse.returnObject(KEY, o);
    }
}
