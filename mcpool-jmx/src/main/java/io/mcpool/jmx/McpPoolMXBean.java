package io.mcpool.jmx;

import java.util.List;

/**
 * The management interface of one {@link io.mcpool.McpPool}, registered by
 * {@link McpPoolJmx#register(io.mcpool.McpPool)} as {@code io.mcpool:type=McpPool,name=<pool>}.
 *
 * <p>This interface holds the pool's identity, its writable settings and its operations. The MBean
 * registered adds the pool's metrics, derived from the metrics table
 * ({@link io.mcpool.metrics.PoolMetric}): one read-only attribute per metric of
 * {@link io.mcpool.PoolMetrics} ({@code ActiveSessions}, {@code BorrowCount},
 * {@code AvgBorrowWaitMillis}, ...; {@code MinSessions} and {@code MaxSessions} are the settings
 * below), and an operation {@code metricsSnapshot()} returning all of them read at one moment as a
 * {@code CompositeData}. {@code docs/jmx.md} lists them.
 *
 * <p>Every type is a JMX open type, so JConsole and any other JMX client show everything without
 * mcpool's classes. Writable attributes change the running pool at once; a value out of range is
 * refused with an {@link IllegalArgumentException} whose message names the property, the value and
 * the allowed range, and the pool is left unchanged. Nothing readable here carries a credential.
 */
@Description("A pool of MCP client sessions to one server. Writable attributes change the running pool at once; "
        + "out-of-range values are refused and leave the pool unchanged.")
public interface McpPoolMXBean {

    // ------------------------------------------------------------------ identity

    /** @return the pool's name, as in its ObjectName */
    @Description("The pool's name.")
    String getName();

    /** @return the server URL, or the stdio command, with every credential masked */
    @Description("The MCP server URL (or stdio command) with credentials masked.")
    String getEndpoint();

    /** @return {@code STDIO}, {@code SSE} or {@code STREAMABLE_HTTP} */
    @Description("The MCP transport: STDIO, SSE or STREAMABLE_HTTP.")
    String getTransport();

    /** @return the {@code protocol} setting: {@code legacy}, {@code auto} or {@code 2026-07-28} */
    @Description("The protocol setting: legacy (session-based revisions), auto (asks the server once) or 2026-07-28 "
            + "(the stateless revision). ProtocolEra says which one is spoken now.")
    String getProtocol();

    /** @return the MCP version the pool's sessions speak now, empty when none is open yet */
    @Description("The MCP protocol version the pool's open sessions speak (e.g. 2025-11-25, or 2026-07-28 for the "
            + "stateless revision); empty while none is open.")
    String getProtocolVersion();

    /** @return {@code local}, or the distributed limits backend's name and what it keeps, never its address */
    @Description("Where the rate limits and tenant caps are kept: 'local' (per instance), or the distributed "
            + "backend's name and what it keeps there. LimitsBackendState says whether it answers.")
    String getLimitsBackend();

    // ------------------------------------------------------------------ state

    /** @return {@code NEW}, {@code STARTING}, {@code RUNNING}, {@code CLOSING} or {@code CLOSED} */
    @Description("Where the pool is in its life: NEW (not started), STARTING (warming up), RUNNING, "
            + "CLOSING (draining leases before shutdown) or CLOSED.")
    String getState();

    /** @return true after {@code start()} and before shutdown */
    @Description("True after start() and before shutdown.")
    boolean isStarted();

    // ------------------------------------------------------------------ writable limits

    /** @return the warm floor: sessions of the shared partition kept open at all times */
    @Description("Sessions kept open and warm at all times (writable, 0..MaxSessions). Raising it opens "
            + "sessions now.")
    int getMinSessions();

    /**
     * Sets the warm floor; missing sessions are opened at once, surplus ones age out by idle timeout.
     *
     * @param minSessions 0..{@code MaxSessions}
     * @throws IllegalArgumentException when out of range; the pool is unchanged
     */
    void setMinSessions(int minSessions);

    /** @return the most sessions open at once, across all tenants and keys */
    @Description("Most sessions open at once (writable, MinSessions..10000). Raising it serves waiting "
            + "borrowers now; lowering it closes surplus idle sessions now and lent ones when returned.")
    int getMaxSessions();

    /**
     * Sets the cap; growing serves waiters now, shrinking closes surplus idle sessions now and lent
     * ones when they come back (never under their holder).
     *
     * @param maxSessions {@code max(1, MinSessions)}..10000
     * @throws IllegalArgumentException when out of range; the pool is unchanged
     */
    void setMaxSessions(int maxSessions);

    /** @return how long a borrow waits for a free session, in milliseconds */
    @Description("How long a borrow waits for a free session, in milliseconds (writable, 1..86400000). "
            + "Applies to borrows that start after the change.")
    long getBorrowTimeoutMillis();

