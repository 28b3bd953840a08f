package io.mcpool.micrometer;

import io.mcpool.metrics.MetricUnit;
import io.mcpool.metrics.PoolMetric;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CloudWatch metric names and units Micrometer's CloudWatch registry gives each meter of
 * {@link McpPoolMetrics}: the meter's name plus a statistic suffix, the identity naming convention.
 * Checked against the wire by {@link CloudWatchExportTest}; the documentation's table is made from it.
 */
final class CloudWatchNames {

    private CloudWatchNames() {
    }

    /**
     * @param metric a metric of the table
     * @return each CloudWatch metric name it is published as, with its CloudWatch unit; a timer's
     *     {@code .avg} and {@code .max} only arrive for a step with observations
     */
    static Map<String, String> of(PoolMetric metric) {
        String name = metric.metricName();
        Map<String, String> names = new LinkedHashMap<>();
        switch (metric.kind()) {
            case GAUGE -> names.put(name + ".value", switch (metric.unit()) {
                case SECONDS -> "Seconds";
                case MILLISECONDS -> "Milliseconds";
                default -> "None";
            });
            case COUNTER -> names.put(name + ".count", "Count");
            case TIMER -> {
                names.put(name + ".sum", "Milliseconds");
                names.put(name + ".count", "Count");
                names.put(name + ".avg", "Milliseconds");
                names.put(name + ".max", "Milliseconds");
            }
            case HISTOGRAM -> {
                names.put(name + ".sum", "None");
                names.put(name + ".count", "Count");
                names.put(name + ".avg", "None");
                names.put(name + ".max", "None");
            }
        }
        return names;
    }

    /** @return whether the name is one only published for a step with observations */
    static boolean onlyWhenObserved(String name) {
        return name.endsWith(".avg") || name.endsWith(".max");
    }
}
