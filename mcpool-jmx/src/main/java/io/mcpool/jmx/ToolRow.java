package io.mcpool.jmx;

import io.mcpool.ToolMetrics;

/**
 * One tool's calls as {@link McpPoolMXBean#toolMetrics()} shows them. JMX clients receive it as a
 * {@code CompositeData} with these items; it holds no secret.
 *
 * @param tool       the tool's name, or {@code other} for tools beyond the pool's cap on distinct names
 * @param calls      calls finished, however they ended
 * @param toolErrors calls answered with a result marked {@code isError}
 * @param failures   calls that got no result (JSON-RPC error, timeout, transport failure)
 * @param meanMillis mean duration in milliseconds
 * @param p50Millis  median duration in milliseconds (at most 12.5% high)
 * @param p95Millis  95th percentile in milliseconds
 * @param p99Millis  99th percentile in milliseconds
 * @param maxMillis  longest call in milliseconds
 */
public record ToolRow(String tool, long calls, long toolErrors, long failures, double meanMillis, double p50Millis,
        double p95Millis, double p99Millis, double maxMillis) {

    static ToolRow of(ToolMetrics m) {
        return new ToolRow(m.tool(), m.calls(), m.toolErrors(), m.failures(), Units.fractionalMillis(m.mean()),
                Units.fractionalMillis(m.p50()), Units.fractionalMillis(m.p95()), Units.fractionalMillis(m.p99()),
                Units.fractionalMillis(m.max()));
    }
}
