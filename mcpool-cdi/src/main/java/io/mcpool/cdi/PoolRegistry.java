package io.mcpool.cdi;

import io.mcpool.config.PoolConfigReader;
import io.mcpool.config.PoolSettings;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The application's pools, by name, from deployment validation until the application stops. */
final class PoolRegistry {

    private static final Logger LOG = Logger.getLogger(PoolRegistry.class.getName());

    private final SortedMap<String, PoolHandle> handles;

    PoolRegistry(Map<String, PoolSettings> settings, PoolHandle.Factory factory) {
        SortedMap<String, PoolHandle> map = new TreeMap<>();
        settings.forEach((name, s) -> map.put(name, new PoolHandle(s, factory)));
        this.handles = Collections.unmodifiableSortedMap(map);
    }

    /** @return every handle by pool name, sorted */
    SortedMap<String, PoolHandle> handles() {
        return handles;
    }

    /**
     * @param name a configured pool
     * @return its handle
     * @throws IllegalArgumentException naming the configured pools when there is no such pool
     */
    PoolHandle handle(String name) {
        PoolHandle h = handles.get(name);
        if (h == null) {
            throw new IllegalArgumentException("No MCP pool '" + name + "' is configured; configured pools: "
                    + PoolConfigReader.listOrNone(handles.keySet()));
        }
        return h;
    }

    /**
     * Starts every pool that is not {@code lazy-start}, one after the other. A pool that fails to start
     * is logged, reported DOWN by its readiness check, and tried again at its next use.
     */
    void startEager() {
        Map<String, Long> startedMillis = new LinkedHashMap<>();
        for (PoolHandle h : handles.values()) {
            if (h.settings().lazyStart()) {
                LOG.info(() -> "mcpool: pool '" + h.name() + "' starts at first use (lazy-start)");
                continue;
            }
            long t0 = System.nanoTime();
            try {
                h.start();
                startedMillis.put(h.name(), (System.nanoTime() - t0) / 1_000_000);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "mcpool: pool '" + h.name() + "' did not start; its readiness check is DOWN"
                        + " and its next use tries again: "
                        + h.settings().config().redact(io.mcpool.internal.Redactor.describe(e)));
                LOG.log(Level.FINE, "mcpool: pool '" + h.name() + "' did not start", e);
            }
        }
        if (!startedMillis.isEmpty()) {
            LOG.info(() -> "mcpool: started pools (ms) " + startedMillis);
        }
    }

    /** Shuts every pool down, draining leases; idempotent. */
    void shutdownAll() {
        handles.values().forEach(PoolHandle::close);
    }
}
