package io.mcpool.impl;

import io.mcpool.LimitsBackendState;
import io.mcpool.McpPoolException;
import io.mcpool.PoolConfig;
import io.mcpool.PoolExhaustedException;
import io.mcpool.SessionKey;
import io.mcpool.TenantLimitException;
import io.mcpool.TenantLimitMode;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * May this borrow proceed now: not while the pool is {@linkplain Suspension suspended}, the tenant's
 * concurrency cap ({@code maxConcurrentPerTenant}) and the
 * rate limits (per pool and per tenant). With a distributed {@link io.mcpool.spi.LimitsBackend} that
 * keeps leases, a tenant's slot is taken here first (the cap per instance) and then across the cluster
 * ({@link ClusterSlots}). What admission takes is given back on every path, whether
 * the borrow then succeeds, times out, fails or is interrupted. The cap on sessions across keys is
 * the {@link CapacityGate}'s, taken when a session is created rather than when one is lent.
 */
final class Admission {

    private final String poolName;
    private final Supplier<PoolConfig> config;
    private final TenantSlots tenantSlots = new TenantSlots();
    private final RateLimiter rateLimiter;
    private final PoolLifecycle lifecycle;
    /** Made at the first capped borrow when the backend keeps leases; the backend cannot change at runtime. */
    private volatile ClusterSlots clusterSlots;
    private final ReentrantLock clusterInit = new ReentrantLock();
    private volatile boolean closed;
    private final Suspension suspension;

    Admission(String poolName, Supplier<PoolConfig> config, RateLimiter rateLimiter, PoolLifecycle lifecycle) {
        this.poolName = poolName;
        this.lifecycle = lifecycle;
        this.config = config;
        this.rateLimiter = rateLimiter;
        this.suspension = new Suspension(poolName, lifecycle::closedError);
    }

    /** @return the pool's suspension: while suspended, {@link #admit} waits for the resume */
    Suspension suspension() {
        return suspension;
    }

    /**
     * Admits a borrow of {@code key}, waiting until {@code deadlineNanos} where the configuration says
     * to wait.
     *
     * @param mayWait false for a borrow that must not wait for a tenant slot ({@code tryBorrow})
     * @return the tenant whose slot the borrow holds (give it back with {@link #release}), or null
     * @throws TenantLimitException when the tenant holds its cap of leases
     * @throws io.mcpool.RateLimitExceededException when the rate limit refuses the borrow
     * @throws PoolExhaustedException when the pool stays suspended until the deadline
     */
    String admit(SessionKey key, long deadlineNanos, Duration timeout, boolean mayWait) {
        awaitResumed(deadlineNanos, timeout);
        String slot = takeTenantSlot(key, deadlineNanos, timeout, mayWait);
        try {
            rateLimiter.acquire(key, deadlineNanos);
            return slot;
        } catch (RuntimeException | Error e) {
            release(slot);
            throw e;
        }
    }

