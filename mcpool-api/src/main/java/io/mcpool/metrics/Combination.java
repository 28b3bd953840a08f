package io.mcpool.metrics;

import io.mcpool.PoolMetrics;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;

/**
 * How one metric of several pools combines into one value, as a manager's combined view shows it
 * ({@link PoolMetric#combine(Collection, Duration)}). A column of the metrics table.
 */
public final class Combination {

    private enum Rule { SUM, MAX, ALL, ANY, WEIGHTED_MEAN, SHARE, OWN_UPTIME }

    private static final Combination SUM = new Combination(Rule.SUM, null, null);
    private static final Combination MAX = new Combination(Rule.MAX, null, null);
    private static final Combination ALL = new Combination(Rule.ALL, null, null);
    private static final Combination ANY = new Combination(Rule.ANY, null, null);
    private static final Combination OWN_UPTIME = new Combination(Rule.OWN_UPTIME, null, null);

    private final Rule rule;
    private final PoolMetric first;
    private final PoolMetric second;

    private Combination(Rule rule, PoolMetric first, PoolMetric second) {
        this.rule = rule;
        this.first = first;
        this.second = second;
    }

    /** @return the values added up (an {@code int} stops at {@link Integer#MAX_VALUE}) */
    public static Combination sum() {
        return SUM;
    }

    /** @return the largest value; for a state, the worst (highest code) */
    public static Combination max() {
        return MAX;
    }

    /** @return true when there is at least one pool and every pool's value is true */
    public static Combination all() {
        return ALL;
    }

    /** @return true when any pool's value is true */
    public static Combination any() {
        return ANY;
    }

    /**
     * @param weight the counter each pool's value is weighted by, e.g. a mean wait by the borrows
     *     it is the mean of
     * @return the mean over all pools' events, not the mean of the pools' means
     */
    public static Combination meanWeightedBy(PoolMetric weight) {
        return new Combination(Rule.WEIGHTED_MEAN, Objects.requireNonNull(weight, "weight"), null);
    }

    /**
     * @param part the counter of the events the ratio is the share of, e.g. cache hits
     * @param rest the counter of the other events, e.g. cache misses
     * @return {@code part / (part + rest)} recomputed from the summed counters; 0 when both are 0
     */
    public static Combination share(PoolMetric part, PoolMetric rest) {
        return new Combination(Rule.SHARE, Objects.requireNonNull(part, "part"), Objects.requireNonNull(rest, "rest"));
    }

    /**
     * @return the combining view's own time since start (a manager's), or the longest of the
     *     pools' when the view has none
     */
    public static Combination ownUptime() {
        return OWN_UPTIME;
    }

    /** @return the rule in words, as the documentation shows it */
    public String description() {
        return switch (rule) {
            case SUM -> "sum";
            case MAX -> "largest (of states, the worst)";
            case ALL -> "true when every pool's is (false without pools)";
            case ANY -> "true when any pool's is";
            case WEIGHTED_MEAN -> "mean weighted by each pool's " + first.component().orElseThrow();
            case SHARE -> "recomputed from the sums: " + first.component().orElseThrow() + " / ("
                    + first.component().orElseThrow() + " + " + second.component().orElseThrow() + ")";
            case OWN_UPTIME -> "the manager's own time since start (the longest of the pools' where there is no "
                    + "manager)";
        };
    }

    @Override
    public String toString() {
        return description();
    }

    /** @return whether this rule fits values of the type a snapshot holds them in */
    boolean accepts(Class<?> type) {
        return switch (rule) {
            case SUM -> type == int.class || type == long.class || type == double.class || type == Duration.class;
            case MAX -> type == int.class || type == long.class || type == double.class || type == Duration.class
                    || type.isEnum();
            case ALL, ANY -> type == boolean.class;
            case WEIGHTED_MEAN -> type == Duration.class || type == double.class;
            case SHARE -> type == double.class;
            case OWN_UPTIME -> type == Duration.class;
        };
    }

    /**
     * @param metric    the metric to combine; one with a snapshot component
     * @param pools     each pool's snapshot
     * @param ownUptime the combining view's own uptime, or null
     * @return the combined value, of the type the snapshot holds
     */
    Object combine(PoolMetric metric, Collection<PoolMetrics> pools, Duration ownUptime) {
        return switch (rule) {
            case SUM -> sum(metric, pools);
            case MAX -> max(metric, pools);
            case ALL -> !pools.isEmpty() && pools.stream().allMatch(p -> (Boolean) metric.read(p));
            case ANY -> pools.stream().anyMatch(p -> (Boolean) metric.read(p));
            case WEIGHTED_MEAN -> weightedMean(metric, pools);
            case SHARE -> share(pools);
            case OWN_UPTIME -> ownUptime != null ? ownUptime : max(metric, pools);
        };
    }

    private static Object sum(PoolMetric metric, Collection<PoolMetrics> pools) {
        Class<?> type = metric.valueType();
        if (type == Duration.class) {
            return pools.stream().map(p -> (Duration) metric.read(p)).reduce(Duration.ZERO, Duration::plus);
        }
        if (type == double.class) {
            return pools.stream().mapToDouble(p -> (Double) metric.read(p)).sum();
        }
        long sum = pools.stream().mapToLong(p -> ((Number) metric.read(p)).longValue()).sum();
        return type == int.class ? (Object) (int) Math.min(Integer.MAX_VALUE, sum) : (Object) sum;
    }

    private static Object max(PoolMetric metric, Collection<PoolMetrics> pools) {
        Comparator<Object> order = metric.valueType().isEnum()
                ? Comparator.comparingInt(v -> metric.stateCode((Enum<?>) v))
                : Combination::compareNaturally;
        return pools.stream().map(metric::read).max(order).orElse(metric.zero());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareNaturally(Object a, Object b) {
        return ((Comparable) a).compareTo(b);
    }

    private Object weightedMean(PoolMetric metric, Collection<PoolMetrics> pools) {
        double weights = 0;
        double weighted = 0; // value × weight over pools could overflow a long
        for (PoolMetrics p : pools) {
            double w = ((Number) first.read(p)).doubleValue();
            Object v = metric.read(p);
            weights += w;
            weighted += w * (v instanceof Duration d ? (double) d.toNanos() : (Double) v);
        }
        double mean = weights == 0 ? 0 : weighted / weights;
        return metric.valueType() == Duration.class ? (Object) Duration.ofNanos(Math.round(mean)) : (Object) mean;
    }

    private double share(Collection<PoolMetrics> pools) {
        double part = pools.stream().mapToDouble(p -> ((Number) first.read(p)).doubleValue()).sum();
        double rest = pools.stream().mapToDouble(p -> ((Number) second.read(p)).doubleValue()).sum();
        return part + rest == 0 ? 0.0 : part / (part + rest);
    }
}
