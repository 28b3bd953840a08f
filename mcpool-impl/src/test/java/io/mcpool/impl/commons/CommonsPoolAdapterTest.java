package io.mcpool.impl.commons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.SessionKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The adapter over a real {@code GenericKeyedObjectPool}, with plain objects as sessions: what rides on
 * a creation's key reaches the factory, {@code takeIdle} never creates, and who waits for a destroy.
 */
class CommonsPoolAdapterTest {

    private static final SessionKey ACME = SessionKey.of("acme", null);

    /** Sessions that record how they were made and destroyed. */
    private static final class Recorder implements CommonsPoolAdapter.Sessions<String, String> {
        final AtomicInteger made = new AtomicInteger();
        final List<String> requests = new CopyOnWriteArrayList<>();
        final List<String> destroyedOnCaller = new CopyOnWriteArrayList<>();
        final List<String> destroyedElsewhere = new CopyOnWriteArrayList<>();

        @Override
        public String create(SessionKey key, String request) {
            requests.add(request);
            return key + "#" + made.incrementAndGet();
        }

        @Override
        public void destroy(String session, boolean onCallersThread) {
            (onCallersThread ? destroyedOnCaller : destroyedElsewhere).add(session);
        }

        @Override
        public boolean validate(String session) {
            return true;
        }

        @Override
        public boolean shouldEvict(String session) {
            return false;
        }
    }

    private static CommonsPoolAdapter.Settings settings() {
        return new CommonsPoolAdapter.Settings(4, Duration.ofSeconds(1), false, Duration.ofSeconds(30), Duration.ZERO);
    }

    @Test
    void eachCreationGetsTheRequestOfTheCallThatCausedIt() throws Exception {
        Recorder sessions = new Recorder();
        CommonsPoolAdapter<String, String> adapter = new CommonsPoolAdapter<>(sessions, settings());
        try {
            String first = adapter.take(ACME, "borrower-1", Duration.ZERO);
            String second = adapter.take(ACME, "borrower-2", Duration.ZERO);
            adapter.add(ACME, "warm-up");
            assertEquals(List.of("borrower-1", "borrower-2", "warm-up"), sessions.requests);
            assertEquals(1, adapter.keys().size(), "one partition however many key objects carried requests");
            assertEquals(3, adapter.held(ACME));
            assertEquals(1, adapter.idle(ACME));
            assertTrue(adapter.giveBack(ACME, first));
            assertTrue(adapter.giveBack(ACME, second));
            assertEquals(3, adapter.idle());
        } finally {
            adapter.close();
        }
    }

    @Test
    void takeIdleNeverCreates() throws Exception {
        Recorder sessions = new Recorder();
        CommonsPoolAdapter<String, String> adapter = new CommonsPoolAdapter<>(sessions, settings());
        try {
            assertNull(adapter.takeIdle(ACME));
            String lent = adapter.take(ACME, "borrower", Duration.ZERO);
            assertNull(adapter.takeIdle(ACME), "the only session is lent: nothing idle, and none made");
            assertEquals(1, sessions.made.get());
            assertTrue(adapter.giveBack(ACME, lent));
            assertSame(lent, adapter.takeIdle(ACME));
            assertEquals(1, sessions.made.get());
        } finally {
            adapter.close();
        }
    }

    @Test
    void onlyTheAdaptersOwnDestroyClosesOnTheCallersThread() throws Exception {
        Recorder sessions = new Recorder();
        CommonsPoolAdapter<String, String> adapter = new CommonsPoolAdapter<>(sessions, settings());
        String retired = adapter.take(ACME, "borrower", Duration.ZERO);
        adapter.add(ACME, "warm-up");
        adapter.destroy(ACME, retired);
        assertEquals(List.of(retired), sessions.destroyedOnCaller);
        assertEquals(1, adapter.held(ACME), "the warm one is still held");
        assertEquals(1, adapter.idle(ACME));
        adapter.close();
        assertEquals(1, sessions.destroyedElsewhere.size(), "close() destroys idle sessions as Commons Pool's own act");
        assertFalse(sessions.destroyedElsewhere.contains(retired));
        assertNotNull(adapter.counts());
    }

    @Test
    void aTakeTimesOutWithNullWhenThePartitionIsFull() throws Exception {
        Recorder sessions = new Recorder();
        CommonsPoolAdapter<String, String> adapter = new CommonsPoolAdapter<>(sessions,
                new CommonsPoolAdapter.Settings(1, Duration.ofMillis(50), false, Duration.ofSeconds(30), Duration.ZERO));
        try {
            assertNotNull(adapter.take(ACME, "first", Duration.ZERO));
            assertNull(adapter.take(ACME, "second", Duration.ofMillis(20)));
            assertEquals(1, sessions.made.get());
        } finally {
            adapter.close();
        }
    }
}
