package io.mcpool.impl;

import io.mcpool.PoolClosedException;
import io.mcpool.PoolConfig;
import io.mcpool.spi.LimitsBackend.LeaseStore;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster-wide half of {@code maxConcurrentPerTenant}: a tenant's cap {@code n} is {@code n} named
 * leases ({@code mcpool:<pool>:tenant=<t>:slot:<i>}) in the backend's {@link LeaseStore}, shared by
 * every instance. A borrow claims a free one; its lease's release frees it. This instance renews the
 * leases it holds every third of {@code tenantLeaseTtl}: the leases of an instance that died expire
 * after at most {@code tenantLeaseTtl}, and their slots come back.
 *
 * <p>A borrow that waits for a slot polls the store (another instance's release sends no signal here),
 * parked so that {@link #close()} wakes it ({@link Parking}).
 */
final class ClusterSlots {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterSlots.class);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final String poolName;
    private final LeaseStore store;
    private final Supplier<PoolConfig> config;
    private final BackendHealth health;
    /** Who holds a lease: this pool instance. */
    private final String holder = UUID.randomUUID().toString();
    /** Leases this instance holds, by tenant. */
    private final ConcurrentHashMap<String, ConcurrentLinkedDeque<String>> held = new ConcurrentHashMap<>();
    private final Parking parking;
    private final ScheduledExecutorService renewer;

    ClusterSlots(String poolName, LeaseStore store, String backendName, Supplier<PoolConfig> config,
            Supplier<PoolClosedException> closedError) {
        this.poolName = poolName;
        this.store = store;
        this.config = config;
        this.parking = new Parking(closedError);
        this.health = new BackendHealth(poolName, backendName);
        long every = Math.max(1, config.get().tenantLeaseTtl().toMillis() / 3);
        this.renewer = Executors.newSingleThreadScheduledExecutor(new NamedThreadFactory("mcpool-" + poolName
                + "-lease-renewer"));
        renewer.scheduleWithFixedDelay(this::renewAll, every, every, TimeUnit.MILLISECONDS);
    }

    BackendHealth health() {
        return health;
    }

    /**
     * Takes one of {@code tenant}'s {@code cap} cluster-wide slots.
     *
     * @return true when a slot was taken, or when the backend is away and the policy is FAIL_OPEN (the
     *     per-instance cap then holds alone); false when none came by the deadline
     * @throws io.mcpool.LimitsBackendUnavailableException when the backend is away and the policy is FAIL_CLOSED
     * @throws PoolClosedException when the pool closed while waiting
     * @throws InterruptedException when interrupted while waiting
     */
    boolean acquire(String tenant, int cap, long deadlineNanos, boolean wait) throws InterruptedException {
        while (true) {
            parking.throwIfClosed();
            if (!health.shouldTry()) {
                health.failed("tenant cap", config.get().tenantCapBackendFailure(), null);
                return true;
            }
            String lease;
            try {
                lease = claimAny(tenant, cap);
                health.succeeded();
            } catch (RuntimeException e) {
                health.failed("tenant cap", config.get().tenantCapBackendFailure(), e);
                return true;
            }
            if (lease != null) {
                held.compute(tenant, (t, leases) -> {
                    ConcurrentLinkedDeque<String> l = leases == null ? new ConcurrentLinkedDeque<>() : leases;
                    l.push(lease);
                    return l;
                });
                return true;
            }
            long now = System.nanoTime();
            long remaining = deadlineNanos - now;
            if (!wait || remaining <= 0) {
                return false;
            }
            parking.parkUntil(now + Math.min(remaining, POLL_NANOS), "a cluster-wide tenant slot");
        }
    }

    private String claimAny(String tenant, int cap) {
        Duration ttl = config.get().tenantLeaseTtl();
        int start = ThreadLocalRandom.current().nextInt(cap);
        for (int i = 0; i < cap; i++) {
            String name = "mcpool:" + poolName + ":tenant=" + tenant + ":slot:" + ((start + i) % cap);
            if (store.claim(name, holder, ttl)) {
                return name;
            }
        }
        return null;
    }

    /** Frees one of {@code tenant}'s leases this instance holds (none when it was admitted failing open). */
    void release(String tenant) {
        String[] lease = new String[1];
        held.computeIfPresent(tenant, (t, leases) -> {
            lease[0] = leases.poll();
            return leases.isEmpty() ? null : leases;
        });
        if (lease[0] == null) {
            return;
        }
        try {
            store.free(lease[0], holder);
        } catch (RuntimeException e) {
            LOG.warn("Pool '{}': could not free the cluster-wide slot {} ({}); it expires within tenantLeaseTtl={}",
                    poolName, lease[0], e.toString(), Durations.format(config.get().tenantLeaseTtl()));
        }
    }

    private void renewAll() {
        Duration ttl = config.get().tenantLeaseTtl();
        for (ConcurrentLinkedDeque<String> leases : held.values()) {
            for (String lease : leases) {
                try {
                    // A lease given back since the iteration began fails to renew, and that is fine.
                    if (!store.renew(lease, holder, ttl) && leases.contains(lease)) {
                        LOG.warn("Pool '{}': the cluster-wide slot {} expired while this instance held it (was the "
                                + "backend away longer than tenantLeaseTtl={}?); the cap may be exceeded until the "
                                + "lease using it is closed", poolName, lease, Durations.format(ttl));
                    }
                } catch (RuntimeException e) {
                    LOG.debug("Pool '{}': could not renew {}: {}", poolName, lease, e.toString());
                }
            }
        }
    }

    /** Wakes every waiter with {@link PoolClosedException}; held slots are freed as their leases close. */
    void close() {
        parking.close();
        renewer.shutdown();
    }
}
