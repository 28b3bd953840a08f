package io.mcpool.impl;

import io.mcpool.CircuitOpenException;
import io.mcpool.CircuitState;
import io.mcpool.PoolConfig;
import io.mcpool.event.PoolEvent;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries and the circuit breaker around one session creation, with SmallRye Fault Tolerance's
 * programmatic API (MicroProfile Fault Tolerance semantics): retry outside, breaker inside, so every
 * attempt counts. The breaker opens after {@code failureThreshold} consecutive failed attempts,
 * stays open for {@code recoveryTimeout}, then lets exactly one probe through; the probe's outcome
 * closes or re-opens it, so a failed or interrupted probe cannot leave it stuck half-open.
 *
 * <p>Retries stop at the borrower's deadline (carried by the {@link CreationRequest}), so a borrow
 * never waits for retries past its timeout.
 */
final class CreationGuard {

    private static final Logger LOG = LoggerFactory.getLogger(CreationGuard.class);

    private final TypedGuard<ManagedSession> guard;
    private final AtomicReference<CircuitState> state = new AtomicReference<>(CircuitState.CLOSED);
    private final PoolEvents events;
    private volatile long openedAtNanos;
    private final Runnable onClosed;
    private final String poolName;
    private final PoolConfig config;

    /**
     * @param onRetry  called before each retry
     * @param events   told of every change of the breaker's state
     * @param onClosed called when the breaker closes again after being open
     */
    CreationGuard(PoolConfig config, Runnable onRetry, PoolEvents events, Runnable onClosed) {
        this.config = config;
        this.poolName = config.name();
        this.events = events;
        this.onClosed = onClosed;
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

    /** Runs {@code create} under retries and the breaker; no retry starts after the request's deadline. */
    ManagedSession create(CreationRequest request, Callable<ManagedSession> create) throws Exception {
        try {
            return guard.call(() -> {
                try {
                    return create.call();
                } catch (Exception failure) {
                    if (!request.allowsRetryAt(System.nanoTime())) {
                        throw new PastDeadline(failure);
                    }
                    throw failure;
                }
            });
        } catch (PastDeadline late) {
            throw late.failure();
        } catch (CircuitBreakerOpenException open) {
            throw new CircuitOpenException("Pool '" + poolName + "': session creation is suspended after "
                    + config.failureThreshold() + " consecutive failures; one attempt is let through every "
                    + "recoveryTimeout=" + config.recoveryTimeout() + ". Idle sessions are still lent; check the server",
                    open);
        }
    }

    /**
     * @return when the breaker lets its next probe through ({@link System#nanoTime()} clock): a time
     *     in the future while it is OPEN; now while it is HALF_OPEN (the probe is under way) or CLOSED
     */
    long nextProbeNanos() {
        return state.get() == CircuitState.OPEN ? openedAtNanos + config.recoveryTimeout().toNanos() : System.nanoTime();
    }

    CircuitState state() {
        return state.get();
    }

    /**
     * A server that refused the protocol version will refuse it again, and a pool that is shutting down makes no more
     * sessions: those are not retried either.
     */
    private static boolean worthRetrying(Throwable failure) {
        return !(failure instanceof CircuitBreakerOpenException || failure instanceof PastDeadline
                || failure instanceof io.mcpool.PoolClosedException
                || Thread.currentThread().isInterrupted() || Failures.isInterruption(failure)
                || UnsupportedEra.supportedVersions(failure).isPresent());
    }

    /** A failed attempt after which the borrower's deadline has passed: counted by the breaker, never retried. */
    private static final class PastDeadline extends Exception {
        private static final long serialVersionUID = 1L;

        PastDeadline(Exception failure) {
            super(failure.getMessage(), failure, false, false);
        }

        Exception failure() {
            return (Exception) getCause();
        }
    }

    private void changed(CircuitBreakerState to) {
        CircuitState next = switch (to) {
            case CLOSED -> CircuitState.CLOSED;
            case OPEN -> CircuitState.OPEN;
            case HALF_OPEN -> CircuitState.HALF_OPEN;
        };
        if (next == CircuitState.OPEN) {
            openedAtNanos = System.nanoTime();
        }
        CircuitState previous = state.getAndSet(next);
        if (previous == next) {
            return;
        }
        if (next == CircuitState.OPEN) {
            LOG.warn("Pool '{}': circuit breaker OPEN after {} consecutive failed session creations; new sessions "
                    + "fail fast for {}", poolName, config.failureThreshold(), config.recoveryTimeout());
        } else {
            LOG.info("Pool '{}': circuit breaker {} -> {}", poolName, previous, next);
        }
        events.fire(() -> new PoolEvent.CircuitStateChanged(poolName, Instant.now(), previous, next));
        if (next == CircuitState.CLOSED) {
            onClosed.run();
        }
    }
}
