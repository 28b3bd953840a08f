package io.mcpool.impl;

import java.time.Duration;

/** Durations as the pool's messages show them: {@code 2s}, {@code 250ms}. */
final class Durations {

    private Durations() {
    }

    static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
