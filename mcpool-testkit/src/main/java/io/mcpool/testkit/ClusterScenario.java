package io.mcpool.testkit;

import io.mcpool.BorrowOptions;
import io.mcpool.LimitsBackendState;
import io.mcpool.LimitsBackendUnavailableException;
import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.PooledSession;
import io.mcpool.TenantLimitException;
import io.mcpool.spi.LimitsBackend;
import io.mcpool.spi.LimitsBackend.LeaseStore;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The cluster-wide limits proofs every backend module runs: three application instances
 * ({@link ClusterNode}s, each in its own JVM) against one {@link TestMcpServer} that counts what reaches
 * it, their limits in one store. The runs measure and check what holds for every backend (no errors, the
 * others go on after a kill, the cap never exceeded at the server); the tests assert the figures.
 */
public final class ClusterScenario implements AutoCloseable {

    private final TestMcpServer server;
    private final Class<? extends ClusterNode.Backend> backend;
    private final String address;
    private final List<ChildJvm> nodes = new ArrayList<>();

    /**
     * @param server  the MCP server the instances call
     * @param backend how the instances open the store's backend
     * @param address the store's address, for {@code backend}
     */
    public ClusterScenario(TestMcpServer server, Class<? extends ClusterNode.Backend> backend, String address) {
        this.server = server;
        this.backend = backend;
        this.address = address;
    }

