package io.mcpool;

import java.time.Duration;
import java.util.Objects;

/**
 * What one pool saw of one tool's calls since it started, from {@link McpPool#toolMetrics()}. A pool
 * keeps figures for at most {@value #MAX_TOOLS} distinct tool names; calls of further tools are counted
 * under the name {@value #OTHER}, so a server with unbounded tool names cannot grow the pool's memory.
 * Percentiles are read from buckets of 1/8 of a doubling: each is at most 12.5% above the exact value.
 *
 * @param tool       the tool's name, or {@value #OTHER}
 * @param calls      calls finished, however they ended
 * @param toolErrors calls answered with a result marked {@code isError}
 * @param failures   calls that got no result (JSON-RPC error, timeout, transport failure, interruption)
 * @param mean       mean duration
 * @param p50        median duration
 * @param p95        95th percentile
 * @param p99        99th percentile
 * @param max        longest call
 */
public record ToolMetrics(String tool, long calls, long toolErrors, long failures, Duration mean, Duration p50,
        Duration p95, Duration p99, Duration max) {

    /** How many distinct tool names a pool keeps figures for. */
    public static final int MAX_TOOLS = 200;

    /** The name under which calls of tools beyond {@link #MAX_TOOLS} are counted. */
    public static final String OTHER = "other";

    /** Checks the parts. */
    public ToolMetrics {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(mean, "mean");
        Objects.requireNonNull(p50, "p50");
        Objects.requireNonNull(p95, "p95");
        Objects.requireNonNull(p99, "p99");
        Objects.requireNonNull(max, "max");
    }

    /** @return calls that did not end normally: tool errors plus failures */
    public long errors() {
        return toolErrors + failures;
    }
}
