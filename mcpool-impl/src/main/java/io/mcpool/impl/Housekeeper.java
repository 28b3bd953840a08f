package io.mcpool.impl;

import io.mcpool.FlushMode;
import io.mcpool.PoolConfig;
import io.mcpool.SessionCreationException;
import io.mcpool.SessionKey;
import io.mcpool.event.DestroyReason;
import io.mcpool.impl.commons.CommonsPoolAdapter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Housekeeping that never touches a lent session: keeping the shared partition's warm floor
 * ({@code minSessions}, with backoff while creation fails), recycling before the lifetime ends,
 * retiring idle sessions that may no longer be lent (flushes, restarts), trimming after a shrink,
 * serving waiters after a growth, and the evictor's per-session verdict.
 */
final class Housekeeper {

    private static final Logger LOG = LoggerFactory.getLogger(Housekeeper.class);
    private static final long WARM_BACKOFF_MAX_MS = 30_000;

    private final String poolName;
    private final Supplier<PoolConfig> config;
    private final PoolLifecycle lifecycle;
    private final CommonsPoolAdapter<ManagedSession, CreationRequest> sessions;
    private final CapacityGate capacity;
    private final Retirer retirer;
    private final LiveSessions live;
    private final Generations generations;
    private final Readiness readiness;
    private final RateLimiter rateLimiter;
    private final PoolResources resources;
    private final Supplier<SessionRules.Facts> facts;
    private final AtomicInteger warming = new AtomicInteger();
    private final AtomicInteger warmFailures = new AtomicInteger();
    private volatile long warmRetryAtNanos = System.nanoTime();

    Housekeeper(String poolName, Supplier<PoolConfig> config, PoolLifecycle lifecycle,
            CommonsPoolAdapter<ManagedSession, CreationRequest> sessions, CapacityGate capacity, Retirer retirer,
            LiveSessions live, Generations generations, Readiness readiness, RateLimiter rateLimiter,
            PoolResources resources, Supplier<SessionRules.Facts> facts) {
        this.poolName = poolName;
        this.config = config;
        this.lifecycle = lifecycle;
        this.sessions = sessions;
        this.capacity = capacity;
        this.retirer = retirer;
        this.live = live;
        this.generations = generations;
        this.readiness = readiness;
        this.rateLimiter = rateLimiter;
        this.resources = resources;
        this.facts = facts;
    }

    /**
     * Opens {@code count} sessions of the warm set and waits for them (start-up): at most
     * {@link PoolConfig#warmupConcurrency()} at once, each lane opening one after another until all are tried.
     *
     * @return null when all opened; else the most telling failure: one that names the server and the
     *     cause, rather than a breaker that opened on the way
     */
    Throwable warmUp(int count) {
        AtomicInteger left = new AtomicInteger(count);
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> lanes = new ArrayList<>();
        for (int i = 0; i < Math.min(count, lanes(config.get())); i++) {
            lanes.add(CompletableFuture.runAsync(() -> {
                while (left.getAndDecrement() > 0) {
                    try {
                        sessions.add(SessionKey.SHARED, CreationRequest.warm());
                    } catch (Exception e) {
                        failures.add(e);
                    }
                }
            }, resources.workers()));
        }
        CompletableFuture.allOf(lanes.toArray(CompletableFuture[]::new)).exceptionally(failed -> null).join();
        Throwable first = null;
        for (Throwable failure : failures) {
            if (failure instanceof SessionCreationException) {
                return failure;
            }
            first = first == null ? failure : first;
        }
        return first;
    }

    /** @return how many sessions of the warm set may be opened at once */
    private static int lanes(PoolConfig c) {
        return c.warmupConcurrency() > 0 ? c.warmupConcurrency() : Integer.MAX_VALUE;
    }

    /** @return sessions of the shared partition held, lent and idle */
    int openShared() {
        return sessions.held(SessionKey.SHARED);
    }

    /** Tells readiness how warm the shared partition is; it turns ready once the floor is met. */
    void checkReady() {
        if (lifecycle.isRunning()) {
            readiness.warmSetIs(openShared(), config.get().minSessions());
        }
    }

    void scheduleMaintenance() {
        if (lifecycle.isRunning()) {
            resources.housekeepSoon(this::maintain);
        }
    }

    /**
     * Keeps the shared partition at {@code minSessions}, backing off while creation fails. Serialised
     * (it runs on the housekeeper and from {@code flush(FILL)}), so two runs cannot both count the
     * same shortfall.
     */
    synchronized void maintain() {
        try {
            if (!lifecycle.isRunning()) {
                return;
            }
            // A warm set completed by borrowers (not by this task) counts too.
            checkReady();
            rateLimiter.sweep(config.get().keyIdleTimeout());
            if (System.nanoTime() - warmRetryAtNanos < 0) {
                return;
            }
            PoolConfig c = config.get();
            // Sessions due for recycling are replaced before they are retired, so they don't count here.
            int open = openShared() + warming.get() - recycleDueShared();
            int room = c.maxSessions() - capacity.open() - warming.get();
            // No more at once than warmupConcurrency: each one that opens runs this again for the rest.
            int needed = Math.min(Math.min(c.minSessions() - open, room), lanes(c) - warming.get());
            if (needed > 0) {
                LOG.debug("Pool '{}': warming {} sessions (open {}, floor {}, room {})", poolName, needed, open,
                        c.minSessions(), room);
            }
            for (int i = 0; i < needed; i++) {
                warming.incrementAndGet();
                resources.runInBackground(() -> warmOne(c.minSessions()));
            }
        } catch (RuntimeException e) {
            LOG.warn("Pool '{}': maintenance failed", poolName, e);
        }
    }

