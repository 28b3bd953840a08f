package io.mcpool.jmx;

import io.mcpool.McpPool;
import io.mcpool.PoolMetrics;
import io.mcpool.metrics.PoolMetric;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/** {@link McpPoolManagerMXBean} over whatever pools the supplier returns when asked. */
final class ManagerBean implements McpPoolManagerMXBean {

    private final String name;
    private final Supplier<? extends Collection<? extends McpPool>> pools;

    ManagerBean(String name, Supplier<? extends Collection<? extends McpPool>> pools) {
        this.name = Objects.requireNonNull(name, "name");
        this.pools = Objects.requireNonNull(pools, "pools");
    }

    private List<McpPool> pools() {
        Collection<? extends McpPool> current = JmxErrors.call("listing the pools of manager " + name, pools);
        List<McpPool> sorted = new ArrayList<>(current == null ? List.of() : current);
        sorted.removeIf(Objects::isNull);
        sorted.sort(Comparator.comparing(McpPool::name));
        return sorted;
    }

    private List<PoolMetrics> metrics() {
        return pools().stream().map(McpPool::metrics).toList();
    }

    /** @return the pools' metrics combined as the metrics table says, which the table's attributes show */
    PoolMetrics combined() {
        return PoolMetric.combine(metrics(), null);
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public List<String> getPoolNames() {
        return pools().stream().map(McpPool::name).toList();
    }

    @Override
    public int getPoolCount() {
        return pools().size();
    }

    @Override
    public int getReadyPools() {
        return (int) metrics().stream().filter(PoolMetrics::ready).count();
    }

    @Override
    public int getDegradedPools() {
        return (int) metrics().stream().filter(PoolMetrics::degraded).count();
    }

    @Override
    public List<PoolRow> getPools() {
        return pools().stream().map(p -> PoolRow.of(p, p.metrics())).toList();
    }
}
