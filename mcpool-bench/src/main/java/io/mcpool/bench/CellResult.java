package io.mcpool.bench;

import java.util.List;

/**
 * The measurement of one way against one target at one thread count.
 *
 * @param target        the target's label
 * @param way           the way
 * @param threads       threads calling at once
 * @param calls         successful calls measured
 * @param errors        failed calls (exceptions and {@code isError} results) in the measured phase
 * @param callsPerSecond throughput: each thread's rate over its measured calls, summed
 * @param p50Ms         median latency of a call, ms
 * @param p90Ms         90th percentile, ms
 * @param p99Ms         99th percentile, ms
 * @param maxMs         slowest call, ms
 * @param firstError    the first failure's message (secrets masked), or null
 * @param roundCallsPerSecond successful calls per second in each measured round, in order (the ways take
 *                      turns round by round, so round i of two ways ran side by side in time)
 */
public record CellResult(String target, Way way, int threads, long calls, long errors, double callsPerSecond,
        double p50Ms, double p90Ms, double p99Ms, double maxMs, String firstError, List<Double> roundCallsPerSecond) {

    /** Keeps the round list immutable and never null. */
    public CellResult {
        roundCallsPerSecond = roundCallsPerSecond == null ? List.of() : List.copyOf(roundCallsPerSecond);
    }

    /** A result without per-round figures. */
    public CellResult(String target, Way way, int threads, long calls, long errors, double callsPerSecond,
            double p50Ms, double p90Ms, double p99Ms, double maxMs, String firstError) {
        this(target, way, threads, calls, errors, callsPerSecond, p50Ms, p90Ms, p99Ms, maxMs, firstError, List.of());
    }
}
