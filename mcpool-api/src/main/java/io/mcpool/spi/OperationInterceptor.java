package io.mcpool.spi;

import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Wraps every MCP request a pool sends for its users: the {@code initialize} of each session, and
 * each {@code tools/call}, listing, {@code resources/read}, {@code prompts/get} and {@code ping} made
 * through a lease or through the pool's own shortcuts ({@code McpPool.callTool}, the tool cache's
 * upstream {@code tools/list}). Tracing integrations (OpenTelemetry) plug in here: open a span,
 * make it current, add the trace context to the request's {@code params._meta}, and see the outcome.
 *
 * <p>The interceptor runs on the thread that sends the request: the caller's for lease operations,
 * a pool thread for a session created on a borrower's behalf (with the borrower's context carried
 * there by {@link #propagate(Runnable)}). An operation the pool repeats on a fresh session after a
 * session-level failure is intercepted once per attempt ({@link McpOperation#attempt()} counts
 * them). The pool's background health pings are not intercepted: no caller waits on them.
 *
 * <p>Register with {@code McpPool.addInterceptor} before {@code start()} to see the warm-up's
 * {@code initialize}s too. Several interceptors nest in the order they were added (the first
 * added is the outermost). An interceptor must call {@link Invocation#proceed} exactly once and
 * return (or throw) what it returns (throws); what it throws itself reaches the caller.
 */
public interface OperationInterceptor {

    /**
     * Runs one MCP request.
     *
     * @param operation  what is about to be sent, and where
     * @param invocation sends it; call exactly once
     * @param <T>        the operation's result type
     * @return the result of {@code invocation.proceed(...)}
     */
    <T> T intercept(McpOperation operation, Invocation<T> invocation);

    /**
     * Runs one MCP request sent without blocking ({@code callToolAsync}): {@code invocation.proceed}
     * sends the request and returns at once with a stage that completes with the server's result. Call
     * {@code proceed} exactly once, on the calling thread, and return the stage it returned or one that
     * completes when it does (with its result or failure).
     *
     * <p>The default passes the stage through {@link #intercept}, so an interceptor that only adds
     * {@code _meta} entries works unchanged; one that measures or records outcomes should override this to
     * see the outcome when it comes, not when the request leaves.
     *
     * @param operation  what is about to be sent, and where
     * @param invocation sends it; call exactly once
     * @param <T>        the operation's result type
     * @return a stage completing with the result of the request
     */
    default <T> CompletionStage<T> interceptAsync(McpOperation operation, Invocation<CompletionStage<T>> invocation) {
        return intercept(operation, invocation);
    }

    /**
     * Carries the calling thread's context (a tracing context, say) to work the pool runs on another
     * thread on this caller's behalf, e.g. creating a session for a borrower who waits for it. The
     * pool carries SLF4J's MDC itself.
     *
     * @param work what the pool will run on one of its threads
     * @return {@code work}, or a wrapper that restores the calling thread's context around it
     */
    default Runnable propagate(Runnable work) {
        return work;
    }

    /**
     * Sends the request an {@link OperationInterceptor} wraps.
     *
     * @param <T> the operation's result type
     */
    @FunctionalInterface
    interface Invocation<T> {

        /**
         * Sends the request.
         *
         * @param meta entries to add to the request's {@code params._meta} (e.g. {@code traceparent},
         *             {@code tracestate}); entries the caller set in the request win. Ignored by
         *             requests without parameters ({@code ping}) and by {@code initialize}, which the
         *             MCP client builds itself
         * @return the server's result
         */
        T proceed(Map<String, Object> meta);
    }
}
