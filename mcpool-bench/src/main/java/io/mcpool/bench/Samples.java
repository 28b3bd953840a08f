package io.mcpool.bench;

import java.util.Arrays;

/**
 * The latencies of one thread's calls, in nanoseconds. Each worker thread owns one, so recording
 * takes no lock; {@link #merge} combines them once the measurement is over.
 */
public final class Samples {

    private long[] values = new long[1024];
    private int count;
    private long busyNanos;

    /**
     * Records one call.
     *
     * @param startNanos {@link System#nanoTime()} when it started
     * @param endNanos   {@link System#nanoTime()} when it ended
     */
    public void add(long startNanos, long endNanos) {
        if (count == values.length) {
            values = Arrays.copyOf(values, count * 2);
        }
        values[count++] = endNanos - startNanos;
        busyNanos += endNanos - startNanos;
    }

    /** @return the calls recorded */
    public int count() {
        return count;
    }

    /**
     * This thread's rate while it was calling: calls over the time spent in them. A thread of a
     * closed loop calls again as soon as it has its answer, so summed over the threads this is the
     * throughput, also when the measurement is split into rounds and when each thread made only a
     * few slow calls.
     *
     * @return calls per second, 0 when nothing was recorded
     */
    public double callsPerSecond() {
        if (count == 0) {
            return 0;
        }
        return count / (Math.max(1, busyNanos) / 1e9);
    }

    /**
     * @param all the samples of every thread
     * @return every latency, sorted ascending
     */
    public static long[] merge(Iterable<Samples> all) {
        int total = 0;
        for (Samples s : all) {
            total += s.count;
        }
        long[] merged = new long[total];
        int at = 0;
        for (Samples s : all) {
            System.arraycopy(s.values, 0, merged, at, s.count);
            at += s.count;
        }
        Arrays.sort(merged);
        return merged;
    }

    /**
     * @param sorted latencies sorted ascending
     * @param p      the percentile, 0..100
     * @return the latency at that percentile (nearest rank), 0 when there are none
     */
    public static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }
}
