package io.mcpool.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class FootprintTest {

    /**
     * What made a footprint report -98 threads for a pool of one session: the threads of the target
     * measured before (closed HTTP clients' workers) ended while the pool started, and a difference of
     * counts took them off the pool's threads. Counted by identity, they take nothing away.
     */
    @Test
    void threadsThatEndMeanwhileDoNotCancelOutThreadsThatStarted() throws Exception {
        CountDownLatch leftoversEnd = new CountDownLatch(1);
        List<Thread> leftovers = start("leftover-worker-", 5, leftoversEnd);
        Map<Long, String> before = Footprint.clientThreads();

        leftoversEnd.countDown();
        for (Thread t : leftovers) {
            t.join(10_000);
        }
        CountDownLatch freshEnd = new CountDownLatch(1);
        List<Thread> fresh = start("pool-session-", 2, freshEnd);
        try {
            Map<Long, String> after = Footprint.clientThreads();
            assertEquals(-3, ours(after) - ours(before), "a difference of counts would say three threads fewer");
            Map<String, Integer> started = Footprint.started(before, after);
            assertEquals(2, started.getOrDefault("pool-session-N", 0), started.toString());
            assertTrue(started.values().stream().allMatch(n -> n > 0), started.toString());
            assertEquals(0, started.getOrDefault("leftover-worker-N", 0), started.toString());
        } finally {
            freshEnd.countDown();
        }
    }

    @Test
    void aRealPoolOfOneSessionHasThreadsOfItsOwn() {
        try (Target target = Target.inProcessHttp(Duration.ZERO)) {
            Footprint.Result r = Footprint.measure(target, 2, true);
            assertTrue(r.threadsOfFirstSession() > 0, r.toString());
            assertTrue(r.threadsPerSession() >= 0, r.toString());
            assertTrue(r.addedThreads().values().stream().allMatch(n -> n > 0), r.toString());
        }
    }

    /** Only this test's threads: the JVM's others come and go as they like. */
    private static long ours(Map<Long, String> threads) {
        return threads.values().stream().filter(n -> n.startsWith("leftover-worker-") || n.startsWith("pool-session-"))
                .count();
    }

    private static List<Thread> start(String prefix, int n, CountDownLatch end) {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(() -> {
                try {
                    end.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, prefix + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        return threads;
    }
}
