package io.mcpool.impl;

import io.mcpool.PoolConfig;
import io.mcpool.event.PoolEvent;
import io.mcpool.spi.PoolListener;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to listeners, synchronously. An event is only built when someone listens, so an
 * unobserved pool pays nothing on the borrow path. A listener that throws is logged and ignored.
 */
final class PoolEvents {

    private static final Logger LOG = LoggerFactory.getLogger(PoolEvents.class);

    private final List<PoolListener> listeners = new CopyOnWriteArrayList<>();

    void add(PoolListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    void remove(PoolListener listener) {
        listeners.remove(listener);
    }

    /** After a change of configuration at runtime: logged (secrets masked), and resized when the limits moved. */
    void reconfigured(PoolConfig old, PoolConfig changed) {
        LOG.info("Pool '{}' reconfigured: {}", changed.name(), RuntimeChanges.describe(old, changed));
        if (old.minSessions() != changed.minSessions() || old.maxSessions() != changed.maxSessions()) {
            fire(() -> new PoolEvent.PoolResized(changed.name(), Instant.now(), old.minSessions(), old.maxSessions(),
                    changed.minSessions(), changed.maxSessions()));
        }
    }

    /** After every upstream {@code tools/list}: the refresh, and a schema change when the definitions differ. */
    void toolsRefreshed(String poolName, String previousHash, String newHash, int toolCount) {
        fire(() -> new PoolEvent.ToolsRefreshed(poolName, Instant.now(), toolCount, newHash));
        if (previousHash != null && !previousHash.equals(newHash)) {
            LOG.info("Pool '{}': the server's tool definitions changed ({} tools)", poolName, toolCount);
            fire(() -> new PoolEvent.SchemaChanged(poolName, Instant.now(), previousHash, newHash, toolCount));
        }
    }

    void fire(Supplier<? extends PoolEvent> event) {
        if (listeners.isEmpty()) {
            return;
        }
        PoolEvent e = event.get();
        for (PoolListener listener : listeners) {
            try {
                listener.onEvent(e);
            } catch (RuntimeException | Error failure) {
                if (failure instanceof VirtualMachineError vme) {
                    throw vme;
                }
                LOG.warn("Pool listener {} threw on {}; ignored", listener, e.type(), failure);
            }
        }
    }
}
