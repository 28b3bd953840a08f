package io.mcpool.jmx;

import java.time.Duration;

/** Durations as the plain numbers JMX attributes carry. */
final class Units {

    private Units() {
    }

    static long millis(Duration d) {
        return d == null ? 0 : d.toMillis();
    }

    /** Fractional milliseconds: borrow waits of a warm pool are well under one. */
    static double fractionalMillis(Duration d) {
        if (d == null) {
            return 0.0;
        }
        return d.getSeconds() * 1_000.0 + d.getNano() / 1_000_000.0;
    }

    /**
     * Whole seconds, rounded up, so that a sub-second setting that is on never reads as 0, which
     * means "off" for the settings shown in seconds.
     */
    static long secondsRoundedUp(Duration d) {
        if (d == null || d.isZero()) {
            return 0;
        }
        return d.getNano() == 0 ? d.getSeconds() : d.getSeconds() + 1;
    }
}
