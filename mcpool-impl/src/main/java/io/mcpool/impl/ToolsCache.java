package io.mcpool.impl;

import io.mcpool.McpPoolException;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The tool listings of one endpoint, cached for their freshness and fetched single-flight, each kept where its
 * {@code cacheScope} allows (MCP 2026-07-28, "Caching": a {@code public} response may be served to any user; a
 * {@code private} one only within the authorization context that fetched it):
 * <ul>
 * <li>a {@code public} listing goes to the endpoint's <em>shared slot</em> and is served to every identity while fresh;
 * <li>any other listing ({@code private}, one without a scope, a session-based server's) goes to the slot of the
 *     identity whose credentials fetched it and is served to that identity only.
 * </ul>
 * A caller gets its own identity's fresh listing, else the shared one, else fetches. Nothing moves from an identity's
 * slot to the shared one, so a listing not marked {@code public} never reaches another identity, whatever the
 * endpoint answered before or answers after.
 *
 * <p>Fetches are single-flight. Where listings may be shared and the endpoint's last answer was {@code public} (or
 * none came yet), cold callers of every identity join one fetch: when its answer is {@code public} all of them get
 * it; when it is not, the callers of the identity that fetched get it and every other identity fetches its own (one
 * fetch per identity). After an answer that is not {@code public}, cold callers fetch per identity until one comes
 * back {@code public} again, and the shared slot is emptied (the server tailors its listings now). A failed fetch is
 * not cached; its failure reaches the callers of its identity, the others fetch their own.
 *
 * <p>Invalidation bumps a version shared by every slot; a fetch that started before it cannot install its listing.
 */
final class ToolsCache {

    /** What a slot holds: a list and when it was fetched, tagged with the version it belongs to. */
    private record Entry(List<McpSchema.Tool> tools, long fetchedNanos, long version, long freshForNanos) {
    }

    /** One upstream fetch under way: whose credentials it uses, and what it brings. */
    private record Flight(String identity, long version, CompletableFuture<Fetched> result) {
    }

    /** What a fetch brought: the list, and whether the server said it may be served to every identity. */
    private record Fetched(List<McpSchema.Tool> tools, boolean shared) {
    }

    /** Where listings are kept: the shared slot, or one identity's; with the fetch under way for it. */
    private static final class Slot {
        volatile Entry entry;
        volatile String schemaHash;
        volatile List<McpSchema.Tool> lastFetched;
        private Flight inflight; // guarded by this
    }

    /** Called with (previous hash or null, new hash, tool count) after every upstream fetch. */
    interface RefreshListener {
        void refreshed(String previousHash, String newHash, int toolCount);
    }

    private final LongSupplier clock;
    private final RefreshListener onRefresh;
    private volatile Duration ttl;

    private final AtomicLong version = new AtomicLong();
    private final Slot shared = new Slot();
    private final Map<String, Slot> identities = new ConcurrentHashMap<>();
    /** Whether the endpoint's last answer was not {@code public}: cold callers then fetch per identity at once. */
    private volatile boolean lastNotShared;

    final LongAdder hits = new LongAdder();
    final LongAdder misses = new LongAdder();
    final LongAdder refreshes = new LongAdder();
    final AtomicInteger waiters = new AtomicInteger();

    ToolsCache(Duration ttl, LongSupplier clock, RefreshListener onRefresh) {
        this.ttl = ttl;
        this.clock = clock;
        this.onRefresh = onRefresh;
    }

    void ttl(Duration ttl) {
        this.ttl = ttl;
    }

    /**
     * @param identity  whose listing is asked for (the shared partition has one too)
     * @param upstream  fetches the listing with that identity's credentials; a listing with its own freshness (a
     *                  2026-07-28 server's {@code ttlMs}) is reused for no longer than that, and not at all when it is 0
     * @param mayShare  whether the endpoint's listings may be {@code public} (a 2026-07-28 server): cold callers of
     *                  several identities then join one fetch
     * @return the listing
     */
    List<McpSchema.Tool> get(String identity, Supplier<ListingCache.Answer<List<McpSchema.Tool>>> upstream, boolean mayShare) {
        Slot own = identities.computeIfAbsent(identity, id -> new Slot());
        Entry e = fresh(own.entry);
        if (e == null) {
            e = fresh(shared.entry);
        }
        if (e != null) {
            hits.increment();
            return e.tools;
        }
        misses.increment();
        if (mayShare && !lastNotShared) {
            Flight flight = flight(shared, identity, upstream);
            if (flight.identity.equals(identity)) {
                return await(flight.result).tools; // fetched with this identity's credentials: its answer is ours
            }
            Fetched fetched = awaitOrNull(flight.result);
            if (fetched != null && fetched.shared) {
                return fetched.tools;
            } // another identity's answer that is not public (or its failure): fetch our own
        }
        return await(flight(own, identity, upstream).result).tools;
    }

