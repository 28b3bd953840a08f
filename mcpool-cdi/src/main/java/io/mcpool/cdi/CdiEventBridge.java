package io.mcpool.cdi;

import io.mcpool.event.PoolEvent;
import io.mcpool.spi.PoolListener;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.spi.BeanManager;

/**
 * Fires every {@link PoolEvent} of one pool as a synchronous CDI event qualified
 * {@link McpPoolName @McpPoolName(pool)}: {@code @Observes PoolEvent} sees every pool's events,
 * {@code @Observes @McpPoolName("github") PoolEvent.SessionCreated} one kind from one pool.
 * Observers run on the thread that caused the event, as {@link PoolListener}s do.
 */
final class CdiEventBridge implements PoolListener {

    private final Event<PoolEvent> event;

    CdiEventBridge(BeanManager beanManager, String pool) {
        this.event = beanManager.getEvent().select(PoolEvent.class, McpPoolName.Literal.of(pool));
    }

    @Override
    public void onEvent(PoolEvent e) {
        event.fire(e);
    }
}
