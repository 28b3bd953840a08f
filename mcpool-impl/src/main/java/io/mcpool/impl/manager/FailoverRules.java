package io.mcpool.impl.manager;

import io.mcpool.BorrowOptions;
import io.mcpool.McpPoolException;
import io.mcpool.PoolConfig;
import io.mcpool.TenantLimitException;
import io.mcpool.impl.transport.StreamResumption;
import io.mcpool.internal.Redactor;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpTransportSessionNotFoundException;
import java.time.Duration;

/**
 * When the manager may take work to another pool. The line is drawn where repeating is known to be
 * harmless: nothing was sent yet (a failed borrow), or the server provably never ran the request
 * (connection refused, session unknown to the server, HTTP 429). A call that may have run is
 * repeated elsewhere only when the borrower said it is safe; an answer from the server, even an
 * error, is never repeated.
 */
final class FailoverRules {

    private FailoverRules() {
    }

    /**
     * @param failure what {@code McpPool.borrow} threw
     * @return true when another pool should be tried: the pool could not lend (exhausted, breaker
     *     open, creation failed, closed, rate-limited, not started after all). A tenant over its cap
     *     is not moved: the cap is a limit on that tenant, and spilling it onto a standby pool would
     *     defeat it. An interrupt stops everything.
     */
    static boolean borrowMovesOn(Throwable failure) {
        if (interrupted(failure) || failure instanceof TenantLimitException) {
            return false;
        }
        // IllegalStateException: the pool was shut down or replaced between choosing it and borrowing.
        return failure instanceof McpPoolException || failure instanceof IllegalStateException
                || provablyNotRun(failure);
    }

    /**
     * The options a pool's turn is borrowed with: the caller's, bounded by what is left of its budget,
     * and, on a failover, without the caller's credential headers (names that {@link Redactor} calls
     * sensitive): a credential given for one endpoint is not sent to another unless the caller said
     * the pools share credentials ({@link BorrowOptions#forwardCredentialsOnFailover()}). The tenant
     * header and every other header (trace context, ...) go on.
     *
     * @param config    the configuration of the pool about to be tried
     * @param options   the caller's options
     * @param remaining what is left of the caller's budget; null for "nothing": the timeout is then left
     *     unset and the caller makes one immediate try
     * @param failover  true when a pool before this one failed
     */
    static BorrowOptions optionsFor(PoolConfig config, BorrowOptions options, Duration remaining, boolean failover) {
        BorrowOptions.Builder b = options.toBuilder().timeout(remaining);
        if (failover && !options.forwardCredentialsOnFailover()) {
            String tenantHeader = config.tenantHeader();
            for (String header : options.headers().keySet()) {
                if (Redactor.isSensitiveName(header) && !header.equalsIgnoreCase(tenantHeader)) {
                    b.removeHeader(header);
                }
            }
        }
        return b.build();
    }

    /**
     * @param failure what a call on a lease threw
     * @param options the borrower's options ({@code retryToolCalls}: repeating is safe)
     * @return true when the call should be made on another pool
     */
    static boolean callMovesOn(Throwable failure, BorrowOptions options) {
        if ((failure instanceof McpError && !StreamResumption.isLostStream(failure)) || interrupted(failure)) {
            return false;
        }
        return provablyNotRun(failure) || options.retryToolCalls();
    }

    /**
     * @return true when the failure proves the request was not run: the connection was refused or
     *     timed out while connecting, the server answered that it does not know the session (it
     *     restarted), or it answered HTTP 429 (too many requests) — both before dispatching anything
     */
    static boolean provablyNotRun(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof McpError && !StreamResumption.isLostStream(t)) {
                return false;
            }
            if (t instanceof java.net.ConnectException || t instanceof java.net.http.HttpConnectTimeoutException
                    || t instanceof McpTransportSessionNotFoundException) {
                return true;
            }
            String message = t.getMessage();
            if (message != null && (message.contains("Connection refused") || message.contains("Session not found")
                    || message.contains("session with server terminated")
                    // SDK 2.1.0: "Received unexpected status code: 429"
                    || message.toLowerCase(java.util.Locale.ROOT).contains("status code: 429"))) {
                return true;
            }
        }
        return false;
    }

    /** @return true when the caller's thread was interrupted, or the failure is an interruption */
    static boolean interrupted(Throwable failure) {
        if (Thread.currentThread().isInterrupted()) {
            return true;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InterruptedException || t instanceof java.io.InterruptedIOException
                    || t instanceof java.nio.channels.ClosedByInterruptException) {
                return true;
            }
        }
        return false;
    }

    /** @return one line for a message: the exception and, if different, its root cause */
    static String describe(Throwable failure) {
        if (failure instanceof McpPoolException) {
            // The pool's messages already name the cause and what to change.
            return failure.getClass().getSimpleName() + ": " + Redactor.redactText(failure.getMessage());
        }
        return Redactor.describe(failure);
    }
}
