package io.mcpool.impl.manager;

import io.mcpool.CircuitState;
import io.mcpool.PoolMetrics;
import io.mcpool.manager.ManagerMetrics;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Collection;

/**
 * Adds pools' metrics up, as {@link ManagerMetrics#combined()} documents.
 *
 * <p>Every {@code int} and {@code long} component of {@link PoolMetrics} is summed; the few that a
 * sum would make wrong (means, maxima, rates, flags, the breaker state, the uptime) have a rule of
 * their own below. The components are read from the record rather than listed by hand because
 * {@code PoolMetrics} grows with every feature (rate limits, autoscaling, ...): a new counter is
 * summed without this class changing, and a new component of any other type fails loudly
 * ({@code CombinedMetricsTest}) until it is given a rule here.
 */
final class CombinedMetrics {

    private static final RecordComponent[] COMPONENTS = PoolMetrics.class.getRecordComponents();
    private static final Constructor<PoolMetrics> CANONICAL = canonicalConstructor();

    private CombinedMetrics() {
    }

    static PoolMetrics combine(Collection<PoolMetrics> all, Duration uptime) {
        Object[] values = new Object[COMPONENTS.length];
        for (int i = 0; i < COMPONENTS.length; i++) {
            values[i] = combine(COMPONENTS[i], all, uptime);
        }
        try {
            return CANONICAL.newInstance(values);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("PoolMetrics refused the combined values", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build PoolMetrics", e);
        }
    }

    private static Object combine(RecordComponent component, Collection<PoolMetrics> all, Duration uptime) {
        switch (component.getName()) {
            case "avgBorrowWait": {
                // The mean over every pool's borrows, not the mean of the means.
                long borrows = 0;
                double waitNanos = 0; // avg × count over pools could overflow a long
                for (PoolMetrics m : all) {
                    borrows += m.borrowCount();
                    waitNanos += (double) m.avgBorrowWait().toNanos() * m.borrowCount();
                }
                return Duration.ofNanos(borrows == 0 ? 0 : Math.round(waitNanos / borrows));
            }
            case "maxBorrowWait":
                return all.stream().map(PoolMetrics::maxBorrowWait).max(Duration::compareTo).orElse(Duration.ZERO);
            case "cacheHitRate": {
                long hits = all.stream().mapToLong(PoolMetrics::cacheHits).sum();
                long misses = all.stream().mapToLong(PoolMetrics::cacheMisses).sum();
                return hits + misses == 0 ? 0.0 : (double) hits / (hits + misses);
            }
            case "uptime":
                return uptime;
            case "ready":
                return !all.isEmpty() && all.stream().allMatch(PoolMetrics::ready);
            case "degraded":
                return all.stream().anyMatch(PoolMetrics::degraded);
            case "circuitState":
                return all.stream().map(PoolMetrics::circuitState).reduce(CircuitState.CLOSED, CombinedMetrics::moreOpen);
            default:
                return sum(component, all);
        }
    }

    private static Object sum(RecordComponent component, Collection<PoolMetrics> all) {
        Class<?> type = component.getType();
        if (type != int.class && type != long.class) {
            throw new IllegalStateException("PoolMetrics." + component.getName() + " (" + type.getSimpleName()
                    + ") has no rule for adding pools up; give it one in " + CombinedMetrics.class.getName());
        }
        Method accessor = component.getAccessor();
        long sum = 0;
        for (PoolMetrics m : all) {
            try {
                sum += ((Number) accessor.invoke(m)).longValue();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read PoolMetrics." + component.getName(), e);
            }
        }
        if (type == int.class) {
            return (int) Math.min(Integer.MAX_VALUE, sum);
        }
        return sum;
    }

    private static CircuitState moreOpen(CircuitState a, CircuitState b) {
        if (a == CircuitState.OPEN || b == CircuitState.OPEN) {
            return CircuitState.OPEN;
        }
        if (a == CircuitState.HALF_OPEN || b == CircuitState.HALF_OPEN) {
            return CircuitState.HALF_OPEN;
        }
        return CircuitState.CLOSED;
    }

    private static Constructor<PoolMetrics> canonicalConstructor() {
        Class<?>[] types = new Class<?>[COMPONENTS.length];
        for (int i = 0; i < COMPONENTS.length; i++) {
            types[i] = COMPONENTS[i].getType();
        }
        try {
            return PoolMetrics.class.getDeclaredConstructor(types);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("PoolMetrics has no canonical constructor", e);
        }
    }
}
