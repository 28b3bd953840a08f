package io.mcpool.jmx;

import io.mcpool.PoolMetrics;
import io.mcpool.metrics.MetricUnit;
import io.mcpool.metrics.PoolMetric;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.management.Descriptor;
import javax.management.ImmutableDescriptor;
import javax.management.MBeanAttributeInfo;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;

/**
 * The metrics table ({@link PoolMetric}) as JMX shows it: one read-only attribute per metric that a
 * {@link PoolMetrics} snapshot holds, and one item per metric in the snapshot composite.
 *
 * <p>Names: the table's JMX name, else the component's name capitalized; a duration's name ends in
 * its unit ({@code Millis}, {@code Seconds}). The snapshot's items are the component names, with the
 * same unit ending. Types are open types a bare JDK (JConsole) knows: counts keep their {@code int}
 * or {@code long}, flags are {@code boolean}, states their name, durations in seconds whole
 * {@code long} seconds and durations in milliseconds fractional {@code double} milliseconds (a warm
 * pool's borrow waits are well under one).
 */
final class MetricAttributes {

    /** The descriptor field naming the table's metric of an attribute. */
    static final String METRIC_FIELD = "metricName";

    /** The name of the snapshot composite's type, as before the table (it was a record of that name). */
    static final String SNAPSHOT_TYPE_NAME = "io.mcpool.jmx.MetricsSnapshot";

    /** Every metric a snapshot holds, in table order. */
    static final List<PoolMetric> METRICS = Arrays.stream(PoolMetric.values())
            .filter(m -> m.component().isPresent()).toList();

    private static final CompositeType SNAPSHOT_TYPE = snapshotType();

    private MetricAttributes() {
    }

    /** @return the attribute's name, e.g. {@code ActiveSessions}, {@code AvgBorrowWaitMillis} */
    static String attributeName(PoolMetric metric) {
        return metric.nameFor(PoolMetric.JMX).orElseGet(() -> {
            String component = metric.component().orElseThrow();
            return Character.toUpperCase(component.charAt(0)) + component.substring(1) + unitEnding(metric);
        });
    }

    /** @return the snapshot item's name, e.g. {@code active}, {@code avgBorrowWaitMillis} */
    static String itemName(PoolMetric metric) {
        return metric.component().orElseThrow() + unitEnding(metric);
    }

    private static String unitEnding(PoolMetric metric) {
        if (!isDuration(metric)) {
            return "";
        }
        return switch (metric.unitFor(PoolMetric.JMX)) {
            case MILLISECONDS -> "Millis";
            case SECONDS -> "Seconds";
            default -> throw new IllegalStateException(metric + ": a duration needs a unit of time for JMX");
        };
    }

    private static boolean isDuration(PoolMetric metric) {
        return metric.unitFor(PoolMetric.JMX).isTime();
    }

    /** @return the open type JMX clients receive the value as */
    static OpenType<?> openType(PoolMetric metric) {
        if (isDuration(metric)) {
            return metric.unitFor(PoolMetric.JMX) == MetricUnit.SECONDS ? SimpleType.LONG : SimpleType.DOUBLE;
        }
        return switch (metric.unit()) {
            case BOOLEAN -> SimpleType.BOOLEAN;
            case STATE -> SimpleType.STRING;
            case RATIO -> SimpleType.DOUBLE;
            case COUNT -> metric.valueType() == int.class ? SimpleType.INTEGER : SimpleType.LONG;
            default -> throw new IllegalStateException(metric + ": no JMX type for " + metric.unit());
        };
    }

    /** @return the attribute's type as MBeanInfo names it ({@code int}, {@code long}, {@code java.lang.String}...) */
    static String typeName(PoolMetric metric) {
        OpenType<?> type = openType(metric);
        if (type == SimpleType.INTEGER) {
            return "int";
        } else if (type == SimpleType.LONG) {
            return "long";
        } else if (type == SimpleType.DOUBLE) {
            return "double";
        } else if (type == SimpleType.BOOLEAN) {
            return "boolean";
        }
        return type.getClassName();
    }

    /** @return the value of the metric in the snapshot, as the attribute shows it */
    static Object value(PoolMetric metric, PoolMetrics snapshot) {
        Object raw = metric.read(snapshot);
        if (raw instanceof Duration d) {
            MetricUnit unit = metric.unitFor(PoolMetric.JMX);
            return unit == MetricUnit.SECONDS ? (Object) d.toSeconds() : (Object) unit.of(d);
        }
        if (raw instanceof Enum<?> state) {
            return state.name();
        }
        return raw;
    }

    /**
     * @param metric      the metric
     * @param description what the attribute shows
     * @return a read-only attribute with the descriptor fields an MXBean attribute has, plus
     *     {@code units} and {@value #METRIC_FIELD}
     */
    static MBeanAttributeInfo attributeInfo(PoolMetric metric, String description) {
        String type = typeName(metric);
        return new MBeanAttributeInfo(attributeName(metric), type, description, true, false,
                "boolean".equals(type), descriptor(metric));
    }

    /**
     * @return the descriptor fields of the metric's attribute: those of an MXBean attribute
     *     ({@code openType}, {@code originalType}), {@code units} and {@value #METRIC_FIELD}
     */
    static Descriptor descriptor(PoolMetric metric) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("openType", openType(metric));
        fields.put("originalType", typeName(metric));
        fields.put("units", metric.unitFor(PoolMetric.JMX).label());
        fields.put(METRIC_FIELD, metric.metricName());
        return new ImmutableDescriptor(fields);
    }

    /** @return the type of {@link #snapshot(PoolMetrics)}: one item per metric */
    static CompositeType snapshotCompositeType() {
        return SNAPSHOT_TYPE;
    }

    /** @return every metric of the snapshot, as one composite value */
    static CompositeData snapshot(PoolMetrics metrics) {
        Objects.requireNonNull(metrics, "metrics");
        Map<String, Object> items = new LinkedHashMap<>();
        for (PoolMetric m : METRICS) {
            items.put(itemName(m), value(m, metrics));
        }
        try {
            return new CompositeDataSupport(SNAPSHOT_TYPE, items);
        } catch (OpenDataException e) {
            throw new IllegalStateException("the metrics snapshot does not fit its own type", e);
        }
    }

    private static CompositeType snapshotType() {
        String[] names = METRICS.stream().map(MetricAttributes::itemName).toArray(String[]::new);
        String[] descriptions = METRICS.stream().map(PoolMetric::description).toArray(String[]::new);
        OpenType<?>[] types = METRICS.stream().map(MetricAttributes::openType).toArray(OpenType<?>[]::new);
        try {
            return new CompositeType(SNAPSHOT_TYPE_NAME, "Every metric read at one moment.", names, descriptions, types);
        } catch (OpenDataException e) {
            throw new IllegalStateException("the metrics table does not make a JMX composite type", e);
        }
    }
}
