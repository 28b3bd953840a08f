package io.mcpool.impl.manager;

import static io.mcpool.impl.manager.ManagerFixtures.config;
import static io.mcpool.impl.manager.ManagerFixtures.manager;
import static io.mcpool.impl.manager.ManagerFixtures.text;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.BorrowOptions;
import io.mcpool.manager.McpPoolManager;
import io.mcpool.manager.PoolAvailability;
import io.mcpool.manager.SelectionStrategy;
import io.mcpool.testkit.RecordedRequest;
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
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * FAILOVER with callers waiting inside the primary's borrow: the primary has 2 sessions for 8
 * callers, so at any moment most callers wait in its borrow (10 s budget). The primary's server is
 * stopped; in the 5 s after, the callers must be served by the backup, not wait out their budget on
 * a pool that is down. Also: the caller's credential header does not follow the failover.
 */
class FailoverWaitersTest {

    private static final org.slf4j.Logger REPORT = org.slf4j.LoggerFactory.getLogger("io.mcpool.manager.load");
    private static final int CALLERS = 8;
    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final String TOKEN = "primary-only-token-7f3a";

    private TestMcpServer primary;
    private TestMcpServer backup;
    private ExecutorService threads;

    @BeforeEach
    void startServers() {
        primary = TestMcpServer.builder().build().start();
        backup = TestMcpServer.builder().build().start();
        // Calls take long enough that every stop finds the primary's two sessions busy and callers waiting.
        primary.toolLatency(Duration.ofMillis(20));
        backup.toolLatency(Duration.ofMillis(20));
        threads = Executors.newFixedThreadPool(CALLERS);
    }

    @AfterEach
    void stopServers() throws InterruptedException {
        threads.shutdownNow();
        assertTrue(threads.awaitTermination(1, TimeUnit.MINUTES), "callers ended");
        primary.stop();
        backup.stop();
    }

    @Test
    void callersWaitingInThePrimarysBorrowAreServedByTheBackupWhenItsServerStops() throws Exception {
        try (McpPoolManager m = manager("failover-waiters")) {
            m.add("primary", config(primary).minSessions(2).maxSessions(2).borrowTimeout(Duration.ofSeconds(10))
                    .failureThreshold(3).recoveryTimeout(Duration.ofSeconds(30)).build());
            m.add("backup", config(backup).minSessions(2).maxSessions(CALLERS).borrowTimeout(Duration.ofSeconds(10))
                    .build());
            m.start();
            BorrowOptions options = BorrowOptions.builder().header("Authorization", "Bearer " + TOKEN)
                    .header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01").build();

            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong stoppedAt = new AtomicLong(Long.MAX_VALUE);
            AtomicInteger okInWindow = new AtomicInteger();
            AtomicInteger endedInWindow = new AtomicInteger();
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < CALLERS; t++) {
                int thread = t;
                workers.add(threads.submit(() -> {
                    int n = 0;
                    while (!stop.get()) {
                        String message = thread + "-" + n++;
                        boolean ok;
                        try {
                            ok = message.equals(text(m.callTool("echo", Map.of("message", message),
                                    SelectionStrategy.FAILOVER, options)));
                        } catch (RuntimeException e) {
                            ok = false;
                            if (System.nanoTime() >= stoppedAt.get()) {
                                failures.add(e);
                            }
                        }
                        long now = System.nanoTime();
                        long since = now - stoppedAt.get();
                        if (since >= 0 && since < WINDOW_NANOS) {
                            endedInWindow.incrementAndGet();
                            if (ok) {
                                okInWindow.incrementAndGet();
                            }
                        }
                    }
                }));
            }
            await().atMost(Duration.ofMinutes(1)).until(() -> primary.toolsCallCount() >= 100);
            assertEquals(0, backup.toolsCallCount(), "FAILOVER uses the primary while it serves");
            int inFlight = m.get("primary").orElseThrow().metrics().active();
            stoppedAt.set(System.nanoTime());
            primary.stop();
            int backupBefore = backup.toolsCallCount();
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(WINDOW_NANOS) + 100); // the measured window itself
            stop.set(true);
            for (Future<?> w : workers) {
                w.get(1, TimeUnit.MINUTES);
            }
            int servedByBackup = backup.toolsCallCount() - backupBefore;
            int ended = endedInWindow.get();
            int ok = okInWindow.get();
            REPORT.info("MANAGER FAILOVER, {} callers waiting on a primary of 2 sessions, primary stopped: in the 5 s "
                    + "after, {} calls ended, {} ok ({} %), backup served {}, {} failed ({} in flight at the stop); "
                    + "failovers={}", CALLERS, ended, ok, ended == 0 ? 0 : ok * 100 / ended, servedByBackup,
                    failures.size(), inFlight, m.metrics().failovers());
            failures.forEach(e -> REPORT.info("  failed: {}", FailoverRules.describe(e)));

            assertTrue(failures.size() <= inFlight, "at most the calls in flight at the stop fail: " + failures.size()
                    + " > " + inFlight + ": " + failures.stream().map(FailoverRules::describe).toList());
            assertTrue(ended >= 100, "calls went on after the stop: " + ended);
            assertTrue(ok * 100 >= ended * 95, "at least 95 % of the calls in the 5 s after the stop succeed: " + ok
                    + " of " + ended);
            assertTrue(servedByBackup * 100 >= ended * 90, "the backup served them: " + servedByBackup + " of " + ended);
            assertEquals(PoolAvailability.CIRCUIT_OPEN, m.availability().get("primary"));

            // The primary's credential never reached the backup; the trace context did.
            List<RecordedRequest> calls = backup.toolCalls();
            assertTrue(!calls.isEmpty());
            for (RecordedRequest r : calls) {
                assertTrue(r.headers().entrySet().stream().noneMatch(h -> String.valueOf(h.getValue()).contains(TOKEN)),
                        "the backup saw the primary's token: " + r.headers().keySet());
                assertTrue(r.headers().keySet().stream().anyMatch("traceparent"::equalsIgnoreCase),
                        "trace headers follow the failover: " + r.headers().keySet());
            }
        }
    }
}
