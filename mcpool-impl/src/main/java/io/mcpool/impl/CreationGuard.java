package io.mcpool.impl;

import io.mcpool.CircuitOpenException;
import io.mcpool.CircuitState;
import io.mcpool.PoolConfig;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * Retries and the circuit breaker around one session creation, with SmallRye Fault Tolerance's
 * programmatic API (MicroProfile Fault Tolerance semantics): retry outside, breaker inside, so every
 * attempt counts. The breaker opens after {@code failureThreshold} consecutive failed attempts,
 * stays open for {@code recoveryTimeout}, then lets exactly one probe through; the probe's outcome
 * closes or re-opens it, so a failed or interrupted probe cannot leave it stuck half-open.
 *
 * <p>Retries stop at the borrower's deadline ({@link #withDeadline}), so a borrow never waits for
 * retries past its timeout.
 */
final class CreationGuard {

    private static final ThreadLocal<Long> DEADLINE = new ThreadLocal<>();

    private final TypedGuard<ManagedSession> guard;
    private final AtomicReference<CircuitState> state = new AtomicReference<>(CircuitState.CLOSED);
    private final BiConsumer<CircuitState, CircuitState> onStateChange;
    private final String poolName;
    private final PoolConfig config;

    CreationGuard(PoolConfig config, Runnable onRetry, BiConsumer<CircuitState, CircuitState> onStateChange) {
        this.config = config;
        this.poolName = config.name();
        this.onStateChange = onStateChange;
        long base = config.retryBaseDelay().toMillis();
        long max = config.retryMaxDelay().toMillis();
        long worstCase = config.connectTimeout().toMillis() * (config.retryCount() + 1L) + max * config.retryCount() + 1000;
        this.guard = TypedGuard.create(ManagedSession.class)
                .withDescription("mcpool '" + poolName + "' session creation")
                .withRetry()
                    .maxRetries(config.retryCount())
                    .delay(base, ChronoUnit.MILLIS)
                    .jitter(0, ChronoUnit.MILLIS)
                    .maxDuration(worstCase, ChronoUnit.MILLIS)
                    .withCustomBackoff().strategy(() -> new CappedJitterBackoff(base, max)).done()
                    .whenException(CreationGuard::worthRetrying)
                    .beforeRetry(onRetry)
                    .done()
                .withCircuitBreaker()
                    .requestVolumeThreshold(config.failureThreshold())
                    .failureRatio(1.0)
                    .successThreshold(1)
                    .delay(config.recoveryTimeout().toMillis(), ChronoUnit.MILLIS)
                    .onStateChange(this::changed)
                    .done()
                .build();
    }

    /** Runs {@code create} under retries and the breaker. */
    ManagedSession create(Callable<ManagedSession> create) throws Exception {
        try {
            return guard.call(create);
        } catch (CircuitBreakerOpenException open) {
            throw new CircuitOpenException("Pool '" + poolName + "': session creation is suspended after "
                    + config.failureThreshold() + " consecutive failures; one attempt is let through every "
                    + "recoveryTimeout=" + config.recoveryTimeout() + ". Idle sessions are still lent; check the server",
                    open);
        }
    }

    CircuitState state() {
        return state.get();
    }

    /** Bounds the retries of creations made on this thread by the borrower's deadline. */
    static <T> T withDeadline(long deadlineNanos, Callable<T> action) throws Exception {
        Long previous = DEADLINE.get();
        DEADLINE.set(deadlineNanos);
        try {
            return action.call();
        } finally {
            if (previous == null) {
                DEADLINE.remove();
            } else {
                DEADLINE.set(previous);
            }
        }
    }

    private static boolean worthRetrying(Throwable failure) {
        if (failure instanceof CircuitBreakerOpenException || Thread.currentThread().isInterrupted()
                || Failures.isInterruption(failure)) {
            return false;
        }
        Long deadline = DEADLINE.get();
        return deadline == null || System.nanoTime() - deadline < 0;
    }

    private void changed(CircuitBreakerState to) {
        CircuitState next = switch (to) {
            case CLOSED -> CircuitState.CLOSED;
            case OPEN -> CircuitState.OPEN;
            case HALF_OPEN -> CircuitState.HALF_OPEN;
        };
        CircuitState previous = state.getAndSet(next);
        if (previous != next) {
            onStateChange.accept(previous, next);
        }
    }
}