    private void awaitResumed(long deadlineNanos, Duration timeout) {
        try {
            if (!suspension.awaitResumed(deadlineNanos)) {
                throw new PoolExhaustedException("Pool '" + poolName + "' is suspended: no session lent within "
                        + Durations.format(timeout) + "; it lends again after resume()");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new McpPoolException("Interrupted while waiting for suspended pool '" + poolName + "' to resume", e);
        }
    }

    private String takeTenantSlot(SessionKey key, long deadline, Duration timeout, boolean mayWait) {
        PoolConfig c = config.get();
        int cap = c.maxConcurrentPerTenant();
        if (cap == 0 || key.tenant() == null) {
            return null;
        }
        boolean wait = mayWait && c.tenantLimitMode() == TenantLimitMode.WAIT;
        try {
            if (tenantSlots.acquire(key.tenant(), cap, deadline, wait)) {
                ClusterSlots cluster = clusterSlots(c);
                if (cluster == null || takeClusterSlot(cluster, key.tenant(), cap, deadline, wait)) {
                    return key.tenant();
                }
                throw new TenantLimitException("Pool '" + poolName + "': tenant '" + key.tenant() + "' already holds "
                        + cap + " leases across the instances sharing the limits backend '" + c.limitsBackend().name()
                        + "' (maxConcurrentPerTenant=" + cap + ")" + (wait ? " and none came back within "
                        + Durations.format(timeout) : "") + "; raise maxConcurrentPerTenant, use tenantLimitMode=WAIT, "
                        + "or close leases sooner");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new McpPoolException("Interrupted while waiting for a slot of tenant '" + key.tenant() + "' in pool '"
                    + poolName + "'", e);
        } catch (TenantSlots.Closed closed) {
            throw lifecycle.closedError();
        }
        throw new TenantLimitException("Pool '" + poolName + "': tenant '" + key.tenant() + "' already holds "
                + cap + " leases (maxConcurrentPerTenant=" + cap + ")" + (wait ? " and none came back within "
                + Durations.format(timeout) : "") + "; raise maxConcurrentPerTenant, use tenantLimitMode=WAIT, or "
                + "close leases sooner");
    }

    /** @return true with a cluster-wide slot (or failing open); false (the local slot given back) without */
    private boolean takeClusterSlot(ClusterSlots cluster, String tenant, int cap, long deadline, boolean wait)
            throws InterruptedException {
        boolean taken = false;
        try {
            taken = cluster.acquire(tenant, cap, deadline, wait);
            return taken;
        } finally {
            if (!taken) {
                tenantSlots.release(tenant);
            }
        }
    }

    private ClusterSlots clusterSlots(PoolConfig c) {
        ClusterSlots cluster = clusterSlots;
        if (cluster != null || c.limitsBackend() == null || c.limitsBackend().leases() == null) {
            return cluster;
        }
        clusterInit.lock(); // once per pool, at its first capped borrow
        try {
            if (clusterSlots == null) {
                clusterSlots = new ClusterSlots(poolName, c.limitsBackend().leases(), c.limitsBackend().name(), config,
                        lifecycle::closedError);
                if (closed) {
                    clusterSlots.close();
                }
            }
            return clusterSlots;
        } finally {
            clusterInit.unlock();
        }
    }

    /** @return the health of the backend the cluster-wide tenant caps use, or null (none in use yet) */
    BackendHealth tenantCapHealth() {
        ClusterSlots cluster = clusterSlots;
        return cluster == null ? null : cluster.health();
    }

    /** @return the health of the backend the rate limits use, or null (the limits are this instance's) */
    BackendHealth rateLimitHealth() {
        return rateLimiter.health();
    }

    /** @return where the limits are kept and whether the distributed backend answered its last call */
    LimitsBackendState limitsState() {
        if (config.get().limitsBackend() == null) {
            return LimitsBackendState.LOCAL;
        }
        BackendHealth caps = tenantCapHealth();
        BackendHealth rates = rateLimitHealth();
        boolean down = caps != null && !caps.isUp() || rates != null && !rates.isUp();
        return down ? LimitsBackendState.UNAVAILABLE : LimitsBackendState.AVAILABLE;
    }

    /** @return borrows admitted on per-instance limits while the backend was away */
    long limitsFailedOpen() {
        return count(tenantCapHealth(), true) + count(rateLimitHealth(), true);
    }

    /** @return borrows refused because the backend was away */
    long limitsFailedClosed() {
        return count(tenantCapHealth(), false) + count(rateLimitHealth(), false);
    }

    private static long count(BackendHealth health, boolean open) {
        return health == null ? 0 : open ? health.failedOpen.sum() : health.failedClosed.sum();
    }

    /** The pool is shutting down: every borrower waiting here gets {@link io.mcpool.PoolClosedException} now. */
    void close() {
        closed = true;
        suspension.close();
        tenantSlots.close();
        rateLimiter.close();
        ClusterSlots cluster = clusterSlots;
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Gives back what {@link #admit} took; null (no slot) is fine. */
    void release(String tenantSlot) {
        if (tenantSlot != null) {
            tenantSlots.release(tenantSlot);
            ClusterSlots cluster = clusterSlots;
            if (cluster != null) {
                cluster.release(tenantSlot);
            }
        }
    }

    /** @return leases {@code tenant} holds now (its slots in use under {@code maxConcurrentPerTenant}) */
    int tenantLeases(String tenant) {
        return tenantSlots.inUse(tenant);
    }
}
