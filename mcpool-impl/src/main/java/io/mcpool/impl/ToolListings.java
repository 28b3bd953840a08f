package io.mcpool.impl;

import io.mcpool.BorrowOptions;
import io.mcpool.PoolConfig;
import io.mcpool.SessionKey;
import io.mcpool.event.PoolEvent;
import io.mcpool.spi.McpOperation;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The tool lists a pool caches, per identity: when an {@code AuthProvider} gives tenants credentials of their own,
 * or the server speaks the stateless revision 2026-07-28, each tenant's list is fetched with its own credentials and
 * served to that tenant only (a server may show different tools to different identities, and a tenant must not
 * depend on the shared partition's credentials); otherwise every borrower shares one list. A 2026-07-28 listing the
 * server marks {@code cacheScope: public} is served to every identity for its freshness. The lists are a
 * {@link ToolsCache}: TTL, scopes, single flight, version-guarded invalidation.
 *
 * <p>Beside them, the answers of a 2026-07-28 server that its leases reuse ({@link ListingCache}: listings of every
 * kind and resource reads). A change the server reports on {@code subscriptions/listen} forgets what it concerns in
 * both.
 */
final class ToolListings {

    /** The identity of the shared partition (and of every borrower when credentials are not per tenant). */
    private static final String SHARED = "";

    private final String poolName;
    private final Supplier<PoolConfig> config;
    private final Function<String, ListingCache.Answer<List<McpSchema.Tool>>> upstream;
    private final BooleanSupplier perTenant;
    private final PoolEvents events;
    private final ToolsCache cache;
    private final ListingCache answers;
    private final ListChangedStream changes;

    /**
     * @param upstream  fetches every page of the list with a lease of the given tenant (null: shared)
     * @param perTenant true when lists are to be kept per tenant even without an {@code AuthProvider}: for a server
     *     of the stateless revision, whose listings may be {@code cacheScope: private} to the identity asking (and
     *     whose {@code public} ones are served to every identity)
     * @param changes   the stream of a stateless endpoint's list changes, opened once such a listing is cached
     */
    ToolListings(String poolName, Supplier<PoolConfig> config, Function<String, ListingCache.Answer<List<McpSchema.Tool>>> upstream,
            BooleanSupplier perTenant, PoolEvents events, ListChangedStream changes) {
        this.poolName = poolName;
        this.changes = changes;
        this.config = config;
        this.upstream = upstream;
        this.perTenant = perTenant;
        this.events = events;
        this.cache = new ToolsCache(config.get().toolCacheTtl(), System::nanoTime,
                (previous, hash, count) -> events.toolsRefreshed(poolName, previous, hash, count));
        this.answers = new ListingCache(() -> config.get().toolCacheTtl(), System::nanoTime,
                tenant -> changes.ensureOpen(new SessionKey(tenant, null), this::changedOnServer));
    }

    /** @return the answers of a 2026-07-28 server the pool's leases reuse */
    ListingCache answers() {
        return answers;
    }

    /** @return the tool list for the identity of a borrow with {@code options} */
    List<McpSchema.Tool> get(BorrowOptions options) {
        PoolConfig c = config.get();
        boolean stateless = perTenant.getAsBoolean();
        String tenant = c.authProvider() == null && !stateless ? null : Lender.keyFor(options, c).tenant();
        String identity = tenant == null ? SHARED : tenant;
        List<McpSchema.Tool> tools = cache.get(identity, () -> upstream.apply(tenant), stateless);
        if (stateless) { // a 2026-07-28 server says on subscriptions/listen when its listings change
            changes.ensureOpen(new SessionKey(tenant, null), this::changedOnServer);
        }
        return tools;
    }

    /**
     * The server said on its {@code subscriptions/listen} stream that a listing changed.
     *
     * @param method the listing that changed ({@code tools/list}, {@code prompts/list} or {@code resources/list}), or
     *               null when anything may have changed (the stream was listened to again after it dropped)
     */
    private void changedOnServer(String method) {
        if (method == null) {
            answers.invalidate(Set.of());
        } else if (McpOperation.RESOURCES_LIST.equals(method)) {
            answers.invalidate(Set.of(McpOperation.RESOURCES_LIST, McpOperation.RESOURCES_TEMPLATES_LIST));
        } else {
            answers.invalidate(Set.of(method));
        }
        if (method == null || McpOperation.TOOLS_LIST.equals(method)) {
            cache.invalidate();
            events.fire(() -> new PoolEvent.ToolsListChanged(poolName, Instant.now(), null));
        }
    }

    /** Forgets every list and stops listening for changes: the pool is closing. */
    void close() {
        changes.close();
        invalidate();
    }

    /**
     * Forgets every list, shared or an identity's, and every answer leases reuse: the next call of each identity
     * goes upstream.
     */
    void invalidate() {
        cache.invalidate();
        answers.invalidate(Set.of());
    }

    void ttl(Duration ttl) {
        cache.ttl(ttl);
    }

    /** @return whether a list already fetched annotates {@code toolName} idempotent or read-only */
    boolean isSafeToRepeat(String toolName) {
        return cache.isSafeToRepeat(toolName);
    }

    long hits() {
        return cache.hits.sum();
    }

    long misses() {
        return cache.misses.sum();
    }

    long refreshes() {
        return cache.refreshes.sum();
    }

    int waiters() {
        return cache.waiters.get();
    }
}
