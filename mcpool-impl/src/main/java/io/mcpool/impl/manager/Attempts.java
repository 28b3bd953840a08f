package io.mcpool.impl.manager;

import io.mcpool.manager.NoPoolAvailableException;
import io.mcpool.manager.PoolAvailability;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one borrow or call went through, pool by pool: which pools were skipped and why, which failed
 * and with what. Becomes the message and suppressed causes of {@link NoPoolAvailableException}, or
 * the suppressed causes of a failure that is not failed over.
 */
final class Attempts {

    private final String managerName;
    private final String what;
    private final List<String> outcomes = new ArrayList<>(4);
    private final List<Throwable> failures = new ArrayList<>(2);

    /**
     * @param managerName the manager
     * @param what        the operation, for the message ("borrow (ROUND_ROBIN)")
     */
    Attempts(String managerName, String what) {
        this.managerName = managerName;
        this.what = what;
    }

    void skipped(ManagedPool pool, PoolAvailability why) {
        outcomes.add("'" + pool.name() + "' skipped: " + reason(why));
    }

    void failed(ManagedPool pool, Throwable failure) {
        outcomes.add("'" + pool.name() + "' failed: " + FailoverRules.describe(failure));
        failures.add(failure);
    }

    /** @return true once a pool failed, i.e. the next attempt is a failover */
    boolean anyFailed() {
        return !failures.isEmpty();
    }

    /**
     * A failure that is not failed over is rethrown as it is, carrying the failures of the pools
     * tried before it, so nothing that happened on the way is lost.
     */
    RuntimeException rethrow(RuntimeException failure) {
        for (Throwable earlier : failures) {
            if (earlier != failure) {
                failure.addSuppressed(earlier);
            }
        }
        return failure;
    }

    /** @return the exception for "every pool was skipped or failed" */
    NoPoolAvailableException exhausted() {
        String message;
        if (outcomes.isEmpty()) {
            message = "Manager '" + managerName + "' has no pools to " + what + " from; add one with add(name, config)";
        } else {
            message = "Manager '" + managerName + "': no pool could serve " + what + ": " + String.join("; ", outcomes)
                    + ". Check the servers behind these pools, give them more capacity (maxSessions, borrowTimeout), "
                    + "or add a pool";
        }
        NoPoolAvailableException e = new NoPoolAvailableException(message);
        failures.forEach(e::addSuppressed);
        return e;
    }

    private static String reason(PoolAvailability why) {
        return switch (why) {
            case NOT_STARTED -> "not started";
            case STOPPED -> "stopped (shut down, or failed to start)";
            case DEGRADED -> "degraded (warm-up failed; recovering in the background)";
            case CIRCUIT_OPEN -> "circuit breaker OPEN (session creation suspended until recoveryTimeout)";
            case AVAILABLE -> why.name().toLowerCase(Locale.ROOT);
        };
    }
}
