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
 * <p>{@link #combined()} adds up what can be added: the gauges ({@code active}, {@code idle},
 * {@code total}, {@code waiters}, {@code minSessions}, {@code maxSessions}) and every counter. The
 * rest is combined as follows: {@code avgBorrowWait} is the mean over all pools' borrows (weighted by
 * each pool's {@code borrowCount}), {@code maxBorrowWait} the longest of any pool, {@code cacheHitRate}
 * is recomputed from the summed hits and misses, {@code uptime} is the manager's time since
 * {@link McpPoolManager#start()}, {@code ready} is true when there is at least one pool and every
 * pool is ready, {@code degraded} when any pool is degraded, and {@code circuitState} is the most
 * open state of any pool ({@code OPEN} over {@code HALF_OPEN} over {@code CLOSED}).
 *
 * @param name            the manager's name
 * @param combined        the pools' metrics added up (see above); all zero without pools
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
