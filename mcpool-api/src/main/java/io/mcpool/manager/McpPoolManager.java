package io.mcpool.manager;

import io.mcpool.BorrowOptions;
import io.mcpool.CallOptions;
import io.mcpool.CircuitState;
import io.mcpool.InvalidConfigException;
import io.mcpool.McpPool;
import io.mcpool.McpPoolException;
import io.mcpool.PoolClosedException;
import io.mcpool.PoolConfig;
import io.mcpool.PooledSession;
import io.mcpool.SessionCreationException;
import io.mcpool.TenantLimitException;
import io.mcpool.internal.Providers;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;

/**
 * Several {@link McpPool}s, one per endpoint, behind one entry point that picks a pool per borrow
 * with a {@link SelectionStrategy} and fails over to the next pool when the chosen one cannot serve.
 *
 * <pre>{@code
 * try (McpPoolManager manager = McpPoolManager.create("search")) {
 *     manager.add("primary", primaryConfig);
 *     manager.add("backup", backupConfig);
 *     manager.start();
 *     CallToolResult r = manager.callTool("echo", Map.of("message", "hi"), SelectionStrategy.FAILOVER);
 *     try (PooledSession s = manager.borrow(SelectionStrategy.ROUND_ROBIN, BorrowOptions.none())) {
 *         s.callTool("echo", Map.of("message", "again"));
 *     }
 * }
 * }</pre>
 *
 * <p><b>Skipped pools.</b> A pool that is not started, {@linkplain McpPool#isDegraded() degraded}, or
 * whose circuit breaker is {@link CircuitState#OPEN open} is not chosen (see {@link #availability()}).
 * A half-open breaker is chosen, so that a recovering server gets its probe.
 *
 * <p><b>Failover.</b> When the chosen pool fails with a pool-level error, the manager tries the next
 * pool in the strategy's order: on borrowing, any {@link McpPoolException} (exhausted, breaker open,
 * session creation failed, pool closed, rate limit) except {@link TenantLimitException}; on a call
 * made by {@link #callTool}, failures that prove the server did not run the request (connection
 * refused, the server no longer knows the session, HTTP 429), and any other session-level failure
 * only when the borrower vouched that the call is safe to repeat
 * ({@link BorrowOptions#retryToolCalls()}). A JSON-RPC error from the server ({@code McpError}), a
 * tool result with {@code isError()}, a tenant limit and an interrupt are never failed over. When
 * every pool fails or is skipped, a {@link NoPoolAvailableException} names each pool and why.
 *
 * <p><b>The caller's budget.</b> {@link BorrowOptions#timeout()} (else the {@code borrowTimeout} of
 * the first pool tried) bounds the whole borrow, across pools: each pool is given what is left of it,
 * and a pool reached after the budget is spent gets one immediate try ({@link McpPool#tryBorrow}). A
 * caller waiting inside a pool's borrow when that pool's circuit breaker opens (its server went
 * down) is taken out of the wait at once and tries the next pool with what is left of its budget.
 *
 * <p><b>Credentials on failover.</b> The caller's credential headers (names that hold secrets:
 * {@code Authorization}, {@code X-API-Key}, cookies, ...) are meant for one endpoint. With
 * {@link SelectionStrategy#FAILOVER} they go to the first pool only; with the strategies that spread
 * calls they go to the pool chosen first. Any other pool (reached because a pool before it failed or,
 * for {@code FAILOVER}, was skipped) gets the call without them and uses its own configured
 * credentials. The tenant header and every other header (trace context) go on. Callers whose pools
 * are replicas sharing one credential say so with {@link BorrowOptions#forwardCredentialsOnFailover()}.
 *
 * <p>All methods are thread-safe. The manager takes no lock to choose a pool ({@code add} and
 * {@code remove} replace an immutable list); {@link SelectionStrategy#LEAST_CONNECTIONS} reads each
 * candidate pool's metrics.
 */
public interface McpPoolManager extends AutoCloseable {

    /**
     * Creates a manager with the implementation found by {@link ServiceLoader} ({@code mcpool-impl}).
     *
     * @param name the manager's name, {@code [A-Za-z0-9][A-Za-z0-9._-]{0,63}}: used in logs, messages
     *     and JMX ({@code io.mcpool:type=McpPoolManager,name=<name>})
     * @return a new manager without pools; {@link #add} pools and {@link #start()} it
     * @throws IllegalStateException    when no implementation is on the class path
     * @throws IllegalArgumentException when the name is not valid
     */
    static McpPoolManager create(String name) {
        Objects.requireNonNull(name, "name");
        return Providers.first().createManager(name);
    }