    private void warmOne(int floor) {
        try {
            sessions.add(SessionKey.SHARED, CreationRequest.warm());
            warmFailures.set(0);
            checkReady();
            if (config.get().warmupConcurrency() > 0) {
                scheduleMaintenance(); // the rest of the floor, now that a lane is free
            }
        } catch (NoCapacityException full) {
            LOG.trace("Pool '{}': other keys hold every slot; the floor is kept again once one frees", poolName);
        } catch (Exception e) {
            if (!lifecycle.isOpen()) {
                LOG.trace("Pool '{}' is shutting down; no more sessions are warmed", poolName);
                return;
            }
            int failures = warmFailures.incrementAndGet();
            long backoff = Math.min(WARM_BACKOFF_MAX_MS, 500L << Math.min(failures, 10));
            warmRetryAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff);
            LOG.warn("Pool '{}' could not keep {} sessions warm (attempt {}); retrying in {} ms: {}", poolName, floor,
                    failures, backoff, e.getMessage());
        } finally {
            warming.decrementAndGet();
        }
    }

    private int recycleDueShared() {
        SessionRules.Facts now = facts.get();
        return live.count(s -> s.key().isShared() && SessionRules.recycleDue(s, now));
    }

    /** The evictor's verdict on one idle session; records the reason when it is to go. */
    boolean shouldEvict(ManagedSession session) {
        SessionRules.Facts now = facts.get();
        int freshShared = openShared() - recycleDueShared();
        DestroyReason reason = SessionRules.whenIdle(session, now, freshShared, sessions.held(session.key()));
        if (reason == null && session.key().isShared() && SessionRules.recycleDue(session, now)) {
            // Retired only once enough fresh sessions stand in for it: open them now.
            scheduleMaintenance();
        }
        if (reason != null) {
            session.retire(reason);
            return true;
        }
        return false;
    }

    /** Retires idle sessions now that the evictor would retire (a stdio process died, say). */
    void sweepIdle() {
        sessions.sweepIdle();
    }

    /**
     * Retires or refills sessions now; see {@link FlushMode}. Never closes a lent session. Holds no lock
     * while it closes sessions: a close that hangs holds up this flush only.
     */
    void flush(FlushMode mode) {
        LOG.info("Pool '{}': flush {}", poolName, mode);
        switch (mode) {
            case IDLE -> {
                generations.flushIdle();
                retireUnlendableIdle();
            }
            case GRACEFUL -> {
                // Lent sessions of the old generation are retired when they come back.
                generations.flushAll();
                retireUnlendableIdle();
            }
            case INVALID -> sessions.probeIdleNow();
            case FILL -> {
                warmRetryAtNanos = System.nanoTime();
                maintain();
            }
        }
        if (mode != FlushMode.FILL) {
            scheduleMaintenance();
        }
    }

    /**
     * Takes each idle session out once and closes those that may no longer be lent (flushed, of an
     * older generation, broken, expired); the others go straight back. A session in its health probe
     * just then is not idle: the probe retires it for the same reason when it ends.
     */
    void retireUnlendableIdle() {
        for (SessionKey key : sessions.keys()) {
            List<ManagedSession> lendable = new ArrayList<>();
            for (int n = sessions.idle(key); n > 0; n--) {
                ManagedSession idle = sessions.takeIdle(key);
                if (idle == null) {
                    break;
                }
                DestroyReason reason = SessionRules.unlendable(idle, facts.get());
                if (reason == null) {
                    lendable.add(idle);
                } else {
                    idle.retire(reason);
                    retirer.destroyNow(idle);
                }
            }
            lendable.forEach(retirer::giveBack);
        }
    }

    /** After {@code maxSessions} changed: serve waiters on growth, close surplus idle sessions on shrink. */
    void capacityChanged(int oldMax, int newMax) {
        if (newMax > oldMax) {
            serveWaiters();
        } else if (newMax < oldMax) {
            trimIdle();
        }
        scheduleMaintenance();
    }

    /**
     * Waiters block on their key's idle queue and do not notice a raised cap, nor a circuit breaker that
     * closed again after the creations they counted on failed: sessions are opened for them, one per
     * waiter, as far as the cap allows.
     */
    void serveWaiters() {
        for (Map.Entry<SessionKey, Integer> waiting : sessions.waitersByKey().entrySet()) {
            for (int i = 0; i < waiting.getValue(); i++) {
                resources.runInBackground(() -> {
                    try {
                        sessions.add(waiting.getKey(), CreationRequest.forWaiter());
                    } catch (Exception e) {
                        LOG.debug("Pool '{}': adding a session for a waiter failed", poolName, e);
                    }
                });
            }
        }
    }

    /** Closes idle sessions beyond the cap now; lent ones beyond it are closed when they come back. */
    private void trimIdle() {
        for (SessionKey key : sessions.keys()) {
            boolean retired = true;
            while (retired && retirer.openSessions() > config.get().maxSessions()) {
                retired = retirer.retireOneIdle(key, DestroyReason.RESIZE);
            }
        }
    }

    /** After the autoscaler lowered the floor to {@code floor}: closes the shared partition's surplus idle sessions now. */
    void retireSurplusShared(int floor) {
        int surplus = openShared() - floor;
        for (int i = 0; i < surplus && retirer.retireOneIdle(SessionKey.SHARED, DestroyReason.RESIZE); i++) {
            LOG.trace("Pool '{}': retired a surplus idle session", poolName);
        }
    }
}
