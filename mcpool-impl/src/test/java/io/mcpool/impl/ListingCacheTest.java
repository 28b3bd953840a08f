package io.mcpool.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The rules of {@link ListingCache} on a clock of the test's own: freshness, scope, bound and invalidation races. */
class ListingCacheTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final List<String> listenedFor = new ArrayList<>();
    private Duration maxTtl = Duration.ofMinutes(10);
    private final ListingCache cache = new ListingCache(() -> maxTtl, now::get, listenedFor::add);
    private final AtomicInteger sent = new AtomicInteger();

    private Supplier<ListingCache.Answer<String>> answer(String value, Duration ttl, boolean publicScope) {
        return () -> {
            sent.incrementAndGet();
            return new ListingCache.Answer<>(value, ttl, publicScope);
        };
    }

    private String get(String tenant, Supplier<ListingCache.Answer<String>> send) {
        return cache.get("resources/list", "", tenant, false, send);
    }

    @Test
    void anAnswerIsFreshForItsTtlBoundedByTheMaximum() {
        assertEquals("a", get("acme", answer("a", Duration.ofMillis(100), false)));
        now.addAndGet(Duration.ofMillis(99).toNanos());
        assertEquals("a", get("acme", answer("b", Duration.ofMillis(100), false)));
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertEquals("c", get("acme", answer("c", Duration.ofHours(1), false)), "100 ms passed: stale");
        maxTtl = Duration.ofSeconds(1);
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertEquals("d", get("acme", answer("d", Duration.ofHours(1), false)), "the maximum bounds an hour's ttlMs");
        assertEquals(3, sent.get());
        assertEquals(List.of("acme", "acme", "acme"), listenedFor, "each answer kept asks for the change stream");
    }

    @Test
    void aPrivateAnswerServesItsIdentityOnlyAndEmptiesTheSharedOne() {
        get("acme", answer("public", Duration.ofMinutes(1), true));
        assertEquals("public", get("globex", answer("x", Duration.ofMinutes(1), false)));
        assertEquals("public", get(null, answer("x", Duration.ofMinutes(1), false)));
        assertEquals(1, sent.get());
        cache.invalidate(Set.of());
        assertEquals("acme's", get("acme", answer("acme's", Duration.ofMinutes(1), false)));
        assertEquals("globex's", get("globex", answer("globex's", Duration.ofMinutes(1), false)));
        assertEquals("shared partition's", get(null, answer("shared partition's", Duration.ofMinutes(1), false)),
                "the borrowers without a tenant are an identity of their own");
        assertEquals("acme's", get("acme", answer("x", Duration.ofMinutes(1), false)));
        cache.invalidate(Set.of());
        get("initech", () -> { // while initech's request is under way, umbrella's gets a public answer
            get("umbrella", answer("public again", Duration.ofMinutes(1), true));
            return new ListingCache.Answer<>("initech's", Duration.ofMinutes(1), false); // the server tailors again
        });
        assertEquals("umbrella's", get("umbrella", answer("umbrella's", Duration.ofMinutes(1), false)),
                "a private answer emptied the shared one");
        assertEquals("initech's", get("initech", answer("x", Duration.ofMinutes(1), false)));
    }

    @Test
    void aLeaseWithHeadersOfItsOwnReadsAndKeepsPublicAnswersOnly() {
        get("acme", answer("acme's", Duration.ofMinutes(1), false));
        assertEquals("own", cache.get("resources/list", "", "acme", true, answer("own", Duration.ofMinutes(1), false)));
        assertEquals("own again", cache.get("resources/list", "", "acme", true,
                answer("own again", Duration.ofMinutes(1), false)), "its private answer was not kept");
        assertEquals("acme's", get("acme", answer("x", Duration.ofMinutes(1), false)));
        cache.get("resources/list", "", "acme", true, answer("public", Duration.ofMinutes(1), true));
        assertEquals("public", cache.get("resources/list", "", "acme", true, answer("x", Duration.ofMinutes(1), true)));
    }

    @Test
    void theMethodAndItsParameterAreTheKey() {
        cache.get("resources/read", "test://a", "acme", false, answer("a", Duration.ofMinutes(1), true));
        cache.get("resources/read", "test://b", "acme", false, answer("b", Duration.ofMinutes(1), true));
        cache.get("prompts/list", "", "acme", false, answer("prompts", Duration.ofMinutes(1), true));
        assertEquals("a", cache.get("resources/read", "test://a", "acme", false, answer("x", Duration.ZERO, true)));
        assertEquals("b", cache.get("resources/read", "test://b", "acme", false, answer("x", Duration.ZERO, true)));
        cache.invalidate(Set.of("prompts/list"));
        assertEquals("new", cache.get("prompts/list", "", "acme", false, answer("new", Duration.ofMinutes(1), true)));
        assertEquals("a", cache.get("resources/read", "test://a", "acme", false, answer("x", Duration.ZERO, true)),
                "an invalidation forgets the methods it names only");
    }

    @Test
    void anAnswerFetchedWhileTheCacheWasInvalidatedIsServedButNotKept() {
        assertEquals("old", get("acme", () -> {
            cache.invalidate(Set.of("resources/list")); // a change arrives while the request is under way
            return new ListingCache.Answer<>("old", Duration.ofMinutes(1), false);
        }));
        assertEquals("new", get("acme", answer("new", Duration.ofMinutes(1), false)));
        assertEquals(0, cache.size() - 1, "only the answer fetched after the change is kept");
    }

    @Test
    void answersOnceOrWithoutTtlAreNeverKept() {
        get("acme", () -> ListingCache.Answer.once("rounds"));
        get("acme", answer("no ttl", Duration.ZERO, true));
        get("acme", answer("null ttl", null, true));
        assertEquals(0, cache.size());
    }

    @Test
    void atMostMaxEntriesAreKeptStaleOnesMakeRoomAndAFullCacheServesWithoutKeeping() {
        for (int i = 0; i < ListingCache.MAX_ENTRIES; i++) {
            cache.get("resources/read", "test://" + i, "acme", false, answer("r" + i, Duration.ofSeconds(i < 10 ? 1 : 60), true));
        }
        assertEquals(ListingCache.MAX_ENTRIES, cache.size());
        cache.get("resources/read", "test://full", "acme", false, answer("full", Duration.ofMinutes(1), true));
        assertEquals(ListingCache.MAX_ENTRIES, cache.size(), "full of fresh answers: the new one is served, not kept");
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        cache.get("resources/read", "test://room", "acme", false, answer("room", Duration.ofMinutes(1), true));
        assertEquals(ListingCache.MAX_ENTRIES - 10 + 1, cache.size(), "the ten stale answers made room");
        int before = sent.get();
        assertEquals("room", cache.get("resources/read", "test://room", "acme", false, answer("x", Duration.ZERO, true)));
        assertEquals(before, sent.get());
    }
}
