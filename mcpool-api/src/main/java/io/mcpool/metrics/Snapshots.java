package io.mcpool.metrics;

import io.mcpool.PoolMetrics;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Map;

/** Builds {@link PoolMetrics} through its canonical constructor, from values by component name. */
final class Snapshots {

    private static final RecordComponent[] COMPONENTS = PoolMetrics.class.getRecordComponents();
    private static final Constructor<PoolMetrics> CANONICAL = canonical();

    private Snapshots() {
    }

    static PoolMetrics build(Map<String, Object> byComponent) {
        Object[] args = new Object[COMPONENTS.length];
        for (int i = 0; i < COMPONENTS.length; i++) {
            args[i] = byComponent.get(COMPONENTS[i].getName());
            if (args[i] == null) {
                throw new IllegalStateException("no metric of the table reads PoolMetrics."
                        + COMPONENTS[i].getName() + "; add one to " + PoolMetric.class.getName());
            }
        }
        try {
            return CANONICAL.newInstance(args);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("PoolMetrics refused the combined values", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build PoolMetrics", e);
        }
    }

    private static Constructor<PoolMetrics> canonical() {
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
