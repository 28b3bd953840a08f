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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The tool list, cached for a TTL and fetched single-flight: however many callers find the cache
 * cold at once, one upstream fetch runs and every one of them gets its result, or its error. A
 * failed fetch is not cached, so the next call tries again.
 *
 * <p>Invalidation bumps a version; a fetch that started before it cannot install a stale list.
 */
final class ToolsCache {

    /** What the cache holds: a list and when it was fetched, tagged with the version it belongs to. */
    private record Entry(List<McpSchema.Tool> tools, long fetchedNanos, long version, long freshForNanos) {
    }

    /** Called with (previous hash or null, new hash, tool count) after every upstream fetch. */
    interface RefreshListener {
        void refreshed(String previousHash, String newHash, int toolCount);
    }

    private final Supplier<ModernCalls.Listing> upstream;
    private final LongSupplier clock;
    private final RefreshListener onRefresh;
    private volatile Duration ttl;

    private final AtomicLong version = new AtomicLong();
    private volatile Entry entry;
    private CompletableFuture<List<McpSchema.Tool>> inflight;
    private long inflightVersion;
    private volatile String schemaHash;
    private volatile List<McpSchema.Tool> lastFetched;

    final LongAdder hits = new LongAdder();
    final LongAdder misses = new LongAdder();
    final LongAdder refreshes = new LongAdder();
    final AtomicInteger waiters = new AtomicInteger();

    /**
     * @param upstream fetches the list; a listing with its own freshness (a 2026-07-28 server's {@code ttlMs}) is
     *     reused for no longer than that, and not at all when it is zero
     */
    ToolsCache(Duration ttl, Supplier<ModernCalls.Listing> upstream, LongSupplier clock, RefreshListener onRefresh) {
        this.ttl = ttl;
        this.upstream = upstream;
        this.clock = clock;
        this.onRefresh = onRefresh;
    }

    void ttl(Duration ttl) {
        this.ttl = ttl;
    }

    List<McpSchema.Tool> get() {
        Entry e = entry;
        if (e != null && e.version == version.get()
                && clock.getAsLong() - e.fetchedNanos < Math.min(ttl.toNanos(), e.freshForNanos)) {
            hits.increment();
            return e.tools;
        }
        misses.increment();
        CompletableFuture<List<McpSchema.Tool>> fetch;
        long leaderVersion = -1;
        synchronized (this) {
            long v = version.get();
            if (inflight == null || inflightVersion != v) {
                inflight = new CompletableFuture<>();
                inflightVersion = v;
                leaderVersion = v;
            }
            fetch = inflight;
        }
        if (leaderVersion >= 0) {
            fetchInto(fetch, leaderVersion);
        }
        return await(fetch);
    }


    /**
     * @return true when the last list fetched annotates {@code toolName} as idempotent or read-only, so a
     *     call that failed on a broken session may be repeated on a fresh one. Only a list already fetched
     *     is consulted: fetching now would need a session while the caller still holds its broken one
     *     (with maxSessions=1, a wait for the borrow timeout).
     */
    boolean isSafeToRepeat(String toolName) {
        List<McpSchema.Tool> known = lastFetched;
        return known != null && known.stream().filter(t -> t.name().equals(toolName)).findFirst()
                .map(McpSchema.Tool::annotations)
                .map(a -> Boolean.TRUE.equals(a.idempotentHint()) || Boolean.TRUE.equals(a.readOnlyHint()))
                .orElse(false);
    }

    void invalidate() {
        version.incrementAndGet();
        entry = null;
    }

    private void fetchInto(CompletableFuture<List<McpSchema.Tool>> fetch, long v) {
        try {
            ModernCalls.Listing listing = upstream.get();
            List<McpSchema.Tool> tools = List.copyOf(listing.tools());
            long freshFor = listing.freshFor() == null ? Long.MAX_VALUE : listing.freshFor().toNanos();
            lastFetched = tools;
            refreshes.increment();
            String previous = schemaHash;
            String hash = hash(tools);
            schemaHash = hash;
            if (version.get() == v) {
                entry = new Entry(tools, clock.getAsLong(), v, freshFor);
            }
            clearInflight(fetch);
            fetch.complete(tools);
            onRefresh.refreshed(previous, hash, tools.size());
        } catch (RuntimeException | Error failure) {
            clearInflight(fetch);
            fetch.completeExceptionally(failure);
        }
    }

    private synchronized void clearInflight(CompletableFuture<List<McpSchema.Tool>> fetch) {
        if (inflight == fetch) {
            inflight = null;
        }
    }

    private List<McpSchema.Tool> await(CompletableFuture<List<McpSchema.Tool>> fetch) {
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

    private static List<McpSchema.Tool> join(CompletableFuture<List<McpSchema.Tool>> fetch) {
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
