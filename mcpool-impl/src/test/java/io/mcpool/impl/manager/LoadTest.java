package io.mcpool.impl.manager;

import static io.mcpool.impl.manager.ManagerFixtures.config;
import static io.mcpool.impl.manager.ManagerFixtures.manager;
import static io.mcpool.impl.manager.ManagerFixtures.text;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.BorrowOptions;
import io.mcpool.manager.McpPoolManager;
import io.mcpool.manager.SelectionStrategy;
import io.mcpool.testkit.TestMcpServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Eight threads calling {@code echo} through the manager, three real servers, one stopped mid-run:
 * what callers see is counted. Calls in flight on the stopped server may fail (whether they ran is
 * unknown, and {@code echo} is not vouched for), and so may a call that races the shutdown; a call
 * that starts after the stop must not.
 */
class LoadTest {

    private static final org.slf4j.Logger REPORT = org.slf4j.LoggerFactory.getLogger("io.mcpool.manager.load");

    private static final int THREADS = 8;
    private static final Duration WAIT = Duration.ofMinutes(2);

    private final List<TestMcpServer> servers = new ArrayList<>();
    private ExecutorService threads;

    @BeforeEach
    void startServers() {
        for (int i = 0; i < 3; i++) {
            TestMcpServer server = TestMcpServer.builder().build().start();
            // Long enough that a stop always finds calls in flight.
            server.toolLatency(Duration.ofMillis(5));
            servers.add(server);
        }
        threads = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void stopServers() throws InterruptedException {
        threads.shutdownNow();
        threads.awaitTermination(1, TimeUnit.MINUTES);
        servers.forEach(TestMcpServer::stop);
    }

    private McpPoolManager threePools(String name) {
        McpPoolManager m = manager(name);
        for (int i = 0; i < servers.size(); i++) {
            // The default breaker: after 5 failed creations the stopped server's pool is skipped.
            m.add("s" + i, config(servers.get(i)).minSessions(2).maxSessions(THREADS).failureThreshold(5).build());
        }
        m.start();
        return m;
    }

    /** What a run saw. */
    private static final class Run {
        final AtomicBoolean stop = new AtomicBoolean();
        /** Set just before the victim server is stopped; a call that reads it false was in flight. */
        final AtomicBoolean stopping = new AtomicBoolean();
        /** Set once the victim server is down; a call that reads it true started after the stop. */
        final AtomicBoolean victimDown = new AtomicBoolean();
        final AtomicInteger ok = new AtomicInteger();
        final AtomicInteger okAfterStop = new AtomicInteger();
        final ConcurrentLinkedQueue<Throwable> inFlightFailures = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Throwable> racingFailures = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Throwable> laterFailures = new ConcurrentLinkedQueue<>();
        final List<Future<?>> workers = new ArrayList<>();

        void join() throws Exception {
            stop.set(true);
            for (Future<?> w : workers) {
                w.get(1, TimeUnit.MINUTES);
            }
        }
    }

    private Run load(McpPoolManager m, SelectionStrategy strategy, BorrowOptions options) {
        Run run = new Run();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            run.workers.add(threads.submit(() -> {
                int n = 0;
                while (!run.stop.get()) {
                    boolean beforeStop = !run.stopping.get();
                    boolean afterStop = run.victimDown.get();
                    String message = thread + "-" + n++;
                    try {
                        String echoed = text(m.callTool("echo", Map.of("message", message), strategy, options));
                        assertEquals(message, echoed);
                        run.ok.incrementAndGet();
                        if (afterStop) {
                            run.okAfterStop.incrementAndGet();
                        }
                    } catch (RuntimeException e) {
                        (afterStop ? run.laterFailures : beforeStop ? run.inFlightFailures : run.racingFailures).add(e);
                    }
                }
            }));
        }
        return run;
    }

