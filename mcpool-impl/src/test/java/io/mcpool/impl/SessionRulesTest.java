package io.mcpool.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.BorrowOptions;
import io.mcpool.PoolConfig;
import io.mcpool.SessionKey;
import io.mcpool.event.DestroyReason;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pool's decisions about a session, as tables: each row a situation and the verdict. */
class SessionRulesTest {

    private static final long NOW = TimeUnit.HOURS.toNanos(10);
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    private static PoolConfig config(int minSessions, int maxSessions, Duration lifetime, Duration idleTimeout) {
        return PoolConfig.builder().name("rules").endpoint("http://localhost:1/mcp").minSessions(minSessions)
                .maxSessions(maxSessions).maxSessionLifetime(lifetime).recycleWindow(Duration.ofMinutes(2))
                .idleTimeout(idleTimeout).keyIdleTimeout(Duration.ofMinutes(5)).build();
    }

    /** A session of {@code key}, born {@code ageMinutes} ago in {@code generation}, idle for {@code idleMinutes}. */
    private static ManagedSession session(SessionKey key, long generation, long ageMinutes, long idleMinutes,
            double recycleJitter) {
        ManagedSession s = new ManagedSession("s", key, generation, NOW - ageMinutes * MINUTE, recycleJitter);
        s.created(NOW - idleMinutes * MINUTE);
        return s;
    }

    @ParameterizedTest(name = "broken={0} lent={1} idle {2} min, flushed {3} min ago, gen {4}/{5}, age {6} min -> {7}")
    @CsvSource(nullValues = "keep", value = {
            // broken lent idleMin flushedMinAgo gen current ageMin   verdict
            "false,  false, 1,      30,           0,  0,      10,     keep",
            "true,   false, 1,      30,           0,  0,      10,     BROKEN",
            "true,   true,  0,      30,           0,  0,      10,     BROKEN",
            "false,  false, 5,      3,            0,  0,      10,     FLUSHED",
            "false,  true,  5,      3,            0,  0,      10,     keep",
            "false,  false, 1,      30,           0,  1,      10,     STALE_GENERATION",
            "false,  true,  0,      30,           0,  1,      10,     STALE_GENERATION",
            "false,  false, 1,      30,           1,  1,      60,     MAX_LIFETIME",
            "false,  false, 5,      3,            0,  1,      60,     FLUSHED"})
    void mayItBeLent(boolean broken, boolean lent, long idleMinutes, long flushedMinutesAgo, long generation,
            long current, long ageMinutes, DestroyReason verdict) {
        ManagedSession s = session(SessionKey.SHARED, generation, ageMinutes, idleMinutes, 0.5);
        if (broken) {
            s.markBroken(new IllegalStateException("transport closed"));
        }
        if (lent) {
            s.attach(new SessionLease(null, s, BorrowOptions.none(), s.key(), null, NOW));
        }
        SessionRules.Facts facts = new SessionRules.Facts(NOW, current, NOW - flushedMinutesAgo * MINUTE,
                config(1, 4, Duration.ofMinutes(60), Duration.ofMinutes(10)));
        assertEquals(verdict, SessionRules.unlendable(s, facts));
    }

    @ParameterizedTest(name = "invalidated={0} open={1} degraded={2} shortLived={3} open={4}/4 -> {5}")
    @CsvSource(nullValues = "keep", value = {
            // invalidated poolOpen degraded shortLived openSessions verdict
            "false,       true,    false,   false,     4,           keep",
            "true,        true,    false,   false,     4,           INVALIDATED_BY_USER",
            "false,       false,   false,   false,     4,           SHUTDOWN",
            "false,       true,    true,    true,      4,           DEGRADED",
            "false,       true,    true,    false,     4,           keep",
            "false,       true,    false,   true,      4,           keep",
            "false,       true,    false,   false,     5,           RESIZE"})
    void mayItGoBackToIdle(boolean invalidated, boolean poolOpen, boolean degraded, boolean shortLived,
            int openSessions, DestroyReason verdict) {
        ManagedSession s = session(SessionKey.SHARED, 0, 10, 0, 0.5);
        if (shortLived) {
            s.shortLived();
        }
        SessionRules.Facts facts = new SessionRules.Facts(NOW, 0, NOW - 30 * MINUTE,
                config(1, 4, Duration.ofMinutes(60), Duration.ofMinutes(10)));
        assertEquals(verdict, SessionRules.onReturn(s, facts, invalidated, poolOpen, degraded, openSessions));
    }

    @ParameterizedTest(name = "{0}: age {1} min, idle {2} min, {3} fresh shared, {4} of its key -> {5}")
    @CsvSource(nullValues = "keep", value = {
            // key     ageMin idleMin freshShared heldOfKey verdict
            "shared,   10,    1,      2,          2,        keep",
            // lifetime 60 min, window 2 min, jitter 0.5: recycle point at 58.5 min
            "shared,   59,    1,      2,          2,        MAX_LIFETIME",
            "shared,   59,    1,      1,          2,        keep",
            "tenant,   59,    1,      0,          1,        MAX_LIFETIME",
            // shared idle timeout 10 min, floor 2
            "shared,   30,    11,     3,          3,        IDLE_TIMEOUT",
            "shared,   30,    11,     2,          2,        keep",
            "shared,   30,    9,      3,          3,        keep",
            // tenant keys: keyIdleTimeout 5 min, no floor
            "tenant,   30,    6,      0,          1,        IDLE_TIMEOUT",
            "tenant,   30,    4,      0,          1,        keep"})
    void shouldTheEvictorRetireIt(String key, long ageMinutes, long idleMinutes, int freshShared, int heldOfKey,
            DestroyReason verdict) {
        SessionKey k = key.equals("shared") ? SessionKey.SHARED : SessionKey.of("acme", null);
        ManagedSession s = session(k, 0, ageMinutes, idleMinutes, 0.5);
        SessionRules.Facts facts = new SessionRules.Facts(NOW, 0, NOW - 60 * MINUTE,
                config(2, 4, Duration.ofMinutes(60), Duration.ofMinutes(10)));
        assertEquals(verdict, SessionRules.whenIdle(s, facts, freshShared, heldOfKey));
    }

    @ParameterizedTest(name = "jitter {0}: due at age {1} min: {2}")
    @CsvSource({"0.0, 58, true", "0.0, 57, false", "1.0, 58, false", "1.0, 59, true"})
    void recyclingSpreadsOverTheFirstHalfOfTheWindow(double jitter, long ageMinutes, boolean due) {
        ManagedSession s = session(SessionKey.SHARED, 0, ageMinutes, 0, jitter);
        SessionRules.Facts facts = new SessionRules.Facts(NOW, 0, 0,
                config(1, 4, Duration.ofMinutes(60), Duration.ZERO));
        if (due) {
            assertTrue(SessionRules.recycleDue(s, facts));
        } else {
            assertFalse(SessionRules.recycleDue(s, facts));
        }
    }
}
