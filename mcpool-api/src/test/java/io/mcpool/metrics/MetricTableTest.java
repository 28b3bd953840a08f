package io.mcpool.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.CircuitState;
import io.mcpool.PoolMetrics;
import io.mcpool.SessionKey;
import io.mcpool.event.PoolEvent;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The metrics table and the {@link PoolMetrics} record agree, and the table's columns make sense. */
class MetricTableTest {

    private static final RecordComponent[] COMPONENTS = PoolMetrics.class.getRecordComponents();

    @Test
    void everyRecordComponentIsReadByExactlyOneMetricAndEveryReadNamesAComponent() {
        Map<String, List<PoolMetric>> readers = new TreeMap<>();
        for (PoolMetric m : PoolMetric.values()) {
            m.component().ifPresent(c -> readers.computeIfAbsent(c, k -> new ArrayList<>()).add(m));
        }
        Set<String> components = Arrays.stream(COMPONENTS).map(RecordComponent::getName)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        assertEquals(components, readers.keySet(), "PoolMetrics components vs the components the table reads");
        readers.forEach((component, metrics) -> assertEquals(1, metrics.size(), component + " is read by " + metrics));
    }

    @Test
    void unitsMatchTheTypesTheRecordHoldsValuesIn() {
        for (PoolMetric m : PoolMetric.values()) {
            if (m.component().isEmpty()) {
                continue;
            }
            Class<?> type = component(m.component().get()).getType();
            MetricUnit unit = m.unit();
            String what = m + " (" + type.getSimpleName() + " " + m.component().get() + ")";
            if (type == int.class || type == long.class) {
                assertEquals(MetricUnit.COUNT, unit, what);
            } else if (type == double.class) {
                assertEquals(MetricUnit.RATIO, unit, what);
            } else if (type == boolean.class) {
                assertEquals(MetricUnit.BOOLEAN, unit, what);
            } else if (type == Duration.class) {
                assertTrue(unit.isTime(), what + " is a duration: its unit must be one of time, not " + unit);
                assertTrue(m.unitFor(PoolMetric.JMX).isTime(), what);
            } else if (type.isEnum()) {
                assertEquals(MetricUnit.STATE, unit, what);
                assertEquals(Set.of(type.getEnumConstants()), new HashSet<>(m.states()), what + ": every state has a code");
            } else {
                throw new AssertionError(what + ": no unit fits this type; give MetricUnit one");
            }
            if (type != Duration.class) {
                assertEquals(unit, m.unitFor(PoolMetric.JMX), what + ": only durations change unit per exporter");
            }
        }
    }

    @Test
    void kindsAreFedTheWayTheirInstrumentsNeed() {
        for (PoolMetric m : PoolMetric.values()) {
            boolean snapshot = m.component().isPresent();
            boolean events = m.event().isPresent();
            switch (m.kind()) {
                case GAUGE -> {
                    assertTrue(snapshot, m + ": a gauge is read from a snapshot");
                    assertFalse(events, m + ": a gauge is not fed by events");
                }
                case COUNTER -> {
                    assertTrue(snapshot || events, m + ": a counter is read from a snapshot or fed by events");
                    assertEquals(MetricUnit.COUNT, m.unit(), m.toString());
                }
                case TIMER -> {
                    assertTrue(events && !snapshot, m + ": a timer is fed by events only");
                    assertEquals(MetricUnit.SECONDS, m.unit(), m.toString());
                }
                case HISTOGRAM -> assertTrue(events && !snapshot, m + ": a histogram is fed by events only");
            }
        }
    }

