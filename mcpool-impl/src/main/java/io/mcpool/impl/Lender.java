package io.mcpool.impl;

import io.mcpool.BorrowOptions;
import io.mcpool.CircuitOpenException;
import io.mcpool.McpPoolException;
import io.mcpool.PoolClosedException;
import io.mcpool.PoolConfig;
import io.mcpool.PoolExhaustedException;
import io.mcpool.PooledSession;
import io.mcpool.RateLimitExceededException;
import io.mcpool.SessionCreationException;
import io.mcpool.SessionKey;
import io.mcpool.TenantLimitException;
import io.mcpool.event.DestroyReason;
import io.mcpool.event.PoolEvent;
import io.mcpool.impl.commons.CommonsPoolAdapter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The borrow and return path, top to bottom: admit the borrow ({@link Admission}), take a session
 * of the borrower's key (idle, else new, else wait), skip the ones that may no longer be lent, wrap
 * it in a lease; on return, decide whether the session goes back to idle or is retired. Leases call
 * back here ({@link SessionLease}), never into the pool's facade.
 */
final class Lender {

    private static final Logger LOG = LoggerFactory.getLogger(Lender.class);
    private static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /**
     * The longest a borrower waits on its key's idle queue in Commons Pool before it looks again. Commons
     * Pool's waiters only wake for a returned session: when the creations they counted on fail (a server
     * that went away, a circuit breaker that opened) nobody wakes them, and they would sleep out their
     * whole budget while a probe has closed the breaker or capacity has freed.
     */
    private static final long WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final String poolName;
    private final Supplier<PoolConfig> config;
    private final PoolLifecycle lifecycle;
    private final Admission admission;
    private final CommonsPoolAdapter<ManagedSession, CreationRequest> sessions;
    private final Retirer retirer;
    private final Generations generations;
    private final Readiness readiness;
    private final LeakDetector leaks;
    private final PoolStats stats;
    private final PoolEvents events;
    private final Supplier<SessionRules.Facts> facts;
    private final ToolListings listings;
    private final LongSupplier nextProbeNanos;
    private final Interceptors interceptors;
    private final AtomicInteger lent = new AtomicInteger();
    private final ReentrantLock drainLock = new ReentrantLock();
    private final Condition drained = drainLock.newCondition();

    /**
     * @param listings       the pool's listings: whether a tool's call may be repeated on a fresh session after a
     *     session failure (the server's tool list annotates it idempotent or read-only), and the answers of a
     *     2026-07-28 server leases reuse
     * @param nextProbeNanos when the open circuit breaker lets its next creation through
     */
    Lender(String poolName, Supplier<PoolConfig> config, PoolLifecycle lifecycle, Admission admission,
            CommonsPoolAdapter<ManagedSession, CreationRequest> sessions, Retirer retirer, Generations generations,
            Readiness readiness, LeakDetector leaks, PoolStats stats, PoolEvents events,
            Supplier<SessionRules.Facts> facts, ToolListings listings, LongSupplier nextProbeNanos,
            Interceptors interceptors) {
        this.poolName = poolName;
        this.config = config;
        this.lifecycle = lifecycle;
        this.admission = admission;
        this.sessions = sessions;
        this.retirer = retirer;
        this.generations = generations;
        this.readiness = readiness;
        this.leaks = leaks;
        this.stats = stats;
        this.events = events;
        this.facts = facts;
        this.listings = listings;
        this.nextProbeNanos = nextProbeNanos;
        this.interceptors = interceptors;
    }

    /** @return what wraps each MCP request of a lease */
    Interceptors interceptors() {
        return interceptors;
    }

    // ---------------------------------------------------------------- borrowing