    /**
     * Three instances, {@code threads} each, call for tenant t1 through a cluster-wide rate limit of
     * {@link ClusterNode#RATE}/s (burst {@link ClusterNode#BURST}) for {@code seconds}, from a full bucket.
     *
     * @param seconds  the measured window
     * @param threads  callers per instance
     * @return the {@code tools/call}s the server saw in the window
     * @throws Exception when an instance fails or reports errors
     * @throws AssertionError when the server saw fewer than 0.95·R·T or more than R·T + B calls (per-instance
     *     buckets would let about 3·R·T through)
     */
    public int rateRun(long seconds, int threads) throws Exception {
        // Each instance opens its sessions before it says ready (those borrows are done, their permits spent).
        startNodes("rate", seconds, threads);
        // The burst refills: the run starts from a full bucket, as the bound assumes.
        parkUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1000L * ClusterNode.BURST / ClusterNode.RATE + 200));
        server.resetCounters();
        nodes.forEach(ClusterScenario::go);
        long end = System.nanoTime();
        for (ChildJvm node : nodes) {
            requireNoErrors(node, seconds + 60);
        }
        System.out.println("three instances done " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - end)
                + " ms after the window");
        // Nothing was called after the counters were reset and before the start, nor after the end.
        int seen = server.toolsCallCount();
        double floor = 0.95 * ClusterNode.RATE * seconds;
        long ceiling = ClusterNode.RATE * seconds + ClusterNode.BURST;
        String figure = "the server saw " + seen + " calls of tenant t1 in " + seconds + " s from three instances; a "
                + "cluster-wide " + ClusterNode.RATE + "/s (burst " + ClusterNode.BURST + ") allows " + floor + " .. "
                + ceiling;
        if (seen < floor || seen > ceiling) {
            throw new AssertionError(figure + "; the instances said: " + output());
        }
        System.out.println(figure);
        return seen;
    }

    /**
     * Three instances, {@code threads} each, call for tenant t1 (100 ms calls) under a cluster-wide cap
     * of {@link ClusterNode#CAP}; the first starts alone and takes every slot, then is SIGKILLed while the
     * two others wait for slots. Checks that the others go on and finish without errors.
     *
     * @param seconds how long the instances call
     * @param threads callers per instance
     * @return how long after the kill the dead instance's slots were all in use again
     * @throws Exception when an instance fails
     * @throws AssertionError when the server saw more than {@link ClusterNode#CAP} calls at once, or the slots
     *     do not come back within {@link ClusterNode#LEASE_TTL} + 3 s
     */
    public Duration capRunKillingOne(long seconds, int threads) throws Exception {
        startNodes("cap", seconds, threads);
        server.resetCounters();
        // The first instance starts alone and takes all four slots, so that killing it strands them.
        go(nodes.get(0));
        await("the first instance holding all " + ClusterNode.CAP + " slots", Duration.ofSeconds(20),
                () -> server.toolCallsRunning() == ClusterNode.CAP);
        go(nodes.get(1));
        go(nodes.get(2));
        int before = server.toolsCallCount();
        await("30 more calls", Duration.ofSeconds(20), () -> server.toolsCallCount() >= before + 30);

        nodes.get(0).kill();
        long killed = System.nanoTime();
        int callsAtKill = server.toolsCallCount();
        // The dead instance's leases hold its slots until they expire (its calls in flight end within 100 ms);
        // then the two others use all four.
        await("the dead instance's slots back in use", ClusterNode.LEASE_TTL.plusSeconds(3),
                () -> server.toolCallsRunning() == ClusterNode.CAP
                        && System.nanoTime() - killed > Duration.ofMillis(300).toNanos());
        Duration back = Duration.ofNanos(System.nanoTime() - killed);
        for (ChildJvm node : nodes.subList(1, 3)) {
            requireNoErrors(node, 60);
        }
        if (server.toolsCallCount() <= callsAtKill + 20) {
            throw new AssertionError("the other instances did not go on after the kill: " + server.toolsCallCount()
                    + " calls, " + callsAtKill + " at the kill");
        }
        if (server.maxToolCallsRunning() > ClusterNode.CAP) {
            throw new AssertionError("the server saw " + server.maxToolCallsRunning() + " of tenant t1's calls at once;"
                    + " the cap is " + ClusterNode.CAP);
        }
        System.out.println("a SIGKILLed instance's tenant slots came back " + back.toMillis() + " ms after the kill"
                + " (tenantLeaseTtl " + ClusterNode.LEASE_TTL.toMillis() + " ms); at most "
                + server.maxToolCallsRunning() + " calls of the tenant ran at once (cap " + ClusterNode.CAP + ")");
        return back;
    }

    /**
     * The store stopped and started under running pools: two pools of this JVM (as two instances, each on
     * its own backend) with a cluster-wide cap of 2 and the default policies, and a rate-limited pool.
     * Checks that the cap holds across them; with the store away, a capped borrow is refused with
     * {@link LimitsBackendUnavailableException} naming {@code tenantCapBackendFailure=FAIL_CLOSED}, a rate-limited
     * one is admitted (FAIL_OPEN); once the store is back, the cap holds across them again, without a restart.
     *
     * @param server   the MCP server
     * @param a        one instance's backend
     * @param b        the other's
     * @param stop     stops the store
     * @param start    starts it again (returns once it answers)
     * @param recovery how long the pools may take to use the store again after {@code start}
     * @throws AssertionError when a policy or the recovery does not hold
     */
    public static void requirePoliciesAcrossAnOutage(TestMcpServer server, LimitsBackend a, LimitsBackend b,
            Runnable stop, Runnable start, Duration recovery) {
        BorrowOptions t1 = BorrowOptions.builder().header(ClusterNode.TENANT_HEADER, "t1").build();
        BorrowOptions t2 = BorrowOptions.builder().header(ClusterNode.TENANT_HEADER, "t2").build();
        try (McpPool capA = McpPool.create(capOfTwo(server, a));
                McpPool capB = McpPool.create(capOfTwo(server, b));
                McpPool rate = McpPool.create(ClusterNode.pool(server.endpoint(), b).name("stop-start-rate")
                        .rateLimit(1000).rateLimitPerTenant(true).build())) {
            capA.start();
            capB.start();
            rate.start();
            requireCapOfTwoAcross(capA, capB, t1, a.name());
            require(capA.metrics().limitsBackendState() == LimitsBackendState.AVAILABLE, "the metrics show the "
                    + "backend available: " + capA.metrics().limitsBackendState());

            stop.run();
            long stopped = System.nanoTime();
            // Caps fail closed (the default): a clear refusal, not an unchecked lease.
            LimitsBackendUnavailableException refused = poll("a refusal while the store is away", Duration.ofSeconds(10),
                    () -> refusal(capA, t1), e -> e != null);
            require(refused.getMessage().contains("tenantCapBackendFailure=FAIL_CLOSED")
                    && refused.getMessage().contains("'" + a.name() + "'"), "the refusal names the backend and the "
                    + "policy: " + refused.getMessage());
            System.out.println(a.name() + " away: a capped borrow was refused "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped) + " ms after the stop");
            require(capA.metrics().limitsBackendState() == LimitsBackendState.UNAVAILABLE
                    && capA.metrics().limitsFailedClosed() >= 1, "the metrics show the backend away and the refusal: "
                    + capA.metrics());
            // Rate limits fail open (the default): the per-instance bucket admits.
            long openBefore = rate.metrics().limitsFailedOpen();
            try (PooledSession s = rate.borrow(t2)) {
                s.ping();
            }
            require(rate.metrics().limitsFailedOpen() > openBefore, "the metrics count the borrow admitted per "
                    + "instance: " + rate.metrics());

            start.run();
            long started = System.nanoTime();
            // Back without a restart of the pools: the next try after the retry interval succeeds.
            poll("the cluster-wide cap back after the store's restart", recovery, () -> refusal(capA, t1) == null,
                    admitted -> admitted);
            System.out.println(a.name() + " back: cluster-wide caps applied again "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms after the start");
            requireCapOfTwoAcross(capA, capB, t1, a.name());
            require(capA.metrics().limitsBackendState() == LimitsBackendState.AVAILABLE, "the metrics show the "
                    + "backend back: " + capA.metrics().limitsBackendState());
        }
    }

    private static PoolConfig capOfTwo(TestMcpServer server, LimitsBackend backend) {
        return ClusterNode.pool(server.endpoint(), backend).name("stop-start").maxConcurrentPerTenant(2)
                .tenantLeaseTtl(ClusterNode.LEASE_TTL).build();
    }

    /** Polls every 100 ms until {@code done} accepts what {@code value} gives, and returns that. */
    private static <T> T poll(String what, Duration atMost, Supplier<T> value, Predicate<T> done) {
        long end = System.nanoTime() + atMost.toNanos();
        while (true) {
            T v = value.get();
            if (done.test(v)) {
                return v;
            }
            require(System.nanoTime() - end < 0, "no " + what + " within " + atMost.toMillis() + " ms");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    /**
     * Checks a cluster-wide cap of 2 across two pools of this JVM sharing a backend: one lease each, and
     * a third borrow from either is refused, naming the backend.
     *
     * @param a       a pool with {@code maxConcurrentPerTenant=2} and {@code tenantLimitMode=REJECT}
     * @param b       another pool of the same name on the same backend
     * @param tenant  the tenant's borrow options
     * @param backend the backend's {@code name()}
     * @throws AssertionError when the cap does not hold across the two
     */
    static void requireCapOfTwoAcross(McpPool a, McpPool b, BorrowOptions tenant, String backend) {
        try (PooledSession a1 = a.borrow(tenant); PooledSession b1 = b.borrow(tenant)) {
            for (McpPool pool : List.of(b, a)) {
                try (PooledSession third = pool.borrow(tenant)) {
                    throw new AssertionError("a third lease of " + tenant + " was granted; the cluster-wide cap is 2");
                } catch (TenantLimitException over) {
                    String expected = "across the instances sharing the limits backend '" + backend + "'";
                    if (!over.getMessage().contains(expected)) {
                        throw new AssertionError("the refusal does not say '" + expected + "': " + over.getMessage(),
                                over);
                    }
                }
            }
            a1.ping();
            b1.ping();
        }
    }

    /**
     * @param pool   a pool whose cluster-wide cap fails closed
     * @param tenant the tenant's borrow options
     * @return the refusal of a borrow, or null when it was admitted (and its call made)
     */
    static LimitsBackendUnavailableException refusal(McpPool pool, BorrowOptions tenant) {
        try (PooledSession s = pool.borrow(tenant)) {
            s.callTool("slow", Map.of("millis", 0));
            return null;
        } catch (LimitsBackendUnavailableException e) {
            return e;
        }
    }

    /**
     * Checks a backend's lease primitives: claim, renew, expiry, free, each only by the holder. Takes
     * about 5 s (a lease renewed every 500 ms outlives its 2 s time to live; one not renewed expires).
     *
     * @param leases the backend's lease store, with no leases named {@code kept} or {@code dropped}
     * @throws InterruptedException when interrupted
     * @throws AssertionError when a primitive does not do what {@link LeaseStore} says
     */
    public static void requireLeaseSemantics(LeaseStore leases) throws InterruptedException {
        Duration ttl = Duration.ofSeconds(2);
        require(leases.claim("kept", "a", ttl), "a free lease can be claimed");
        require(leases.claim("dropped", "a", ttl), "a free lease can be claimed");
        require(!leases.claim("kept", "b", ttl), "a held lease cannot be claimed by another holder");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < end) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
            require(leases.renew("kept", "a", ttl), "renewed every 500 ms, a 2 s lease stays");
        }
        require(!leases.renew("kept", "b", ttl), "only its holder renews a lease");
        // Not renewed for 5 s: expired, free for anyone.
        require(leases.claim("dropped", "b", ttl), "an abandoned lease expires after its time to live");
        leases.free("kept", "b");
        require(!leases.claim("kept", "b", ttl), "only its holder frees a lease");
        leases.free("kept", "a");
        require(leases.claim("kept", "b", ttl), "a freed lease can be claimed at once");
        long expiry = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!leases.claim("kept", "c", ttl)) {
            require(System.nanoTime() - expiry < 0, "a lease not renewed expires (within 10 s of a 2 s ttl)");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }

    /** @return what the instances printed, for a failure message */
    public String output() {
        return nodes.stream().map(n -> String.join("\n", n.output())).toList().toString();
    }

    private static void requireNoErrors(ChildJvm node, long seconds) throws InterruptedException {
        String line = node.await("calls", seconds);
        if (!line.endsWith("errors 0")) {
            throw new AssertionError("an instance had errors: " + String.join("\n", node.output()));
        }
    }

    /** Polls every 20 ms (a condition of another process: nothing to wait on). */
    private void await(String what, Duration atMost, BooleanSupplier condition) {
        long end = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("no " + what + " within " + atMost.toMillis() + " ms; the instances said: "
                        + output());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /** Waits for a measurement window's edge (a timed measurement, not a stand-in for an assertion). */
    private static void parkUntil(long nanos) {
        for (long left; (left = nanos - System.nanoTime()) > 0; ) {
            LockSupport.parkNanos(left);
        }
    }

    private void startNodes(String mode, long seconds, int threads) throws Exception {
        for (int i = 0; i < 3; i++) {
            nodes.add(new ChildJvm(ClusterNode.class, backend.getName(), address, server.endpoint(), mode,
                    String.valueOf(seconds), String.valueOf(threads)));
        }
        long start = System.nanoTime();
        for (ChildJvm node : nodes) {
            node.await("ready", 60);
        }
        System.out.println("three instances ready after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)
                + " ms");
    }

    private static void go(ChildJvm node) {
        try {
            node.send("go");
        } catch (IOException e) {
            throw new AssertionError("a node died before the start: " + node.output(), e);
        }
    }

    /** Ends every instance still running. */
    @Override
    public void close() {
        for (ChildJvm node : nodes) {
            node.close();
        }
        nodes.clear();
    }
}