    @Test
    void namesAreUniqueDottedAndDescribedInSentencesAndEveryMetricIsTaggedByPool() {
        Set<String> names = new HashSet<>();
        for (PoolMetric m : PoolMetric.values()) {
            assertTrue(names.add(m.metricName()), "one name, one metric: " + m.metricName());
            assertTrue(m.metricName().matches("mcpool(\\.[a-z][a-z0-9]*)+"), m.metricName());
            assertTrue(m.description().endsWith("."), m + ": " + m.description());
            assertTrue(Character.isUpperCase(m.description().charAt(0)) || m.description().startsWith("listTools"),
                    m + ": " + m.description());
            assertTrue(m.tags().contains(MetricTag.POOL), m.toString());
        }
        assertEquals("The circuit breaker guarding session creation: CLOSED (creating), HALF_OPEN (probing) or OPEN "
                + "(failing fast). As a number: 0 CLOSED, 1 HALF_OPEN, 2 OPEN.", PoolMetric.CIRCUIT_STATE.description());
    }

    @Test
    void valuesAreReadFromTheirOwnComponentInTheirUnit() {
        PoolMetrics m = distinct();
        assertEquals(1L, PoolMetric.ACTIVE.value(m), "the first component");
        assertEquals(3, PoolMetric.TOTAL.read(m));
        assertEquals(0.010, PoolMetric.AVG_BORROW_WAIT.value(m).doubleValue(), 1e-12, "10 ms in seconds");
        assertEquals(10.0, PoolMetric.AVG_BORROW_WAIT.value(m, MetricUnit.MILLISECONDS).doubleValue(), 1e-9);
        assertEquals(0.25, PoolMetric.CACHE_HIT_RATE.value(m));
        assertEquals(1L, PoolMetric.READY.value(m));
        assertEquals(0L, PoolMetric.DEGRADED.value(m));
        assertEquals(1L, PoolMetric.CIRCUIT_STATE.value(m), "HALF_OPEN");
        assertEquals(CircuitState.HALF_OPEN, PoolMetric.CIRCUIT_STATE.read(m));
        assertEquals(2L, PoolMetric.CIRCUIT_STATE.stateCode(CircuitState.OPEN));
        for (PoolMetric metric : PoolMetric.values()) {
            if (metric.component().isPresent()) {
                Object expected = value(m, metric.component().get());
                assertEquals(expected, metric.read(m), metric.toString());
            } else {
                assertThrows(IllegalStateException.class, () -> metric.read(m), metric + " is not in PoolMetrics");
            }
        }
        assertThrows(IllegalArgumentException.class, () -> PoolMetric.ACTIVE.value(m, MetricUnit.SECONDS));
    }

    @Test
    void eventsFeedTheirMetricsOnly() {
        Instant now = Instant.now();
        PoolEvent borrowed = new PoolEvent.SessionBorrowed("p", now, "p-1", SessionKey.SHARED, Duration.ofMillis(3));
        PoolEvent returnedBroken = new PoolEvent.SessionReturned("p", now, "p-1", SessionKey.SHARED, Duration.ZERO, true);
        PoolEvent returnedFine = new PoolEvent.SessionReturned("p", now, "p-1", SessionKey.SHARED, Duration.ZERO, false);
        assertEquals(OptionalDouble.of(1), PoolMetric.BORROW_COUNT.observe(borrowed));
        assertEquals(0.003, PoolMetric.BORROW_WAIT.observe(borrowed).orElseThrow(), 1e-12, "seconds");
        assertEquals(OptionalDouble.empty(), PoolMetric.SESSION_CREATION.observe(borrowed));
        assertEquals(OptionalDouble.empty(), PoolMetric.ACTIVE.observe(borrowed), "a gauge is never fed by events");
        assertEquals(OptionalDouble.of(1), PoolMetric.SESSIONS_BROKEN.observe(returnedBroken));
        assertEquals(OptionalDouble.empty(), PoolMetric.SESSIONS_BROKEN.observe(returnedFine));
        for (PoolMetric m : PoolMetric.values()) {
            m.event().ifPresent(type -> assertTrue(PoolEvent.class.isAssignableFrom(type), m.toString()));
        }
    }

