package io.mcpool.impl;

import io.mcpool.CallOptions;
import io.mcpool.CallTimeoutException;
import io.modelcontextprotocol.common.McpTransportContext;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;

/**
 * A call's own deadline ({@link CallOptions#timeout()}), counted from the moment the call was made. Made
 * only for calls that have one: a call without options costs no allocation.
 */
final class Deadline {

    private final Duration timeout;
    private final long atNanos;
    private final String poolName;

    private Deadline(Duration timeout, long atNanos, String poolName) {
        this.timeout = timeout;
        this.atNanos = atNanos;
        this.poolName = poolName;
    }

    /**
     * @param options  the call's options
     * @param poolName for messages
     * @return the deadline, or null when the options set none
     * @throws NullPointerException when {@code options} is null
     */
    static Deadline of(CallOptions options, String poolName) {
        if (options == null) {
            throw new NullPointerException("CallOptions must not be null; use CallOptions.none() for no per-call options");
        }
        Duration timeout = options.timeout();
        if (timeout == null) {
            return null;
        }
        return new Deadline(timeout, System.nanoTime() + Durations.saturatedNanos(timeout), poolName);
    }

    Duration timeout() {
        return timeout;
    }

    /** @return nanoseconds left, 0 or less once passed */
    long remainingNanos() {
        return atNanos - System.nanoTime();
    }

    /**
     * @param what the request, for the message ("tools/call echo")
     * @return the failure of a call that ran out of this deadline
     */
    CallTimeoutException passed(String what) {
        return new CallTimeoutException(what + " on pool '" + poolName + "' did not finish within its timeout of "
                + timeout + " (CallOptions.timeout); the server was told to cancel it. Give the call more time, or "
                + "see why the server is slow", timeout);
    }

    /**
     * Bounds one request by what is left of the deadline, and gives it the lease's transport context (the
     * SDK's async client has no provider of its own).
     *
     * @param request  the request, not yet subscribed
     * @param context  the lease's transport context
     * @param what     the request, for the message
     * @return the bounded request, failing with {@link CallTimeoutException} when the deadline passes
     */
    <T> Mono<T> bound(Mono<T> request, McpTransportContext context, String what) {
        Mono<T> withContext = request.contextWrite(c -> c.put(McpTransportContext.KEY, context));
        return withContext.timeout(Duration.ofNanos(Math.max(1, remainingNanos())),
                Mono.error(() -> passed(what)));
    }

    /**
     * Runs one request on the calling thread within what is left of the deadline.
     *
     * @throws CallTimeoutException when the deadline passes (nothing is sent once it has)
     */
    <T> T await(Mono<T> request, McpTransportContext context, String what) {
        if (remainingNanos() <= 0) {
            throw passed(what);
        }
        return bound(request, context, what).block();
    }

    @Override
    public String toString() {
        return "deadline " + timeout + " (" + TimeUnit.NANOSECONDS.toMillis(Math.max(0, remainingNanos())) + " ms left)";
    }
}
