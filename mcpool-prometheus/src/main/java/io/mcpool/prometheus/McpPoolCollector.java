package io.mcpool.prometheus;

import io.mcpool.McpPool;
import io.mcpool.PoolMetrics;
import io.mcpool.PoolState;
import io.mcpool.event.PoolEvent;
import io.mcpool.manager.McpPoolManager;
import io.mcpool.metrics.MetricKind;
import io.mcpool.metrics.MetricTag;
import io.mcpool.metrics.MetricUnit;
import io.mcpool.metrics.PoolMetric;
import io.mcpool.metrics.TagValues;
import io.mcpool.spi.PoolListener;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.StatefulMetric;
import io.prometheus.metrics.model.registry.MetricType;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A collector of the Prometheus Java client ({@code prometheus-metrics-core}) for pools and pool
 * managers: every metric of the table ({@link PoolMetric}) under the name {@link PrometheusNames}
 * gives it, one series per pool, labelled {@code pool=<pool name>}.
 *
 * <pre>{@code
 * McpPoolCollector collector = new McpPoolCollector().add(pool);
 * PrometheusRegistry.defaultRegistry.register(collector);
 * }</pre>
 *
 * <p>One collector serves any number of pools and managers, so a registry holds each metric name
 * once (registering one collector per pool would be refused as duplicate names). Pool names must
 * be unique within a collector: {@link #add(McpPool)} refuses a second pool of a name.
 *
 * <p>Gauges and counters the pool keeps are read from one {@linkplain McpPool#metrics() snapshot}
 * per pool per scrape. Metrics only events can feed (timers, as histograms with buckets from 0.5 ms
 * to 30 s, and counters the snapshot does not keep) are fed by a {@link PoolListener} the collector
 * adds to each pool. A {@linkplain #add(McpPoolManager) manager}'s pools are read at each scrape:
 * a pool added to the manager later appears at the next scrape (its event-fed metrics count from
 * then on), a removed one disappears.
 *
 * <p>A pool that is shut down ({@link PoolState#CLOSED}) disappears from the next scrape, its
 * listener removed: its counters do not stay behind as stale series. {@link #remove(McpPool)} does
 * the same at once.
 *
 * <p>Thread-safe.
 */
public final class McpPoolCollector implements MultiCollector {

    /** Upper bounds of the histograms' buckets, in seconds. */
    static final double[] BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
        30};

    private static final Logger LOG = LoggerFactory.getLogger(McpPoolCollector.class);
    private static final String POOL = MetricTag.POOL.name();

    private final Map<String, McpPool> pools = new ConcurrentHashMap<>();
    private final Map<String, McpPoolManager> managers = new ConcurrentHashMap<>();
    /** The listener on each pool this collector feeds from, by pool (identity). */
    private final Map<McpPool, Feed> feeds = new ConcurrentHashMap<>();
    private final Map<PoolMetric, StatefulMetric<?, ?>> eventFed = new EnumMap<>(PoolMetric.class);
    private final Set<String> warnedClashes = ConcurrentHashMap.newKeySet();
    private final List<MetricFamilyDescriptor> descriptors = new ArrayList<>();

    /** A collector without pools; {@link #add(McpPool)} them. */
    public McpPoolCollector() {
        for (PoolMetric metric : PoolMetric.values()) {
            String name = PrometheusNames.name(metric);
            descriptors.add(MetricFamilyDescriptor.of(PrometheusNames.type(metric),
                    new MetricMetadata(name, metric.description(), PrometheusNames.unit(metric)), labelNames(metric)));
            if (metric.component().isEmpty()) {
                eventFed.put(metric, eventMetric(metric, name));
            }
        }
    }

    private static StatefulMetric<?, ?> eventMetric(PoolMetric metric, String name) {
        if (metric.kind() == MetricKind.COUNTER) {
            return Counter.builder().name(name).help(metric.description())
                    .labelNames(labelNames(metric).toArray(String[]::new)).build();
        }
        if (metric.kind() == MetricKind.GAUGE) {
            throw new IllegalStateException(metric + ": a gauge fed by events");
        }
        Histogram.Builder histogram = Histogram.builder().name(name).help(metric.description())
                .labelNames(labelNames(metric).toArray(String[]::new))
                .classicOnly().withoutExemplars();
        if (PrometheusNames.unit(metric) != null) {
            histogram.unit(PrometheusNames.unit(metric));
        }
        if (metric.unit().isTime()) {
            histogram.classicUpperBounds(BUCKETS);
        }
        return histogram.build();
    }

    /**
     * Reports a pool, from now until it is shut down or {@link #remove(McpPool) removed}.
     *
     * @param pool a pool
     * @return this collector
     * @throws IllegalArgumentException when this collector already reports a pool of that name
     */
    public McpPoolCollector add(McpPool pool) {
        Objects.requireNonNull(pool, "pool");
        synchronized (this) {
            if (live().containsKey(pool.name())) {
                throw new IllegalArgumentException("this collector already reports a pool named '" + pool.name()
                        + "': pool names must be unique within one collector");
            }
            pools.put(pool.name(), pool);
            syncFeeds(live());
        }
        return this;
    }

    /**
     * Reports every pool of a manager, read at each scrape, until the manager is
     * {@link #remove(McpPoolManager) removed}.
     *
     * @param manager a pool manager
     * @return this collector
     * @throws IllegalArgumentException when this collector already reports a manager of that name, or
     *     a pool named as one of the manager's
     */
    public McpPoolCollector add(McpPoolManager manager) {
        Objects.requireNonNull(manager, "manager");
        synchronized (this) {
            if (managers.containsKey(manager.name())) {
                throw new IllegalArgumentException("this collector already reports a manager named '"
                        + manager.name() + "'");
            }
            Map<String, McpPool> known = live();
            for (McpPool pool : manager.pools()) {
                if (known.containsKey(pool.name())) {
                    throw new IllegalArgumentException("this collector already reports a pool named '" + pool.name()
                            + "' (manager '" + manager.name() + "' has one too): pool names must be unique within "
                            + "one collector");
                }
            }
            managers.put(manager.name(), manager);
            syncFeeds(live());
        }
        return this;
    }

    /**
     * Stops reporting a pool: its series disappear from the next scrape.
     *
     * @param pool a pool added with {@link #add(McpPool)}
     * @return whether it was reported
     */
    public synchronized boolean remove(McpPool pool) {
        boolean removed = pools.remove(pool.name(), pool);
        if (removed) {
            syncFeeds(live());
        }
        return removed;
    }

    /**
     * Stops reporting a manager's pools: their series disappear from the next scrape.
     *
     * @param manager a manager added with {@link #add(McpPoolManager)}
     * @return whether it was reported
     */
    public synchronized boolean remove(McpPoolManager manager) {
        boolean removed = managers.remove(manager.name(), manager);
        if (removed) {
            syncFeeds(live());
        }
        return removed;
    }

    /**
     * A convenience for the usual setup.
     *
     * @param registry the registry to register this collector with, e.g.
     *     {@link PrometheusRegistry#defaultRegistry}
     * @return this collector
     * @throws IllegalArgumentException when the registry already holds one of its metric names
     */
    public McpPoolCollector register(PrometheusRegistry registry) {
        registry.register(this);
        return this;
    }

    @Override
    public MetricSnapshots collect() {
        Map<String, McpPool> live;
        Map<PoolMetric, MetricSnapshot> fed = new EnumMap<>(PoolMetric.class);
        synchronized (this) {
            live = live();
            syncFeeds(live);
            // Under the lock: another scrape's syncFeeds may stop a closed pool's series meanwhile, and every
            // family of one scrape must show the same pools.
            eventFed.forEach((metric, m) -> fed.put(metric, onlyLive(m.collect(), live.keySet())));
        }
        Map<String, PoolMetrics> snapshots = new LinkedHashMap<>();
        live.forEach((name, pool) -> snapshots.put(name, pool.metrics()));
        List<MetricSnapshot> out = new ArrayList<>();
        for (PoolMetric metric : PoolMetric.values()) {
            MetricSnapshot events = fed.get(metric);
            out.add(events != null ? events : read(metric, snapshots));
        }
        return new MetricSnapshots(out);
    }

    /**
     * @return the snapshot of an event-fed metric with the series of live pools only: an event that
     *     raced with a pool's removal cannot bring the removed pool's series back
     */
    private static MetricSnapshot onlyLive(MetricSnapshot fed, Set<String> live) {
        if (fed instanceof HistogramSnapshot h) {
            return new HistogramSnapshot(h.getMetadata(), h.getDataPoints().stream()
                    .filter(d -> live.contains(d.getLabels().get(POOL))).toList());
        }
        CounterSnapshot c = (CounterSnapshot) fed;
        return new CounterSnapshot(c.getMetadata(), c.getDataPoints().stream()
                .filter(d -> live.contains(d.getLabels().get(POOL))).toList());
    }

    private static MetricSnapshot read(PoolMetric metric, Map<String, PoolMetrics> snapshots) {
        String name = PrometheusNames.name(metric);
        if (metric.kind() == MetricKind.COUNTER) {
            CounterSnapshot.Builder counter = CounterSnapshot.builder().name(name).help(metric.description());
            snapshots.forEach((pool, s) -> counter.dataPoint(CounterDataPointSnapshot.builder()
                    .labels(Labels.of(POOL, pool)).value(value(metric, s)).build()));
            return counter.build();
        }
        GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(metric.description())
                .unit(PrometheusNames.unit(metric));
        snapshots.forEach((pool, s) -> gauge.dataPoint(GaugeDataPointSnapshot.builder()
                .labels(Labels.of(POOL, pool)).value(value(metric, s)).build()));
        return gauge.build();
    }

    private static double value(PoolMetric metric, PoolMetrics snapshot) {
        return metric.unit().isTime() ? metric.value(snapshot, MetricUnit.SECONDS).doubleValue()
                : metric.value(snapshot).doubleValue();
    }

    @Override
    public List<MetricFamilyDescriptor> getMetricFamilyDescriptors() {
        return List.copyOf(descriptors);
    }

    @Override
    public List<String> getPrometheusNames() {
        return descriptors.stream().map(MetricFamilyDescriptor::getPrometheusName).toList();
    }

    @Override
    public MetricType getMetricType(String prometheusName) {
        return descriptors.stream().filter(d -> d.getPrometheusName().equals(prometheusName)).findFirst()
                .map(MetricFamilyDescriptor::getType).orElse(null);
    }

    @Override
    public Set<String> getLabelNames(String prometheusName) {
        return descriptors.stream().filter(d -> d.getPrometheusName().equals(prometheusName)).findFirst()
                .map(d -> Set.copyOf(d.getLabelNames())).orElse(null);
    }

    /** @return the metric's labels: {@code pool}, then the tags the table gives it beyond (e.g. {@code tool}) */
    private static List<String> labelNames(PoolMetric metric) {
        return metric.tags().stream().map(MetricTag::name).toList();
    }

    /** @return the pools reported now, by name: those added, then the managers', without closed ones */
    private Map<String, McpPool> live() {
        pools.values().removeIf(p -> p.state() == PoolState.CLOSED);
        Map<String, McpPool> live = new LinkedHashMap<>(pools);
        for (McpPoolManager manager : managers.values()) {
            for (McpPool pool : manager.pools()) {
                if (pool.state() == PoolState.CLOSED) {
                    continue;
                }
                McpPool other = live.putIfAbsent(pool.name(), pool);
                if (other != null && other != pool && warnedClashes.add(manager.name() + "/" + pool.name())) {
                    LOG.warn("Manager '{}' has a pool named '{}', as another pool this collector reports: it is not "
                            + "reported. Pool names must be unique within one collector.", manager.name(), pool.name());
                }
            }
        }
        return live;
    }

    /**
     * Removes the listeners of pools no longer reported, then adds one to each pool reported now; in
     * this order, so that a new pool taking a closed one's name keeps its fresh series.
     */
    private void syncFeeds(Map<String, McpPool> live) {
        for (Feed feed : List.copyOf(feeds.values())) {
            if (live.get(feed.name) != feed.pool) {
                feed.stop();
            }
        }
        for (McpPool pool : live.values()) {
            if (!feeds.containsKey(pool)) {
                feed(pool);
            }
        }
    }

    private void feed(McpPool pool) {
        Feed feed = new Feed(pool);
        feeds.put(pool, feed);
        // Every series exists from the start, at zero, before the first event; those with a tag of their
        // own (a tool's) appear with the first event that gives the tag a value.
        eventFed.forEach((metric, m) -> {
            if (metric.eventTags().isEmpty()) {
                m.initLabelValues(feed.name);
            }
        });
        pool.addListener(feed);
    }

    /** Feeds the event-fed metrics from one pool's events. */
    private final class Feed implements PoolListener {
        private final McpPool pool;
        private final String name;
        private final Map<MetricTag, TagValues> tagValues = new ConcurrentHashMap<>();
        private volatile boolean stopped;

        Feed(McpPool pool) {
            this.pool = pool;
            this.name = pool.name();
        }

        @Override
        public void onEvent(PoolEvent event) {
            if (stopped) {
                return;
            }
            eventFed.forEach((metric, instrument) -> {
                OptionalDouble v = metric.observe(event);
                if (v.isPresent()) {
                    // Durations in seconds, whatever unit the table observes them in.
                    double value = metric.unit().isTime()
                            ? MetricUnit.SECONDS.of(metric.unit().duration(v.getAsDouble())) : v.getAsDouble();
                    String[] labels = labelValues(metric, event);
                    if (instrument instanceof Counter counter) {
                        counter.labelValues(labels).inc(value);
                    } else if (instrument instanceof Histogram histogram) {
                        histogram.labelValues(labels).observe(value);
                    }
                }
            });
        }

        /** @return the pool's name, then each further tag's value from the event, capped as the tag says */
        private String[] labelValues(PoolMetric metric, PoolEvent event) {
            List<MetricTag> tags = metric.tags();
            String[] values = new String[tags.size()];
            for (int i = 0; i < values.length; i++) {
                MetricTag tag = tags.get(i);
                values[i] = tag.equals(MetricTag.POOL) ? name : tagValues.computeIfAbsent(tag, TagValues::new)
                        .admit(metric.tagValue(tag, event).orElse(null));
            }
            return values;
        }

        void stop() {
            stopped = true;
            pool.removeListener(this);
            feeds.remove(pool, this);
            eventFed.values().forEach(m -> m.removeIf(labels -> labels.get(0).equals(name)));
        }
    }
}
