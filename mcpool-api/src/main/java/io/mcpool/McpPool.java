package io.mcpool;

import io.mcpool.internal.Providers;
import io.mcpool.spi.OperationInterceptor;
import io.mcpool.spi.PoolListener;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;

/**
 * A pool of MCP client sessions to one server: sessions are kept warm, lent out exclusively,
 * checked, recycled and replaced, so an application pays MCP's setup cost once instead of on every
 * request.
 *
 * <pre>{@code
 * try (McpPool pool = McpPool.create(config)) {
 *     pool.start();
 *     try (PooledSession s = pool.borrow()) {
 *         s.callTool("echo", Map.of("message", "hi"));
 *     }
 *     pool.callTool("echo", Map.of("message", "hi"));   // borrow, call, return
 * }
 * }</pre>
 *
 * <p>All methods are thread-safe.
 */
public interface McpPool extends AutoCloseable {

    /**
     * Creates a pool with the implementation found by {@link ServiceLoader} ({@code mcpool-impl}).
     *
     * @param config the configuration
     * @return a new pool; call {@link #start()} before borrowing
     * @throws IllegalStateException when no implementation is on the class path
     */
    static McpPool create(PoolConfig config) {
        java.util.Objects.requireNonNull(config, "config");
        return Providers.first().create(config);
    }

    /**
     * Starts the pool: opens {@code minSessions} sessions in parallel and waits for them.
     *
     * @throws SessionCreationException when a warm-up session cannot be created (cause attached);
     *     the pool is then closed
     * @throws PoolClosedException when the pool was shut down
     */
    void start();

    /**
     * Waits until the pool is ready ({@code minSessions} warm).
     *
     * @param timeout how long to wait
     * @return true when ready, false when the time ran out
     * @throws InterruptedException when interrupted while waiting
     */
    boolean awaitReady(Duration timeout) throws InterruptedException;

    /** @return true once {@code minSessions} sessions have been warmed after start */
    boolean isReady();

    /** @return true after {@link #start()} and before {@link #shutdown()} */
    boolean isStarted();

    /** @return where the pool is in its life: new, starting, running, closing or closed */
    PoolState state();

    /**
     * @return true while the pool serves without its warm set: with {@code gracefulDegradation} on, a
     *     warm-up that failed leaves the pool running degraded (sessions made for borrowers meanwhile
     *     are closed on return) until housekeeping brings the warm set back; with it off, a failed
     *     warm-up fails {@link #start()} instead
     */
    boolean isDegraded();

    /**
     * Stops new borrows, waits up to {@code drainTimeout} for leases to come back, then closes every
     * session. A lease returned later is closed on return, never under its holder's feet. Idempotent.
     */
    void shutdown();

    /** Same as {@link #shutdown()}. */
    @Override
    default void close() {
        shutdown();
    }

    /**
     * Borrows a session of the shared partition, waiting up to {@code borrowTimeout}.
     *
     * @return the lease; close it to give the session back
     * @throws PoolExhaustedException   when none became free in time
     * @throws SessionCreationException when a needed new session could not be created
     * @throws PoolClosedException      when the pool is shutting down
     */
    default PooledSession borrow() {
        return borrow(BorrowOptions.none());
    }

    /**
     * Borrows a session for {@code options}, waiting up to its timeout (or {@code borrowTimeout}).
     *
     * @param options partition, per-lease headers and wait bound
     * @return the lease; close it to give the session back
     * @throws PoolExhaustedException   when none became free in time
     * @throws SessionCreationException when a needed new session could not be created
     * @throws PoolClosedException      when the pool is shutting down
     * @throws McpPoolException         when interrupted (the interrupt flag stays set)
     */
    PooledSession borrow(BorrowOptions options);

