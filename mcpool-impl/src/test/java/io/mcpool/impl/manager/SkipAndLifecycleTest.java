package io.mcpool.impl.manager;

import static io.mcpool.impl.manager.ManagerFixtures.config;
import static io.mcpool.impl.manager.ManagerFixtures.manager;
import static io.mcpool.impl.manager.ManagerFixtures.poolOf;
import static io.mcpool.impl.manager.ManagerFixtures.text;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.CircuitState;
import io.mcpool.McpPool;
import io.mcpool.McpPoolException;
import io.mcpool.PoolConfig;
import io.mcpool.PooledSession;
import io.mcpool.SessionCreationException;
import io.mcpool.manager.McpPoolManager;
import io.mcpool.manager.NoPoolAvailableException;
import io.mcpool.manager.PoolAvailability;
import io.mcpool.manager.SelectionStrategy;
import io.mcpool.testkit.TestMcpServer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which pools the manager skips (open breaker, degraded, stopped), how a skipped pool comes back,
 * what happens when none can serve, and adding and removing pools on a running manager.
 */
class SkipAndLifecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    /** Serving throughout. */
    private static TestMcpServer live;
    /** Started once to get a port, then stopped: connections to it are refused. */
    private static TestMcpServer down;

    @BeforeAll
    static void startServers() {
        live = TestMcpServer.builder().build().start();
        down = TestMcpServer.builder().build().start();
        down.stop();
    }

    @AfterAll
    static void stopServers() {
        live.stop();
        down.stop();
    }

    /** A pool whose breaker opens on the first failed creation and stays open for {@code recovery}. */
    private static PoolConfig fragile(TestMcpServer server, Duration recovery) {
        return config(server).minSessions(0).retryCount(0).failureThreshold(1).recoveryTimeout(recovery).build();
    }

    private static String servedBy(McpPoolManager m, SelectionStrategy strategy) {
        try (PooledSession s = m.borrow(strategy)) {
            return poolOf(s);
        }
    }

    @Test
    void aPoolThatCannotCreateASessionIsFailedOverAndOnceItsBreakerOpensItIsSkipped() {
        try (McpPoolManager m = manager("breaker")) {
            McpPool dead = m.add("dead", fragile(down, Duration.ofMinutes(5)));
            m.add("live", config(live).build());
            m.start();
            assertEquals(PoolAvailability.AVAILABLE, m.availability().get("dead"), "a closed breaker is not skipped");

            // The first call tries 'dead' (connection refused), then fails over: the caller sees a result.
            assertEquals("hi", text(m.callTool("echo", Map.of("message", "hi"), SelectionStrategy.FAILOVER)));
            assertEquals(1, m.metrics().failovers());
            assertEquals(CircuitState.OPEN, dead.metrics().circuitState());
            assertEquals(PoolAvailability.CIRCUIT_OPEN, m.availability().get("dead"));

            // Now 'dead' is skipped: not even tried.
            long failedCreations = dead.metrics().creationFailures();
            for (int i = 0; i < 5; i++) {
                assertEquals("live", servedBy(m, SelectionStrategy.FAILOVER));
                m.callTool("echo", Map.of("message", "again"), SelectionStrategy.ROUND_ROBIN);
            }
            assertEquals(failedCreations, dead.metrics().creationFailures());
            assertEquals(0, dead.metrics().borrowCount());
            assertEquals(1, m.metrics().failovers(), "skipping is not failing over");
            assertEquals(1, m.metrics().availablePools());
        }
    }

    @Test
    void aPoolWhoseBreakerTurnsHalfOpenGetsItsProbeAndComesBack() {
        TestMcpServer flaky = TestMcpServer.builder().build().start();
        flaky.stop();
        try (McpPoolManager m = manager("half-open")) {
            McpPool pool = m.add("flaky", fragile(flaky, Duration.ofMillis(300)));
            m.add("live", config(live).build());
            m.start();
            assertEquals("live", servedBy(m, SelectionStrategy.FAILOVER));
            assertEquals(CircuitState.OPEN, pool.metrics().circuitState());
            flaky.start();
            // After recoveryTimeout the breaker is half-open, the pool is chosen again, the probe succeeds.
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                    .until(() -> servedBy(m, SelectionStrategy.FAILOVER).equals("flaky"));
            assertEquals(CircuitState.CLOSED, pool.metrics().circuitState());
            assertEquals(PoolAvailability.AVAILABLE, m.availability().get("flaky"));
        } finally {
            flaky.stop();
        }
    }

    @Test
    void aDegradedPoolIsSkippedUntilItRecovers() {
        TestMcpServer recovering = TestMcpServer.builder().build().start();
        recovering.stop();
        try (McpPoolManager m = manager("degraded")) {
            McpPool pool = m.add("recovering", config(recovering).minSessions(1).retryCount(0)
                    .gracefulDegradation(true).build());
            m.add("live", config(live).build());
            m.start();
            assertTrue(pool.isDegraded());
            assertEquals(PoolAvailability.DEGRADED, m.availability().get("recovering"));
            long borrowsBefore = pool.metrics().borrowCount();
            for (int i = 0; i < 3; i++) {
                assertEquals("live", servedBy(m, SelectionStrategy.FAILOVER));
            }
            assertEquals(borrowsBefore, pool.metrics().borrowCount(), "a degraded pool is not even tried");
            assertEquals(0, m.metrics().failovers());

            recovering.start();
            await().atMost(WAIT).until(() -> m.availability().get("recovering") == PoolAvailability.AVAILABLE);
            assertEquals("recovering", servedBy(m, SelectionStrategy.FAILOVER));
        } finally {
            recovering.stop();
        }
    }

    @Test
    void aPoolThatFailedToStartOrWasShutDownIsSkipped() {
        try (McpPoolManager m = manager("stopped")) {
            m.add("down", config(down).minSessions(1).retryCount(0).build());
            m.add("gone", config(live).build());
            m.add("live", config(live).build());
            m.start(); // 'down' fails to start: logged, the manager starts with the others
            assertTrue(m.isStarted());
            m.get("gone").orElseThrow().shutdown();
            assertEquals(Map.of("down", PoolAvailability.STOPPED, "gone", PoolAvailability.STOPPED,
                    "live", PoolAvailability.AVAILABLE), m.availability());
            for (SelectionStrategy strategy : SelectionStrategy.values()) {
                assertEquals("live", servedBy(m, strategy), strategy.name());
            }
            assertEquals(0, m.metrics().failovers());
        }
    }

    @Test
    void aManagerWhosePoolsAllFailToStartSaysSoForEach() {
        TestMcpServer alsoDown = TestMcpServer.builder().build().start();
        alsoDown.stop();
        McpPoolManager m = manager("none-started");
        try (m) {
            m.add("down1", config(down).minSessions(1).retryCount(0).build());
            m.add("down2", config(alsoDown).minSessions(1).retryCount(0).build());
            McpPoolException e = assertThrows(McpPoolException.class, m::start);
            assertTrue(e.getMessage().contains("none of its 2 pools started"), e.getMessage());
            assertTrue(e.getMessage().contains("'down1'") && e.getMessage().contains("'down2'"), e.getMessage());
            assertEquals(2, e.getSuppressed().length);
            // Still running: a pool added now starts and serves.
            m.add("live", config(live).build());
            assertEquals("live", servedBy(m, SelectionStrategy.ROUND_ROBIN));
        }
    }

    @Test
    void whenEveryPoolIsDownOneExceptionNamesEachPoolAndWhy() {
        TestMcpServer downToo = TestMcpServer.builder().build().start();
        downToo.stop();
        try (McpPoolManager m = manager("all-down")) {
            McpPool open = m.add("open", fragile(down, Duration.ofMinutes(5)));
            m.add("refused", config(downToo).minSessions(0).retryCount(0).build());
            m.add("also-refused", config(down).minSessions(0).retryCount(0).build());
            m.start();
            assertThrows(SessionCreationException.class, open::borrow); // trips its breaker
            await().atMost(WAIT).until(() -> m.availability().get("open") == PoolAvailability.CIRCUIT_OPEN);

            NoPoolAvailableException e = assertThrows(NoPoolAvailableException.class,
                    () -> m.callTool("echo", Map.of("message", "x"), SelectionStrategy.ROUND_ROBIN));
            String message = e.getMessage();
            assertTrue(message.startsWith("Manager 'all-down': no pool could serve callTool 'echo' (ROUND_ROBIN): "),
                    message);
            assertTrue(message.contains("'open' skipped: circuit breaker OPEN"), message);
            assertTrue(message.contains("'refused' failed: SessionCreationException"), message);
            assertTrue(message.contains("'also-refused' failed: SessionCreationException"), message);
            assertEquals(2, e.getSuppressed().length, "the failures of the pools tried: " + Arrays.toString(e.getSuppressed()));
            assertTrue(Arrays.stream(e.getSuppressed()).allMatch(SessionCreationException.class::isInstance));

            assertThrows(NoPoolAvailableException.class, () -> m.borrow(SelectionStrategy.LEAST_CONNECTIONS));
            assertEquals(2, m.metrics().noPoolAvailable());
        }
        try (McpPoolManager empty = manager("empty")) {
            empty.start();
            NoPoolAvailableException e = assertThrows(NoPoolAvailableException.class,
                    () -> empty.borrow(SelectionStrategy.FAILOVER));
            assertTrue(e.getMessage().contains("has no pools"), e.getMessage());
        }
    }

    @Test
    void aPoolAddedAfterStartStartsAndOneThatCannotStartIsNotAdded() {
        try (McpPoolManager m = manager("late")) {
            m.start();
            McpPool late = m.add("late", config(live).minSessions(2).build());
            assertTrue(late.isStarted(), "started by add");
            assertEquals(2, late.metrics().total(), "warmed like any started pool");
            assertEquals("late", servedBy(m, SelectionStrategy.FAILOVER));

            assertThrows(SessionCreationException.class,
                    () -> m.add("broken", config(down).minSessions(1).retryCount(0).build()));
            assertEquals(List.of("late"), m.names(), "a pool that failed to start is not kept");
        }
    }

    @Test
    void removeShutsThePoolDownAndItsSessionsClose() {
        TestMcpServer own = TestMcpServer.builder().build().start();
        try (McpPoolManager m = manager("remove")) {
            McpPool removed = m.add("own", config(own).minSessions(2).build());
            m.add("live", config(live).build());
            m.start();
            await().atMost(WAIT).until(() -> own.liveSessions() == 2);
            assertTrue(m.remove("own"));
            assertFalse(removed.isStarted());
            assertEquals(List.of("live"), m.names());
            assertTrue(m.get("own").isEmpty());
            await().atMost(WAIT).until(() -> own.liveSessions() == 0);
            assertEquals("live", servedBy(m, SelectionStrategy.ROUND_ROBIN));
            // The name is free again.
            m.add("own", config(own).build());
            assertEquals(List.of("live", "own"), m.names());
            assertTrue(m.get("own").orElseThrow().isStarted());
        } finally {
            own.stop();
        }
    }
}
