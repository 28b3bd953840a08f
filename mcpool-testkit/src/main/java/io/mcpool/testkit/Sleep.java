package io.mcpool.testkit;

import java.time.Duration;

/** Sleeps that keep the thread's interrupt flag, for latency knobs and the {@code slow} tool. */
final class Sleep {

    private Sleep() {
    }

    /** Sleeps for {@code duration}; returns early, flag set, when interrupted. Zero or negative: no sleep. */
    static void of(Duration duration) {
        if (duration == null || duration.isZero() || duration.isNegative()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