    /**
     * Borrows without queueing behind other borrowers: returns a free session if there is one, or a
     * new one if the pool has room (creating it takes one connect + initialize); otherwise empty.
     *
     * @param options partition and per-lease headers (the timeout is ignored)
     * @return the lease, or empty whenever none is available now: the pool at its cap with nothing free,
     *     the tenant at {@code maxConcurrentPerTenant}, the rate limit spent (or a server's 429 pause),
     *     the circuit breaker open
     * @throws PoolClosedException      when the pool is shutting down
     * @throws SessionCreationException when a new session was needed and could not be created
     */
    Optional<PooledSession> tryBorrow(BorrowOptions options);

    /**
     * Borrow, call a tool, return.
     *
     * @param name      the tool
     * @param arguments its arguments
     * @return the result
     */
    default McpSchema.CallToolResult callTool(String name, Map<String, Object> arguments) {
        return callTool(name, arguments, BorrowOptions.none());
    }

    /**
     * Borrow with {@code options}, call a tool, return.
     *
     * @param name      the tool
     * @param arguments its arguments
     * @param options   how to borrow
     * @return the result
     */
    default McpSchema.CallToolResult callTool(String name, Map<String, Object> arguments, BorrowOptions options) {
        return callTool(name, arguments, options, CallOptions.none());
    }

    /**
     * Borrow with {@code borrowOptions}, call a tool within {@code callOptions}' deadline, return. The
     * deadline counts from this call and covers the wait for a session too (the shorter of it and the
     * borrow timeout); a wait that runs out fails with {@link PoolExhaustedException} as usual.
     *
     * @param name          the tool
     * @param arguments     its arguments
     * @param borrowOptions how to borrow
     * @param callOptions   the call's deadline
     * @return the result
     * @throws CallTimeoutException when the deadline passed before the server answered (the server was
     *     told to cancel; the session went back to the pool)
     */
    McpSchema.CallToolResult callTool(String name, Map<String, Object> arguments, BorrowOptions borrowOptions,
            CallOptions callOptions);

    /**
     * {@link #callToolAsync(String, Map, BorrowOptions, CallOptions)} with no options.
     *
     * @param name      the tool
     * @param arguments its arguments
     * @return the result, or the failure
     */
    default CompletableFuture<McpSchema.CallToolResult> callToolAsync(String name, Map<String, Object> arguments) {
        return callToolAsync(name, arguments, BorrowOptions.none(), CallOptions.none());
    }

    /**
     * Borrow, call a tool without holding a thread while it runs, return. The borrow itself happens on
     * the calling thread (it waits only when no session is free, up to the borrow timeout or the deadline);
     * from then on no thread waits for the tool. The session goes back to the pool when the future
     * completes, fails or is cancelled. Cancelling the future cancels the call: the server is sent
     * {@code notifications/cancelled} (2026-07-28 over HTTP: the request's response stream is closed). A failure
     * to borrow fails the future. The call is not repeated on a
     * fresh session. Stages chained without an executor run on the transport's I/O thread.
     *
     * @param name          the tool
     * @param arguments     its arguments
     * @param borrowOptions how to borrow
     * @param callOptions   the call's deadline, counted from this call
     * @return the result, or the failure ({@link CallTimeoutException} when the deadline passed)
     */
    CompletableFuture<McpSchema.CallToolResult> callToolAsync(String name, Map<String, Object> arguments,
            BorrowOptions borrowOptions, CallOptions callOptions);

    /**
     * @return the server's tools (all pages) as the shared partition sees them, from a cache kept for
     *     {@code toolCacheTtl}; concurrent callers on a cold cache share one upstream fetch and its result
     *     or its error
     */
    default List<McpSchema.Tool> listTools() {
        return listTools(BorrowOptions.none());
    }

    /**
     * The server's tools as the borrower of {@code options} sees them. With an {@code AuthProvider}, each
     * tenant (from {@link BorrowOptions#tenant()} or the {@code tenantHeader}) has a list of its own,
     * fetched with its own credentials and never served to another tenant; without one, all borrowers
     * share one list.
     *
     * @param options the borrow whose identity the list is for (its headers and timeout are not used)
     * @return the tools (all pages), cached for {@code toolCacheTtl}, fetched single-flight per identity
     */
    List<McpSchema.Tool> listTools(BorrowOptions options);