    /** @return the calls that failed in flight or racing the stop */
    private int stopServerUnderLoad(SelectionStrategy strategy, int victim, BorrowOptions options) throws Exception {
        try (McpPoolManager m = threePools(strategy.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))) {
            Run run = load(m, strategy, options);
            // Under way on every server that the strategy uses.
            await().atMost(WAIT).until(() -> servers.get(victim).toolsCallCount() >= 50);
            int victimCallsBeforeStop = servers.get(victim).toolsCallCount();
            run.stopping.set(true);
            servers.get(victim).stop();
            run.victimDown.set(true);
            await().atMost(WAIT).until(() -> run.okAfterStop.get() >= 500);
            run.join();

            int inFlight = run.inFlightFailures.size();
            int racing = run.racingFailures.size();
            REPORT.info("MANAGER {}{} with s{} stopped under load: {} calls ok ({} after the stop), {} failed in flight, "
                    + "{} racing the stop, {} after the stop; failovers={}, victim served {} calls before the stop",
                    strategy, options.retryToolCalls() ? " (retryToolCalls)" : "", victim, run.ok.get(),
                    run.okAfterStop.get(), inFlight, racing, run.laterFailures.size(), m.metrics().failovers(),
                    victimCallsBeforeStop);
            run.inFlightFailures.forEach(e -> REPORT.info("  in flight: {}", FailoverRules.describe(e)));
            run.racingFailures.forEach(e -> REPORT.info("  racing the stop: {}", FailoverRules.describe(e)));
            run.laterFailures.forEach(e -> REPORT.info("  after the stop: {}", FailoverRules.describe(e)));

            assertTrue(run.laterFailures.isEmpty(), "a call that started after the stop failed over: "
                    + run.laterFailures.stream().map(FailoverRules::describe).toList());
            assertTrue(inFlight <= THREADS, "at most one call in flight per thread when the stop began: " + inFlight);
            // A call begun while stop() runs meets a half-closed server; the first failure breaks the
            // session and bumps the pool's generation, so the next call of that thread is refused
            // cleanly and fails over.
            assertTrue(racing <= THREADS, "at most one call per thread racing the stop: " + racing);
            assertTrue(m.metrics().failovers() > 0, "the stopped server's pool was failed over");
            assertEquals(io.mcpool.manager.PoolAvailability.CIRCUIT_OPEN, m.availability().get("s" + victim),
                    "then skipped, once its breaker opened");
            for (int i = 0; i < servers.size(); i++) {
                if (i != victim) {
                    assertTrue(servers.get(i).isRunning());
                }
            }
            return inFlight + racing;
        }
    }

    @Test
    void failoverKeepsServingWhenThePrimaryStops() throws Exception {
        stopServerUnderLoad(SelectionStrategy.FAILOVER, 0, BorrowOptions.none());
        assertEquals(0, servers.get(2).toolsCallCount(), "the third server is only for when two are down");
    }

    @Test
    void roundRobinKeepsServingWhenOneServerStops() throws Exception {
        stopServerUnderLoad(SelectionStrategy.ROUND_ROBIN, 1, BorrowOptions.none());
        int first = servers.get(0).toolsCallCount();
        int third = servers.get(2).toolsCallCount();
        assertTrue(Math.min(first, third) * 2 > Math.max(first, third), "the survivors share: " + first + "/" + third);
    }

    @Test
    void whenTheCallerVouchesThatRepeatingIsSafeEvenTheCallsInFlightFailOver() throws Exception {
        int inFlight = stopServerUnderLoad(SelectionStrategy.FAILOVER, 0,
                BorrowOptions.builder().retryToolCalls(true).build());
        assertEquals(0, inFlight, "no caller-visible failure at all");
    }

    @Test
    void leastConnectionsSpreadsTheLoad() throws Exception {
        try (McpPoolManager m = threePools("least-connections")) {
            Run run = load(m, SelectionStrategy.LEAST_CONNECTIONS, BorrowOptions.none());
            await().atMost(WAIT).until(() -> run.ok.get() >= 1500);
            run.join();
            int total = servers.stream().mapToInt(TestMcpServer::toolsCallCount).sum();
            List<Integer> shares = servers.stream().map(TestMcpServer::toolsCallCount).toList();
            REPORT.info("MANAGER LEAST_CONNECTIONS, 8 threads: calls per server {}", shares);
            assertTrue(run.inFlightFailures.isEmpty(), run.inFlightFailures.toString());
            for (int share : shares) {
                // A fair share is a third; at least half of that, whatever the scheduling.
                assertTrue(share * 6 >= total, "each server gets a fair share: " + shares);
            }
        }
    }
}