    private Entry fresh(Entry e) {
        return e != null && e.version == version.get()
                && clock.getAsLong() - e.fetchedNanos < Math.min(ttl.toNanos(), e.freshForNanos) ? e : null;
    }

    /** @return the fetch under way in {@code slot} for the current version, joined; else one started by the caller */
    private Flight flight(Slot slot, String identity, Supplier<ListingCache.Answer<List<McpSchema.Tool>>> upstream) {
        Flight flight;
        boolean lead = false;
        synchronized (slot) {
            long v = version.get();
            if (slot.inflight == null || slot.inflight.version != v) {
                slot.inflight = new Flight(identity, v, new CompletableFuture<>());
                lead = true;
            }
            flight = slot.inflight;
        }
        if (lead) {
            fetchInto(slot, flight, upstream);
        }
        return flight;
    }

    /**
     * @return true when a list already fetched annotates {@code toolName} as idempotent or read-only, so a
     *     call that failed on a broken session may be repeated on a fresh one. Only lists already fetched
     *     are consulted: fetching now would need a session while the caller still holds its broken one
     *     (with maxSessions=1, a wait for the borrow timeout).
     */
    boolean isSafeToRepeat(String toolName) {
        return safeToRepeat(shared.lastFetched, toolName)
                || identities.values().stream().anyMatch(slot -> safeToRepeat(slot.lastFetched, toolName));
    }

    private static boolean safeToRepeat(List<McpSchema.Tool> known, String toolName) {
        return known != null && known.stream().filter(t -> t.name().equals(toolName)).findFirst()
                .map(McpSchema.Tool::annotations)
                .map(a -> Boolean.TRUE.equals(a.idempotentHint()) || Boolean.TRUE.equals(a.readOnlyHint()))
                .orElse(false);
    }

    /** Forgets every listing, the shared one and every identity's: the next call of each identity goes upstream. */
    void invalidate() {
        version.incrementAndGet();
        shared.entry = null;
        identities.values().forEach(slot -> slot.entry = null);
    }

    private void fetchInto(Slot flightSlot, Flight flight, Supplier<ListingCache.Answer<List<McpSchema.Tool>>> upstream) {
        try {
            ListingCache.Answer<List<McpSchema.Tool>> listing = upstream.get();
            List<McpSchema.Tool> tools = List.copyOf(listing.value());
            boolean isShared = listing.publicScope();
            Slot home = isShared ? shared : identities.computeIfAbsent(flight.identity, id -> new Slot());
            long freshFor = listing.freshFor() == null ? Long.MAX_VALUE : listing.freshFor().toNanos();
            home.lastFetched = tools;
            refreshes.increment();
            String previous = home.schemaHash;
            String hash = hash(tools);
            home.schemaHash = hash;
            if (!isShared) {
                shared.entry = null; // the server tailors its listings now: each identity fetches its own
            }
            lastNotShared = !isShared;
            if (version.get() == flight.version) {
                home.entry = new Entry(tools, clock.getAsLong(), flight.version, freshFor);
            }
            clearInflight(flightSlot, flight);
            flight.result.complete(new Fetched(tools, isShared));
            onRefresh.refreshed(previous, hash, tools.size());
        } catch (RuntimeException | Error failure) {
            clearInflight(flightSlot, flight);
            flight.result.completeExceptionally(failure);
        }
    }

    private static void clearInflight(Slot slot, Flight flight) {
        synchronized (slot) {
            if (slot.inflight == flight) {
                slot.inflight = null;
            }
        }
    }

    /** @return what the fetch brought, or null when it failed */
    private Fetched awaitOrNull(CompletableFuture<Fetched> fetch) {
        try {
            return await(fetch);
        } catch (RuntimeException failure) {
            if (Thread.currentThread().isInterrupted()) {
                throw failure;
            }
            return null;
        }
    }

    private Fetched await(CompletableFuture<Fetched> fetch) {
        if (fetch.isDone()) {
            return join(fetch);
        }
        waiters.incrementAndGet();
        try {
            return join(fetch);
        } finally {
            waiters.decrementAndGet();
        }
    }

    private static Fetched join(CompletableFuture<Fetched> fetch) {
        try {
            return fetch.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new McpPoolException("Interrupted while waiting for the tool list", e);
        } catch (ExecutionException | CompletionException e) {
            // Every waiter gets the very failure the one upstream fetch saw.
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new McpPoolException("Fetching the tool list failed: " + cause, cause);
        }
    }

    /** SHA-256 of the tool definitions, in name order, so the hash only changes when tools do. */
    static String hash(List<McpSchema.Tool> tools) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            var mapper = McpJsonDefaults.getMapper();
            List<McpSchema.Tool> sorted = tools.stream().sorted(Comparator.comparing(McpSchema.Tool::name)).toList();
            for (McpSchema.Tool tool : sorted) {
                digest.update(mapper.writeValueAsString(tool).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) '\n');
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        } catch (java.io.IOException e) {
            throw new McpPoolException("Could not serialise a tool definition to hash it", e);
        }
    }
}
