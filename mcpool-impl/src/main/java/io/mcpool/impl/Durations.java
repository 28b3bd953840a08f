package io.mcpool.impl;

import java.time.Duration;

/**
 * Durations as the pool's messages show them ({@code 2s}, {@code 250ms}) and as its deadlines count them. Public
 * for the pool manager's package only; not an API.
 */
public final class Durations {

    private Durations() {
    }

    /**
     * @param d a non-negative duration
     * @return its nanoseconds, at most {@code Long.MAX_VALUE / 2}, so that adding it to {@link System#nanoTime()}
     *     cannot overflow (a timeout of years is as good as none)
     */
    public static long saturatedNanos(Duration d) {
        try {
            return Math.min(d.toNanos(), Long.MAX_VALUE / 2);
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE / 2;
        }
    }

    static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
