package io.mcpool.cdi;

import io.mcpool.metrics.MetricKind;
import io.mcpool.metrics.MetricUnit;
import io.mcpool.metrics.PoolMetric;

/**
 * How MicroProfile Metrics shows each metric of the table ({@link PoolMetric}): its name, the
 * instrument it is registered as, and its unit. Free of MicroProfile Metrics types, so that it can be
 * read (by the documentation test) where the API is absent.
 *
 * <p>Names are the table's ({@link PoolMetric#metricName()}) unless it gives one for
 * {@link PoolMetric#MICROPROFILE_METRICS}. A gauge is a gauge read from {@code McpPool.metrics()} at
 * each scrape; a counter that events feed is a counter; a counter only the snapshot keeps is a gauge
 * that only grows (MicroProfile Metrics has no counter read from a function); timers and histograms
 * are fed by events.
 */
final class MicroProfileNaming {

    /** The MicroProfile Metrics instrument a metric is registered as. */
    enum Instrument {
        /** Read at each scrape. */
        GAUGE,
        /** Incremented by events. */
        COUNTER,
        /** Updated with each event's duration. */
        TIMER,
        /** Updated with each event's value. */
        HISTOGRAM
    }

    private MicroProfileNaming() {
    }

    static String name(PoolMetric metric) {
        return metric.nameFor(PoolMetric.MICROPROFILE_METRICS).orElse(metric.metricName());
    }

    static Instrument instrument(PoolMetric metric) {
        return switch (metric.kind()) {
            case GAUGE -> Instrument.GAUGE;
            case COUNTER -> metric.event().isPresent() ? Instrument.COUNTER : Instrument.GAUGE;
            case TIMER -> Instrument.TIMER;
            case HISTOGRAM -> Instrument.HISTOGRAM;
        };
    }

    /** @return the unit values are given in: a unit of time, or "none" for counts, ratios, flags and states */
    static String unit(PoolMetric metric) {
        MetricUnit unit = metric.unitFor(PoolMetric.MICROPROFILE_METRICS);
        return unit.isTime() ? unit.label() : "none";
    }

    /**
     * @return the unit in the metric's metadata: {@link #unit}, except for timers, whose metadata
     *     names none: they record durations, which runtimes show in seconds (Prometheus
     *     {@code _seconds_count}, {@code _seconds_sum}, {@code _seconds_max}) whatever the metadata
     *     says, or scale wrongly when it says one
     */
    static String metadataUnit(PoolMetric metric) {
        return metric.kind() == MetricKind.TIMER ? "none" : unit(metric);
    }

    /** @return the name of the metric's first line in Prometheus output, e.g. {@code mcpool_borrows_total} */
    static String prometheusName(PoolMetric metric) {
        String base = name(metric).replace('.', '_');
        return switch (instrument(metric)) {
            case GAUGE -> "none".equals(unit(metric)) ? base : base + "_" + unit(metric);
            case COUNTER -> base + "_total";
            case TIMER -> base + "_" + unit(metric) + "_count";
            case HISTOGRAM -> base + "_count";
        };
    }
}
