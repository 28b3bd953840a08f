package io.mcpool.impl;

import io.mcpool.BorrowOptions;
import io.mcpool.CircuitState;
import io.mcpool.event.DestroyReason;
import io.mcpool.FlushMode;
import io.mcpool.spi.HealthProbe;
import io.mcpool.McpPool;
import io.mcpool.McpPoolException;
import io.mcpool.PoolClosedException;
import io.mcpool.PoolConfig;
import io.mcpool.event.PoolEvent;
import io.mcpool.PoolExhaustedException;
import io.mcpool.spi.PoolListener;
import io.mcpool.PoolMetrics;
import io.mcpool.PoolState;
import io.mcpool.PooledSession;
import io.mcpool.SessionCreationException;
import io.mcpool.SessionInfo;
import io.mcpool.SessionKey;
import io.mcpool.Transport;
import io.mcpool.impl.transport.ThrottleAwareHttpClient;
import io.mcpool.impl.transport.TransportBuilder;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.commons.pool2.impl.AbandonedConfig;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericKeyedObjectPool;
import org.apache.commons.pool2.impl.GenericKeyedObjectPoolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link McpPool} implementation: one {@link GenericKeyedObjectPool} of {@link ManagedSession}s
 * keyed by {@link SessionKey}, plus what Commons Pool does not do for MCP: leases that retire
 * broken sessions, per-lease headers, a single-flight tool cache, a warm floor for the shared
 * partition, generations, events and metrics.
 *
 * <p>Internal: applications use {@link McpPool#create(PoolConfig)}.
 */
public final class DefaultMcpPool implements McpPool {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultMcpPool.class);
    /** How often the warm floor is checked, besides after every session destroyed. */
    private static final long MAINTENANCE_PERIOD_MS = 1000;
    private static final long WARM_BACKOFF_MAX_MS = 30_000;

    private final AtomicReference<PoolState> state = new AtomicReference<>(PoolState.NEW);
    private volatile PoolConfig config;
    private final HttpClient httpClient;
    private final RateLimiter rateLimiter;
    private final SessionFactory factory;
    private final CapacityGate capacity;
    private final TenantSlots tenantSlots = new TenantSlots();
    /**
     * Set while this thread takes idle sessions out of Commons Pool (to retire them): when none is
     * idle, Commons Pool would create one instead, which this refuses.
     */
    private static final ThreadLocal<Boolean> IDLE_ONLY = new ThreadLocal<>();
    /** Why Commons Pool destroys idle sessions while this thread closes it (shutdown). */
    private static final ThreadLocal<DestroyReason> CLEARING = new ThreadLocal<>();
    private final GenericKeyedObjectPool<SessionKey, ManagedSession> sessions;
    private final PoolEvents events = new PoolEvents();
    private final PoolStats stats = new PoolStats();
    private final ToolsCache tools;
    private final Set<ManagedSession> live = ConcurrentHashMap.newKeySet();
    private final AtomicLong generation = new AtomicLong();
    private final AtomicInteger lent = new AtomicInteger();
    private final AtomicInteger warming = new AtomicInteger();
    /** Sessions taken out to be destroyed in the background: still counted by Commons Pool, no longer ours. */
    private final AtomicInteger retiring = new AtomicInteger();
    private final Readiness readiness;
    private final CreationGuard guard;
    private final LeakDetector leaks;
    /** Set on threads that rebuild the warm set, so their sessions are kept even while degraded. */
    private static final ThreadLocal<Boolean> WARMING = new ThreadLocal<>();
    private final ScheduledExecutorService housekeeper;
    private final ThreadPoolExecutor background;
    private final Object drainMonitor = new Object();
    private volatile long startedNanos;
    private volatile long warmRetryAtNanos;
    /** Sessions idle since before this instant were flushed: they are never lent again. */
    private volatile long idleFlushNanos = System.nanoTime();
    private final AtomicInteger warmFailures = new AtomicInteger();

    /** @param config the validated configuration */
    public DefaultMcpPool(PoolConfig config) {
        this.config = config;
        this.rateLimiter = new RateLimiter(config, stats, events);
        this.httpClient = needsHttp(config) ? new ThrottleAwareHttpClient(HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .build(), rateLimiter::serverAskedToWait) : null;
        this.capacity = new CapacityGate(config.maxSessions());
        this.factory = new SessionFactory(this, config, new TransportBuilder(config, httpClient));
        this.sessions = new GenericKeyedObjectPool<>(factory, poolConfig(config));
        this.sessions.setEvictionPolicy(new SessionEvictionPolicy(this));
        if (!config.abandonedTimeout().isZero()) {
            this.sessions.setAbandonedConfig(abandonedConfig(config));
        }
        this.tools = new ToolsCache(config.toolCacheTtl(), this::fetchToolsUpstream, System::nanoTime,
                this::onToolsRefreshed);
        String threadPrefix = "mcpool-" + config.name();
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1,
                new NamedThreadFactory(threadPrefix + "-housekeeper"));
        scheduler.setRemoveOnCancelPolicy(true);
        this.housekeeper = scheduler;
        this.readiness = new Readiness(config.name(), events);
        this.guard = new CreationGuard(config, stats.retryAttempts::increment, this::onCircuitStateChanged);
        this.leaks = new LeakDetector(config.name(), housekeeper, () -> this.config.leakDetectionThreshold(), stats,
                events);
        int workers = Math.max(2, Math.min(16, config.maxSessions()));
        this.background = new ThreadPoolExecutor(workers, workers, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                new NamedThreadFactory(threadPrefix + "-worker"));
        this.background.allowCoreThreadTimeOut(true);
    }

    /** Commons Pool's abandoned-object removal, fed by {@code use()} on every MCP call of a lease. */
    private static AbandonedConfig abandonedConfig(PoolConfig config) {
        AbandonedConfig abandoned = new AbandonedConfig();
        abandoned.setRemoveAbandonedOnMaintenance(true);
        abandoned.setRemoveAbandonedOnBorrow(false);
        abandoned.setRemoveAbandonedTimeout(config.abandonedTimeout());
        abandoned.setUseUsageTracking(true);
        abandoned.setLogAbandoned(false);
        return abandoned;
    }

    private static boolean needsHttp(PoolConfig config) {
        return config.transportFactory() != null || config.transport() != Transport.STDIO;
    }

    private static GenericKeyedObjectPoolConfig<ManagedSession> poolConfig(PoolConfig config) {
        GenericKeyedObjectPoolConfig<ManagedSession> c = new GenericKeyedObjectPoolConfig<>();
        // The total across keys is CapacityGate's job (see there for why not Commons Pool's maxTotal).
        c.setMaxTotal(-1);
        c.setMaxTotalPerKey(config.maxSessionsPerKey());
        c.setMaxIdlePerKey(config.maxSessionsPerKey());
        // The warm floor applies to the shared partition only; maintain() keeps it, not Commons Pool.
        c.setMinIdlePerKey(0);
        c.setBlockWhenExhausted(true);
        c.setMaxWait(config.borrowTimeout());
        c.setLifo(true);
        c.setTestOnBorrow(false);
        c.setTestOnReturn(false);
        c.setTestOnCreate(false);
        c.setTestWhileIdle(!config.healthCheckInterval().isZero());
        c.setNumTestsPerEvictionRun(-1);
        // Capacity across keys is CapacityGate's, and borrowers short of it retry by themselves, so
        // Commons Pool need not scan every key's queue (taking each one's lock) on every return.
        c.setReuseCapacityOnReturn(false);
        c.setReuseCapacityOnMaintenance(false);
        // mcpool-jmx publishes one coherent MBean per pool; Commons Pool's own would be a second view.
        c.setJmxEnabled(false);
        return c;
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void start() {
        if (!state.compareAndSet(PoolState.NEW, PoolState.STARTING)) {
            PoolState s = state.get();
            if (s == PoolState.CLOSING || s == PoolState.CLOSED) {
                throw new PoolClosedException("Pool '" + name() + "' was shut down and cannot be restarted; create a new pool");
            }
            return;
        }
        startedNanos = System.nanoTime();
        PoolConfig c = config;
        sessions.setDurationBetweenEvictionRuns(evictionPeriod(c));
        List<CompletableFuture<Void>> warmups = new ArrayList<>();
        for (int i = 0; i < c.minSessions(); i++) {
            warmups.add(CompletableFuture.runAsync(this::addSharedSession, background));
        }
        Throwable warmupFailure = null;
        try {
            CompletableFuture.allOf(warmups.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            warmupFailure = mostTelling(warmups, e.getCause());
        }
        if (warmupFailure != null && !c.gracefulDegradation()) {
            LOG.error("Pool '{}' could not warm up {} sessions; shutting it down: {}", name(), c.minSessions(),
                    warmupFailure.getMessage());
            shutdown();
            if (warmupFailure instanceof SessionCreationException sce) {
                throw new SessionCreationException("Pool '" + name() + "' failed to start: " + sce.getMessage(),
                        sce.getCause());
            }
            throw new SessionCreationException("Pool '" + name() + "' failed to start: " + warmupFailure, warmupFailure);
        }
        if (!state.compareAndSet(PoolState.STARTING, PoolState.RUNNING)) {
            throw new PoolClosedException("Pool '" + name() + "' was shut down while starting");
        }
        if (warmupFailure != null) {
            readiness.degrade(warmupFailure);
        }
        housekeeper.scheduleWithFixedDelay(this::maintain, MAINTENANCE_PERIOD_MS, MAINTENANCE_PERIOD_MS,
                TimeUnit.MILLISECONDS);
        if (c.autoScaler() != null) {
            AutoScaler scaler = new AutoScaler(c.autoScaler(), stats, this::metrics, new AutoScaler.Floor() {
                @Override
                public int current() {
                    return config.minSessions();
                }

                @Override
                public int maxSessions() {
                    return config.maxSessions();
                }

                @Override
                public void move(int from, int to, String reason) {
                    autoscale(from, to, reason);
                }
            });
            long every = c.autoScaler().interval().toMillis();
            housekeeper.scheduleWithFixedDelay(() -> {
                try {
                    scaler.tick();
                } catch (RuntimeException e) {
                    LOG.warn("Pool '{}': autoscaling failed", name(), e);
                }
            }, every, every, TimeUnit.MILLISECONDS);
        }
        int warm = sessions.getNumIdle();
        LOG.info("Pool '{}' started: {} to {}, {} sessions warm (min={}, max={})", name(), c.transport(),
                c.redactedEndpoint(), warm, c.minSessions(), c.maxSessions());
        events.fire(() -> new PoolEvent.PoolStarted(name(), Instant.now(), warm));
        checkReady();
    }

    /** A creation failure names the server and the cause; a breaker that opened on the way does not. */
    private static Throwable mostTelling(List<CompletableFuture<Void>> warmups, Throwable fallback) {
        for (CompletableFuture<Void> warmup : warmups) {
            try {
                warmup.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof SessionCreationException) {
                    return e.getCause();
                }
            }
        }
        return fallback;
    }

    private void checkReady() {
        if (state.get() == PoolState.RUNNING) {
            readiness.warmSetIs(openShared(), config.minSessions());
        }
    }

    private int openShared() {
        return sessions.getNumActive(SessionKey.SHARED) + sessions.getNumIdle(SessionKey.SHARED);
    }

    private void addSharedSession() {
        WARMING.set(Boolean.TRUE);
        try {
            sessions.addObject(SessionKey.SHARED);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new CompletionException(e);
        } finally {
            WARMING.remove();
        }
    }

    @Override
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return readiness.await(timeout) && isReady();
    }

    @Override
    public boolean isReady() {
        return readiness.isReady() && state.get() == PoolState.RUNNING;
    }

    @Override
    public boolean isStarted() {
        PoolState s = state.get();
        return s == PoolState.STARTING || s == PoolState.RUNNING;
    }

    @Override
    public PoolState state() {
        return state.get();
    }

    @Override
    public boolean isDegraded() {
        return readiness.isDegraded() && isOpen();
    }

    @Override
    public void shutdown() {
        PoolState previous;
        do {
            previous = state.get();
            if (previous == PoolState.CLOSING || previous == PoolState.CLOSED) {
                return;
            }
        } while (!state.compareAndSet(previous, PoolState.CLOSING));
        housekeeper.shutdownNow();
        // Closing the Commons pool destroys idle sessions and releases waiting borrowers; lent
        // sessions are left alone until their leases come back.
        CLEARING.set(DestroyReason.SHUTDOWN);
        try {
            sessions.close();
        } finally {
            CLEARING.remove();
        }
        awaitDrain(config.drainTimeout());
        int outstanding = lent.get();
        state.set(PoolState.CLOSED);
        background.shutdown();
        try {
            Duration bound = config.connectTimeout().plusSeconds(10);
            if (!background.awaitTermination(bound.toMillis(), TimeUnit.MILLISECONDS) || !factory.shutdown(bound)) {
                LOG.warn("Pool '{}': background work did not finish within the shutdown bound", name());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tools.invalidate();
        closeHttpClientWhenUnused();
        if (outstanding > 0) {
            LOG.warn("Pool '{}' shut down with {} leases still out after drainTimeout={}; their sessions will be "
                    + "closed when they are returned", name(), outstanding, config.drainTimeout());
        } else {
            LOG.info("Pool '{}' shut down", name());
        }
        events.fire(() -> new PoolEvent.PoolShutdown(name(), Instant.now(), outstanding));
    }

    private void awaitDrain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (drainMonitor) {
            while (lent.get() > 0) {
                long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remainingMs <= 0) {
                    return;
                }
                try {
                    // Slices: a return that raced the switch to CLOSING may not have notified.
                    drainMonitor.wait(Math.min(remainingMs, 50));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        shutdown();
    }

    // ---------------------------------------------------------------- borrowing

    @Override
    public PooledSession borrow(BorrowOptions options) {
        ensureOpen();
        SessionKey key = keyFor(options);
        Duration timeout = options.timeout() != null ? options.timeout() : config.borrowTimeout();
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        String tenantSlot = takeTenantSlot(key, deadline, timeout, true);
        try {
            rateLimiter.acquire(key, deadline);
            ManagedSession session = acquire(key, deadline);
            if (session == null) {
                throw timedOut(key, timeout, start);
            }
            return lend(session, options, key, tenantSlot, start);
        } catch (RuntimeException | Error e) {
            releaseTenantSlot(tenantSlot);
            throw e;
        }
    }

    @Override
    public Optional<PooledSession> tryBorrow(BorrowOptions options) {
        ensureOpen();
        SessionKey key = keyFor(options);
        long start = System.nanoTime();
        String tenantSlot;
        try {
            tenantSlot = takeTenantSlot(key, start, Duration.ZERO, false);
        } catch (io.mcpool.TenantLimitException overCap) {
            return Optional.empty();
        }
        try {
            rateLimiter.acquire(key, start);
            ManagedSession session = acquire(key, start + TimeUnit.MILLISECONDS.toNanos(1));
            if (session == null) {
                releaseTenantSlot(tenantSlot);
                return Optional.empty();
            }
            return Optional.of(lend(session, options, key, tenantSlot, start));
        } catch (RuntimeException | Error e) {
            releaseTenantSlot(tenantSlot);
            throw e;
        }
    }

    /** The borrow's partition: its tenant (from the options, else from {@code tenantHeader}) and affinity key. */
    private SessionKey keyFor(BorrowOptions options) {
        String tenant = options.tenant();
        String header = config.tenantHeader();
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
     * Takes one of the tenant's {@code maxConcurrentPerTenant} slots.
     *
     * @return the tenant whose slot to give back later, or null when no cap applies
     */
    private String takeTenantSlot(SessionKey key, long deadline, Duration timeout, boolean mayWait) {
        PoolConfig c = config;
        int cap = c.maxConcurrentPerTenant();
        if (cap == 0 || key.tenant() == null) {
            return null;
        }
        boolean wait = mayWait && c.tenantLimitMode() == io.mcpool.TenantLimitMode.WAIT;
        try {
            if (tenantSlots.acquire(key.tenant(), cap, deadline, wait)) {
                return key.tenant();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new McpPoolException("Interrupted while waiting for a slot of tenant '" + key.tenant() + "' in pool '"
                    + name() + "'", e);
        }
        throw new io.mcpool.TenantLimitException("Pool '" + name() + "': tenant '" + key.tenant() + "' already holds "
                + cap + " leases (maxConcurrentPerTenant=" + cap + ")" + (wait ? " and none came back within "
                + format(timeout) : "") + "; raise maxConcurrentPerTenant, use tenantLimitMode=WAIT, or close leases sooner");
    }

    private void releaseTenantSlot(String tenant) {
        if (tenant != null) {
            tenantSlots.release(tenant);
        }
    }

    /** @return leases {@code tenant} holds now (its slots in use under {@code maxConcurrentPerTenant}) */
    int tenantLeases(String tenant) {
        return tenantSlots.inUse(tenant);
    }

    /**
     * @return a lendable session of {@code key} taken before {@code deadline}, or null when none came;
     *     unlendable sessions met on the way are retired
     */
    private ManagedSession acquire(SessionKey key, long deadline) {
        while (true) {
            ManagedSession session = take(key, deadline);
            if (session == null) {
                return null;
            }
            DestroyReason unusable = unlendableReason(session, System.nanoTime());
            if (unusable == null) {
                return session;
            }
            session.retire(unusable);
            retireAsync(session);
        }
    }

    /** @return a session taken from Commons Pool (idle or newly created), or null when none came in time */
    private ManagedSession take(SessionKey key, long deadline) {
        long pause = TimeUnit.MILLISECONDS.toNanos(1);
        while (true) {
            try {
                return CreationGuard.withDeadline(deadline,
                        () -> takeOnce(key, Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))));
            } catch (NoCapacityException full) {
                // Other keys hold every session and none is idle: wait for one to come back or close.
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return null;
                }
                LockSupport.parkNanos(Math.min(pause, remaining));
                pause = Math.min(pause * 2, TimeUnit.MILLISECONDS.toNanos(50));
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    throw new McpPoolException("Interrupted while waiting for a session of pool '" + name() + "'");
                }
                ensureOpen();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new McpPoolException("Pool '" + name() + "': unexpected failure while borrowing", e);
            }
        }
    }

    private ManagedSession takeOnce(SessionKey key, Duration wait) throws NoCapacityException {
        try {
            return sessions.borrowObject(key, wait);
        } catch (NoSuchElementException timeout) {
            return null;
        } catch (NoCapacityException full) {
            throw full;
        } catch (InterruptedException e) {
            if (!isOpen()) {
                throw closedError();
            }
            Thread.currentThread().interrupt();
            throw new McpPoolException("Interrupted while waiting for a session of pool '" + name() + "'", e);
        } catch (IllegalStateException e) {
            if (!isOpen()) {
                throw closedError();
            }
            throw e;
        } catch (McpPoolException e) {
            throw e;
        } catch (Exception e) {
            throw new SessionCreationException("Pool '" + name() + "' could not create a session: "
                    + Failures.describe(e), e);
        }
    }

    private PooledSession lend(ManagedSession session, BorrowOptions options, SessionKey key, String tenantSlot,
            long start) {
        long now = System.nanoTime();
        SessionLease lease = new SessionLease(this, session, options, key, tenantSlot, now);
        session.attach(lease);
        lease.watch(leaks.watch(session, now));
        lent.incrementAndGet();
        long waited = now - start;
        stats.borrowed(waited);
        events.fire(() -> new PoolEvent.SessionBorrowed(name(), Instant.now(), session.id(), session.key(),
                Duration.ofNanos(waited)));
        return lease;
    }

    /**
     * Gives a lease a fresh session in place of its broken one, for a safe retry. The broken one is
     * retired first: it holds capacity the fresh one may need.
     *
     * @return the fresh session, now attached to the lease
     * @throws McpPoolException when none can be had within {@code borrowTimeout}
     */
    ManagedSession replace(SessionLease lease, ManagedSession broken) {
        long now = System.nanoTime();
        broken.detach(now);
        broken.retire(DestroyReason.BROKEN);
        retireAsync(broken);
        ManagedSession fresh = isOpen() ? acquire(broken.key(), now + config.borrowTimeout().toNanos()) : null;
        if (fresh == null) {
            throw new PoolExhaustedException("Pool '" + name() + "': no fresh session within " + format(config.borrowTimeout())
                    + " to retry on after " + broken + " failed");
        }
        fresh.attach(lease);
        return fresh;
    }

    /** The cheap checks made before every lend; the health probe runs in housekeeping instead. */
    private DestroyReason unlendableReason(ManagedSession session, long now) {
        if (session.isBroken() || !session.isProcessAlive()) {
            return DestroyReason.BROKEN;
        }
        if (!session.isLent() && session.idleSinceNanos() - idleFlushNanos < 0) {
            return DestroyReason.FLUSHED;
        }
        if (session.generation() < generation.get()) {
            return DestroyReason.STALE_GENERATION;
        }
        if (session.isExpired(now, config.maxSessionLifetime().toNanos())) {
            return DestroyReason.MAX_LIFETIME;
        }
        return null;
    }

    private PoolExhaustedException timedOut(SessionKey key, Duration timeout, long start) {
        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        stats.borrowTimeouts.increment();
        events.fire(() -> new PoolEvent.BorrowTimedOut(name(), Instant.now(), key, waited));
        PoolConfig c = config;
        return new PoolExhaustedException("Pool '" + name() + "': no session free within " + format(timeout)
                + " for " + key + " (maxSessions=" + c.maxSessions() + ", " + lent.get() + " in use, "
                + sessions.getNumWaiters() + " waiting); raise maxSessions or borrowTimeout, or close leases sooner");
    }

    /** Called once per lease, by {@link SessionLease#close()}. */
    void release(SessionLease lease) {
        ManagedSession session = lease.session();
        long now = System.nanoTime();
        stats.returns.increment();
        releaseTenantSlot(lease.tenantSlot());
        if (session == null) {
            // The lease lost its session to a failed retry; nothing to give back.
            lent.decrementAndGet();
            signalDrain();
            return;
        }
        session.detach(now);
        DestroyReason reason = returnDecision(lease, session, now);
        if (reason == null) {
            giveBack(session);
        } else {
            session.retire(reason);
            retireAsync(session);
        }
        lent.decrementAndGet();
        long held = now - lease.borrowedNanos();
        events.fire(() -> new PoolEvent.SessionReturned(name(), Instant.now(), session.id(), session.key(),
                Duration.ofNanos(held), reason != null));
        if (state.get() == PoolState.CLOSING) {
            // Only shutdown's drain waits for returns; a running pool's returns skip the monitor.
            signalDrain();
        }
    }

    private void signalDrain() {
        synchronized (drainMonitor) {
            drainMonitor.notifyAll();
        }
    }

    private DestroyReason returnDecision(SessionLease lease, ManagedSession session, long now) {
        if (lease.isInvalidated()) {
            return DestroyReason.INVALIDATED_BY_USER;
        }
        if (!isOpen()) {
            return DestroyReason.SHUTDOWN;
        }
        DestroyReason unusable = unlendableReason(session, now);
        if (unusable != null) {
            return unusable;
        }
        if (session.isShortLived() && readiness.isDegraded()) {
            return DestroyReason.DEGRADED;
        }
        if (openSessions() > config.maxSessions()) {
            return DestroyReason.RESIZE;
        }
        return null;
    }

    /**
     * Sessions open (or being created) and staying open: the capacity gate's count less those already
     * on their way out. Commons Pool's active count would not do: it also counts creations that are
     * about to be refused by the gate.
     */
    private int openSessions() {
        return capacity.open() - retiring.get();
    }

    /** Destroys a taken (not idle) session off the caller's thread: closing stdio costs ~100 ms. */
    private void retireAsync(ManagedSession session) {
        retiring.incrementAndGet();
        Runnable destroy = () -> {
            try {
                destroyNow(session);
            } finally {
                retiring.decrementAndGet();
            }
        };
        if (state.get() == PoolState.CLOSED) {
            destroy.run();
        } else {
            runClose(destroy);
        }
    }

    private void destroyNow(ManagedSession session) {
        try {
            sessions.invalidateObject(session.key(), session);
        } catch (IllegalStateException notInPool) {
            // The Commons pool was closed and forgot it: close it ourselves.
            factory.destroyObject(session.key(), new DefaultPooledObject<>(session));
        } catch (Exception e) {
            LOG.warn("Pool '{}': destroying {} failed", name(), session, e);
        }
    }

    @Override
    public McpSchema.CallToolResult callTool(String name, Map<String, Object> arguments, BorrowOptions options) {
        try (PooledSession session = borrow(options)) {
            return session.callTool(name, arguments);
        }
    }

    // ---------------------------------------------------------------- tools

    @Override
    public List<McpSchema.Tool> listTools() {
        ensureOpen();
        return tools.get();
    }

    private List<McpSchema.Tool> fetchToolsUpstream() {
        try (PooledSession session = borrow(BorrowOptions.none())) {
            return session.listTools();
        }
    }

    private void onToolsRefreshed(String previousHash, String newHash, int toolCount) {
        events.fire(() -> new PoolEvent.ToolsRefreshed(name(), Instant.now(), toolCount, newHash));
        if (previousHash != null && !previousHash.equals(newHash)) {
            LOG.info("Pool '{}': the server's tool definitions changed ({} tools)", name(), toolCount);
            events.fire(() -> new PoolEvent.SchemaChanged(name(), Instant.now(), previousHash, newHash, toolCount));
        }
    }

    @Override
    public void invalidateToolsCache() {
        tools.invalidate();
    }

    void onToolsListChanged(ManagedSession session) {
        tools.invalidate();
        events.fire(() -> new PoolEvent.ToolsListChanged(name(), Instant.now(), session.id()));
    }

    // ---------------------------------------------------------------- sizing and housekeeping

    @Override
    public void resize(int minSessions, int maxSessions) {
        reconfigure(config.toBuilder().minSessions(minSessions).maxSessions(maxSessions).build());
    }

    @Override
    public synchronized void reconfigure(PoolConfig changed) {
        PoolConfig old = config;
        RuntimeChanges.checkOnlyRuntimePropertiesDiffer(old, changed);
        config = changed;
        capacity.max(changed.maxSessions());
        sessions.setMaxTotalPerKey(changed.maxSessionsPerKey());
        sessions.setMaxIdlePerKey(changed.maxSessionsPerKey());
        sessions.setMaxWait(changed.borrowTimeout());
        tools.ttl(changed.toolCacheTtl());
        if (!old.healthCheckInterval().equals(changed.healthCheckInterval())) {
            sessions.setTestWhileIdle(!changed.healthCheckInterval().isZero());
            if (state.get() != PoolState.NEW) {
                sessions.setDurationBetweenEvictionRuns(evictionPeriod(changed));
            }
        }
        LOG.info("Pool '{}' reconfigured: {}", name(), RuntimeChanges.describe(old, changed));
        if (old.minSessions() != changed.minSessions() || old.maxSessions() != changed.maxSessions()) {
            events.fire(() -> new PoolEvent.PoolResized(name(), Instant.now(), old.minSessions(), old.maxSessions(),
                    changed.minSessions(), changed.maxSessions()));
        }
        if (!isOpen()) {
            return;
        }
        if (changed.maxSessions() > old.maxSessions()) {
            serveWaiters();
        } else if (changed.maxSessions() < old.maxSessions()) {
            trimIdle();
        }
        scheduleMaintenance();
    }

    private static Duration evictionPeriod(PoolConfig c) {
        // With probes off, idle timeout and lifetime are still enforced, every 30 s.
        return c.healthCheckInterval().isZero() ? Duration.ofSeconds(30) : c.healthCheckInterval();
    }

    @Override
    public synchronized void flush(FlushMode mode) {
        ensureOpen();
        LOG.info("Pool '{}': flush {}", name(), mode);
        switch (mode) {
            case IDLE -> {
                idleFlushNanos = System.nanoTime();
                retireUnlendableIdle();
            }
            case GRACEFUL -> {
                idleFlushNanos = System.nanoTime();
                // Lent sessions of the old generation are retired when they come back.
                generation.incrementAndGet();
                retireUnlendableIdle();
            }
            case INVALID -> {
                boolean probing = sessions.getTestWhileIdle();
                sessions.setTestWhileIdle(true);
                try {
                    sessions.evict();
                } catch (Exception e) {
                    LOG.warn("Pool '{}': the health sweep failed", name(), e);
                } finally {
                    sessions.setTestWhileIdle(probing);
                }
            }
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
     * just then is left to the probe, which retires it for the same reason when it ends.
     *
     * <p>Not Commons Pool's {@code clear(key)}: that also destroys a session under the evictor's probe,
     * and the evictor destroys it again when the probe fails on the closed client. Each destroy counts
     * the session off its key; Commons Pool then believed the key empty while sessions were idle in
     * it, and dropped the key's sub-pool with them: open on the server, never lent nor closed.
     */
    private void retireUnlendableIdle() {
        for (SessionKey key : sessions.getKeys()) {
            List<ManagedSession> lendable = new ArrayList<>();
            for (int n = sessions.getNumIdle(key); n > 0; n--) {
                ManagedSession idle = takeIdle(key);
                if (idle == null) {
                    break;
                }
                DestroyReason reason = unlendableReason(idle, System.nanoTime());
                if (reason == null) {
                    lendable.add(idle);
                } else {
                    idle.retire(reason);
                    destroyNow(idle);
                }
            }
            lendable.forEach(this::giveBack);
        }
    }

    /**
     * @return an idle session of {@code key}, taken out of Commons Pool, or null when none is idle (one
     *     in a health probe is not idle); never a new one
     */
    private ManagedSession takeIdle(SessionKey key) {
        if (sessions.getNumIdle(key) == 0) {
            return null;
        }
        IDLE_ONLY.set(Boolean.TRUE);
        try {
            return sessions.borrowObject(key, Duration.ZERO);
        } catch (NoSuchElementException | NoCapacityException noneIdle) {
            return null;
        } catch (Exception e) {
            LOG.debug("Pool '{}': taking an idle session of {} failed", name(), key, e);
            return null;
        } finally {
            IDLE_ONLY.remove();
        }
    }

    /** Puts a session back into Commons Pool as idle (a returned lease's, or one taken with {@link #takeIdle}). */
    private void giveBack(ManagedSession session) {
        try {
            sessions.returnObject(session.key(), session);
        } catch (IllegalStateException notInPool) {
            session.retire(DestroyReason.SHUTDOWN);
            destroyNow(session);
        }
    }

    /**
     * Waiters block on their key's idle queue and do not notice a raised cap, so new capacity is
     * filled for them: one new session per waiter, as far as the cap allows.
     */
    private void serveWaiters() {
        Map<String, Integer> waitersByKey = sessions.getNumWaitersByKey();
        for (SessionKey key : sessions.getKeys()) {
            int waiting = waitersByKey.getOrDefault(key.toString(), 0);
            for (int i = 0; i < waiting; i++) {
                runInBackground(() -> {
                    try {
                        sessions.addObject(key);
                    } catch (Exception e) {
                        LOG.debug("Pool '{}': adding a session for a waiter failed", name(), e);
                    }
                });
            }
        }
    }

    /** Closes idle sessions beyond the cap now; lent ones beyond it are closed when they come back. */
    private void trimIdle() {
        for (SessionKey key : sessions.getKeys()) {
            while (openSessions() > config.maxSessions() && retireOneIdle(key)) {
                // one surplus idle session retired per turn
            }
        }
    }

    /** @return true when an idle session of {@code key} was taken out and retired (reason RESIZE) */
    private boolean retireOneIdle(SessionKey key) {
        ManagedSession idle = takeIdle(key);
        if (idle == null) {
            return false;
        }
        idle.retire(DestroyReason.RESIZE);
        retireAsync(idle);
        return true;
    }

    private void scheduleMaintenance() {
        if (state.get() != PoolState.RUNNING) {
            return;
        }
        try {
            housekeeper.execute(this::maintain);
        } catch (RejectedExecutionException shuttingDown) {
            // Shutdown won the race; nothing to keep warm.
        }
    }

    /**
     * Keeps the shared partition at {@code minSessions}, backing off while creation fails. Serialised
     * (it runs on the housekeeper and from {@code flush(FILL)}), so two runs cannot both count the
     * same shortfall.
     */
    private synchronized void maintain() {
        try {
            if (state.get() != PoolState.RUNNING) {
                return;
            }
            // A warm set completed by borrowers (not by this task) counts too.
            checkReady();
            rateLimiter.sweep(config.keyIdleTimeout());
            if (System.nanoTime() - warmRetryAtNanos < 0) {
                return;
            }
            PoolConfig c = config;
            // Sessions due for recycling are replaced before they are retired, so they don't count here.
            int open = openShared() + warming.get() - recycleDueShared(c);
            int room = c.maxSessions() - capacity.open() - warming.get();
            int needed = Math.min(c.minSessions() - open, room);
            if (needed > 0) {
                LOG.debug("Pool '{}': warming {} sessions (open {}, floor {}, room {})", name(), needed, open,
                        c.minSessions(), room);
            }
            for (int i = 0; i < needed; i++) {
                warming.incrementAndGet();
                runInBackground(() -> {
                    WARMING.set(Boolean.TRUE);
                    try {
                        sessions.addObject(SessionKey.SHARED);
                        warmFailures.set(0);
                        checkReady();
                    } catch (NoCapacityException full) {
                        // Other keys hold every slot; the floor is kept again once one frees.
                    } catch (Exception e) {
                        int failures = warmFailures.incrementAndGet();
                        long backoff = Math.min(WARM_BACKOFF_MAX_MS, 500L << Math.min(failures, 10));
                        warmRetryAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff);
                        LOG.warn("Pool '{}' could not keep {} sessions warm (attempt {}); retrying in {} ms: {}",
                                name(), c.minSessions(), failures, backoff, e.getMessage());
                    } finally {
                        WARMING.remove();
                        warming.decrementAndGet();
                    }
                });
            }
        } catch (RuntimeException e) {
            LOG.warn("Pool '{}': maintenance failed", name(), e);
        }
    }

    private int recycleDueShared(PoolConfig c) {
        long now = System.nanoTime();
        long lifetime = c.maxSessionLifetime().toNanos();
        long window = c.recycleWindow().toNanos();
        return (int) live.stream()
                .filter(s -> s.key().isShared() && s.isRecycleDue(now, lifetime, window))
                .count();
    }

    /** The autoscaler's decision: a new floor; going down also closes the surplus idle sessions now. */
    private void autoscale(int from, int to, String reason) {
        reconfigure(config.toBuilder().minSessions(to).build());
        LOG.info("Pool '{}' autoscaled the warm floor {} -> {}: {}", name(), from, to, reason);
        events.fire(() -> new PoolEvent.Autoscaled(name(), Instant.now(), from, to, reason));
        if (to < from) {
            int surplus = openShared() - to;
            for (int i = 0; i < surplus && retireOneIdle(SessionKey.SHARED); i++) {
                // one surplus idle session retired per turn
            }
        }
    }

    /** Runs a session's close on a worker; on the calling thread when the pool no longer takes work. */
    void runClose(Runnable close) {
        try {
            background.execute(close);
        } catch (RejectedExecutionException shuttingDown) {
            close.run();
        }
    }

    private void runInBackground(Runnable task) {
        try {
            background.execute(task);
        } catch (RejectedExecutionException shuttingDown) {
            // The pool is closing; the work is moot.
        }
    }

    /** The eviction policy's question, for one idle session. Records the reason when the answer is yes. */
    boolean shouldEvictIdle(ManagedSession session) {
        long now = System.nanoTime();
        DestroyReason reason = unlendableReason(session, now);
        PoolConfig c = config;
        if (reason == null && session.isRecycleDue(now, c.maxSessionLifetime().toNanos(), c.recycleWindow().toNanos())) {
            if (!session.key().isShared() || openShared() - recycleDueShared(c) >= c.minSessions()) {
                reason = DestroyReason.MAX_LIFETIME;
            } else {
                // Retired only once enough fresh sessions stand in for it: open them now.
                scheduleMaintenance();
            }
        }
        if (reason == null) {
            Duration idleTimeout = session.key().isShared() ? c.idleTimeout() : c.keyIdleTimeout();
            if (!idleTimeout.isZero() && session.idleNanos(now) >= idleTimeout.toNanos() && aboveFloor(session.key())) {
                reason = DestroyReason.IDLE_TIMEOUT;
            }
        }
        if (reason != null) {
            session.retire(reason);
            return true;
        }
        return false;
    }

    private boolean aboveFloor(SessionKey key) {
        return !key.isShared()
                || sessions.getNumActive(key) + sessions.getNumIdle(key) > config.minSessions();
    }

    /** The health probe of an idle session (Commons Pool's validateObject, run by the evictor). */
    boolean probe(ManagedSession session) {
        if (state.get() != PoolState.RUNNING) {
            return true;
        }
        HealthProbe healthProbe = config.healthProbe();
        session.validating(true);
        session.beginInternalUse();
        try {
            CompletableFuture<Void> check = CompletableFuture.runAsync(() -> {
                try {
                    if (healthProbe != null) {
                        healthProbe.probe(session.client());
                    } else {
                        session.client().ping();
                    }
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }, background);
            stats.healthChecks.increment();
            check.get(config.healthProbeTimeout().toNanos(), TimeUnit.NANOSECONDS);
            if (!session.isProcessAlive()) {
                throw new ExecutionException(new IllegalStateException("the stdio server process has exited"));
            }
            // A flush or a restart seen while the probe ran: the evictor retires the session now, it is
            // the only one that may (see retireUnlendableIdle).
            DestroyReason meanwhile = unlendableReason(session, System.nanoTime());
            if (meanwhile != null) {
                session.retire(meanwhile);
                return false;
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            LOG.warn("Pool '{}': health probe of {} failed; replacing it: {}", name(), session, Failures.describe(cause));
            stats.healthCheckFailures.increment();
            session.markBroken(cause);
            session.retire(DestroyReason.HEALTH_CHECK_FAILED);
            return false;
        } finally {
            session.endInternalUse();
            session.validating(false);
        }
    }

    // ---------------------------------------------------------------- callbacks from the factory and leases

    long generation() {
        return generation.get();
    }

    /**
     * Takes a slot of {@code maxSessions} for a new session of {@code key}. When every slot is taken,
     * an idle session of another key is reclaimed first, so one key's idle sessions cannot starve the rest.
     */
    boolean acquireCapacity(SessionKey key) {
        if (IDLE_ONLY.get() != null) {
            return false;
        }
        return capacity.tryAcquire() || reclaimIdleOfOtherKey(key) && capacity.tryAcquire();
    }

    void releaseCapacity() {
        capacity.release();
    }

    private boolean reclaimIdleOfOtherKey(SessionKey key) {
        long now = System.nanoTime();
        Optional<SessionKey> victim = live.stream()
                .filter(s -> !s.key().equals(key) && !s.isLent())
                .max(Comparator.comparingLong(s -> s.idleNanos(now)))
                .map(ManagedSession::key);
        ManagedSession idle = victim.map(this::takeIdle).orElse(null);
        if (idle == null) {
            return false;
        }
        idle.retire(DestroyReason.RECLAIMED);
        destroyNow(idle);
        return true;
    }

    void onSessionCreated(ManagedSession session, Duration took) {
        if (readiness.isDegraded() && WARMING.get() == null) {
            // Made for a borrower while degraded: lent once, then closed, until the warm set is back.
            session.shortLived();
        }
        live.add(session);
        stats.sessionsCreated.increment();
        LOG.debug("Pool '{}': created {} in {} ms", name(), session, took.toMillis());
        events.fire(() -> new PoolEvent.SessionCreated(name(), Instant.now(), session.id(), session.key(), took));
        Process process = session.process();
        if (process != null) {
            process.onExit().thenRun(() -> onProcessExit(session, process));
        }
    }

    /**
     * A stdio server process died. Its session is broken: never lent again, and if it is lent, its
     * client is closed so that the holder's pending request fails now instead of at requestTimeout.
     */
    private void onProcessExit(ManagedSession session, Process process) {
        if (session.isClosing()) {
            return;
        }
        session.markBroken(new java.io.IOException("the stdio server process " + process.pid()
                + " exited with code " + process.exitValue()));
        LOG.warn("Pool '{}': the server process of {} exited (code {}); replacing the session", name(), session,
                process.exitValue());
        runInBackground(() -> {
            if (session.isLent()) {
                try {
                    session.client().close();
                } catch (RuntimeException e) {
                    LOG.debug("Pool '{}': closing the client of the dead {} failed", name(), session, e);
                }
            } else {
                evictNow();
            }
        });
    }

    /** Runs the idle sweep now (retires broken, stale and expired idle sessions). */
    private void evictNow() {
        try {
            sessions.evict();
        } catch (Exception e) {
            LOG.debug("Pool '{}': the idle sweep failed", name(), e);
        }
    }

    void onCreationFailed(SessionKey key, SessionCreationException error) {
        stats.creationFailures.increment();
        events.fire(() -> new PoolEvent.SessionCreationFailed(name(), Instant.now(), key, error));
    }

    void onSessionDestroyed(ManagedSession session) {
        live.remove(session);
        stats.sessionsDestroyed.increment();
        DestroyReason reason = session.retireReason() != null ? session.retireReason()
                : CLEARING.get() != null ? CLEARING.get()
                : session.isLent() ? DestroyReason.ABANDONED
                : isOpen() ? DestroyReason.RECLAIMED : DestroyReason.SHUTDOWN;
        if (reason == DestroyReason.MAX_LIFETIME) {
            stats.recycled.increment();
        }
        LOG.debug("Pool '{}': destroyed {} ({})", name(), session, reason);
        events.fire(() -> new PoolEvent.SessionDestroyed(name(), Instant.now(), session.id(), session.key(), reason));
        if (state.get() == PoolState.CLOSED) {
            closeHttpClientWhenUnused();
        } else {
            scheduleMaintenance();
        }
    }

    /**
     * The server no longer knows {@code session} (its transport saw "session not found"), whether it is lent
     * or idle: it is never lent again, and the restart it means is noticed.
     */
    void onSessionLost(ManagedSession session, Throwable cause) {
        if (session.isClosing()) {
            return;
        }
        session.markBroken(cause);
        LOG.debug("Pool '{}': the server no longer knows {}", name(), session);
        onServerGone(session, cause);
    }

    void onLeaseError(ManagedSession session, RuntimeException error) {
        stats.errors.increment();
        LOG.warn("Pool '{}': {} failed and will be replaced: {}", name(), session, Failures.describe(error));
        if (Failures.meansServerGone(error)) {
            onServerGone(session, error);
        }
    }

    /**
     * One session found the server restarted or gone: bump the generation once, so every idle session
     * of the old generation is retired instead of lent. One restart then costs one failure, not one
     * per session. Not for plain stdio, where each session has a server process of its own.
     */
    private void onServerGone(ManagedSession session, Throwable cause) {
        PoolConfig c = config;
        if (c.transport() == Transport.STDIO && c.transportFactory() == null) {
            return;
        }
        long seen = session.generation();
        if (!generation.compareAndSet(seen, seen + 1)) {
            return;
        }
        stats.reconnects.increment();
        LOG.warn("Pool '{}': {} found the server restarted or gone ({}); retiring the idle sessions of generation {}",
                name(), session, Failures.describe(cause), seen);
        events.fire(() -> new PoolEvent.ServerRestartDetected(name(), Instant.now(), session.id(), seen + 1, cause));
        runInBackground(this::retireUnlendableIdle);
    }

    private void onCircuitStateChanged(CircuitState from, CircuitState to) {
        if (to == CircuitState.OPEN) {
            LOG.warn("Pool '{}': circuit breaker OPEN after {} consecutive failed session creations; new sessions "
                    + "fail fast for {}", name(), config.failureThreshold(), config.recoveryTimeout());
        } else {
            LOG.info("Pool '{}': circuit breaker {} -> {}", name(), from, to);
        }
        events.fire(() -> new PoolEvent.CircuitStateChanged(name(), Instant.now(), from, to));
    }

    /** Commons Pool's abandoned-lease tracking: a lease that makes calls is not abandoned. */
    void used(ManagedSession session) {
        if (!config.abandonedTimeout().isZero()) {
            sessions.use(session);
        }
    }

    /**
     * @return true when the server's tool list annotates {@code toolName} as idempotent or read-only,
     *     so a call that failed on a broken session may be repeated on a fresh one
     */
    boolean isSafeToRepeat(String toolName) {
        // Only a list already fetched is consulted: fetching now would need a session while this
        // caller still holds its broken one (with maxSessions=1, a wait for the borrow timeout).
        List<McpSchema.Tool> known = tools.peek();
        return known != null && known.stream().filter(t -> t.name().equals(toolName)).findFirst()
                .map(McpSchema.Tool::annotations)
                .map(a -> Boolean.TRUE.equals(a.idempotentHint()) || Boolean.TRUE.equals(a.readOnlyHint()))
                .orElse(false);
    }

    CreationGuard guard() {
        return guard;
    }

    /**
     * Releases the shared HTTP client once no session uses it. On JDK 21+ that is
     * {@code HttpClient.shutdownNow()}, which aborts whatever is still in flight (an SSE stream nobody
     * reads any more); {@code close()} would wait for such a stream forever. On JDK 17 there is nothing
     * to call: the client's threads end when it is garbage.
     */
    private void closeHttpClientWhenUnused() {
        HttpClient real = httpClient instanceof ThrottleAwareHttpClient t ? t.delegate() : httpClient;
        if (real == null || !live.isEmpty()) {
            return;
        }
        try {
            HttpClient.class.getMethod("shutdownNow").invoke(real);
        } catch (NoSuchMethodException jdk17) {
            // Nothing to release explicitly.
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("Pool '{}': shutting the HTTP client down failed", name(), e);
        }
    }

    // ---------------------------------------------------------------- observation

    @Override
    public PoolMetrics metrics() {
        PoolConfig c = config;
        long borrows = stats.borrows.sum();
        long hits = tools.hits.sum();
        long misses = tools.misses.sum();
        // Our own counts, not Commons Pool's getNumActive(): in 2.13.1 a borrower interrupted while
        // GenericKeyedObjectPool.create() waits for another creation leaks its numTotal increment.
        int active = lent.get();
        int idle = sessions.getNumIdle();
        long uptime = startedNanos == 0 ? 0 : System.nanoTime() - startedNanos;
        return new PoolMetrics(active, idle, live.size(), sessions.getNumWaiters(), c.minSessions(),
                c.maxSessions(), borrows, stats.returns.sum(), stats.borrowTimeouts.sum(),
                Duration.ofNanos(borrows == 0 ? 0 : stats.borrowWaitNanos.sum() / borrows),
                Duration.ofNanos(stats.maxBorrowWaitNanos.get()), stats.sessionsCreated.sum(),
                stats.sessionsDestroyed.sum(), stats.creationFailures.sum(), stats.errors.sum(), hits, misses,
                tools.refreshes.sum(), tools.waiters.get(), hits + misses == 0 ? 0.0 : (double) hits / (hits + misses),
                Duration.ofNanos(uptime), isReady(), isDegraded(), guard.state(), stats.healthChecks.sum(),
                stats.healthCheckFailures.sum(), stats.recycled.sum(), stats.retryAttempts.sum(), stats.reconnects.sum(),
                stats.leaksDetected.sum(), stats.rateLimitWaits.sum(), stats.rateLimitRejects.sum(),
                stats.autoscaleUps.sum(), stats.autoscaleDowns.sum());
    }

    /** Commons Pool's own counts per key (objects it holds, idle ones, waiters), for test diagnostics. */
    String commonsPoolCounts() {
        StringBuilder out = new StringBuilder("commons-pool{");
        for (SessionKey key : sessions.getKeys()) {
            out.append(key).append(": active=").append(sessions.getNumActive(key)).append(" idle=")
                    .append(sessions.getNumIdle(key)).append("; ");
        }
        return out.append("lent=").append(lent.get()).append(" capacity=").append(capacity.open())
                .append(" retiring=").append(retiring.get()).append('}').toString();
    }

    /** The sessions Commons Pool holds across its keys (lent and idle), for tests. */
    int commonsPoolTotal() {
        return sessions.getKeys().stream().mapToInt(k -> sessions.getNumActive(k) + sessions.getNumIdle(k)).sum();
    }

    @Override
    public List<SessionInfo> debugSnapshot() {
        long now = System.nanoTime();
        return live.stream().map(s -> s.info(now)).sorted(Comparator.comparing(SessionInfo::id)).toList();
    }

    @Override
    public PoolConfig config() {
        return config;
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public void addListener(PoolListener listener) {
        events.add(listener);
    }

    @Override
    public void removeListener(PoolListener listener) {
        events.remove(listener);
    }

    // ---------------------------------------------------------------- helpers

    private boolean isOpen() {
        PoolState s = state.get();
        return s == PoolState.STARTING || s == PoolState.RUNNING;
    }

    private void ensureOpen() {
        PoolState s = state.get();
        if (s == PoolState.NEW) {
            throw new IllegalStateException("Pool '" + name() + "' is not started; call start() first");
        }
        if (s != PoolState.STARTING && s != PoolState.RUNNING) {
            throw closedError();
        }
    }

    private PoolClosedException closedError() {
        return new PoolClosedException("Pool '" + name() + "' is shut down; no new sessions can be borrowed");
    }

    private static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    @Override
    public String toString() {
        return "McpPool{" + name() + ", " + config.transport() + " " + config.redactedEndpoint() + ", state="
                + state.get() + '}';
    }
}
