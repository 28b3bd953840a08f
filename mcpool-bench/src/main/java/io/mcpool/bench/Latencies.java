package io.mcpool.bench;

import java.util.Arrays;

/** Latency samples in nanoseconds, recorded from many threads, read once at the end. */
final class Latencies {

    private final long[] samples;
    private int count;

    Latencies(int capacity) {
        this.samples = new long[capacity];
    }

    synchronized void add(long nanos) {
        if (count < samples.length) {
            samples[count++] = nanos;
        }
    }

    /**
     * @param p the percentile, 0..100
     * @return the sample at that percentile (nearest rank), 0 when there are none
     */
    synchronized double percentile(double p) {
        if (count == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, rank))];
    }
}
