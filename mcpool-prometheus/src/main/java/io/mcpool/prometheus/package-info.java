/**
 * Prometheus metrics for a pool without Micrometer: {@link io.mcpool.prometheus.McpPoolCollector}, a
 * collector of the official Prometheus Java client for pools and pool managers.
 */
package io.mcpool.prometheus;
