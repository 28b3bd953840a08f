package io.mcpool.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.mcpool.McpPool;
import io.mcpool.SessionKey;
import io.mcpool.event.PoolEvent;
import io.mcpool.metrics.MetricKind;
import io.mcpool.metrics.MetricTag;
import io.mcpool.metrics.MetricUnit;
import io.mcpool.metrics.PoolMetric;
import io.mcpool.metrics.TagValues;
import io.mcpool.spi.PoolListener;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Binds one pool's metrics to a Micrometer {@link MeterRegistry}: every {@link PoolMetric} of the
 * table under its {@linkplain PoolMetric#metricName() name} ({@code mcpool.sessions.active},
 * {@code mcpool.borrow.wait}, ... in the style of HikariCP's {@code hikaricp.connections.*}), tagged
 * {@code pool=<name>}; the per-tool meters ({@code mcpool.tool.call}, {@code mcpool.tool.call.errors}) also
 * {@code tool=<name>}, at most {@link MetricTag#TOOL}'s cap of distinct tools per pool, the rest as
 * {@value MetricTag#OTHER}.
 *
 * <p>Gauges and counters the pool keeps are read from its {@link McpPool#metrics() snapshot} when the
 * registry asks; timers and counters only events can feed are fed by a {@link PoolListener} this
 * binder adds to the pool. With {@link #withTenantTag()} the event-fed meters also carry
 * {@code tenant=<tenant>} ({@code none} for shared sessions), at most {@link MetricTag#TENANT}'s cap of
 * distinct tenants per pool, the rest as {@value MetricTag#OTHER}. {@link #close()} removes the listener.
 *
 * <pre>{@code
 * McpPoolMetrics metrics = new McpPoolMetrics(pool);
 * metrics.bindTo(registry);
 * }</pre>
 */
public final class McpPoolMetrics implements MeterBinder, AutoCloseable {

    /** The tenant tag's value for sessions of no tenant. */
    public static final String NO_TENANT = "none";

    private final McpPool pool;
    private final Tags extra;
    private final Tags tags;
    private final boolean tenantTag;
    private final TagValues tenants = new TagValues(MetricTag.TENANT);
    private final Map<MetricTag, TagValues> tagValues = new ConcurrentHashMap<>();
    private final List<Registration> registrations = new CopyOnWriteArrayList<>();

    /** @param pool the pool to report */
    public McpPoolMetrics(McpPool pool) {
        this(pool, Tags.empty(), false);
    }

    private McpPoolMetrics(McpPool pool, Tags extra, boolean tenantTag) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.extra = extra;
        this.tags = Tags.of(MetricTag.POOL.name(), pool.name()).and(extra);
        this.tenantTag = tenantTag;
    }

    /** @return a binder like this one whose event-fed meters also carry the {@code tenant} tag, capped */
    public McpPoolMetrics withTenantTag() {
        return new McpPoolMetrics(pool, extra, true);
    }

    /**
     * @param extra tags every meter of this binder carries besides {@code pool}
     * @return a binder like this one with those tags
     */
    public McpPoolMetrics withTags(Iterable<Tag> extra) {
        return new McpPoolMetrics(pool, this.extra.and(extra), tenantTag);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (PoolMetric metric : PoolMetric.values()) {
            if (metric.component().isPresent()) {
                bindSnapshot(registry, metric);
            }
        }
        Registration registration = new Registration(registry);
        registrations.add(registration);
        pool.addListener(registration);
        // Created up front, so that every name exists before the first event.
        registration.meters(SessionKey.SHARED);
    }

    private void bindSnapshot(MeterRegistry registry, PoolMetric metric) {
        String base = baseUnit(metric.unit());
        if (metric.kind() == MetricKind.COUNTER) {
            FunctionCounter.builder(metric.metricName(), pool, p -> metric.value(p.metrics()).doubleValue())
                    .description(metric.description()).baseUnit(base).tags(tags).register(registry);
        } else {
            Gauge.builder(metric.metricName(), pool, p -> metric.value(p.metrics()).doubleValue())
                    .description(metric.description()).baseUnit(base).tags(tags).strongReference(true).register(registry);
        }
    }

    private static String baseUnit(MetricUnit unit) {
        return switch (unit) {
            case SECONDS -> "seconds";
            case MILLISECONDS -> "milliseconds";
            case COUNT, BOOLEAN, STATE, RATIO -> null;
        };
    }

    /** Stops feeding the event-fed meters of every registry this binder was bound to. */
    @Override
    public void close() {
        for (Registration r : registrations) {
            pool.removeListener(r);
        }
        registrations.clear();
    }

    private String tenant(SessionKey key) {
        return tenants.admit(key == null || key.tenant() == null ? NO_TENANT : key.tenant());
    }

    /** @return {@code base} with the metric's own tags (beyond pool and tenant) as the event gives them */
    private Tags withOwnTags(PoolMetric metric, PoolEvent event, Tags base) {
        Tags t = base;
        for (MetricTag tag : metric.eventTags()) {
            String value = metric.tagValue(tag, event).orElse(MetricTag.OTHER);
            t = t.and(tag.name(), tagValues.computeIfAbsent(tag, TagValues::new).admit(value));
        }
        return t;
    }

    /** @return whether the metric carries tags only events can give, so it cannot be created before one */
    private static boolean hasOwnTags(PoolMetric metric) {
        return !metric.eventTags().isEmpty();
    }

    /** The event-fed meters of one registry. */
    private final class Registration implements PoolListener {
        private final MeterRegistry registry;

        Registration(MeterRegistry registry) {
            this.registry = registry;
        }

        Tags meters(SessionKey key) {
            Tags t = tenantTag ? tags.and(MetricTag.TENANT.name(), tenant(key)) : tags;
            for (PoolMetric metric : PoolMetric.values()) {
                if (metric.component().isEmpty() && !hasOwnTags(metric)) {
                    meter(metric, t);
                }
            }
            return t;
        }

        private Object meter(PoolMetric metric, Tags t) {
            return switch (metric.kind()) {
                case TIMER -> Timer.builder(metric.metricName()).description(metric.description()).tags(t)
                        .register(registry);
                case HISTOGRAM -> DistributionSummary.builder(metric.metricName()).description(metric.description())
                        .baseUnit(baseUnit(metric.unit())).tags(t).register(registry);
                case COUNTER -> Counter.builder(metric.metricName()).description(metric.description()).tags(t)
                        .register(registry);
                case GAUGE -> throw new IllegalStateException(metric + ": a gauge fed by events");
            };
        }

        @Override
        public void onEvent(PoolEvent event) {
            Tags t = null;
            for (PoolMetric metric : PoolMetric.values()) {
                if (metric.component().isPresent()) {
                    continue;
                }
                OptionalDouble v = metric.observe(event);
                if (v.isEmpty()) {
                    continue;
                }
                if (t == null) {
                    t = tagsOf(event);
                }
                Object meter = meter(metric, hasOwnTags(metric) ? withOwnTags(metric, event, t) : t);
                if (meter instanceof Timer timer) {
                    timer.record(MetricUnit.SECONDS.duration(v.getAsDouble()));
                } else if (meter instanceof DistributionSummary summary) {
                    summary.record(v.getAsDouble());
                } else if (meter instanceof Counter counter) {
                    counter.increment(v.getAsDouble());
                }
            }
        }

        private Tags tagsOf(PoolEvent event) {
            if (!tenantTag) {
                return tags;
            }
            SessionKey key = keyOf(event);
            return tags.and(MetricTag.TENANT.name(), tenant(key));
        }
    }

    private static SessionKey keyOf(PoolEvent event) {
        if (event instanceof PoolEvent.SessionBorrowed e) {
            return e.key();
        } else if (event instanceof PoolEvent.SessionReturned e) {
            return e.key();
        } else if (event instanceof PoolEvent.SessionCreated e) {
            return e.key();
        } else if (event instanceof PoolEvent.ToolCalled e) {
            return e.key();
        }
        return SessionKey.SHARED;
    }
}
