package io.mcpool.metrics;

import java.time.Duration;
import java.util.Locale;

/**
 * The unit a metric's values are given in. Durations are held as {@link Duration} in
 * {@link io.mcpool.PoolMetrics}; their unit says which number an exporter shows.
 */
public enum MetricUnit {

    /** A number of things: sessions, leases, probes, events. Dimensionless. */
    COUNT,

    /** A fraction from 0 to 1. */
    RATIO,

    /** A flag: {@code true} is shown as 1, {@code false} as 0 where only numbers fit. */
    BOOLEAN,

    /**
     * One of a few states; where only numbers fit, each state is shown as its code
     * ({@link PoolMetric#stateCode(Enum)}), higher codes being the worse states.
     */
    STATE,

    /** Seconds; fractional where the exporter allows. */
    SECONDS,

    /** Milliseconds; fractional where the exporter allows. */
    MILLISECONDS;

    /** @return whether values in this unit are durations */
    public boolean isTime() {
        return this == SECONDS || this == MILLISECONDS;
    }

    /**
     * @param duration a duration
     * @return it in this unit, with the fraction kept (nanosecond precision)
     * @throws IllegalStateException when this is not a unit of time
     */
    public double of(Duration duration) {
        double nanos = duration.getSeconds() * 1e9 + duration.getNano();
        return switch (this) {
            case SECONDS -> nanos / 1e9;
            case MILLISECONDS -> nanos / 1e6;
            default -> throw new IllegalStateException(this + " is not a unit of time");
        };
    }

    /**
     * @param amount an amount of this unit, e.g. what {@link PoolMetric#observe} gives for a timer
     * @return it as a duration, to the nearest nanosecond
     * @throws IllegalStateException when this is not a unit of time
     */
    public Duration duration(double amount) {
        return switch (this) {
            case SECONDS -> Duration.ofNanos(Math.round(amount * 1e9));
            case MILLISECONDS -> Duration.ofNanos(Math.round(amount * 1e6));
            default -> throw new IllegalStateException(this + " is not a unit of time");
        };
    }

    /** @return the unit's name in lower case, as documentation and JMX descriptors show it */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