    /**
     * Forgets every cached tool list, and every answer of a 2026-07-28 server its leases reuse (see
     * {@link PooledSession}, "Reused answers"); the next {@link #listTools()} of each identity goes upstream.
     */
    void invalidateToolsCache();

    /**
     * Changes the limits at once. Growing serves waiting borrowers now; shrinking closes surplus idle
     * sessions now and surplus lent ones when they come back.
     *
     * @param minSessions the new floor, 0..maxSessions
     * @param maxSessions the new cap, 1..{@value PoolConfig#MAX_SESSIONS_LIMIT}
     * @throws InvalidConfigException for values out of range (the pool is unchanged)
     */
    void resize(int minSessions, int maxSessions);

    /**
     * Changes what may change while the pool runs: {@code minSessions}, {@code maxSessions} (as
     * {@link #resize}), {@code maxSessionsPerKey}, {@code maxConcurrentPerTenant},
     * {@code tenantLimitMode}, {@code borrowTimeout}, {@code toolCacheTtl}, {@code drainTimeout},
     * {@code idleTimeout}, {@code keyIdleTimeout}, {@code maxSessionLifetime}, {@code recycleWindow},
     * {@code healthCheckInterval}, {@code healthProbe}, {@code healthProbeTimeout} and
     * {@code leakDetectionThreshold}. Derive the argument from
     * {@link #config()}: {@code pool.reconfigure(pool.config().toBuilder().borrowTimeout(d).build())}.
     *
     * @param changed the new configuration
     * @throws InvalidConfigException when a property that is fixed for the pool's life (endpoint,
     *     transport, credentials, connect and request timeouts, ...) differs; the pool is unchanged
     */
    void reconfigure(PoolConfig changed);

    /**
     * Retires or refills sessions now; see {@link FlushMode}. Never closes a lent session.
     *
     * @param mode what to flush
     */
    void flush(FlushMode mode);

    /**
     * Stops lending, as HikariCP's {@code suspendPool}: from now on borrowers wait (within their borrow
     * timeout, then {@link PoolExhaustedException}) instead of being lent a session, and
     * {@link #tryBorrow} returns empty. Leases already out, housekeeping and health probes go on. For a
     * pause while a server is switched or credentials are rotated; {@link #resume()} lets every waiter
     * through. The borrowers waiting meanwhile count in {@link PoolMetrics#waiters()}. Shutdown wakes them
     * with {@link PoolClosedException}.
     *
     * @throws PoolClosedException when the pool is shut down
     */
    void suspend();

    /** Lends again after {@link #suspend()}; every borrower waiting goes on. Nothing when not suspended. */
    void resume();

    /** @return true between {@link #suspend()} and {@link #resume()} */
    boolean isSuspended();

    /** @return a snapshot of gauges and counters */
    PoolMetrics metrics();

    /**
     * @return per tool called through this pool's leases since it started: calls, errors, latency
     *     percentiles; at most {@link ToolMetrics#MAX_TOOLS} rows plus {@value ToolMetrics#OTHER}, most
     *     called first
     */
    List<ToolMetrics> toolMetrics();

    /** @return one row per open session */
    List<SessionInfo> debugSnapshot();

    /** @return the configuration in force (reflecting {@link #resize(int, int)}) */
    PoolConfig config();

    /** @return the pool's name */
    String name();

    /** @param listener receives every event from now on */
    void addListener(PoolListener listener);

    /** @param listener stops receiving events */
    void removeListener(PoolListener listener);

    /**
     * Wraps every MCP request the pool sends for its users from now on (see
     * {@link OperationInterceptor}); add it before {@link #start()} to see the warm-up's handshakes.
     *
     * @param interceptor nests inside those added before it
     */
    void addInterceptor(OperationInterceptor interceptor);

    /** @param interceptor no longer wraps requests sent from now on */
    void removeInterceptor(OperationInterceptor interceptor);
}
