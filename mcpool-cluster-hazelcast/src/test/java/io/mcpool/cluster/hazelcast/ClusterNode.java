package io.mcpool.cluster.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import io.mcpool.BorrowOptions;
import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.PooledSession;
import io.mcpool.RateLimitExceededException;
import io.mcpool.RateLimitMode;
import io.mcpool.TenantLimitException;
import io.mcpool.TenantLimitMode;
import io.mcpool.Transport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One application instance in its own JVM: a pool against the test's MCP server whose limits live in the
 * test's Hazelcast member. Arguments: member port, server endpoint, {@code rate} or {@code cap}, seconds,
 * threads. Prints {@code ready}, starts on a {@code go} line, calls tools for tenant {@code t1} from every
 * thread until the time is up, prints {@code calls <n> errors <m>} and exits.
 */
public final class ClusterNode {

    static final String TENANT_HEADER = "X-Tenant-ID";

    private ClusterNode() {
    }

    static PoolConfig.Builder pool(String endpoint, HazelcastInstance hazelcast) {
        return PoolConfig.builder().name("cluster-test").transport(Transport.STREAMABLE_HTTP).endpoint(endpoint)
                .tenantHeader(TENANT_HEADER).minSessions(0).maxSessions(16)
                .connectTimeout(Duration.ofSeconds(10)).requestTimeout(Duration.ofSeconds(10))
                .borrowTimeout(Duration.ofSeconds(30)).drainTimeout(Duration.ofSeconds(2))
                .limitsBackend(HazelcastLimits.of(hazelcast));
    }

    /**
     * Opens one session of tenant t1 per thread (all borrowed at once), so that the measured run does not
     * wait for session creation; every borrow made here has its call done before {@code ready}.
     */
    private static void warm(McpPool pool, int threads) throws InterruptedException {
        CountDownLatch allBorrowed = new CountDownLatch(threads);
        List<Thread> warmers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread warmer = new Thread(() -> {
                try (PooledSession s = pool.borrow(BorrowOptions.builder().header(TENANT_HEADER, "t1").build())) {
                    allBorrowed.countDown();
                    allBorrowed.await();
                    s.ping();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            warmer.start();
            warmers.add(warmer);
        }
        for (Thread w : warmers) {
            w.join();
        }
    }

    public static void main(String[] args) throws Exception {
        int memberPort = Integer.parseInt(args[0]);
        String endpoint = args[1];
        boolean rate = args[2].equals("rate");
        long seconds = Long.parseLong(args[3]);
        int threads = Integer.parseInt(args[4]);
        HazelcastInstance hazelcast = Hazelcasts.client(memberPort, 20); // generous: the test machine is loaded
        PoolConfig.Builder config = pool(endpoint, hazelcast);
        if (rate) {
            config.rateLimit(5).rateLimitBurst(5).rateLimitPerTenant(true).rateLimitMode(RateLimitMode.WAIT);
        } else {
            config.maxConcurrentPerTenant(4).tenantLimitMode(TenantLimitMode.WAIT).tenantLeaseTtl(Duration.ofSeconds(3));
        }
        AtomicLong calls = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        try (McpPool pool = McpPool.create(config.build());
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            pool.start();
            if (rate) {
                warm(pool, threads); // the cap would keep all but four from borrowing at once
            }
            System.out.println("ready");
            System.out.flush();
            if (!"go".equals(in.readLine())) {
                return;
            }
            long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            List<Thread> workers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Thread worker = new Thread(() -> {
                    while (true) {
                        long left = end - System.nanoTime();
                        if (left <= 0) {
                            break;
                        }
                        // No wait past the end: a permit reserved for later would be one the test never sees used.
                        try (PooledSession s = pool.borrow(BorrowOptions.builder().header(TENANT_HEADER, "t1")
                                .timeout(Duration.ofNanos(left)).build())) {
                            s.callTool("slow", Map.of("millis", rate ? 0 : 100));
                            calls.incrementAndGet();
                        } catch (RateLimitExceededException | TenantLimitException e) {
                            // No permit or slot before the end (the timeout was the time left).
                            System.out.println("stopped " + TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())
                                    + " ms before the end: " + e.getMessage());
                            break;
                        } catch (RuntimeException e) {
                            errors.incrementAndGet();
                            System.err.println("borrow failed: " + e);
                        }
                    }
                });
                worker.start();
                workers.add(worker);
            }
            for (Thread w : workers) {
                w.join();
            }
        } finally {
            hazelcast.shutdown();
        }
        System.out.println("calls " + calls.get() + " errors " + errors.get());
        System.out.flush();
    }
}
