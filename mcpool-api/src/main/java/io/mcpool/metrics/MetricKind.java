package io.mcpool.metrics;

/** What a metric measures over time, which tells an exporter which instrument to use for it. */
public enum MetricKind {

    /** A value now (sessions open, a flag, a state); it may go up and down. */
    GAUGE,

    /** A count that only grows while the pool lives. */
    COUNTER,

    /** A distribution of durations, one observation per event (count, sum, maximum, percentiles). */
    TIMER,

    /** A distribution of values other than durations, one observation per event. */
    HISTOGRAM
}
