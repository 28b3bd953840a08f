package io.mcpool.testkit;

import io.mcpool.BorrowOptions;
import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.PooledSession;
import io.mcpool.RateLimitExceededException;
import io.mcpool.RateLimitMode;
import io.mcpool.TenantLimitException;
import io.mcpool.TenantLimitMode;
import io.mcpool.Transport;
import io.mcpool.spi.LimitsBackend;
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
 * One application instance in its own JVM ({@link ChildJvm}): a pool against the test's MCP server whose
 * limits live in a shared store. Arguments: the {@link Backend} class (public, with a public no-argument
 * constructor), the store's address (for that class), server endpoint, {@code rate} or {@code cap},
 * seconds, threads. Prints {@code ready}, starts on a {@code go} line, calls tools for tenant {@code t1}
 * from every thread until the time is up, prints {@code calls <n> errors <m>} and exits.
 *
 * <p>{@code rate}: 5 calls/s per tenant, burst 5, WAIT. {@code cap}: 4 concurrent per tenant, WAIT,
 * {@code tenantLeaseTtl} 3 s, each call 100 ms.
 */
public final class ClusterNode {

    /** The header that names the tenant. */
    public static final String TENANT_HEADER = "X-Tenant-ID";
    /** {@code rate}: the cluster-wide rate per tenant, per second. */
    public static final int RATE = 5;
    /** {@code rate}: the burst. */
    public static final int BURST = 5;
    /** {@code cap}: the cluster-wide cap per tenant. */
    public static final int CAP = 4;
    /** {@code cap}: the lease time to live. */
    public static final Duration LEASE_TTL = Duration.ofSeconds(3);

    /** How a node opens the limits backend of a store. */
    public interface Backend {

        /**
         * @param address the store's address, as the test passed it
         * @return a backend on the store
         */
        LimitsBackend open(String address);

        /** Closes what {@link #open} opened, after the node's pool is closed. */
        void close();
    }

    private ClusterNode() {
    }

    /**
     * The tests' pool: HTTP to {@code endpoint}, tenant header, generous timeouts, the limits on {@code backend}.
     *
     * @param endpoint the MCP server
     * @param backend  where the limits live
     * @return a builder to add the limits to
     */
    public static PoolConfig.Builder pool(String endpoint, LimitsBackend backend) {
        return PoolConfig.builder().name("cluster-test").transport(Transport.STREAMABLE_HTTP).endpoint(endpoint)
                .tenantHeader(TENANT_HEADER).minSessions(0).maxSessions(16)
                .connectTimeout(Duration.ofSeconds(10)).requestTimeout(Duration.ofSeconds(10))
                .borrowTimeout(Duration.ofSeconds(30)).drainTimeout(Duration.ofSeconds(2))
                .limitsBackend(backend);
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

    /**
     * @param args backend class, store address, endpoint, {@code rate} or {@code cap}, seconds, threads
     * @throws Exception when the node cannot run
     */
    public static void main(String[] args) throws Exception {
        Backend store = (Backend) Class.forName(args[0]).getConstructor().newInstance();
        String endpoint = args[2];
        boolean rate = args[3].equals("rate");
        long seconds = Long.parseLong(args[4]);
        int threads = Integer.parseInt(args[5]);
        PoolConfig.Builder config = pool(endpoint, store.open(args[1]));
        if (rate) {
            config.rateLimit(RATE).rateLimitBurst(BURST).rateLimitPerTenant(true).rateLimitMode(RateLimitMode.WAIT);
        } else {
            config.maxConcurrentPerTenant(CAP).tenantLimitMode(TenantLimitMode.WAIT).tenantLeaseTtl(LEASE_TTL);
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
            store.close();
        }
        System.out.println("calls " + calls.get() + " errors " + errors.get());
        System.out.flush();
        // Done. SmallRye Fault Tolerance's timer thread (not a daemon, not stopped by the pool's close) would
        // keep this JVM alive until the test's ChildJvm.close gave up waiting (10 s per instance).
        System.exit(0);
    }
}
