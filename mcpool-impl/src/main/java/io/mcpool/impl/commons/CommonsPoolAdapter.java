package io.mcpool.impl.commons;

import io.mcpool.SessionKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.pool2.KeyedPooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.AbandonedConfig;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericKeyedObjectPool;
import org.apache.commons.pool2.impl.GenericKeyedObjectPoolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that talks to Commons Pool 2 (2.13.1): a {@link GenericKeyedObjectPool} of sessions
 * {@code S} keyed by {@link SessionKey}, behind the few operations a pool of MCP sessions needs. What
 * a session is, and how one is made, probed and closed, is the caller's {@link Sessions}; each request
 * to make one carries a creation request {@code R} of the caller's.
 *
 * <p>Commons Pool behaviours worked around here, each where it is handled:
 * <ul>
 *   <li><b>The factory only sees the key.</b> {@code makeObject(key)} is all Commons Pool passes on,
 *       so what a creation needs (its deadline, its purpose) rides on the key object of that call:
 *       {@link Key} is equal to every other key of the same {@link SessionKey}, and carries one
 *       call's request. No thread-local state.</li>
 *   <li><b>{@code borrowObject} creates when nothing is idle.</b> {@link #takeIdle} must never create,
 *       so its key says so and the factory refuses ({@link NothingIdle}).</li>
 *   <li><b>{@code maxTotal} calls {@code clearOldest()} in {@code create()}</b>, destroying idle objects
 *       of any key, the borrower's own included: under contention a borrower that raced a return
 *       replaced a warm session with a new one. {@code maxTotal} is off; the caller caps the total
 *       across keys itself (its {@code create} may refuse).</li>
 *   <li><b>{@code reuseCapacityOnReturn} scans every key's deque, under each deque's lock, on every
 *       return</b>: useless without {@code maxTotal}, and the hottest lock of the borrow path. Off.</li>
 *   <li><b>A borrower interrupted inside {@code create()} leaks its {@code numTotal} increment</b>: the
 *       caller counts lent sessions itself; this adapter's counts are for diagnostics and idle
 *       counts.</li>
 *   <li><b>{@code clear(key)} destroys an object under the evictor's probe, and the evictor destroys it
 *       again</b> when the probe fails; each destroy counts the key down, so Commons Pool came to
 *       believe a key empty while objects were idle in it and dropped them. Never used: idle sessions
 *       are taken out with {@link #takeIdle} and destroyed one by one; only {@link #close} clears.</li>
 *   <li><b>One evictor thread serves every pool of the JVM.</b> A destroy that Commons Pool starts
 *       (eviction, a failed probe, abandoned removal, {@link #close}) is passed on as not on the
 *       caller's thread, so a slow close can be handed off; only {@link #destroy} closes on the
 *       calling thread.</li>
 *   <li>Commons Pool's own JMX registration is off: mcpool publishes one MBean per pool.</li>
 * </ul>
 *
 * @param <S> the pooled session
 * @param <R> what one creation needs to know
 */
public final class CommonsPoolAdapter<S, R> {

    private static final Logger LOG = LoggerFactory.getLogger(CommonsPoolAdapter.class);

    /**
     * What the adapter asks of the sessions it holds. Called from Commons Pool's callbacks: none of these
     * may call back into the adapter.
     *
     * @param <S> the pooled session
     * @param <R> what one creation needs to know
     */
    public interface Sessions<S, R> {
        /**
         * @param key     the partition the session is for
         * @param request what the caller of {@link #take} or {@link #add} passed
         * @return a new, ready session
         * @throws Exception when none can be made; passed on to the caller of {@link #take}/{@link #add}
         */
        S create(SessionKey key, R request) throws Exception;

        /**
         * @param session         the session Commons Pool no longer holds
         * @param onCallersThread true when the caller of {@link #destroy} waits for the close; false
         *     when Commons Pool destroys it on its own (eviction, a failed probe, close)
         */
        void destroy(S session, boolean onCallersThread);

        /** @return whether an idle session passes its health probe (run by the evictor) */
        boolean validate(S session);

        /** @return whether the evictor should retire this idle session now */
        boolean shouldEvict(S session);
    }

    /**
     * The Commons Pool settings that follow the pool's configuration.
     *
     * @param maxPerKey        sessions per key, lent and idle
     * @param maxWait          the longest a borrow waits on its key's deque
     * @param probeIdle        whether the evictor probes idle sessions
     * @param evictionPeriod   how often the evictor runs
     * @param abandonedTimeout a lease unused this long is reclaimed; zero for never
     */
    public record Settings(int maxPerKey, Duration maxWait, boolean probeIdle, Duration evictionPeriod,
            Duration abandonedTimeout) {
    }

    private final GenericKeyedObjectPool<Key<R>, S> pool;
    private final Sessions<S, R> sessions;
    /** Sessions being destroyed by {@link #destroy}, whose close the caller waits for. */
    private final Set<S> closingOnCaller = ConcurrentHashMap.newKeySet();
    private final boolean tracksUse;

    /**
     * @param sessions what makes, probes and closes sessions
     * @param settings the initial settings; the evictor starts with {@link #startEvictor}
     */
    public CommonsPoolAdapter(Sessions<S, R> sessions, Settings settings) {
        this.sessions = sessions;
        this.pool = new GenericKeyedObjectPool<>(new Factory(), config(settings));
        this.pool.setEvictionPolicy((config, underTest, idleCount) -> sessions.shouldEvict(underTest.getObject()));
        this.tracksUse = !settings.abandonedTimeout().isZero();
        if (tracksUse) {
            this.pool.setAbandonedConfig(abandoned(settings.abandonedTimeout()));
        }
    }

    private static <S> GenericKeyedObjectPoolConfig<S> config(Settings settings) {
        GenericKeyedObjectPoolConfig<S> c = new GenericKeyedObjectPoolConfig<>();
        c.setMaxTotal(-1);
        c.setMaxTotalPerKey(settings.maxPerKey());
        c.setMaxIdlePerKey(settings.maxPerKey());
        c.setMinIdlePerKey(0);
        c.setBlockWhenExhausted(true);
        c.setMaxWait(settings.maxWait());
        c.setLifo(true);
        c.setTestOnBorrow(false);
        c.setTestOnReturn(false);
        c.setTestOnCreate(false);
        c.setTestWhileIdle(settings.probeIdle());
        c.setNumTestsPerEvictionRun(-1);
        c.setReuseCapacityOnReturn(false);
        c.setReuseCapacityOnMaintenance(false);
        c.setJmxEnabled(false);
        return c;
    }

    /** Abandoned-object removal, fed by {@link #used} on every MCP call of a lease. */
    private static AbandonedConfig abandoned(Duration timeout) {
        AbandonedConfig abandoned = new AbandonedConfig();
        abandoned.setRemoveAbandonedOnMaintenance(true);
        abandoned.setRemoveAbandonedOnBorrow(false);
        abandoned.setRemoveAbandonedTimeout(timeout);
        abandoned.setUseUsageTracking(true);
        abandoned.setLogAbandoned(false);
        return abandoned;
    }

    /** Starts (or re-times) the evictor: idle probes, idle timeouts, lifetimes. */
    public void startEvictor(Duration period) {
        pool.setDurationBetweenEvictionRuns(period);
    }

    /** Applies settings that changed while the pool runs. */
    public void reconfigure(Settings settings, boolean evictorRunning) {
        pool.setMaxTotalPerKey(settings.maxPerKey());
        pool.setMaxIdlePerKey(settings.maxPerKey());
        pool.setMaxWait(settings.maxWait());
        if (pool.getTestWhileIdle() != settings.probeIdle()) {
            pool.setTestWhileIdle(settings.probeIdle());
        }
        if (evictorRunning && !pool.getDurationBetweenEvictionRuns().equals(settings.evictionPeriod())) {
            pool.setDurationBetweenEvictionRuns(settings.evictionPeriod());
        }
    }

    /**
     * Takes a session of {@code key}: an idle one, else a new one made with {@code request}, else waits
     * up to {@code wait} for one to come back.
     *
     * @return the session, or null when none came within {@code wait}
     * @throws InterruptedException  when the waiting thread was interrupted
     * @throws IllegalStateException when the pool is closed
     * @throws Exception             what {@link Sessions#create} threw
     */
    public S take(SessionKey key, R request, Duration wait) throws Exception {
        try {
            return pool.borrowObject(new Key<>(key, request, false), wait);
        } catch (NoSuchElementException timedOut) {
            return null;
        }
    }

    /** @return an idle session of {@code key} taken out, or null when none is idle; never a new one */
    public S takeIdle(SessionKey key) {
        if (pool.getNumIdle(lookup(key)) == 0) {
            return null;
        }
        try {
            return pool.borrowObject(lookup(key), Duration.ZERO);
        } catch (NoSuchElementException | NothingIdle noneIdle) {
            return null;
        } catch (Exception e) {
            LOG.debug("Taking an idle session of {} failed", key, e);
            return null;
        }
    }

    /**
     * Puts a taken session back as idle.
     *
     * @return false when the pool is closed and no longer holds it: the caller must destroy it
     */
    public boolean giveBack(SessionKey key, S session) {
        try {
            pool.returnObject(lookup(key), session);
            return true;
        } catch (IllegalStateException notInPool) {
            return false;
        }
    }

    /** Destroys a taken session now, on this thread: when this returns, it is closed. */
    public void destroy(SessionKey key, S session) {
        closingOnCaller.add(session);
        try {
            pool.invalidateObject(lookup(key), session);
        } catch (IllegalStateException notInPool) {
            // The pool was closed and forgot it: close it ourselves.
            sessions.destroy(session, true);
        } catch (Exception e) {
            LOG.warn("Destroying {} failed: {}", session, io.mcpool.internal.Redactor.describe(e));
            LOG.debug("Destroying {} failed", session, e);
        } finally {
            closingOnCaller.remove(session);
        }
    }

    /** Makes one idle session of {@code key} with {@code request}. */
    public void add(SessionKey key, R request) throws Exception {
        pool.addObject(new Key<>(key, request, false));
    }

    /** Marks a lent session used now (abandoned-lease tracking), when that is on. */
    public void used(S session) {
        if (tracksUse) {
            pool.use(session);
        }
    }

    /** Runs the evictor's sweep now (retires what {@link Sessions#shouldEvict} says; probes if on). */
    public void sweepIdle() {
        try {
            pool.evict();
        } catch (Exception e) {
            LOG.debug("The idle sweep failed", e);
        }
    }

    /** Probes every idle session now, whether or not idle probing is on. */
    public void probeIdleNow() {
        boolean probing = pool.getTestWhileIdle();
        pool.setTestWhileIdle(true);
        try {
            pool.evict();
        } catch (Exception e) {
            LOG.warn("The health sweep failed: {}", io.mcpool.internal.Redactor.describe(e));
            LOG.debug("The health sweep failed", e);
        } finally {
            pool.setTestWhileIdle(probing);
        }
    }

    /** Closes the pool: idle sessions are destroyed, waiting borrowers released; lent ones are left alone. */
    public void close() {
        pool.close();
    }

    /** @return the keys that have a partition now */
    public List<SessionKey> keys() {
        return pool.getKeys().stream().map(Key::sessionKey).toList();
    }

    /** @return idle sessions across keys */
    public int idle() {
        return pool.getNumIdle();
    }

    /** @return idle sessions of {@code key} */
    public int idle(SessionKey key) {
        return pool.getNumIdle(lookup(key));
    }

    /** @return sessions of {@code key} held, lent and idle (Commons Pool's count; see the class doc) */
    public int held(SessionKey key) {
        Key<R> k = lookup(key);
        return pool.getNumActive(k) + pool.getNumIdle(k);
    }

    /** @return borrowers waiting across keys */
    public int waiters() {
        return pool.getNumWaiters();
    }

    /** @return borrowers waiting, per key that has any */
    public Map<SessionKey, Integer> waitersByKey() {
        Map<String, Integer> byName = pool.getNumWaitersByKey();
        Map<SessionKey, Integer> out = new LinkedHashMap<>();
        for (SessionKey key : keys()) {
            int waiting = byName.getOrDefault(key.toString(), 0);
            if (waiting > 0) {
                out.put(key, waiting);
            }
        }
        return out;
    }

    /** @return sessions Commons Pool holds across keys, lent and idle (for diagnostics) */
    public int total() {
        return keys().stream().mapToInt(this::held).sum();
    }

    /** @return Commons Pool's own counts per key, for diagnostics */
    public String counts() {
        StringBuilder out = new StringBuilder("commons-pool{");
        for (SessionKey key : keys()) {
            Key<R> k = lookup(key);
            out.append(key).append(": active=").append(pool.getNumActive(k)).append(" idle=")
                    .append(pool.getNumIdle(k)).append("; ");
        }
        return out.append('}').toString();
    }

    /** A key to find {@code key}'s partition with: it carries no request and never lets a creation through. */
    private static <R> Key<R> lookup(SessionKey key) {
        return new Key<>(key, null, true);
    }

    /** The factory Commons Pool calls: each callback passes straight on to {@link Sessions}. */
    private final class Factory implements KeyedPooledObjectFactory<Key<R>, S> {
        @Override
        public PooledObject<S> makeObject(Key<R> key) throws Exception {
            if (key.idleOnly()) {
                throw new NothingIdle();
            }
            return new DefaultPooledObject<>(sessions.create(key.sessionKey(), key.request()));
        }

        @Override
        public void destroyObject(Key<R> key, PooledObject<S> pooled) {
            S session = pooled.getObject();
            sessions.destroy(session, closingOnCaller.contains(session));
        }

        @Override
        public boolean validateObject(Key<R> key, PooledObject<S> pooled) {
            return sessions.validate(pooled.getObject());
        }

        @Override
        public void activateObject(Key<R> key, PooledObject<S> pooled) {
            // Lending decisions are the caller's, made on the session it took.
        }

        @Override
        public void passivateObject(Key<R> key, PooledObject<S> pooled) {
            // Per-lease state lives in the lease, not in the session.
        }
    }

    /**
     * Commons Pool's key: equal to every other {@code Key} of the same {@link SessionKey}, so all of them
     * find one partition, and carrying the request of the one call it was made for. Commons Pool keeps
     * the first key of a partition in its maps; its request is never read again.
     */
    private record Key<R>(SessionKey sessionKey, R request, boolean idleOnly) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key<?> k && sessionKey.equals(k.sessionKey);
        }

        @Override
        public int hashCode() {
            return sessionKey.hashCode();
        }

        @Override
        public String toString() {
            // Commons Pool names waiters per key by toString().
            return Objects.toString(sessionKey);
        }
    }

    /** Refuses a creation that {@link #takeIdle} would otherwise trigger. */
    private static final class NothingIdle extends Exception {
        private static final long serialVersionUID = 1L;

        NothingIdle() {
            super("no idle session", null, false, false);
        }
    }
}
