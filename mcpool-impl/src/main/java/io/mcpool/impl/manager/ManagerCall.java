package io.mcpool.impl.manager;

import io.mcpool.BorrowOptions;
import io.mcpool.CallOptions;
import io.mcpool.CallTimeoutException;
import io.mcpool.PooledSession;
import io.mcpool.impl.Durations;
import io.mcpool.manager.SelectionStrategy;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * One tool call through a manager, pool by pool: what it went through ({@link Attempts}), the caller's borrow
 * budget, and its own deadline ({@link CallOptions#timeout()}) when it has one. The deadline counts from the call
 * and covers everything: each borrow waits at most what is left of it, and each attempt's call gets what is left
 * of it as its own deadline, so a call that fails over is not given its full time again. Used by one thread at a
 * time: the caller's, then, for an asynchronous call that fails over, the thread that moves it on.
 */
final class ManagerCall {

    private final String managerName;
    private final String tool;
    private final SelectionStrategy strategy;
    private final BorrowOptions options;
    private final Duration timeout;
    private final long deadlineNanos;
    private final Attempts attempts;
    private final Budget budget;
    private volatile CompletableFuture<McpSchema.CallToolResult> inFlight;

    ManagerCall(String managerName, String tool, SelectionStrategy strategy, BorrowOptions options,
            CallOptions callOptions) {
        this.managerName = managerName;
        this.tool = tool;
        this.strategy = strategy;
        this.options = options;
        this.timeout = callOptions.timeout();
        this.deadlineNanos = timeout == null ? 0 : System.nanoTime() + Durations.saturatedNanos(timeout);
        this.attempts = new Attempts(managerName, "callTool '" + tool + "' (" + strategy + ")");
        this.budget = timeout == null ? new Budget(options) : new Budget(options, deadlineNanos);
    }

    Attempts attempts() {
        return attempts;
    }

    /**
     * @param p     the pool whose turn it is
     * @param first the manager's first pool
     * @param turns how a pool's turn is taken
     * @return a lease of {@code p}, or null when the manager should try the next pool
     * @throws CallTimeoutException when the call's deadline passed before this pool's turn
     */
    PooledSession lease(ManagedPool p, ManagedPool first, Turns turns) {
        if (timeout != null && deadlineNanos - System.nanoTime() <= 0) {
            throw attempts.rethrow(timedOut());
        }
        return turns.take(p, first, strategy, options, budget, attempts);
    }

    /** @return the options of the next attempt's call: what is left of the deadline, or none */
    CallOptions remaining() {
        if (timeout == null) {
            return CallOptions.none();
        }
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw attempts.rethrow(timedOut());
        }
        return CallOptions.within(Duration.ofNanos(left));
    }

    /**
     * A failed attempt: recorded when the manager may try the next pool, else rethrown with what came before.
     * A call that ran out of its deadline is never repeated elsewhere.
     */
    void failed(ManagedPool p, RuntimeException failure) {
        if (failure instanceof CallTimeoutException || !FailoverRules.callMovesOn(failure, options)) {
            throw attempts.rethrow(failure);
        }
        attempts.failed(p, failure);
    }

    /**
     * The asynchronous call: borrows on the caller's thread, failing over as the blocking call does, then sends the
     * call without holding a thread while the tool runs. A call that fails in a way that lets it move on (the
     * server provably did not run it, or {@code retryToolCalls}) is tried on the next pool from a thread of its own,
     * since borrowing may wait. Each lease goes back to its pool when its call completes, fails or is cancelled;
     * cancelling the returned future cancels the call in flight at its server.
     *
     * @param candidates the pools to try, in order
     * @param first      the manager's first pool
     * @param turns      how a pool's turn is taken
     * @param arguments  the tool's arguments
     * @param noneServed the failure when every pool was skipped or failed
     * @return the call's result
     */
    CompletableFuture<McpSchema.CallToolResult> async(Iterator<ManagedPool> candidates, ManagedPool first, Turns turns,
            Map<String, Object> arguments, Supplier<RuntimeException> noneServed) {
        CompletableFuture<McpSchema.CallToolResult> result = new CompletableFuture<>();
        result.whenComplete((r, failure) -> {
            CompletableFuture<McpSchema.CallToolResult> call = inFlight;
            if (result.isCancelled() && call != null) {
                call.cancel(true);
            }
        });
        McpSchema.CallToolRequest request = new McpSchema.CallToolRequest(tool, arguments == null ? Map.of()
                : arguments);
        next(candidates, first, turns, request, noneServed, result);
        return result;
    }

    private void next(Iterator<ManagedPool> candidates, ManagedPool first, Turns turns,
            McpSchema.CallToolRequest request, Supplier<RuntimeException> noneServed,
            CompletableFuture<McpSchema.CallToolResult> result) {
        try {
            while (candidates.hasNext() && !result.isDone()) {
                ManagedPool p = candidates.next();
                PooledSession lease = lease(p, first, turns);
                if (lease != null) {
                    send(p, lease, request, () -> next(candidates, first, turns, request, noneServed, result), result);
                    return;
                }
            }
            if (!result.isDone()) {
                throw noneServed.get();
            }
        } catch (RuntimeException | Error e) {
            result.completeExceptionally(e);
        }
    }

    private void send(ManagedPool p, PooledSession lease, McpSchema.CallToolRequest request, Runnable onward,
            CompletableFuture<McpSchema.CallToolResult> result) {
        CompletableFuture<McpSchema.CallToolResult> call;
        try {
            call = lease.callToolAsync(request, remaining());
        } catch (RuntimeException | Error e) {
            lease.close();
            throw e;
        }
        inFlight = call;
        if (result.isCancelled()) {
            call.cancel(true);
        }
        call.whenComplete((answer, failure) -> {
            lease.close();
            if (failure == null) {
                result.complete(answer);
                return;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (result.isDone()) {
                return;
            }
            if (!(cause instanceof Error) && !call.isCancelled() && !(cause instanceof CallTimeoutException)
                    && FailoverRules.callMovesOn(cause, options)) {
                attempts.failed(p, cause);
                Thread moveOn = new Thread(onward, "mcpool-manager-" + managerName + "-failover");
                moveOn.setDaemon(true);
                moveOn.start();
            } else {
                result.completeExceptionally(cause instanceof RuntimeException e ? attempts.rethrow(e) : cause);
            }
        });
    }

    private CallTimeoutException timedOut() {
        return new CallTimeoutException("callTool '" + tool + "' (" + strategy + ") on manager '" + managerName
                + "' did not finish within its timeout of " + timeout + " (CallOptions.timeout) on the pools it "
                + "tried; give the call more time, or see why the servers are slow", timeout);
    }
}
