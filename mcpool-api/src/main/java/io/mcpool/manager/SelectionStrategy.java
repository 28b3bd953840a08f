package io.mcpool.manager;

import io.mcpool.PoolConfig;
import io.mcpool.PoolMetrics;

/**
 * How an {@link McpPoolManager} picks the pool for a borrow or a call. Whatever the strategy, pools
 * that are not started, degraded or whose circuit breaker is open are skipped, and when the chosen
 * pool fails with a pool-level error the manager moves on to the next pool in the strategy's order.
 */
public enum SelectionStrategy {

    /**
     * Rotates over the available pools: each borrow starts at the next one, so with steady pools
     * every pool gets the same number of borrows. On failure, the next pools in rotation.
     */
    ROUND_ROBIN,

    /**
     * Always the first available pool in the order the pools were added (the priority order); a
     * later pool is only used while every earlier one is skipped or failing.
     */
    FAILOVER,

    /**
     * The available pool with the fewest leases out now ({@link PoolMetrics#active()}); ties are
     * broken in rotation, so an idle set of pools still shares the work. On failure, the next
     * least loaded.
     */
    LEAST_CONNECTIONS,

    /**
     * Smooth weighted round robin over the weights given to
     * {@link McpPoolManager#add(String, PoolConfig, int)}: with weights 3 and 1, three borrows of
     * every four go to the first pool, interleaved rather than in bursts. While a pool is skipped
     * its turns go to the pools after it in the schedule. On failure, the next pools in order of
     * addition.
     */
    WEIGHTED
}
