package io.mcpool.bench.jmh;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.mcpool.BorrowOptions;
import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.PooledSession;
import io.lettuce.core.RedisClient;
import io.mcpool.cluster.hazelcast.HazelcastLimits;
import io.mcpool.cluster.redis.RedisLimits;
import io.mcpool.testkit.TestRedisServer;
import java.time.Duration;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * What a cluster-wide limit adds to a borrow and return: the same loop as
 * {@link PoolOverheadBenchmark#mcpool} (in-memory sessions, no I/O to the MCP server) with a per-tenant
 * rate limit that never has to wait (100000/s) or a tenant cap that is never reached, kept
 * {@code local}ly, in an embedded Hazelcast member of this JVM ({@code member}: the store is in-process)
 * or through a Hazelcast client to that member over loopback TCP ({@code client}: one network round trip
 * per bucket operation, as application instances talking to a cluster have), or in a {@code redis-server}
 * process started for the run, through Lettuce over loopback TCP ({@code redis}; needs {@code redis-server}
 * on the PATH).
 *
 * <p>Run: {@code jmh ClusterLimits} (see docs/performance.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
        "-Dhazelcast.logging.type=none"})
public class ClusterLimitsBenchmark {

    /** Where the limits' state lives. */
    @Param({"local", "member", "client", "redis"})
    public String backend;

    /** Which limit: {@code rate} (one bucket operation per borrow) or {@code cap} (claim and free a slot). */
    @Param({"rate", "cap"})
    public String limit;

    private HazelcastInstance member;
    private HazelcastInstance client;
    private TestRedisServer redisServer;
    private RedisClient redisClient;
    private RedisLimits redisLimits;
    private McpPool pool;
    private final BorrowOptions tenant = BorrowOptions.builder().tenant("t1").build();

    /**
     * Starts the store (for {@code member} and {@code client}) and a pool with one session per thread.
     *
     * @param params JMH's parameters (the thread count)
     */
    @Setup
    public void setUp(BenchmarkParams params) {
        int sessions = params.getThreads();
        PoolConfig.Builder config = PoolConfig.builder().name("cluster-limits")
                .transportFactory(context -> new InMemoryTransport())
                .minSessions(0).maxSessions(sessions + 1).borrowTimeout(Duration.ofSeconds(10));
        if (limit.equals("rate")) {
            config.rateLimit(100_000).rateLimitBurst(1_000_000).rateLimitPerTenant(true);
        } else {
            config.maxConcurrentPerTenant(sessions);
        }
        if (backend.equals("redis")) {
            redisServer = TestRedisServer.start();
            redisClient = RedisClient.create(redisServer.uri());
            redisLimits = RedisLimits.of(redisClient);
            config.limitsBackend(redisLimits);
        } else if (!backend.equals("local")) {
            member = member();
            if (backend.equals("client")) {
                ClientConfig cc = new ClientConfig();
                cc.setClusterName("mcpool-bench");
                cc.setProperty("hazelcast.logging.type", "none");
                cc.getNetworkConfig().addAddress("127.0.0.1:" + member.getCluster().getLocalMember().getAddress().getPort());
                client = HazelcastClient.newHazelcastClient(cc);
            }
            config.limitsBackend(HazelcastLimits.of(client != null ? client : member));
        }
        pool = McpPool.create(config.build());
        pool.start();
    }

    private static HazelcastInstance member() {
        Config c = new Config();
        c.setClusterName("mcpool-bench");
        c.setProperty("hazelcast.logging.type", "none");
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.getNetworkConfig().setPort(0).getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = c.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        return Hazelcast.newHazelcastInstance(c);
    }

    /** Closes the pool and the store. */
    @TearDown
    public void tearDown() {
        pool.close();
        if (redisLimits != null) {
            redisLimits.close();
            redisClient.shutdown();
            redisServer.close();
        }
        if (client != null) {
            client.shutdown();
        }
        if (member != null) {
            member.shutdown();
        }
    }

    /**
     * Borrow and return for tenant {@code t1}, through the limit.
     *
     * @param bh keeps the lease alive
     */
    @Benchmark
    public void borrowAndReturn(Blackhole bh) {
        try (PooledSession session = pool.borrow(tenant)) {
            bh.consume(session);
        }
    }
}