    /** @return the manager's name */
    String name();

    /**
     * Adds a pool with weight 1, named after its configuration.
     *
     * @param config the pool's configuration; {@link PoolConfig#name()} names the pool
     * @return the new pool, started when the manager is
     * @see #add(String, PoolConfig, int)
     */
    default McpPool add(PoolConfig config) {
        return add(config.name(), config, 1);
    }

    /**
     * Adds a pool with weight 1.
     *
     * @param name   the pool's name in this manager
     * @param config its configuration
     * @return the new pool, started when the manager is
     * @see #add(String, PoolConfig, int)
     */
    default McpPool add(String name, PoolConfig config) {
        return add(name, config, 1);
    }

    /**
     * Creates a pool for {@code config} and adds it after the pools already there (the order
     * {@link SelectionStrategy#FAILOVER} follows). When the manager is started, the pool is started
     * before this returns. The manager owns the pool: {@link #remove} and {@link #shutdown()} shut it
     * down.
     *
     * <p>The pool is named {@code name}: a configuration still named {@code default} is renamed;
     * one named otherwise must carry the same name.
     *
     * @param name   the pool's name in this manager, {@code [A-Za-z0-9][A-Za-z0-9._-]{0,63}}
     * @param config its configuration
     * @param weight its share under {@link SelectionStrategy#WEIGHTED}, 1..100
     * @return the new pool
     * @throws IllegalArgumentException when a pool of that name is already there, the weight is out
     *     of range, or the configuration carries another name
     * @throws InvalidConfigException   when the name is not a valid pool name
     * @throws SessionCreationException when the manager is started and the pool fails to start; the
     *     pool is then not added
     * @throws PoolClosedException      when the manager was shut down
     */
    McpPool add(String name, PoolConfig config, int weight);

    /**
     * Adds a pool that was created elsewhere (e.g. by a CDI container from MicroProfile Config),
     * under its own name, after the pools already there. Like a pool created by {@link #add}, it is
     * started with the manager and shut down by {@link #remove} and {@link #shutdown()} (shutting a
     * pool down twice is harmless).
     *
     * @param pool   the pool
     * @param weight its share under {@link SelectionStrategy#WEIGHTED}, 1..100
     * @return {@code pool}
     * @throws IllegalArgumentException when a pool of that name is already there or the weight is out of range
     * @throws PoolClosedException      when the manager was shut down
     */
    McpPool adopt(McpPool pool, int weight);

    /**
     * Removes a pool and shuts it down (waiting up to its {@code drainTimeout} for its leases).
     *
     * @param name the pool's name
     * @return true when there was such a pool
     */
    boolean remove(String name);

    /**
     * @param name a pool's name
     * @return the pool, or empty when this manager has none of that name
     */
    Optional<McpPool> get(String name);

    /** @return the pools' names, in the order they were added */
    List<String> names();

    /** @return the pools, in the order they were added (an immutable snapshot) */
    List<McpPool> pools();

    /** @return whether each pool is chosen now, by name, in the order the pools were added */
    Map<String, PoolAvailability> availability();

    /**
     * Starts every pool, in parallel. A pool that fails to start is logged and left in place,
     * {@link PoolAvailability#STOPPED} (give pools {@code gracefulDegradation} to have them start
     * degraded and recover by themselves instead). Idempotent.
     *
     * @throws McpPoolException   when there are pools and none of them started (causes suppressed)
     * @throws PoolClosedException when the manager was shut down
     */
    void start();

    /** @return true after {@link #start()} and before {@link #shutdown()} */
    boolean isStarted();

    /**
     * Shuts every pool down, in parallel (each drains its leases for its {@code drainTimeout}). The
     * pools stay listed, stopped. Idempotent.
     */
    void shutdown();

    /** Same as {@link #shutdown()}. */
    @Override
    void close();

    /**
     * Borrows from an available pool chosen by {@code strategy}, failing over on pool-level errors.
     * The lease belongs to the pool that served it; its {@link PooledSession#sessionId()} starts with
     * that pool's name.
     *
     * @param strategy how to choose the pool
     * @param options  partition, headers and wait bound, applied to each attempt
     * @return the lease; close it to give the session back
     * @throws NoPoolAvailableException when every pool was skipped or failed
     * @throws TenantLimitException     when the chosen pool's tenant cap refused (not failed over)
     * @throws IllegalStateException    when the manager is not started
     * @throws PoolClosedException      when the manager was shut down
     */
    PooledSession borrow(SelectionStrategy strategy, BorrowOptions options);

