package io.mcpool.prometheus;

import io.mcpool.metrics.MetricKind;
import io.mcpool.metrics.MetricUnit;
import io.mcpool.metrics.PoolMetric;
import io.prometheus.metrics.model.registry.MetricType;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How {@link McpPoolCollector} names each metric of the table ({@link PoolMetric}) in Prometheus,
 * after the Prometheus naming conventions:
 *
 * <ul>
 *   <li>the table's dotted name in snake case: {@code mcpool.sessions.active} is
 *       {@code mcpool_sessions_active};
 *   <li>base units as a suffix: durations in seconds ({@code mcpool_uptime_seconds}), fractions as
 *       {@code _ratio}; flags are gauges of 0 or 1, states gauges of their code (the metric's help
 *       text lists the codes);
 *   <li>counters are exposed with {@code _total}; timers are histograms ({@code _bucket},
 *       {@code _count}, {@code _sum});
 *   <li>a name ending in a suffix Prometheus reserves ({@code _created}, {@code _info},
 *       {@code _bucket}, {@code _total}) has its last two words swapped:
 *       {@code mcpool.sessions.created} is {@code mcpool_created_sessions_total};
 *   <li>a name the table gives for the exporter id {@value #EXPORTER}
 *       ({@link PoolMetric#nameFor(String)}) is taken as it is.
 * </ul>
 */
public final class PrometheusNames {

    /** This exporter's id, for {@link PoolMetric#nameFor(String)}. */
    public static final String EXPORTER = "prometheus";

    private static final List<String> RESERVED = List.of("_total", "_created", "_bucket", "_info");

    private PrometheusNames() {
    }

    /**
     * @param metric a metric of the table
     * @return its Prometheus metric family name, without {@code _total} for counters, e.g.
     *     {@code mcpool_borrows} or {@code mcpool_borrow_wait_seconds}
     */
    public static String name(PoolMetric metric) {
        String name = metric.nameFor(EXPORTER).orElseGet(() -> conventional(metric));
        String invalid = PrometheusNaming.validateMetricName(name);
        if (invalid != null) {
            throw new IllegalStateException(metric + ": '" + name + "' is not a Prometheus metric name: " + invalid);
        }
        return name;
    }

    /**
     * @param metric a metric of the table
     * @return the name its samples carry in the Prometheus text format: {@code mcpool_borrows_total}
     *     for a counter, {@code mcpool_borrow_wait_seconds_count} (and {@code _sum}, {@code _bucket})
     *     for a histogram, the family name for a gauge
     */
    public static List<String> sampleNames(PoolMetric metric) {
        String name = name(metric);
        return switch (type(metric)) {
            case COUNTER -> List.of(name + "_total");
            case HISTOGRAM -> List.of(name + "_bucket", name + "_count", name + "_sum");
            default -> List.of(name);
        };
    }

    /**
     * @param metric a metric of the table
     * @return the Prometheus type it is exposed as: a gauge, a counter, or a histogram for timers
     *     and histograms
     */
    public static MetricType type(PoolMetric metric) {
        return switch (metric.kind()) {
            case GAUGE -> MetricType.GAUGE;
            case COUNTER -> MetricType.COUNTER;
            case TIMER, HISTOGRAM -> MetricType.HISTOGRAM;
        };
    }

    /**
     * @param metric a metric of the table
     * @return its Prometheus unit ({@link Unit#SECONDS} for durations, {@link Unit#RATIO} for
     *     fractions), or null when it has none (counts, flags, states)
     */
    public static Unit unit(PoolMetric metric) {
        MetricUnit unit = metric.unit();
        if (unit.isTime()) {
            return Unit.SECONDS;
        }
        return unit == MetricUnit.RATIO ? Unit.RATIO : null;
    }

    private static String conventional(PoolMetric metric) {
        String name = snake(metric.metricName());
        Unit unit = unit(metric);
        if (unit != null && !name.endsWith("_" + unit)) {
            name = name + "_" + unit;
        }
        if (metric.kind() == MetricKind.COUNTER && name.endsWith("_total")) {
            name = name.substring(0, name.length() - "_total".length());
        }
        for (String reserved : RESERVED) {
            if (name.endsWith(reserved)) {
                name = swapLastWords(name);
                break;
            }
        }
        return name;
    }

    private static String snake(String dotted) {
        return dotted.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_:]+", "_");
    }

    private static String swapLastWords(String name) {
        List<String> words = new ArrayList<>(Arrays.asList(name.split("_")));
        int n = words.size();
        if (n < 2) {
            return name + "_value";
        }
        String last = words.get(n - 1);
        words.set(n - 1, words.get(n - 2));
        words.set(n - 2, last);
        return String.join("_", words);
    }
}
