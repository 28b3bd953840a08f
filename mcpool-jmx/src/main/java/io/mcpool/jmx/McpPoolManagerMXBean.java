package io.mcpool.jmx;

import java.util.List;

/**
 * The management interface of a set of pools, registered by
 * {@link McpPoolJmx#registerManager(String, java.util.function.Supplier)} as
 * {@code io.mcpool:type=McpPoolManager,name=<manager>}: which pools there are, the state of each, and
 * their metrics summed. Read-only: each pool is changed through its own {@link McpPoolMXBean}.
 *
 * <p>The MBean registered adds the pools' combined metrics, derived from the metrics table
 * ({@link io.mcpool.metrics.PoolMetric}): one read-only attribute per metric, named as on a pool's
 * MBean ({@code ActiveSessions}, {@code BorrowCount}, ...) and combined over the pools as the table
 * says ({@link io.mcpool.metrics.PoolMetric#combine}, the uptime being the longest of the pools'),
 * and {@code AggregatedMetrics}, all of them read at one moment as a {@code CompositeData}.
 *
 * <p>Every value is read from the pools when asked, so pools added to or removed from the set show
 * up at once. Every type is a JMX open type.
 */
@Description("A set of mcpool pools: their names, the state of each and their metrics combined. Change a pool "
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
}
