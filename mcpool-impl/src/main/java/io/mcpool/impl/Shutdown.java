package io.mcpool.impl;

import io.mcpool.PoolConfig;
import io.mcpool.event.PoolEvent;
import io.mcpool.impl.commons.CommonsPoolAdapter;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order in which a pool closes: stop housekeeping; wake the borrowers waiting for a tenant slot or a
 * rate-limit permit; close Commons Pool (idle sessions are closed, waiting borrowers released); wait up to
 * {@code drainTimeout} for leases to come back; stop the workers once the closes under way are done; release the
 * shared HTTP client once no session uses it (none is being created, open or closing).
 * A lease returned later is closed on return, never under its holder's feet.
 */
final class Shutdown {

    private static final Logger LOG = LoggerFactory.getLogger(Shutdown.class);

    private final String poolName;
    private final Supplier<PoolConfig> config;
    private final PoolLifecycle lifecycle;
    private final PoolResources resources;
    private final CommonsPoolAdapter<?, ?> sessions;
    private final Admission admission;
    private final Lender lender;
    private final ToolListings tools;
    private final CapacityGate capacity;
    private final PoolEvents events;

    Shutdown(String poolName, Supplier<PoolConfig> config, PoolLifecycle lifecycle, PoolResources resources,
            CommonsPoolAdapter<?, ?> sessions, Admission admission, Lender lender, ToolListings tools,
            CapacityGate capacity, PoolEvents events) {
        this.poolName = poolName;
        this.config = config;
        this.lifecycle = lifecycle;
        this.resources = resources;
        this.sessions = sessions;
        this.admission = admission;
        this.lender = lender;
        this.tools = tools;
        this.capacity = capacity;
        this.events = events;
    }

    /** Closes the pool; idempotent: only the first caller does anything. */
    void run() {
        if (!lifecycle.beginShutdown()) {
            return;
        }
        PoolConfig c = config.get();
        resources.stopHousekeeping();
        admission.close();
        sessions.close();
        lender.awaitDrain(c.drainTimeout());
        int outstanding = lender.lent();
        lifecycle.closed();
        try {
            if (!resources.stopWorkers(c.connectTimeout().plusSeconds(10))) {
                LOG.warn("Pool '{}': background work did not finish within the shutdown bound", poolName);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tools.close();
        releaseHttpClientWhenUnused();
        if (outstanding > 0) {
            LOG.warn("Pool '{}' shut down with {} leases still out after drainTimeout={}; their sessions will be "
                    + "closed when they are returned", poolName, outstanding, c.drainTimeout());
        } else {
            LOG.info("Pool '{}' shut down", poolName);
        }
        events.fire(() -> new PoolEvent.PoolShutdown(poolName, Instant.now(), outstanding));
    }

    /**
     * Releases the shared HTTP client once the pool is closed and no session may send on it any more: none being
     * created (a creation a borrower waits for may end after the workers stopped), none open, none closing (its
     * {@code DELETE} goes out on this client).
     */
    void releaseHttpClientWhenUnused() {
        if (lifecycle.isClosed() && capacity.open() == 0) {
            resources.releaseHttpClient();
        }
    }
}