    PooledSession borrow(BorrowOptions options) {
        lifecycle.ensureOpen();
        PoolConfig c = config.get();
        SessionKey key = keyFor(options, c);
        ClientFeatures.checkBorrow(options, c);
        Duration timeout = options.timeout() != null ? options.timeout() : c.borrowTimeout();
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        String tenantSlot = admission.admit(key, deadline, timeout, true);
        try {
            ManagedSession session = acquire(key, deadline);
            if (session == null) {
                throw timedOut(key, timeout, start);
            }
            return lend(session, options, key, tenantSlot, start);
        } catch (RuntimeException | Error e) {
            admission.release(tenantSlot);
            throw e;
        }
    }

    /**
     * A lease if one can be had now: empty whenever none is available at once (tenant cap, rate limit,
     * capacity, an open circuit breaker, a suspended pool); a closed pool still throws.
     */
    Optional<PooledSession> tryBorrow(BorrowOptions options) {
        lifecycle.ensureOpen();
        PoolConfig c = config.get();
        SessionKey key = keyFor(options, c);
        ClientFeatures.checkBorrow(options, c);
        long start = System.nanoTime();
        String tenantSlot;
        try {
            tenantSlot = admission.admit(key, start, Duration.ZERO, false);
        } catch (TenantLimitException | RateLimitExceededException | PoolExhaustedException notNow) {
            return Optional.empty(); // a tenant cap, a rate limit, or a suspended pool
        }
        try {
            ManagedSession session = acquire(key, start + TimeUnit.MILLISECONDS.toNanos(1));
            if (session == null) {
                admission.release(tenantSlot);
                return Optional.empty();
            }
            return Optional.of(lend(session, options, key, tenantSlot, start));
        } catch (CircuitOpenException notNow) {
            admission.release(tenantSlot);
            return Optional.empty();
        } catch (RuntimeException | Error e) {
            admission.release(tenantSlot);
            throw e;
        }
    }

    /** The borrow's partition: its tenant (from the options, else from {@code tenantHeader}) and affinity key. */
    static SessionKey keyFor(BorrowOptions options, PoolConfig c) {
        String tenant = options.tenant();
        String header = c.tenantHeader();
        if ((tenant == null || tenant.isBlank()) && header != null) {
            for (Map.Entry<String, String> h : options.headers().entrySet()) {
                if (h.getKey().equalsIgnoreCase(header)) {
                    tenant = h.getValue();
                }
            }
        }
        return SessionKey.of(tenant, options.affinityKey());
    }

    /**
     * @return a lendable session of {@code key} taken before {@code deadline}, or null when none came;
     *     unlendable sessions met on the way are retired
     * @throws PoolClosedException when the pool began to shut down while the session was being taken: a session
     *     whose creation ended after the shutdown started is closed, never lent from a closing pool
     */
    private ManagedSession acquire(SessionKey key, long deadline) {
        while (true) {
            ManagedSession session = take(key, deadline);
            if (session == null) {
                return null;
            }
            if (!lifecycle.isOpen()) {
                retirer.retireAsync(session, DestroyReason.SHUTDOWN);
                throw lifecycle.closedError();
            }
            DestroyReason unusable = SessionRules.unlendable(session, facts.get());
            if (unusable == null) {
                return session;
            }
            retirer.retireAsync(session, unusable);
        }
    }

