package io.mcpool.impl.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.CircuitState;
import io.mcpool.PoolMetrics;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code ManagerMetrics.combined()} makes of several pools' metrics. */
class CombinedMetricsTest {

    private static PoolMetrics metrics(int active, long borrows, Duration avgWait, Duration maxWait, long hits,
            long misses, boolean ready, boolean degraded, CircuitState circuit) {
        return new PoolMetrics(active, 1, active + 1, 0, 1, 10, borrows, borrows, 0, avgWait, maxWait, 2, 1, 0, 0,
                hits, misses, 1, 0, 0.0, Duration.ofSeconds(5), ready, degraded, circuit, 3, 0, 0, 0, 0, 0);
    }

    @Test
    void gaugesAndCountersAddUpAndTheRestIsCombinedSensibly() {
        PoolMetrics a = metrics(2, 100, Duration.ofMillis(1), Duration.ofMillis(40), 9, 1, true, false,
                CircuitState.CLOSED);
        PoolMetrics b = metrics(3, 300, Duration.ofMillis(5), Duration.ofMillis(20), 1, 9, true, false,
                CircuitState.HALF_OPEN);
        PoolMetrics sum = CombinedMetrics.combine(List.of(a, b), Duration.ofSeconds(7));
        assertEquals(5, sum.active());
        assertEquals(2, sum.idle());
        assertEquals(7, sum.total());
        assertEquals(20, sum.maxSessions());
        assertEquals(400, sum.borrowCount());
        assertEquals(6, sum.healthChecks());
        assertEquals(Duration.ofMillis(4), sum.avgBorrowWait(), "(100×1 + 300×5) / 400");
        assertEquals(Duration.ofMillis(40), sum.maxBorrowWait());
        assertEquals(0.5, sum.cacheHitRate(), 1e-9);
        assertEquals(Duration.ofSeconds(7), sum.uptime(), "the manager's own uptime");
        assertTrue(sum.ready());
        assertFalse(sum.degraded());
        assertEquals(CircuitState.HALF_OPEN, sum.circuitState(), "the most open state");

        PoolMetrics c = metrics(0, 0, Duration.ZERO, Duration.ZERO, 0, 0, false, true, CircuitState.OPEN);
        PoolMetrics worse = CombinedMetrics.combine(List.of(a, b, c), Duration.ZERO);
        assertFalse(worse.ready(), "ready only when every pool is");
        assertTrue(worse.degraded(), "degraded when any pool is");
        assertEquals(CircuitState.OPEN, worse.circuitState());
    }

    @Test
    void noPoolsIsAllZeroAndNotReady() {
        PoolMetrics none = CombinedMetrics.combine(List.of(), Duration.ZERO);
        assertEquals(0, none.total());
        assertEquals(Duration.ZERO, none.avgBorrowWait());
        assertEquals(0.0, none.cacheHitRate());
        assertFalse(none.ready());
        assertEquals(CircuitState.CLOSED, none.circuitState());
    }
}