    @Test
    void combiningFollowsEachMetricsRule() {
        PoolMetrics a = metrics(Map.of("borrowCount", 100L, "avgBorrowWait", Duration.ofMillis(1), "maxBorrowWait",
                Duration.ofMillis(40), "cacheHits", 9L, "cacheMisses", 1L, "cacheHitRate", 0.9, "ready", true,
                "uptime", Duration.ofHours(1), "active", 2));
        PoolMetrics b = metrics(Map.of("borrowCount", 300L, "avgBorrowWait", Duration.ofMillis(5), "maxBorrowWait",
                Duration.ofMillis(20), "cacheHits", 1L, "cacheMisses", 9L, "ready", true,
                "uptime", Duration.ofMinutes(1), "circuitState", CircuitState.HALF_OPEN, "active", Integer.MAX_VALUE));
        PoolMetrics sum = PoolMetric.combine(List.of(a, b), null);
        assertEquals(400, sum.borrowCount());
        assertEquals(Integer.MAX_VALUE, sum.active(), "an int sum stops at its maximum");
        assertEquals(Duration.ofMillis(4), sum.avgBorrowWait(), "(100×1 + 300×5) / 400");
        assertEquals(Duration.ofMillis(40), sum.maxBorrowWait());
        assertEquals(0.5, sum.cacheHitRate(), 1e-9);
        assertEquals(Duration.ofHours(1), sum.uptime(), "without an uptime of its own, the longest");
        assertEquals(Duration.ofSeconds(7), PoolMetric.combine(List.of(a, b), Duration.ofSeconds(7)).uptime());
        assertTrue(sum.ready());
        assertEquals(CircuitState.HALF_OPEN, sum.circuitState());
        PoolMetrics none = PoolMetric.combine(List.of(), null);
        assertFalse(none.ready(), "no pool, nothing ready");
        assertEquals(CircuitState.CLOSED, none.circuitState());
        assertEquals(Duration.ZERO, none.uptime());
        assertEquals(0.0, none.cacheHitRate());
    }

    /** A snapshot whose components are 1, 2, 3... (ms for durations), true/false alternating, HALF_OPEN. */
    static PoolMetrics distinct() {
        Map<String, Object> values = new LinkedHashMap<>();
        int i = 0;
        for (RecordComponent c : COMPONENTS) {
            i++;
            Class<?> t = c.getType();
            values.put(c.getName(), t == int.class ? (Object) i : t == long.class ? (Object) (long) i
                    : t == double.class ? (Object) (i / 100.0) : t == boolean.class ? (Object) (i % 2 == 0)
                    : t == Duration.class ? (Object) Duration.ofMillis(i)
                    : t == CircuitState.class ? CircuitState.HALF_OPEN : t.getEnumConstants()[1]);
        }
        values.put("cacheHitRate", 0.25);
        values.put("ready", true);
        values.put("degraded", false);
        return metrics(values);
    }

    /** A snapshot with the given components and zero (false, each state's first: CLOSED, LOCAL) elsewhere. */
    static PoolMetrics metrics(Map<String, Object> given) {
        Function<RecordComponent, Object> zero = c -> {
            Class<?> t = c.getType();
            return t == int.class ? (Object) 0 : t == long.class ? (Object) 0L : t == double.class ? (Object) 0.0
                    : t == boolean.class ? (Object) false : t == Duration.class ? Duration.ZERO : t.getEnumConstants()[0];
        };
        Object[] args = Arrays.stream(COMPONENTS).map(c -> given.getOrDefault(c.getName(), zero.apply(c))).toArray();
        Class<?>[] types = Arrays.stream(COMPONENTS).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            return PoolMetrics.class.getDeclaredConstructor(types).newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static RecordComponent component(String name) {
        return Arrays.stream(COMPONENTS).filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
    }

    private static Object value(PoolMetrics m, String component) {
        try {
            return component(component).getAccessor().invoke(m);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