    /**
     * @return a session taken (idle or newly created), or null when none came in time. The borrow timeout
     *     is the borrower's budget: with no capacity free it waits for a session to come back; with the
     *     circuit breaker open it waits for a session to come back or for the breaker's probe, and fails
     *     fast only when that probe lies beyond its deadline.
     */
    private ManagedSession take(SessionKey key, long deadline) {
        long pause = TimeUnit.MILLISECONDS.toNanos(1);
        while (true) {
            try {
                ManagedSession session = takeOnce(key, deadline);
                if (session != null || deadline - System.nanoTime() <= 0) {
                    return session;
                }
                continue; // a slice of the wait passed: look again (see WAIT_SLICE_NANOS)
            } catch (NoCapacityException full) {
                if (retirer.reclaimIdleBesides(key)) {
                    continue; // a slot is free now: try for it at once
                }
                // Other keys hold every session and none is idle: wait for one to come back or close.
            } catch (CircuitOpenException open) {
                if (nextProbeNanos.getAsLong() - deadline > 0) {
                    throw open;
                }
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return null;
            }
            LockSupport.parkNanos(Math.min(pause, remaining));
            pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new McpPoolException("Interrupted while waiting for a session of pool '" + poolName + "'");
            }
            lifecycle.ensureOpen();
        }
    }

    private ManagedSession takeOnce(SessionKey key, long deadline) throws NoCapacityException {
        Duration wait = Duration.ofNanos(Math.max(0, Math.min(WAIT_SLICE_NANOS, deadline - System.nanoTime())));
        try {
            return sessions.take(key, CreationRequest.borrow(deadline), wait);
        } catch (NoCapacityException | PoolClosedException e) {
            throw e;
        } catch (McpPoolException e) {
            if (!lifecycle.isOpen()) {
                // A creation that failed or was refused because the pool began to shut down under it.
                throw lifecycle.closedError(e);
            }
            throw e; // CircuitOpenException included: take() decides whether to wait for the probe
        } catch (InterruptedException e) {
            if (!lifecycle.isOpen()) {
                throw lifecycle.closedError();
            }
            Thread.currentThread().interrupt();
            throw new McpPoolException("Interrupted while waiting for a session of pool '" + poolName + "'", e);
        } catch (IllegalStateException e) {
            if (!lifecycle.isOpen()) {
                throw lifecycle.closedError();
            }
            throw e;
        } catch (Exception e) {
            throw new SessionCreationException("Pool '" + poolName + "' could not create a session: "
                    + Failures.describe(e), e);
        }
    }

    private PooledSession lend(ManagedSession session, BorrowOptions options, SessionKey key, String tenantSlot,
            long start) {
        long now = System.nanoTime();
        SessionLease lease = new SessionLease(this, session, options, key, tenantSlot, now);
        session.attach(lease);
        ClientFeatures.leaseStarts(session, lease, config);
        lease.watch(leaks.watch(session, now));
        lent.incrementAndGet();
        long waited = now - start;
        stats.borrowed(waited);
        events.fire(() -> new PoolEvent.SessionBorrowed(poolName, Instant.now(), session.id(), session.key(),
                Duration.ofNanos(waited)));
        return lease;
    }

    private PoolExhaustedException timedOut(SessionKey key, Duration timeout, long start) {
        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        stats.borrowTimeouts.increment();
        events.fire(() -> new PoolEvent.BorrowTimedOut(poolName, Instant.now(), key, waited));
        return new PoolExhaustedException("Pool '" + poolName + "': no session free within " + Durations.format(timeout)
                + " for " + key + " (maxSessions=" + config.get().maxSessions() + ", " + lent.get() + " in use, "
                + sessions.waiters() + " waiting); raise maxSessions or borrowTimeout, or close leases sooner");
    }

    // ---------------------------------------------------------------- what leases call

    String poolName() {
        return poolName;
    }

    /**
     * Gives a lease a fresh session in place of its broken one, for a safe retry. The broken one is
     * retired first: it holds capacity the fresh one may need.
     *
     * @return the fresh session, now attached to the lease
     * @throws PoolExhaustedException when none can be had within {@code borrowTimeout}
     */
    ManagedSession replace(SessionLease lease, ManagedSession broken) {
        long now = System.nanoTime();
        broken.detach(now);
        retirer.retireAsync(broken, DestroyReason.BROKEN);
        Duration timeout = config.get().borrowTimeout();
        ManagedSession fresh = lifecycle.isOpen() ? acquire(broken.key(), now + timeout.toNanos()) : null;
        if (fresh == null) {
            throw new PoolExhaustedException("Pool '" + poolName + "': no fresh session within "
                    + Durations.format(timeout) + " to retry on after " + broken + " failed");
        }
        fresh.attach(lease);
        return fresh;
    }

    /** Called once per lease, by {@link SessionLease#close()}. */
    void release(SessionLease lease) {
        ManagedSession session = lease.session();
        long now = System.nanoTime();
        stats.returns.increment();
        admission.release(lease.tenantSlot());
        if (session == null) {
            // The lease lost its session to a failed retry; nothing to give back.
            stats.leaseTimes.record(now - lease.borrowedNanos());
            returned();
            return;
        }
        session.detach(now);
        DestroyReason reason = SessionRules.onReturn(session, facts.get(), lease.isInvalidated(), lifecycle.isOpen(),
                readiness.isDegraded(), retirer.openSessions());
        if (reason == null) {
            retirer.giveBack(session);
        } else {
            retirer.retireAsync(session, reason);
        }
        returned();
        long held = now - lease.borrowedNanos();
        stats.leaseTimes.record(held);
        events.fire(() -> new PoolEvent.SessionReturned(poolName, Instant.now(), session.id(), session.key(),
                Duration.ofNanos(held), reason != null));
    }

    /** A lease's {@code tools/call} finished: counted per tool, and told to listeners. */
    void toolCalled(ManagedSession session, String tool, long nanos, PoolEvent.ToolOutcome outcome) {
        stats.tools.record(tool, nanos, outcome);
        events.fire(() -> new PoolEvent.ToolCalled(poolName, Instant.now(), session == null ? null : session.id(),
                session == null ? null : session.key(), tool, Duration.ofNanos(nanos), outcome));
    }

    /** Commons Pool's abandoned-lease tracking: a lease that makes calls is not abandoned. */
    void used(ManagedSession session) {
        sessions.used(session);
    }

    /** A call on {@code session} failed so that the session cannot be trusted again. */
    void leaseFailed(ManagedSession session, RuntimeException error) {
        stats.errors.increment();
        LOG.warn("Pool '{}': {} failed and will be replaced: {}", poolName, session, Failures.describe(error));
        if (Failures.meansServerGone(error)) {
            generations.serverGone(session, error);
        }
    }

    /** @return whether a failed call of {@code toolName} may be repeated on a fresh session */
    boolean isSafeToRepeat(String toolName) {
        return listings.isSafeToRepeat(toolName);
    }

    /**
     * @param lease  how the lease asking was borrowed (its own headers)
     * @param key    the lease's partition (its tenant)
     * @param method the request's method
     * @param param  the parameter that changes its result ("" for none)
     * @return a fresh answer of a 2026-07-28 server the lease may reuse, else the answer of the request {@code send}s
     */
    <T> T reusable(BorrowOptions lease, SessionKey key, String method, String param,
            Supplier<ListingCache.Answer<T>> send) {
        String tenantHeader = config.get().tenantHeader();
        boolean ownHeaders = false;
        for (String header : lease.headers().keySet()) {
            ownHeaders |= !header.equalsIgnoreCase(tenantHeader);
        }
        return listings.answers().get(method, param, key.tenant(), ownHeaders, send);
    }

    // ---------------------------------------------------------------- draining

    /** @return leases out now */
    int lent() {
        return lent.get();
    }

    private void returned() {
        lent.decrementAndGet();
        if (lifecycle.isClosing()) {
            // Only shutdown's drain waits for returns; a running pool's returns skip the lock.
            drainLock.lock();
            try {
                drained.signalAll();
            } finally {
                drainLock.unlock();
            }
        }
    }

    /** Waits up to {@code timeout} for every lease to come back. */
    void awaitDrain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        drainLock.lock();
        try {
            while (lent.get() > 0) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return;
                }
                // Slices: a return that raced the switch to CLOSING may not have signalled.
                drained.awaitNanos(Math.min(remaining, MAX_PAUSE_NANOS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            drainLock.unlock();
        }
    }
}
