package io.mcpool.jmx;

import java.util.List;

/**
 * The management interface of a set of pools, registered by
 * {@link McpPoolJmx#registerManager(String, java.util.function.Supplier)} as
 * {@code io.mcpool:type=McpPoolManager,name=<manager>}: which pools there are, the state of each, and
 * their metrics summed. Read-only: each pool is changed through its own {@link McpPoolMXBean}.
 *
 * <p>Every value is read from the pools when asked, so pools added to or removed from the set show
 * up at once. Every type is a JMX open type.
 */
@Description("A set of mcpool pools: their names, the state of each and their metrics summed. Change a pool "
        + "through its own io.mcpool:type=McpPool MBean.")
public interface McpPoolManagerMXBean {

    /** @return the manager's name, as in its ObjectName */
    @Description("The manager's name.")
    String getName();

    /** @return the names of the managed pools, sorted */
    @Description("Names of the managed pools, sorted.")
    List<String> getPoolNames();

    /** @return how many pools are managed */
    @Description("Number of managed pools.")
    int getPoolCount();

    /** @return how many pools are ready */
    @Description("Number of managed pools that are ready (warm floor reached, running).")
    int getReadyPools();

    /** @return how many pools are degraded */
    @Description("Number of managed pools serving without their warm set.")
    int getDegradedPools();

    /** @return one row per pool: state, sessions, limits, borrows and errors; sorted by name */
    @Description("One row per pool, sorted by name: transport, endpoint (credentials masked), state, "
            + "sessions, limits, borrows, errors.")
    List<PoolRow> getPools();

    /** @return sessions lent out now, over all pools */
    @Description("Sessions lent out now, over all pools.")
    int getActiveSessions();

    /** @return sessions free now, over all pools */
    @Description("Sessions free now, over all pools.")
    int getIdleSessions();

    /** @return sessions open now, over all pools */
    @Description("Sessions open now, over all pools.")
    int getTotalSessions();

    /** @return borrowers waiting now, over all pools */
    @Description("Borrowers waiting now, over all pools.")
    int getWaiters();

    /** @return leases handed out since start, over all pools */
    @Description("Leases handed out since start, over all pools.")
    long getBorrowCount();

    /** @return borrows that gave up waiting since start, over all pools */
    @Description("Borrows that gave up waiting since start, over all pools.")
    long getBorrowTimeouts();

    /** @return failures seen by leases since start, over all pools */
    @Description("Failures seen by leases since start, over all pools.")
    long getErrors();

    /**
     * @return every metric summed over the pools: counters and gauges add up, the average wait is
     *     weighted by borrows, the longest wait is the longest of all, {@code ready} means every pool is
     *     ready, {@code degraded} and {@code circuitState} report the worst pool
     */
    @Description("Every metric over all pools read at one moment: sums, borrow-weighted average wait, "
            + "longest wait, ready only if every pool is, degraded and circuit state of the worst pool.")
    MetricsSnapshot getAggregatedMetrics();
}