    /**
     * Sets how long borrows wait; borrows already waiting keep their deadline.
     *
     * @param borrowTimeoutMillis 1..86 400 000 (one day), in milliseconds
     * @throws IllegalArgumentException when out of range; the pool is unchanged
     */
    void setBorrowTimeoutMillis(long borrowTimeoutMillis);

    /** @return how long a fetched tool list is served from cache, in seconds; 0 means no cache */
    @Description("How long a fetched tool list is served from cache, in seconds (writable, 0..604800; "
            + "0 disables the cache).")
    long getToolCacheTtlSeconds();

    /**
     * Sets the tool-cache lifetime, applied to the list now cached as well.
     *
     * @param toolCacheTtlSeconds 0 (no caching)..604 800 (seven days), in seconds
     * @throws IllegalArgumentException when out of range; the pool is unchanged
     */
    void setToolCacheTtlSeconds(long toolCacheTtlSeconds);

    /**
     * @return how often idle sessions are health-checked, in seconds (rounded up); 0 means the
     *     checks are off
     */
    @Description("How often idle sessions are health-checked, in seconds (writable, 0 or 1..86400; "
            + "0 turns the checks off).")
    long getHealthCheckIntervalSeconds();

    /**
     * Sets the health-check period; the next run is scheduled with the new period.
     *
     * @param healthCheckIntervalSeconds 0 (off) or 1..86 400 (one day), in seconds
     * @throws IllegalArgumentException when out of range; the pool is unchanged
     */
    void setHealthCheckIntervalSeconds(long healthCheckIntervalSeconds);

    // ------------------------------------------------------------------ operations

    /**
     * Changes both limits at once, which setting them one by one cannot always do (e.g. from 2..4 to
     * 6..10). Growing serves waiting borrowers now; shrinking closes surplus idle sessions now and
     * lent ones when they come back.
     *
     * @param minSessions the new warm floor, 0..{@code maxSessions}
     * @param maxSessions the new cap, 1..10 000
     * @throws IllegalArgumentException when out of range; the pool is unchanged
     */
    @Description("Changes MinSessions and MaxSessions together. Growing serves waiting borrowers now; "
            + "shrinking closes surplus idle sessions now and lent ones when they are returned.")
    void resize(
            @ParameterName("minSessions") @Description("The new warm floor, 0..maxSessions.") int minSessions,
            @ParameterName("maxSessions") @Description("The new cap, 1..10000.") int maxSessions);

    /** Forgets the cached tool list; the next {@code listTools} fetches it from the server. */
    @Description("Forgets the cached tool list; the next listTools fetches it from the server.")
    void invalidateToolsCache();

    /**
     * Closes every idle session now (flush {@code IDLE}); housekeeping then reopens the warm floor.
     * Lent sessions are not touched.
     *
     * @throws IllegalStateException when the pool is not running
     */
    @Description("Closes every idle session now; the warm floor is reopened with fresh sessions. "
            + "Lent sessions are not touched.")
    void evictIdleSessions();

    /**
     * Retires every session: idle ones now, lent ones when they come back (flush {@code GRACEFUL}).
     * Use it after the server was redeployed or its credentials rotated.
     *
     * @throws IllegalStateException when the pool is not running
     */
    @Description("Retires every session: idle ones now, lent ones when they are returned. Use after the "
            + "server was redeployed or credentials were rotated.")
    void softEvictSessions();

    /**
     * Stops lending, as HikariCP's {@code suspendPool}: borrowers wait (within their borrow timeout)
     * until {@link #resume()}; leases already out go on. The {@code Suspended} attribute shows it.
     *
     * @throws IllegalStateException when the pool is shut down
     */
    @Description("Stops lending: borrowers wait (within their borrow timeout) until resume(); leases already out "
            + "go on. For a pause while the server is switched or credentials are rotated.")
    void suspend();

    /** Lends again after {@link #suspend()}: every waiting borrower goes on. */
    @Description("Lends again after suspend(): every waiting borrower goes on.")
    void resume();

    /** @return one row per open session; an array of {@code CompositeData} for JMX clients */
    @Description("One row per open session: id, tenant, affinity key, state, age and idle time in "
            + "milliseconds, borrow count, generation.")
    List<SessionRow> debugSnapshot();

    /** @return one row per tool called through the pool, most called first; an array of {@code CompositeData} */
    @Description("One row per tool called through the pool since it started, most called first: calls, tool errors "
            + "(isError results), failures (no result), mean, p50, p95, p99 and longest duration in milliseconds.")
    List<ToolRow> toolMetrics();

    /**
     * @return one row per identity whose token the pool's {@code AuthProvider} holds (OAuth with
     *     {@code mcpool-oauth}); empty without one. Never a token.
     */
    @Description("One row per identity (issuer, resource, tenant) whose OAuth token the pool holds: its scopes, "
            + "expiry (ISO-8601 and seconds from now) and whether it is refreshable; never the token. Empty when the "
            + "pool's AuthProvider caches no tokens.")
    List<TokenRow> tokens();
}
