package io.mcpool.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void everyDurationFallsInABucketWhoseUpperEdgeIsAboveItAndAtMostAnEighthMore() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 100_000; i++) {
            long nanos = (long) Math.pow(10, random.nextDouble(3, 13)); // 1 µs .. 10,000 s
            int bucket = LatencyHistogram.bucket(nanos);
            long upper = LatencyHistogram.upperEdgeNanos(bucket);
            assertTrue(upper > nanos, nanos + " in bucket " + bucket + " with upper edge " + upper);
            assertTrue(upper <= nanos + nanos / 8 + 1_000, nanos + " in bucket " + bucket + " with upper edge " + upper);
            assertTrue(bucket == 0 || LatencyHistogram.upperEdgeNanos(bucket - 1) <= nanos,
                    nanos + " belongs in an earlier bucket than " + bucket);
        }
    }

    @Test
    void percentilesAreWithinBucketPrecisionOfTheExactOnes() {
        LatencyHistogram h = new LatencyHistogram();
        long[] samples = ThreadLocalRandom.current().longs(50_000, 10_000, 500_000_000).toArray();
        for (long s : samples) {
            h.record(s);
        }
        Arrays.sort(samples);
        for (double q : new double[] {0.5, 0.95, 0.99}) {
            long exact = samples[(int) Math.ceil(q * samples.length) - 1];
            long estimate = h.percentile(q).toNanos();
            assertTrue(estimate >= exact && estimate <= exact + exact / 8 + 1_000,
                    "p" + q + ": exact " + exact + ", estimate " + estimate);
        }
        assertEquals(samples.length, h.count());
        assertEquals(Duration.ofNanos(samples[samples.length - 1]), h.max());
        assertEquals(h.max(), h.percentile(1.0), "the top percentile is the longest seen, not a bucket edge");
    }

    @Test
    void nothingRecordedReadsAsZero() {
        LatencyHistogram h = new LatencyHistogram();
        assertEquals(Duration.ZERO, h.percentile(0.99));
        assertEquals(Duration.ZERO, h.mean());
    }

    @Test
    void aStripedHistogramRecordedByManyThreadsReadsAsOneRecordedByOne() throws Exception {
        LatencyHistogram striped = LatencyHistogram.striped();
        LatencyHistogram single = new LatencyHistogram();
        int threads = 16;
        long[][] perThread = new long[threads][];
        for (int t = 0; t < threads; t++) {
            perThread[t] = ThreadLocalRandom.current().longs(5_000, 0, 2_000_000_000).toArray();
            for (long s : perThread[t]) {
                single.record(s);
            }
        }
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        java.util.List<Thread> recorders = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long[] mine = perThread[t];
            Thread recorder = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (long s : mine) {
                    striped.record(s);
                }
            });
            recorder.start();
            recorders.add(recorder);
        }
        go.countDown();
        for (Thread recorder : recorders) {
            recorder.join(30_000);
            assertTrue(!recorder.isAlive(), "a recorder finished");
        }
        assertEquals(single.count(), striped.count());
        assertEquals(single.totalNanos(), striped.totalNanos());
        assertEquals(single.mean(), striped.mean());
        assertEquals(single.max(), striped.max());
        for (double q : new double[] {0.01, 0.5, 0.95, 0.99, 0.999}) {
            assertEquals(single.percentile(q), striped.percentile(q), "p" + q);
        }
    }
}
