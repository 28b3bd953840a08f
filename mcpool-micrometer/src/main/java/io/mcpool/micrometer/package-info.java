/**
 * Micrometer metrics for mcpool: {@link io.mcpool.micrometer.McpPoolMetrics}, a {@code MeterBinder}
 * for one pool.
 */
package io.mcpool.micrometer;
