package io.mcpool.impl;

import io.mcpool.LimitsBackendUnavailableException;
import io.mcpool.LimitsFailurePolicy;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a distributed limits backend answers. After a failure, borrows skip it (and apply the
 * failure policy at once, without waiting for its timeout) until a retry interval has passed; the
 * first borrow after that tries it again, so the cluster-wide limits come back without a restart.
 */
final class BackendHealth {

    private static final Logger LOG = LoggerFactory.getLogger(BackendHealth.class);
    static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final String poolName;
    private final String backend;
    private final AtomicBoolean up = new AtomicBoolean(true);
    private final AtomicLong retryAtNanos = new AtomicLong();
    /** Borrows admitted on the per-instance limit while the backend was away (fail open). */
    final LongAdder failedOpen = new LongAdder();
    /** Borrows refused because the backend was away (fail closed). */
    final LongAdder failedClosed = new LongAdder();

    BackendHealth(String poolName, String backend) {
        this.poolName = poolName;
        this.backend = backend;
    }

    /** @return true when the backend should be asked now (it is up, or it is time to try it again) */
    boolean shouldTry() {
        return up.get() || System.nanoTime() - retryAtNanos.get() >= 0;
    }

    /** @return true when the backend answered its last call */
    boolean isUp() {
        return up.get();
    }

    /** The backend answered. */
    void succeeded() {
        if (!up.get() && up.compareAndSet(false, true)) {
            LOG.info("Pool '{}': the limits backend '{}' answers again; cluster-wide limits apply", poolName, backend);
        }
    }

    /**
     * The backend failed (or is still skipped): applies {@code policy}.
     *
     * @param what  the limit, for messages ("rate limit", "tenant cap")
     * @param cause the failure, or null when the backend was skipped
     * @throws LimitsBackendUnavailableException when {@code policy} is FAIL_CLOSED
     */
    void failed(String what, LimitsFailurePolicy policy, RuntimeException cause) {
        if (cause != null) {
            retryAtNanos.set(System.nanoTime() + RETRY_NANOS);
            if (up.compareAndSet(true, false)) {
                LOG.warn("Pool '{}': the limits backend '{}' cannot be reached ({}); {} now {}, retrying every {} s",
                        poolName, backend, Failures.describe(cause), what, policy == LimitsFailurePolicy.FAIL_OPEN
                                ? "holds per instance (FAIL_OPEN)" : "refuses borrows (FAIL_CLOSED)",
                        TimeUnit.NANOSECONDS.toSeconds(RETRY_NANOS));
            }
        }
        if (policy == LimitsFailurePolicy.FAIL_OPEN) {
            failedOpen.increment();
            return;
        }
        failedClosed.increment();
        throw new LimitsBackendUnavailableException("Pool '" + poolName + "': the limits backend '" + backend
                + "' cannot be reached, so the cluster-wide " + what + " cannot be checked and the borrow is refused ("
                + (what.startsWith("rate") ? "rateLimitBackendFailure" : "tenantCapBackendFailure")
                + "=FAIL_CLOSED); bring the backend back, or set it to FAIL_OPEN to fall back to per-instance limits",
                cause);
    }
}
