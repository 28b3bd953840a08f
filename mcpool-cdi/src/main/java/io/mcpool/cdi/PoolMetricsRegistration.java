package io.mcpool.cdi;

import io.mcpool.McpPool;
import io.mcpool.PoolMetrics;
import io.mcpool.event.PoolEvent;
import io.mcpool.metrics.MetricUnit;
import io.mcpool.metrics.PoolMetric;
import io.mcpool.spi.PoolListener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * One pool's MicroProfile Metrics, every metric of the table ({@link PoolMetric}) registered as
 * {@link MicroProfileNaming} says and tagged {@code pool=<name>}: gauges read from
 * {@link McpPool#metrics()} at each scrape, counters, timers and histograms fed by the pool's events.
 * The names are listed in {@code docs/jakarta.md}. In Prometheus output, dots become underscores,
 * counters get {@code _total} and timers {@code _seconds_count/_sum/_max}.
 */
final class PoolMetricsRegistration implements PoolListener {

    /** An instrument fed by events, with the metric that says what each event adds. */
    private record Feed(PoolMetric metric, DoubleConsumer instrument) {
    }

    private final McpPool pool;
    private final MetricRegistry registry;
    private final Tag poolTag;
    private final List<MetricID> registered = new ArrayList<>();
    private final Map<Class<? extends PoolEvent>, List<Feed>> feeds = new HashMap<>();

    PoolMetricsRegistration(McpPool pool, MetricRegistry registry) {
        this.pool = pool;
        this.registry = registry;
        this.poolTag = new Tag("pool", pool.name());
    }

    /** @return what removes the metrics and the listener again */
    Runnable register() {
        for (PoolMetric m : PoolMetric.values()) {
            String name = MicroProfileNaming.name(m);
            Metadata metadata = Metadata.builder().withName(name).withDescription(m.description())
                    .withUnit(MicroProfileNaming.metadataUnit(m)).build();
            registered.add(new MetricID(name, poolTag));
            switch (MicroProfileNaming.instrument(m)) {
                case GAUGE -> {
                    MetricUnit unit = m.unitFor(PoolMetric.MICROPROFILE_METRICS);
                    registry.gauge(metadata, pool, p -> m.value(p.metrics(), unit), poolTag);
                }
                case COUNTER -> {
                    Counter counter = registry.counter(metadata, poolTag);
                    feed(m, amount -> counter.inc(Math.round(amount)));
                }
                case TIMER -> {
                    Timer timer = registry.timer(metadata, poolTag);
                    feed(m, amount -> timer.update(m.unit().duration(amount)));
                }
                case HISTOGRAM -> {
                    Histogram histogram = registry.histogram(metadata, poolTag);
                    feed(m, amount -> histogram.update(Math.round(amount)));
                }
            }
        }
        pool.addListener(this);
        return () -> {
            pool.removeListener(this);
            registered.forEach(registry::remove);
        };
    }

    private void feed(PoolMetric metric, DoubleConsumer instrument) {
        feeds.computeIfAbsent(metric.event().orElseThrow(), type -> new ArrayList<>()).add(new Feed(metric, instrument));
    }

    @Override
    public void onEvent(PoolEvent event) {
        for (Feed feed : feeds.getOrDefault(event.getClass(), List.of())) {
            feed.metric().observe(event).ifPresent(feed.instrument());
        }
    }
}
