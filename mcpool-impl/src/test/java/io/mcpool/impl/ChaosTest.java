package io.mcpool.impl;

import static io.mcpool.impl.TestPools.config;
import static io.mcpool.impl.TestPools.text;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.BorrowOptions;
import io.mcpool.CircuitOpenException;
import io.mcpool.CircuitState;
import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.PooledSession;
import io.mcpool.event.PoolEvent;
import io.mcpool.testkit.FaultProxy;
import io.mcpool.testkit.StdioTestServer;
import io.mcpool.testkit.TestMcpServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Faults under load against real servers: a restarted HTTP server, killed stdio servers, a
 * black-holed network. What callers see is counted; what the pool leaves behind is checked.
 */
class ChaosTest {

    /** What each run saw goes to this log; docs/resilience.md quotes it. */
    private static final org.slf4j.Logger REPORT = org.slf4j.LoggerFactory.getLogger("io.mcpool.chaos");

    /** Hang guard only: these runs must end, whatever the fault. */
    private static final Duration NO_HANG = Duration.ofMinutes(2);

    /** Runs {@code work} on {@code threads} threads until {@code stop} is set; returns the failures each saw. */
    private static List<Future<Integer>> load(ExecutorService pool, int threads, AtomicBoolean stop,
            Consumer<Integer> work) {
        List<Future<Integer>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                int failures = 0;
                while (!stop.get()) {
                    try {
                        work.accept(thread);
                    } catch (RuntimeException e) {
                        failures++;
                    }
                }
                return failures;
            }));
        }
        return futures;
    }

    private static int sum(List<Future<Integer>> futures) throws Exception {
        int total = 0;
        for (Future<Integer> f : futures) {
            total += f.get(1, TimeUnit.MINUTES);
        }
        return total;
    }

    /**
     * The borrow timeout is the borrower's budget: while the breaker is open, a borrower with budget left
     * waits for a session to come back or for the half-open probe instead of failing at once. A server
     * down for half a second, long enough to open the breaker, then costs the calls in flight and no
     * more, in every one of ten runs (before: some runs cost tens of thousands of fast
     * {@code CircuitOpenException}s).
     */
    @Test
    void aShortRestartThatOpensTheBreakerCostsOnlyTheCallsInFlight() throws Exception {
        int sessions = 8;
        for (int run = 1; run <= 10; run++) {
            try (TestMcpServer server = TestMcpServer.builder().build().start();
                    McpPool pool = McpPool.create(config(server).minSessions(sessions).maxSessions(sessions)
                            .borrowTimeout(Duration.ofSeconds(10)).recoveryTimeout(Duration.ofSeconds(2))
                            .requestTimeout(Duration.ofSeconds(5)).build())) {
                List<PoolEvent> events = new CopyOnWriteArrayList<>();
                pool.addListener(events::add);
                pool.start();
                server.toolLatency(Duration.ofMillis(5));
                ExecutorService threads = Executors.newFixedThreadPool(32);
                AtomicBoolean stop = new AtomicBoolean();
                Map<String, Integer> failureKinds = new java.util.concurrent.ConcurrentHashMap<>();
                List<Future<Integer>> callers = load(threads, 32, stop, t -> {
                    try {
                        pool.callTool("echo", Map.of("message", "t" + t));
                    } catch (RuntimeException e) {
                        failureKinds.merge(e.getClass().getSimpleName() + ": " + Failures.describe(e), 1, Integer::sum);
                        throw e;
                    }
                });
                await().atMost(NO_HANG).until(() -> pool.metrics().borrowCount() > 200);
                server.stop();
                long downSince = System.nanoTime();
                await().atMost(NO_HANG).until(() -> System.nanoTime() - downSince > TimeUnit.MILLISECONDS.toNanos(500));
                server.start();
                // Until the breaker has let its probe through and closed again, and calls flow once more.
                await().atMost(NO_HANG).until(() -> events.stream().anyMatch(e -> e instanceof PoolEvent.CircuitStateChanged c
                        && c.to() == CircuitState.CLOSED));
                long served = pool.metrics().borrowCount();
                await().atMost(NO_HANG).until(() -> pool.metrics().borrowCount() > served + 200);
                stop.set(true);
                int failures = sum(callers);
                threads.shutdown();
                boolean opened = events.stream().anyMatch(e -> e instanceof PoolEvent.CircuitStateChanged c
                        && c.to() == CircuitState.OPEN);
                REPORT.info("CHAOS short-restart run {}: 32 callers, {} sessions, breaker opened={}, failures={}", run,
                        sessions, opened, failures);
                assertTrue(opened, "run " + run + ": the restart was meant to open the breaker");
                assertTrue(failures <= sessions, "run " + run + ": " + failures + " failures; at most the " + sessions
                        + " calls in flight may fail: " + failureKinds);
            }
        }
    }

    @Test
    void anHttpServerRestartedUnderLoadCostsAtMostTheCallsInFlight() throws Exception {
        int min = 4;
        int max = 8;
        Duration healthInterval = Duration.ofSeconds(1);
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(config(server).minSessions(min).maxSessions(max)
                        .healthCheckInterval(healthInterval).idleTimeout(Duration.ofSeconds(2))
                        .requestTimeout(Duration.ofSeconds(5)).retryBaseDelay(Duration.ofMillis(50))
                        .retryMaxDelay(Duration.ofMillis(400)).retryCount(4).failureThreshold(50).build())) {
            List<PoolEvent> events = new CopyOnWriteArrayList<>();
            pool.addListener(events::add);
            pool.start();
            pool.listTools(); // the pool has seen echo's idempotent annotation
            server.toolLatency(Duration.ofMillis(5));

            ExecutorService threads = Executors.newFixedThreadPool(34);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong lastFailureNanos = new AtomicLong();
            List<Future<Integer>> callers = load(threads, 32, stop, t -> {
                try {
                    pool.callTool("echo", Map.of("message", "t" + t));
                } catch (RuntimeException e) {
                    lastFailureNanos.set(System.nanoTime());
                    throw e;
                }
            });
            // Listings and pings are always safe to repeat: they must see no failure at all.
            List<Future<Integer>> readers = load(threads, 2, stop, t -> {
                try (PooledSession s = pool.borrow()) {
                    s.ping();
                    s.listTools();
                }
            });
            Thread.sleep(1500);
            server.restart();
            long restarted = System.nanoTime();
            Thread.sleep(3000);
            stop.set(true);
            int callerFailures = sum(callers);
            int readerFailures = sum(readers);
            threads.shutdown();
            REPORT.info("CHAOS http-restart: 32 callers of echo + 2 ping/listTools readers, maxSessions={}: caller "
                    + "failures={}, reader failures={}, last failure {} ms after the restart, retries={}, errors={}",
                    max, callerFailures, readerFailures, lastFailureNanos.get() == 0 ? "none"
                            : (lastFailureNanos.get() - restarted) / 1_000_000, pool.metrics().retryAttempts(),
                    pool.metrics().errors());

            assertTrue(callerFailures <= max, "callers saw " + callerFailures + " failures; at most one per session in "
                    + "flight (" + max + ") is allowed");
            assertEquals(0, readerFailures, "listTools/ping are retried on a fresh session");
            assertTrue(lastFailureNanos.get() == 0 || lastFailureNanos.get() - restarted < healthInterval.toNanos(),
                    "the pool served again within one health interval of the restart");
            assertTrue(events.stream().anyMatch(e -> e instanceof PoolEvent.ServerRestartDetected));
            assertEquals(1, pool.metrics().reconnectCount(), "one restart, one generation bump");

            // Nothing leaked: back to the floor, and the restarted server agrees with the pool.
            await().atMost(Duration.ofSeconds(20)).until(() -> pool.metrics().total() == min
                    && server.liveSessions() == min);
            assertEquals(0, pool.metrics().active());
            assertEquals(CircuitState.CLOSED, pool.metrics().circuitState());
        }
    }

    @Test
    void killedStdioServersAreReplacedAndLeaveNoProcessBehind() throws Exception {
        int min = 2;
        int max = 4;
        List<Long> killed = new ArrayList<>();
        long childrenBefore = ProcessHandle.current().descendants().count();
        try (McpPool pool = McpPool.create(PoolConfig.builder().name("stdio-chaos")
                .stdio(StdioTestServer.command("--tool-latency-ms", "5"))
                .minSessions(min).maxSessions(max).healthCheckInterval(Duration.ofMillis(500))
                .idleTimeout(Duration.ofSeconds(2)).requestTimeout(Duration.ofSeconds(20))
                .connectTimeout(Duration.ofSeconds(20)).borrowTimeout(Duration.ofSeconds(30)).build())) {
            pool.start();
            ExecutorService threads = Executors.newFixedThreadPool(6);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger calls = new AtomicInteger();
            List<Future<Integer>> callers = load(threads, 6, stop, t -> {
                pool.callTool("echo", Map.of("message", "t" + t));
                calls.incrementAndGet();
            });
            Thread.sleep(2000);
            // The pool's stdio servers are this JVM's only child JVMs.
            ProcessHandle.current().children().filter(p -> p.info().command().orElse("").endsWith("/java"))
                    .forEach(p -> {
                        killed.add(p.pid());
                        p.destroyForcibly(); // SIGKILL: kill -9
                    });
            assertFalse(killed.isEmpty());
            int callsAtKill = calls.get();
            await().atMost(Duration.ofSeconds(60)).until(() -> calls.get() > callsAtKill + 50);
            stop.set(true);
            int failures = sum(callers);
            threads.shutdown();
            REPORT.info("CHAOS stdio-kill: 6 callers, {} server processes killed with SIGKILL: caller failures={}, "
                    + "calls after the kill={}", killed.size(), failures, calls.get() - callsAtKill);
            assertTrue(failures <= killed.size(), "failures " + failures + " > sessions killed " + killed.size());
            await().atMost(Duration.ofSeconds(30)).until(() -> pool.metrics().total() == min);
            assertTrue(pool.metrics().errors() <= killed.size());
        }
        // Every server process is gone, the killed ones reaped (no zombies) and the new ones closed.
        await().atMost(Duration.ofSeconds(20)).until(() -> ProcessHandle.current().descendants().count() <= childrenBefore);
        for (long pid : killed) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " lingers");
            assertFalse(new java.io.File("/proc/" + pid).exists(), "process " + pid + " is a zombie");
        }
    }

    @Test
    void aBlackHoleOpensTheBreakerAndOneProbeClosesItOnceTheFaultClears() throws Exception {
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                FaultProxy proxy = FaultProxy.start(server.port());
                McpPool pool = McpPool.create(PoolConfig.builder().name("blackhole").endpoint(proxy.url("/mcp"))
                        .minSessions(1).maxSessions(3).connectTimeout(Duration.ofSeconds(2))
                        .requestTimeout(Duration.ofSeconds(2)).borrowTimeout(Duration.ofSeconds(10))
                        .retryCount(0).failureThreshold(3).recoveryTimeout(Duration.ofSeconds(2))
                        .healthCheckInterval(Duration.ZERO).build())) {
            List<PoolEvent> events = new CopyOnWriteArrayList<>();
            // Initialize requests the server had when the breaker last went half-open, and when the probe it let
            // through had made its session. The probe's SessionCreated event fires before the breaker learns of its
            // success, so no other creation can have been let through in between: the difference is exact.
            AtomicInteger initializeAtHalfOpen = new AtomicInteger(-1);
            AtomicInteger initializeAtProbeDone = new AtomicInteger(-1);
            pool.addListener(e -> {
                events.add(e);
                if (e instanceof PoolEvent.CircuitStateChanged c && c.to() == CircuitState.HALF_OPEN) {
                    initializeAtHalfOpen.set(server.initializeCount());
                }
                if (e instanceof PoolEvent.SessionCreated && initializeAtHalfOpen.get() >= 0) {
                    initializeAtProbeDone.compareAndSet(-1, server.initializeCount());
                }
            });
            pool.start();
            proxy.blackHole();

            // The idle session's call times out (requestTimeout), never hangs.
            assertTimeoutPreemptively(NO_HANG, () -> {
                try (PooledSession s = pool.borrow()) {
                    assertThrows(RuntimeException.class, () -> s.callTool("add", Map.of("a", 1, "b", 2)));
                }
            });
            // New sessions time out in initialize (connectTimeout) until the breaker opens.
            int attempts = 0;
            while (pool.metrics().circuitState() != CircuitState.OPEN && attempts++ < 10) {
                assertTimeoutPreemptively(NO_HANG, () -> assertThrows(RuntimeException.class, pool::borrow));
            }
            assertEquals(CircuitState.OPEN, pool.metrics().circuitState());
            assertEquals(3, pool.metrics().creationFailures(), "the breaker opened after failureThreshold=3");
            REPORT.info("CHAOS black-hole: breaker OPEN after {} failed creations", pool.metrics().creationFailures());
            // Open: a borrow that needs a new session and whose deadline comes before the breaker's next probe
            // fails fast (one with budget beyond the probe waits for it: aShortRestartThatOpensTheBreaker...).
            long triedSoFar = pool.metrics().creationFailures() + pool.metrics().retryAttempts();
            assertThrows(CircuitOpenException.class, () -> pool.borrow(BorrowOptions.builder()
                    .timeout(Duration.ofMillis(200)).build()));
            assertEquals(triedSoFar, pool.metrics().creationFailures() + pool.metrics().retryAttempts(),
                    "failed fast: no connect attempt was made");

            proxy.heal();
            // Several borrowers hammer the half-open breaker: exactly one probe reaches the server.
            ExecutorService threads = Executors.newFixedThreadPool(4);
            AtomicBoolean stop = new AtomicBoolean();
            List<Future<Integer>> borrowers = load(threads, 4, stop, t -> pool.callTool("echo", Map.of("message", "x")));
            await().atMost(Duration.ofSeconds(20)).until(() -> pool.metrics().circuitState() == CircuitState.CLOSED);
            stop.set(true);
            sum(borrowers);
            threads.shutdown();
            REPORT.info("CHAOS black-hole: probes while half-open={}", initializeAtProbeDone.get() - initializeAtHalfOpen.get());
            assertEquals(1, initializeAtProbeDone.get() - initializeAtHalfOpen.get(),
                    "exactly one probe went out while half-open");
            await().atMost(Duration.ofSeconds(10)).until(() -> pool.metrics().idle() >= 1);
            assertEquals("healed", text(pool.callTool("echo", Map.of("message", "healed"))));
            List<CircuitState> transitions = events.stream().filter(PoolEvent.CircuitStateChanged.class::isInstance)
                    .map(e -> ((PoolEvent.CircuitStateChanged) e).to()).toList();
            // A probe slower than connectTimeout on a loaded machine re-opens the breaker for another round; it
            // never stays half-open, and it ends closed.
            assertEquals(List.of(CircuitState.OPEN, CircuitState.HALF_OPEN), transitions.subList(0, 2), transitions::toString);
            assertEquals(CircuitState.CLOSED, transitions.get(transitions.size() - 1), transitions::toString);
            for (int i = 1; i < transitions.size(); i++) {
                if (transitions.get(i - 1) == CircuitState.HALF_OPEN) {
                    assertTrue(transitions.get(i) != CircuitState.HALF_OPEN, transitions::toString);
                }
            }
        }
    }

    @Test
    void aFailedHalfOpenProbeReopensTheBreakerInsteadOfSticking() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (McpPool pool = McpPool.create(PoolConfig.builder().name("stuck").endpoint("http://127.0.0.1:" + port + "/mcp")
                .minSessions(0).maxSessions(2).retryCount(0).failureThreshold(2).recoveryTimeout(Duration.ofMillis(500))
                .connectTimeout(Duration.ofSeconds(2)).build())) {
            List<CircuitState> transitions = new CopyOnWriteArrayList<>();
            pool.addListener(e -> {
                if (e instanceof PoolEvent.CircuitStateChanged c) {
                    transitions.add(c.to());
                }
            });
            pool.start();
            assertThrows(RuntimeException.class, pool::borrow);
            assertThrows(RuntimeException.class, pool::borrow);
            assertEquals(CircuitState.OPEN, pool.metrics().circuitState());
            // The probe fails (nothing listens): the breaker must re-open, not stay half-open.
            await().pollDelay(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5)).until(() -> true);
            assertThrows(RuntimeException.class, pool::borrow);
            assertEquals(CircuitState.OPEN, pool.metrics().circuitState());
            // An interrupted probe re-opens it too.
            await().pollDelay(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5)).until(() -> true);
            CountDownLatch started = new CountDownLatch(1);
            Thread prober = new Thread(() -> {
                started.countDown();
                Thread.currentThread().interrupt();
                try {
                    pool.borrow().close();
                } catch (RuntimeException expected) {
                    // interrupted or refused
                }
            });
            prober.start();
            started.await();
            prober.join(10_000);
            await().atMost(Duration.ofSeconds(5)).until(() -> pool.metrics().circuitState() != CircuitState.HALF_OPEN);
            assertTrue(transitions.containsAll(List.of(CircuitState.OPEN, CircuitState.HALF_OPEN)), transitions::toString);
            assertEquals(0, pool.metrics().active());
            assertEquals(0, pool.metrics().total());
        }
    }
}
