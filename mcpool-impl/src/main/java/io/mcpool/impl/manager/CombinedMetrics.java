package io.mcpool.impl.manager;

import io.mcpool.PoolMetrics;
import io.mcpool.manager.ManagerMetrics;
import io.mcpool.metrics.PoolMetric;
import java.time.Duration;
import java.util.Collection;

/**
 * Adds pools' metrics up for {@link ManagerMetrics#combined()}: each metric as the metrics table
 * says ({@link PoolMetric#combination()}), the uptime being the manager's own.
 */
final class CombinedMetrics {

    private CombinedMetrics() {
    }

    static PoolMetrics combine(Collection<PoolMetrics> all, Duration uptime) {
        return PoolMetric.combine(all, uptime);
    }
}
