package io.mcpool.opentelemetry;

import io.mcpool.PoolMetrics;
import io.mcpool.metrics.MetricKind;
import io.mcpool.metrics.PoolMetric;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.api.metrics.ObservableMeasurement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The instruments of one {@link McpPoolTelemetry}, shared by the pools it instruments (each pool's
 * values carry its {@code mcp.client.pool.name}): the two MCP duration histograms, and one instrument
 * per row of the metric table (the pool conventions' name where they have one).
 */
final class Instruments {

    final DoubleHistogram operationDuration;
    final DoubleHistogram sessionDuration;

    /** Rows read from a snapshot: an observable measurement each (the two rows of {@code count} share one). */
    private final Map<PoolMetric, Observed> observed = new EnumMap<>(PoolMetric.class);
    /** Rows fed by events. */
    private final Map<PoolMetric, LongCounter> counters = new EnumMap<>(PoolMetric.class);
    private final Map<PoolMetric, DoubleHistogram> histograms = new EnumMap<>(PoolMetric.class);
    private final List<PoolMetric> eventFed = new ArrayList<>();
    private final Meter meter;

    Instruments(Meter meter) {
        this.meter = meter;
        operationDuration = meter.histogramBuilder(Names.OPERATION_DURATION).setUnit("s")
                .setDescription("The duration of the MCP request as observed on the sender from the time it was sent "
                        + "until the response is received.")
                .setExplicitBucketBoundariesAdvice(Names.DURATION_BUCKETS).build();
        sessionDuration = meter.histogramBuilder(Names.SESSION_DURATION).setUnit("s")
                .setDescription("The duration of the MCP session as observed on the MCP client.")
                .setExplicitBucketBoundariesAdvice(Names.DURATION_BUCKETS).build();
        ObservableLongMeasurement count = null;
        for (PoolMetric metric : PoolMetric.values()) {
            String name = Names.instrumentName(metric);
            String unit = Names.unit(metric);
            Names.Convention convention = Names.convention(metric);
            String description = convention == null ? metric.description() : convention.description();
            switch (Names.instrument(metric)) {
                case OBSERVABLE_COUNTER -> observed.put(metric, new Observed(meter.counterBuilder(name).setUnit(unit)
                        .setDescription(description).buildObserver(), false));
                case OBSERVABLE_UP_DOWN_COUNTER -> {
                    // The two rows of mcp.client.pool.count (used, idle) share one instrument.
                    ObservableLongMeasurement m = Names.poolState(metric) != null && count != null ? count
                            : meter.upDownCounterBuilder(name).setUnit(unit).setDescription(description).buildObserver();
                    if (Names.poolState(metric) != null) {
                        count = m;
                    }
                    observed.put(metric, new Observed(m, false));
                }
                case OBSERVABLE_LONG_GAUGE -> observed.put(metric, new Observed(meter.gaugeBuilder(name).ofLongs()
                        .setUnit(unit).setDescription(description).buildObserver(), false));
                case OBSERVABLE_DOUBLE_GAUGE -> observed.put(metric, new Observed(meter.gaugeBuilder(name)
                        .setUnit(unit).setDescription(description).buildObserver(), true));
                case COUNTER -> {
                    counters.put(metric, meter.counterBuilder(name).setUnit(unit).setDescription(description).build());
                    eventFed.add(metric);
                }
                case HISTOGRAM -> {
                    var builder = meter.histogramBuilder(name).setUnit(unit).setDescription(description);
                    if (metric.kind() == MetricKind.TIMER) {
                        builder.setExplicitBucketBoundariesAdvice(Names.DURATION_BUCKETS);
                    }
                    histograms.put(metric, builder.build());
                    eventFed.add(metric);
                }
            }
        }
    }

    /**
     * An observable measurement and whether it takes doubles (the SDK's measurements implement both
     * interfaces, so the instrument's type is kept here).
     */
    private record Observed(ObservableMeasurement measurement, boolean fractional) {
    }

    /** @return every observable measurement, for a pool's batch callback */
    ObservableMeasurement[] observables() {
        return observed.values().stream().map(Observed::measurement).distinct().toArray(ObservableMeasurement[]::new);
    }

    /** Records one snapshot of a pool. */
    void observe(PoolMetrics snapshot, Attributes pool, Map<PoolMetric, Attributes> withState) {
        for (Map.Entry<PoolMetric, Observed> e : observed.entrySet()) {
            PoolMetric metric = e.getKey();
            Number value = metric.value(snapshot);
            Attributes attributes = withState.getOrDefault(metric, pool);
            Observed o = e.getValue();
            if (o.fractional()) {
                ((ObservableDoubleMeasurement) o.measurement()).record(value.doubleValue(), attributes);
            } else {
                ((ObservableLongMeasurement) o.measurement()).record(value.longValue(), attributes);
            }
        }
    }

    /** @return the rows fed by events, in table order */
    List<PoolMetric> eventFed() {
        return eventFed;
    }

    /**
     * Starts a pool's event-fed counters at 0, so that each is reported before its first event (the SDK
     * reports only series that were recorded). Counters with a tag beyond the pool start at their first event.
     */
    void start(Attributes pool) {
        for (Map.Entry<PoolMetric, LongCounter> e : counters.entrySet()) {
            if (e.getKey().tags().size() == 1) {
                e.getValue().add(0, pool);
            }
        }
    }

    /** Adds what one event gives a row fed by events. */
    void add(PoolMetric metric, double amount, Attributes attributes) {
        LongCounter counter = counters.get(metric);
        if (counter != null) {
            counter.add((long) amount, attributes);
        } else {
            histograms.get(metric).record(amount, attributes);
        }
    }
}
