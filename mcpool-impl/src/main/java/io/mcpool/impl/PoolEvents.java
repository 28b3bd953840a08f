package io.mcpool.impl;

import io.mcpool.event.PoolEvent;
import io.mcpool.spi.PoolListener;
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
