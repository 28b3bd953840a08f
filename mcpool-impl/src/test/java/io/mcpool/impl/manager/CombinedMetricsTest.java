package io.mcpool.impl.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.CircuitState;
import io.mcpool.PoolMetrics;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code ManagerMetrics.combined()} makes of several pools' metrics. */
class CombinedMetricsTest {

    /**
     * A snapshot with the given components and zero (false, CLOSED) elsewhere. Built by component
     * name so that this test, like CombinedMetrics, does not break each time PoolMetrics grows.
     */
    private static PoolMetrics metrics(Map<String, Object> given) throws Exception {
        RecordComponent[] components = PoolMetrics.class.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            Class<?> type = components[i].getType();
            types[i] = type;
            Object value = given.get(components[i].getName());
            if (value == null) {
                value = type == int.class ? (Object) 0 : type == long.class ? (Object) 0L : type == double.class
                        ? (Object) 0.0 : type == boolean.class ? (Object) false : type == Duration.class
                        ? Duration.ZERO : type.isEnum() ? type.getEnumConstants()[0] : null;
            }
            values[i] = value;
        }
        return PoolMetrics.class.getDeclaredConstructor(types).newInstance(values);
    }

    private static PoolMetrics metrics(Object... nameValuePairs) throws Exception {
        Map<String, Object> given = new HashMap<>();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            given.put((String) nameValuePairs[i], nameValuePairs[i + 1]);
        }
        return metrics(given);
    }

    @Test
    void everyGaugeAndCounterIsSummed() throws Exception {
        for (RecordComponent c : PoolMetrics.class.getRecordComponents()) {
            if (c.getType() != int.class && c.getType() != long.class) {
                continue;
            }
            Object one = c.getType() == int.class ? (Object) 1 : (Object) 1L;
            Object two = c.getType() == int.class ? (Object) 2 : (Object) 2L;
            PoolMetrics sum = CombinedMetrics.combine(List.of(metrics(c.getName(), one), metrics(c.getName(), two)),
                    Duration.ZERO);
            assertEquals(3L, ((Number) c.getAccessor().invoke(sum)).longValue(), c.getName());
        }
    }

    @Test
    void meansMaximaRatesFlagsAndTheBreakerAreCombinedSensibly() throws Exception {
        PoolMetrics a = metrics("borrowCount", 100L, "avgBorrowWait", Duration.ofMillis(1), "maxBorrowWait",
                Duration.ofMillis(40), "cacheHits", 9L, "cacheMisses", 1L, "cacheHitRate", 0.9, "ready", true,
                "uptime", Duration.ofHours(1));
        PoolMetrics b = metrics("borrowCount", 300L, "avgBorrowWait", Duration.ofMillis(5), "maxBorrowWait",
                Duration.ofMillis(20), "cacheHits", 1L, "cacheMisses", 9L, "cacheHitRate", 0.1, "ready", true,
                "circuitState", CircuitState.HALF_OPEN);
        PoolMetrics sum = CombinedMetrics.combine(List.of(a, b), Duration.ofSeconds(7));
        assertEquals(400, sum.borrowCount());
        assertEquals(Duration.ofMillis(4), sum.avgBorrowWait(), "(100×1 + 300×5) / 400");
        assertEquals(Duration.ofMillis(40), sum.maxBorrowWait());
        assertEquals(0.5, sum.cacheHitRate(), 1e-9);
        assertEquals(Duration.ofSeconds(7), sum.uptime(), "the manager's own uptime");
        assertTrue(sum.ready());
        assertFalse(sum.degraded());
        assertEquals(CircuitState.HALF_OPEN, sum.circuitState(), "the most open state");

        PoolMetrics c = metrics("degraded", true, "circuitState", CircuitState.OPEN);
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
        assertEquals(Duration.ZERO, none.maxBorrowWait());
        assertEquals(0.0, none.cacheHitRate());
        assertFalse(none.ready());
        assertEquals(CircuitState.CLOSED, none.circuitState());
    }
}
