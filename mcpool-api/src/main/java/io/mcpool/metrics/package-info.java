/**
 * The one table of a pool's metrics, {@link io.mcpool.metrics.PoolMetric}, and the columns it is
 * made of: {@link io.mcpool.metrics.MetricKind}, {@link io.mcpool.metrics.MetricUnit},
 * {@link io.mcpool.metrics.MetricTag} and {@link io.mcpool.metrics.Combination}.
 *
 * <p>Every view of a pool's metrics is derived from the table: {@link io.mcpool.PoolMetrics} is
 * checked against it, the JMX attributes, the MicroProfile Metrics registrations and a manager's
 * combined view are built from it. An exporter reads the table, takes each metric's name and unit
 * (or the ones the table gives for that exporter, {@link io.mcpool.metrics.PoolMetric#nameFor}),
 * and reads the value from a snapshot ({@link io.mcpool.metrics.PoolMetric#value}) or from the
 * pool's events ({@link io.mcpool.metrics.PoolMetric#observe}).
 */
package io.mcpool.metrics;
