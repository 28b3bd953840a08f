package io.mcpool.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The calls of one way at one thread count: every latency goes into an HdrHistogram
 * {@link Recorder} (wait-free, shared by all the calling threads, so ten thousand virtual threads
 * cost one histogram), and each thread keeps its own count and time spent calling for the
 * throughput.
 */
final class Latencies {

    /** Three significant digits: 1 µs steps at 1 ms, 1 ms steps at 1 s. */
    private static final int SIGNIFICANT_DIGITS = 3;

    private final Recorder recorder = new Recorder(SIGNIFICANT_DIGITS);
    private final Tally[] tallies;
    private Histogram histogram;

    /** One thread's calls; written by that thread only, read after it ended. */
    static final class Tally {
        private long calls;
        private long busyNanos;

        /** @return the calls recorded */
        long calls() {
            return calls;
        }
    }

    /** @param threads the calling threads */
    Latencies(int threads) {
        this.tallies = new Tally[threads];
        for (int i = 0; i < threads; i++) {
            tallies[i] = new Tally();
        }
    }

    /**
     * @param thread the index of a calling thread
     * @return its tally
     */
    Tally tally(int thread) {
        return tallies[thread];
    }

    /**
     * Records one call of one thread.
     *
     * @param tally      the calling thread's {@link #tally}
     * @param startNanos {@link System#nanoTime()} when it started
     * @param endNanos   {@link System#nanoTime()} when it ended
     */
    void record(Tally tally, long startNanos, long endNanos) {
        long nanos = endNanos - startNanos;
        recorder.recordValue(nanos);
        tally.calls++;
        tally.busyNanos += nanos;
    }

    /**
     * Each thread's rate while it was calling, summed. A thread of a closed loop calls again as soon
     * as it has its answer, so this is the throughput, also when the measurement is split into rounds
     * and when each thread made only a few slow calls.
     *
     * @return calls per second, 0 when nothing was recorded
     */
    double callsPerSecond() {
        double sum = 0;
        for (Tally t : tallies) {
            if (t.calls > 0) {
                sum += t.calls / (Math.max(1, t.busyNanos) / 1e9);
            }
        }
        return sum;
    }

    /**
     * Call once the threads have ended.
     *
     * @return every latency recorded, in nanoseconds
     */
    Histogram histogram() {
        if (histogram == null) {
            histogram = recorder.getIntervalHistogram();
        }
        return histogram;
    }
}
