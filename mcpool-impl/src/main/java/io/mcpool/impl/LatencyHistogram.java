package io.mcpool.impl;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Durations counted in log-linear buckets (8 per doubling, from 1 µs to days), so that percentiles
 * can be read at any time without keeping the samples: a percentile is the upper edge of the bucket
 * it falls in (at most 1/8, 12.5%, above the true value), capped at the longest duration seen.
 * Lock-free; recording costs a few atomic additions. A histogram that every borrower records into
 * ({@link #striped()}) keeps a row of buckets per stripe, chosen by the recording thread, so that
 * threads on different cores rarely add to the same cache line (nearly every borrow of a busy pool
 * waits under a microsecond: one bucket); reading sums the stripes.
 */
final class LatencyHistogram {

    private static final int PER_DOUBLING = 8;
    private static final int DOUBLINGS = 42;
    private static final int BUCKETS = 1 + PER_DOUBLING * DOUBLINGS;

    /** Stripes of a histogram on the borrow path: a power of two. */
    private static final int STRIPES = 4;

    private final int stripeMask;
    private final AtomicLongArray counts;
    private final LongAdder totalNanos = new LongAdder();
    private final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);

    /** One row of buckets: for figures recorded at a modest rate (per tool). */
    LatencyHistogram() {
        this(1);
    }

    private LatencyHistogram(int stripes) {
        this.stripeMask = stripes - 1;
        this.counts = new AtomicLongArray(stripes * BUCKETS);
    }

    /** @return a histogram for a figure every borrower records (borrow wait, lease time) */
    static LatencyHistogram striped() {
        return new LatencyHistogram(STRIPES);
    }

    void record(long nanos) {
        long n = Math.max(0, nanos);
        int row = stripeMask == 0 ? 0 : (Thread.currentThread().hashCode() & stripeMask) * BUCKETS;
        counts.incrementAndGet(row + bucket(n));
        totalNanos.add(n);
        maxNanos.accumulate(n);
    }

    long count() {
        long c = 0;
        for (int i = 0; i < counts.length(); i++) {
            c += counts.get(i);
        }
        return c;
    }

    /** @return the sum of every duration recorded */
    long totalNanos() {
        return totalNanos.sum();
    }

    Duration mean() {
        long c = count();
        return c == 0 ? Duration.ZERO : Duration.ofNanos(totalNanos.sum() / c);
    }

    Duration max() {
        return Duration.ofNanos(maxNanos.get());
    }

    /**
     * @param quantile between 0 and 1, e.g. 0.95
     * @return the duration below which that share of the recorded ones fall (bucket precision); zero
     *     when nothing was recorded
     */
    Duration percentile(double quantile) {
        long[] snapshot = new long[BUCKETS];
        long total = 0;
        for (int i = 0; i < counts.length(); i++) {
            long c = counts.get(i);
            snapshot[i % BUCKETS] += c;
            total += c;
        }
        if (total == 0) {
            return Duration.ZERO;
        }
        long rank = Math.max(1, (long) Math.ceil(quantile * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += snapshot[i];
            if (seen >= rank) {
                return Duration.ofNanos(Math.min(upperEdgeNanos(i), maxNanos.get()));
            }
        }
        return max();
    }

    /** Bucket 0 holds everything under 1 µs; then 8 buckets per doubling of the microseconds. */
    static int bucket(long nanos) {
        long micros = nanos / 1_000;
        if (micros < 1) {
            return 0;
        }
        int doubling = 63 - Long.numberOfLeadingZeros(micros);
        if (doubling >= DOUBLINGS) {
            return BUCKETS - 1;
        }
        long baseNanos = (1L << doubling) * 1_000;
        int step = (int) Math.min(PER_DOUBLING - 1, (nanos - baseNanos) * PER_DOUBLING / baseNanos);
        return 1 + doubling * PER_DOUBLING + step;
    }

    /** @return the smallest duration above every one bucket {@code index} holds */
    static long upperEdgeNanos(int index) {
        if (index == 0) {
            return 1_000;
        }
        int doubling = (index - 1) / PER_DOUBLING;
        int step = (index - 1) % PER_DOUBLING;
        long baseNanos = (1L << doubling) * 1_000;
        return baseNanos + baseNanos * (step + 1) / PER_DOUBLING;
    }
}
