package io.mcpool.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatenciesTest {

    /** Eight threads record at once into one recorder; nothing is lost, percentiles within HdrHistogram's 0.1%. */
    @Test
    void concurrentRecordingKeepsEveryCallAndItsPercentiles() throws Exception {
        int threads = 8;
        int perThread = 10_000;
        Latencies latencies = new Latencies(threads);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Latencies.Tally tally = latencies.tally(t);
            Thread w = new Thread(() -> {
                for (int i = 1; i <= perThread; i++) {
                    // 1 µs .. 10 ms, evenly: the median is 5 ms
                    latencies.record(tally, 0, i * 1_000L);
                }
            });
            w.start();
            workers.add(w);
        }
        for (Thread w : workers) {
            w.join();
        }
        Histogram h = latencies.histogram();
        assertEquals((long) threads * perThread, h.getTotalCount());
        assertEquals(5_000_000, h.getValueAtPercentile(50), 5_000_000 * 0.001);
        assertEquals(9_900_000, h.getValueAtPercentile(99), 9_900_000 * 0.001);
        assertEquals(10_000_000, h.getMaxValue(), 10_000_000 * 0.001);
        assertEquals(perThread, latencies.tally(3).calls());
        // each thread spent sum(1..10000) µs calling: 10000 calls / 50.005 s
        assertEquals(threads * perThread / (perThread * (perThread + 1) / 2 * 1e-6), latencies.callsPerSecond(), 1e-6);
    }

    @Test
    void aThreadWithoutCallsAddsNoRate() {
        Latencies latencies = new Latencies(2);
        latencies.record(latencies.tally(0), 0, 2_000_000);
        assertEquals(500, latencies.callsPerSecond(), 1e-9);
        assertEquals(1, latencies.histogram().getTotalCount());
    }
}
