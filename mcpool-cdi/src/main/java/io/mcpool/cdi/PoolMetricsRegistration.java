package io.mcpool.cdi;

import io.mcpool.McpPool;
import io.mcpool.PoolMetrics;
import io.mcpool.event.PoolEvent;
import io.mcpool.metrics.MetricTag;
import io.mcpool.metrics.MetricUnit;
import io.mcpool.metrics.PoolMetric;
import io.mcpool.metrics.TagValues;
import io.mcpool.spi.PoolListener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * Metrics with a tag of their own ({@code tool}) are registered per value as events bring them, at
 * most the tag's cap of distinct values, the rest as {@value MetricTag#OTHER}.
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
    private final List<MetricID> registered = new CopyOnWriteArrayList<>();
    private final Map<Class<? extends PoolEvent>, List<Feed>> feeds = new HashMap<>();
    private final Map<Class<? extends PoolEvent>, List<PoolMetric>> tagged = new HashMap<>();
    private final Map<MetricID, DoubleConsumer> taggedInstruments = new ConcurrentHashMap<>();
    private final Map<MetricTag, TagValues> tagValues = new ConcurrentHashMap<>();

    PoolMetricsRegistration(McpPool pool, MetricRegistry registry) {
        this.pool = pool;
        this.registry = registry;
        this.poolTag = new Tag("pool", pool.name());
    }

    /** @return what removes the metrics and the listener again */
    Runnable register() {
        for (PoolMetric m : PoolMetric.values()) {
            if (m.eventTags().isEmpty()) {
                feed(m, instrument(m, poolTag));
            } else {
                tagged.computeIfAbsent(m.event().orElseThrow(), type -> new ArrayList<>()).add(m);
            }
        }
        pool.addListener(this);
        return () -> {
            pool.removeListener(this);
            registered.forEach(registry::remove);
        };
    }

    /** Registers the metric with these tags; @return what feeds it, or null for a gauge (read at each scrape) */
    private DoubleConsumer instrument(PoolMetric m, Tag... tags) {
        String name = MicroProfileNaming.name(m);
        Metadata metadata = Metadata.builder().withName(name).withDescription(m.description())
                .withUnit(MicroProfileNaming.metadataUnit(m)).build();
        registered.add(new MetricID(name, tags));
        switch (MicroProfileNaming.instrument(m)) {
            case GAUGE -> {
                MetricUnit unit = m.unitFor(PoolMetric.MICROPROFILE_METRICS);
                registry.gauge(metadata, pool, p -> m.value(p.metrics(), unit), tags);
                return null;
            }
            case COUNTER -> {
                Counter counter = registry.counter(metadata, tags);
                return amount -> counter.inc(Math.round(amount));
            }
            case TIMER -> {
                Timer timer = registry.timer(metadata, tags);
                return amount -> timer.update(m.unit().duration(amount));
            }
            default -> {
                Histogram histogram = registry.histogram(metadata, tags);
                return amount -> histogram.update(Math.round(amount));
            }
        }
    }

    private void feed(PoolMetric metric, DoubleConsumer instrument) {
        if (instrument != null) {
            feeds.computeIfAbsent(metric.event().orElseThrow(), type -> new ArrayList<>())
                    .add(new Feed(metric, instrument));
        }
    }


    @Override
    public void onEvent(PoolEvent event) {
        for (Feed feed : feeds.getOrDefault(event.getClass(), List.of())) {
            feed.metric().observe(event).ifPresent(feed.instrument());
        }
        for (PoolMetric m : tagged.getOrDefault(event.getClass(), List.of())) {
            m.observe(event).ifPresent(amount -> taggedInstrument(m, event).accept(amount));
        }
    }

    private DoubleConsumer taggedInstrument(PoolMetric m, PoolEvent event) {
        List<MetricTag> own = m.eventTags();
        Tag[] tags = new Tag[own.size() + 1];
        tags[0] = poolTag;
        for (int i = 0; i < own.size(); i++) {
            MetricTag tag = own.get(i);
            tags[i + 1] = new Tag(tag.name(), tagValues.computeIfAbsent(tag, TagValues::new)
                    .admit(m.tagValue(tag, event).orElse(null)));
        }
        return taggedInstruments.computeIfAbsent(new MetricID(MicroProfileNaming.name(m), tags), id -> instrument(m, tags));
    }
}
