package io.mcpool.spi;

import io.mcpool.event.PoolEvent;

/**
 * Receives the pool's {@link PoolEvent}s, synchronously on the thread that caused them (borrow and
 * return events on the borrower's thread). Keep it fast; a listener that throws is logged and
 * ignored.
 */
@FunctionalInterface
public interface PoolListener {

    /** @param event what happened */
    void onEvent(PoolEvent event);
}
