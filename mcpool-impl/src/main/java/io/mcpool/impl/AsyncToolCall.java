package io.mcpool.impl;

import io.mcpool.event.PoolEvent;
import io.mcpool.spi.McpOperation;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * A tool call that holds no thread while the tool runs: sent on the session's async client, its outcome
 * handled when it comes. What the caller gets is a future of its own, so that cancelling it (or completing
 * it) is seen here whatever the interceptors returned: the request's subscription is disposed and the
 * server is sent {@code notifications/cancelled} (on 2026-07-28 the disposal closes the request's response
 * stream, which is the cancellation). Every ending (result, failure, timeout, cancellation)
 * records the call's figures, decides what becomes of the session like a blocking call would, and then runs
 * {@code afterwards} (the pool's shortcut returns the lease there).
 */
final class AsyncToolCall {

    private AsyncToolCall() {
    }

    /**
     * @param rounds on a handle of 2026-07-28, what answers the call's input rounds (the handlers of the lease that
     *     made it, else the pool's; run on Reactor's bounded-elastic scheduler, not on an I/O thread); else null
     */
    static CompletableFuture<McpSchema.CallToolResult> send(Lender lender, ManagedSession session,
            McpTransportContext context, McpSchema.CallToolRequest request, Deadline deadline, InputRounds rounds,
            Runnable afterwards) {
        long start = System.nanoTime();
        lender.used(session);
        Object before = Cancellation.callStarts(session);
        String what = McpOperation.TOOLS_CALL + " " + request.name();
        AtomicReference<CompletableFuture<McpSchema.CallToolResult>> sent = new AtomicReference<>();
        Function<Map<String, Object>, CompletionStage<McpSchema.CallToolResult>> send = meta -> {
            if (deadline != null && deadline.remainingNanos() <= 0) {
                return CompletableFuture.failedFuture(deadline.passed(what)); // nothing sent
            }
            Mono<McpSchema.CallToolResult> call = session.isStateless() // closing its stream cancels it
                    ? ModernRequests.callTool(session.modernAsyncClient(), withMeta(request, meta), rounds)
                    : session.asyncClient().callTool(withMeta(request, meta));
            CompletableFuture<McpSchema.CallToolResult> f = (deadline == null
                    ? call.contextWrite(c -> c.put(McpTransportContext.KEY, context))
                    : deadline.bound(call, context, what)).toFuture();
            sent.set(f);
            return f;
        };
        CompletableFuture<McpSchema.CallToolResult> result = new CompletableFuture<>();
        Returned returned = new Returned(result);
        result.whenComplete((r, failure) -> {
            try {
                finish(lender, session, context, request.name(), start, before, sent.get(), r, failure, afterwards);
            } finally {
                returned.deliver(r, failure);
            }
        });
        CompletionStage<McpSchema.CallToolResult> stage;
        try {
            Interceptors interceptors = lender.interceptors();
            stage = interceptors.isEmpty() ? send.apply(Map.of())
                    : interceptors.aroundAsync(session, McpOperation.TOOLS_CALL, request.name(), 0, send);
        } catch (RuntimeException | Error e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((r, failure) -> {
            if (failure == null) {
                result.complete(r);
            } else {
                result.completeExceptionally(unwrap(failure));
            }
        });
        return returned;
    }

    /**
     * The caller's future. It completes only after the call was accounted for and its session's fate decided, so
     * whatever the caller does when it completes (closing the lease, say) comes after: the session cannot move on
     * to another lease while this call still cancels its request. Cancelling or completing it ends the call first.
     */
    private static final class Returned extends CompletableFuture<McpSchema.CallToolResult> {

        private final CompletableFuture<McpSchema.CallToolResult> call;

        Returned(CompletableFuture<McpSchema.CallToolResult> call) {
            this.call = call;
        }

        void deliver(McpSchema.CallToolResult result, Throwable failure) {
            if (failure == null) {
                super.complete(result);
            } else {
                super.completeExceptionally(failure);
            }
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean ended = call.cancel(mayInterruptIfRunning);
            return super.cancel(mayInterruptIfRunning) || ended;
        }

        @Override
        public boolean complete(McpSchema.CallToolResult value) {
            boolean ended = call.complete(value);
            return super.complete(value) || ended;
        }

        @Override
        public boolean completeExceptionally(Throwable failure) {
            boolean ended = call.completeExceptionally(failure);
            return super.completeExceptionally(failure) || ended;
        }
    }

    private static void finish(Lender lender, ManagedSession session, McpTransportContext context, String tool,
            long start, Object before, CompletableFuture<?> sent, McpSchema.CallToolResult r, Throwable failure,
            Runnable afterwards) {
        try {
            Throwable cause = failure == null ? null : unwrap(failure);
            if (sent != null && !sent.isDone()) {
                // The caller cancelled (or completed) the future while the request was out: stop waiting for it.
                sent.cancel(false);
                if (cause == null) {
                    cause = new java.util.concurrent.CancellationException("completed by the caller");
                }
            }
            PoolEvent.ToolOutcome outcome = PoolEvent.ToolOutcome.FAILED;
            if (cause == null) {
                outcome = r != null && Boolean.TRUE.equals(r.isError()) ? PoolEvent.ToolOutcome.TOOL_ERROR
                        : PoolEvent.ToolOutcome.OK;
            } else {
                Boolean usable = Cancellation.afterFailure(session, before, context, cause);
                if (usable == null ? !Failures.leavesSessionUsable(cause) : !usable) {
                    RuntimeException e = cause instanceof RuntimeException re ? re : new CompletionException(cause);
                    session.markBroken(e);
                    lender.leaseFailed(session, e);
                }
            }
            lender.toolCalled(session, tool, System.nanoTime() - start, outcome);
        } finally {
            if (afterwards != null) {
                afterwards.run();
            }
        }
    }

    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static McpSchema.CallToolRequest withMeta(McpSchema.CallToolRequest request, Map<String, Object> meta) {
        return meta.isEmpty() ? request : new McpSchema.CallToolRequest(request.name(), request.arguments(),
                SessionLease.withMeta(request.meta(), meta));
    }
}