    /**
     * {@link #borrow(SelectionStrategy, BorrowOptions)} with {@link BorrowOptions#none()}.
     *
     * @param strategy how to choose the pool
     * @return the lease; close it to give the session back
     */
    default PooledSession borrow(SelectionStrategy strategy) {
        return borrow(strategy, BorrowOptions.none());
    }

    /**
     * {@link #callTool(String, Map, SelectionStrategy, BorrowOptions)} with {@link BorrowOptions#none()}.
     *
     * @param tool      the tool
     * @param arguments its arguments
     * @param strategy  how to choose the pool
     * @return the result
     */
    default McpSchema.CallToolResult callTool(String tool, Map<String, Object> arguments, SelectionStrategy strategy) {
        return callTool(tool, arguments, strategy, BorrowOptions.none());
    }

    /**
     * Borrows from a pool chosen by {@code strategy}, calls a tool, returns the session. Fails over
     * on pool-level borrow errors, and on call failures that prove the server did not run the
     * tool; other call failures only when {@code options.retryToolCalls()} says repeating the call is
     * safe. A tool result with {@code isError()} is a result, returned as is.
     *
     * @param tool      the tool
     * @param arguments its arguments
     * @param strategy  how to choose the pool
     * @param options   how to borrow, applied to each attempt
     * @return the result
     * @throws NoPoolAvailableException when every pool was skipped or failed
     * @throws io.modelcontextprotocol.spec.McpError when the server answered with a JSON-RPC error
     *     (not failed over)
     */
    default McpSchema.CallToolResult callTool(String tool, Map<String, Object> arguments, SelectionStrategy strategy,
            BorrowOptions options) {
        return callTool(tool, arguments, strategy, options, CallOptions.none());
    }

    /**
     * {@link #callTool(String, Map, SelectionStrategy, BorrowOptions)} with a deadline of its own. The deadline
     * counts from this call and covers all of it: every wait for a session and every attempt's call get what is
     * left of it, so a call that fails over is not given its full time again, and a call that ran out of it is
     * not repeated on another pool.
     *
     * @param tool        the tool
     * @param arguments   its arguments
     * @param strategy    how to choose the pool
     * @param options     how to borrow, applied to each attempt
     * @param callOptions the call's deadline ({@link CallOptions#none()} for each pool's {@code requestTimeout})
     * @return the result
     * @throws NoPoolAvailableException when every pool was skipped or failed
     * @throws io.mcpool.CallTimeoutException when the deadline passed
     * @throws io.modelcontextprotocol.spec.McpError when the server answered with a JSON-RPC error
     *     (not failed over)
     */
    McpSchema.CallToolResult callTool(String tool, Map<String, Object> arguments, SelectionStrategy strategy,
            BorrowOptions options, CallOptions callOptions);

    /**
     * {@link #callToolAsync(String, Map, SelectionStrategy, BorrowOptions, CallOptions)} with no options.
     *
     * @param tool      the tool
     * @param arguments its arguments
     * @param strategy  how to choose the pool
     * @return the result, when the server gives it
     */
    default CompletableFuture<McpSchema.CallToolResult> callToolAsync(String tool, Map<String, Object> arguments,
            SelectionStrategy strategy) {
        return callToolAsync(tool, arguments, strategy, BorrowOptions.none(), CallOptions.none());
    }

    /**
     * Chooses a pool and borrows from it as {@link #callTool(String, Map, SelectionStrategy, BorrowOptions,
     * CallOptions)} does, on the caller's thread, then sends the call without holding a thread while the tool runs.
     * A call that fails in a way that lets it move on (as for the blocking call) is tried on the next pool from a
     * short-lived thread of the manager's, since borrowing may wait. Each session goes back to its pool when its
     * call completes, fails or is cancelled; cancelling the future cancels the call at the server. Failures,
     * including borrow failures and a manager that is not running, complete the future exceptionally.
     *
     * @param tool        the tool
     * @param arguments   its arguments
     * @param strategy    how to choose the pool
     * @param options     how to borrow
     * @param callOptions the call's deadline, which also bounds the wait for a session
     * @return the result, when the server gives it
     */
    CompletableFuture<McpSchema.CallToolResult> callToolAsync(String tool, Map<String, Object> arguments,
            SelectionStrategy strategy, BorrowOptions options, CallOptions callOptions);

    /**
     * The tools of one pool's server, from that pool's cache ({@link McpPool#listTools()}).
     *
     * @param pool the pool's name
     * @return its server's tools
     * @throws IllegalArgumentException when there is no pool of that name
     */
    List<McpSchema.Tool> listTools(String pool);

    /** @return every pool's metrics, their sum and the manager's own counters */
    ManagerMetrics metrics();
}
