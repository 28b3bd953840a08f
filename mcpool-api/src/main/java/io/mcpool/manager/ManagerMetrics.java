package io.mcpool.manager;

import io.mcpool.PoolMetrics;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable snapshot of an {@link McpPoolManager}: every pool's metrics, their sum, and what the
 * manager itself did. Taken by {@link McpPoolManager#metrics()}.
 *
 * <p>{@link #combined()} combines each metric as the metrics table says
 * ({@link io.mcpool.metrics.PoolMetric#combination()}): counters and most gauges are added up, the
 * rest have a rule of their own (e.g. {@code avgBorrowWait} is the mean over all pools' borrows,
 * {@code ready} needs every pool ready, {@code circuitState} is the most open of any pool), and
 * {@code uptime} is the manager's time since {@link McpPoolManager#start()}.
 *
 * @param name            the manager's name
 * @param combined        the pools' metrics combined (see above); all zero without pools
 * @param pools           each pool's own snapshot, by name, in the order the pools were added
 * @param availability    whether each pool is chosen now, by name, in the same order
 * @param availablePools  how many pools are {@link PoolAvailability#AVAILABLE}
 * @param failovers       times the manager moved on to another pool after a pool-level failure
 * @param noPoolAvailable borrows and calls that failed with {@link NoPoolAvailableException}
 */
public record ManagerMetrics(
        String name,
        PoolMetrics combined,
        Map<String, PoolMetrics> pools,
        Map<String, PoolAvailability> availability,
        int availablePools,
        long failovers,
        long noPoolAvailable) {

    /**
     * Copies the maps, keeping their order.
     *
     * @param name            the manager's name
     * @param combined        the pools' metrics added up
     * @param pools           each pool's own snapshot, by name
     * @param availability    whether each pool is chosen now, by name
     * @param availablePools  how many pools are available
     * @param failovers       times the manager moved on to another pool after a pool-level failure
     * @param noPoolAvailable borrows and calls that failed with {@link NoPoolAvailableException}
     */
    public ManagerMetrics {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(combined, "combined");
        pools = Collections.unmodifiableMap(new LinkedHashMap<>(pools));
        availability = Collections.unmodifiableMap(new LinkedHashMap<>(availability));
    }
}
