package io.mcpool.impl;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The answers of an endpoint of the stateless revision 2026-07-28 that its server lets clients reuse, kept for the
 * leases of one pool (MCP 2026-07-28, "Caching"): the listings ({@code tools/list}, {@code prompts/list},
 * {@code resources/list}, {@code resources/templates/list}) and resource reads ({@code resources/read}).
 * <ul>
 * <li><b>Key</b>: the method and the parameter that changes its result (a resource's URI; a listing, which the pool
 *     fetches page by page from the first, has none), and, for a {@code private} answer, the identity that fetched it:
 *     the lease's tenant. An answer marked {@code public} is kept once and served to every identity. A lease that
 *     sends headers of its own (other than the tenant header) may carry credentials of its own: it is served and
 *     leaves {@code public} answers only.
 * <li><b>Freshness</b>: the {@code ttlMs} of the answer (of its shortest page), never longer than the pool's
 *     {@code toolCacheTtl} (as it is at the time of the lookup); absent or 0: never reused. An answer that took input rounds (its request was sent again
 *     with {@code inputResponses} or {@code requestState}) is never kept; nor is a session-based server's.
 * <li><b>Invalidation</b>: a change the server reports on {@code subscriptions/listen} forgets the answers of the
 *     methods it concerns; a fetch that started before an invalidation does not keep its answer.
 * <li><b>Bound</b>: at most {@link #MAX_ENTRIES} answers; when full, stale ones are dropped and, if none is stale, a
 *     new answer is served but not kept.
 * </ul>
 * A lookup that finds nothing sends the request; concurrent misses each send theirs (the pool-wide tool list,
 * {@link ToolListings}, is the single-flight one).
 */
final class ListingCache {

    /** The most answers kept per pool. */
    static final int MAX_ENTRIES = 1_000;

    /**
     * An answer and how its server lets it be reused.
     *
     * @param value       the answer, in the pool's data model
     * @param freshFor    how long it may be served again (a listing: its shortest page's {@code ttlMs}); zero never;
     *                    null when the server gave no freshness (a session-based server's tool list, which the pool's
     *                    tool cache keeps for {@code toolCacheTtl}; never kept here)
     * @param publicScope true when the server marked it {@code cacheScope: public} (every page, for a listing)
     * @param <T>         the answer's type
     */
    record Answer<T>(T value, Duration freshFor, boolean publicScope) {

        /** @return an answer that is never served again (a session-based server's, or one that took input rounds) */
        static <T> Answer<T> once(T value) {
            return new Answer<>(value, Duration.ZERO, false);
        }
    }

    /** Where an answer is kept: {@code identity} null for a {@code public} answer. */
    private record Key(String method, String param, String identity) {
    }

    private record Entry(Object value, long fetchedNanos, long freshForNanos) {

        /** @param maxNanos the pool's bound now ({@code toolCacheTtl} may have been lowered since) */
        boolean freshAt(long now, long maxNanos) {
            return now - fetchedNanos < Math.min(freshForNanos, maxNanos);
        }
    }

    private final Supplier<Duration> maxTtl;
    private final LongSupplier clock;
    private final Consumer<String> onKept;
    private final AtomicLong version = new AtomicLong();
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    final LongAdder hits = new LongAdder();
    final LongAdder misses = new LongAdder();

    /**
     * @param maxTtl the longest an answer is reused, whatever its {@code ttlMs} ({@code toolCacheTtl})
     * @param clock  nanoTime
     * @param onKept told the tenant (null: none) whenever an answer is kept, so that the endpoint's change stream is
     *               listened to
     */
    ListingCache(Supplier<Duration> maxTtl, LongSupplier clock, Consumer<String> onKept) {
        this.maxTtl = maxTtl;
        this.clock = clock;
        this.onKept = onKept;
    }

    /**
     * @param method     the request's method
     * @param param      the parameter that changes its result ("" for none)
     * @param tenant     the identity asking (null: the shared partition)
     * @param ownHeaders whether the request carries headers of the lease's own, which may be credentials
     * @param send       sends the request
     * @return a fresh answer kept for this identity or for every one, else the answer of the request sent
     */
    @SuppressWarnings("unchecked")
    <T> T get(String method, String param, String tenant, boolean ownHeaders, Supplier<Answer<T>> send) {
        String identity = ownHeaders ? null : tenant == null ? "" : tenant;
        Entry found = identity == null ? null : fresh(new Key(method, param, identity));
        if (found == null) {
            found = fresh(new Key(method, param, null));
        }
        if (found != null) {
            hits.increment();
            return (T) found.value;
        }
        misses.increment();
        long started = version.get();
        Answer<T> answer = send.get();
        long ttl = Math.min(Durations.saturatedNanos(answer.freshFor() == null ? Duration.ZERO : answer.freshFor()),
                Durations.saturatedNanos(maxTtl.get()));
        if (ttl <= 0 || (identity == null && !answer.publicScope())) {
            return answer.value();
        }
        Key key = new Key(method, param, answer.publicScope() ? null : identity);
        if (!answer.publicScope()) {
            entries.remove(new Key(method, param, null)); // the server tailors this answer now: nobody shares it
        }
        if (entries.size() >= MAX_ENTRIES && !entries.containsKey(key)) {
            long now = clock.getAsLong();
            long max = Durations.saturatedNanos(maxTtl.get());
            entries.values().removeIf(e -> !e.freshAt(now, max));
            if (entries.size() >= MAX_ENTRIES) {
                return answer.value();
            }
        }
        Entry entry = new Entry(answer.value(), clock.getAsLong(), ttl);
        entries.put(key, entry);
        if (version.get() != started) {
            entries.remove(key, entry); // invalidated while it was fetched: what it says may be outdated already
        } else {
            onKept.accept(tenant);
        }
        return answer.value();
    }

    private Entry fresh(Key key) {
        Entry e = entries.get(key);
        return e != null && e.freshAt(clock.getAsLong(), Durations.saturatedNanos(maxTtl.get())) ? e : null;
    }

    /** Forgets the answers of {@code methods}; every answer when empty. */
    void invalidate(Set<String> methods) {
        version.incrementAndGet();
        if (methods.isEmpty()) {
            entries.clear();
        } else {
            entries.keySet().removeIf(k -> methods.contains(k.method));
        }
    }

    /** @return how many answers are kept (fresh or not yet dropped) */
    int size() {
        return entries.size();
    }
}
