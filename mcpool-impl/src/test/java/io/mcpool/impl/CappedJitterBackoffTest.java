package io.mcpool.impl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.RepeatedTest;

class CappedJitterBackoffTest {

    @RepeatedTest(20)
    void delaysGrowExponentiallyAndNeverExceedTheCapJitterIncluded() {
        CappedJitterBackoff backoff = new CappedJitterBackoff(100, 1000);
        long[] ceilings = {100, 200, 400, 800, 1000, 1000, 1000, 1000};
        for (long ceiling : ceilings) {
            long delay = backoff.nextDelayInMillis(new RuntimeException("attempt failed"));
            assertTrue(delay <= ceiling, () -> "delay " + delay + " above " + ceiling);
            assertTrue(delay >= ceiling / 2, () -> "delay " + delay + " below " + ceiling / 2);
        }
    }

    @RepeatedTest(5)
    void aHugeAttemptCountDoesNotOverflow() {
        CappedJitterBackoff backoff = new CappedJitterBackoff(1, 5000);
        for (int i = 0; i < 100; i++) {
            long delay = backoff.nextDelayInMillis(null);
            assertTrue(delay >= 0 && delay <= 5000, "delay " + delay);
        }
    }
}
