package io.mcpool.impl;

import io.smallrye.faulttolerance.api.CustomBackoffStrategy;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter that never exceeds its cap: the n-th delay is drawn from
 * {@code [d/2, d]} where {@code d = min(max, base * 2^n)}. (SmallRye's built-in exponential backoff
 * adds its jitter after the cap, so a delay could exceed it.)
 */
final class CappedJitterBackoff implements CustomBackoffStrategy {

    private final long baseMillis;
    private final long maxMillis;
    private int attempt;

    CappedJitterBackoff(long baseMillis, long maxMillis) {
        this.baseMillis = baseMillis;
        this.maxMillis = maxMillis;
    }

    @Override
    public long nextDelayInMillis(Throwable cause) {
        long ceiling = Math.min(maxMillis, baseMillis << Math.min(attempt++, 30));
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling - ceiling / 2 + 1);
    }
}
