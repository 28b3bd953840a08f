package io.mcpool.impl.manager;

import io.mcpool.CircuitState;
import io.mcpool.McpPool;
import io.mcpool.event.PoolEvent;
import io.mcpool.manager.PoolAvailability;
import io.mcpool.spi.PoolListener;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One pool of a manager, with what the manager needs to know to choose it cheaply: its weight,
 * whether the manager tried to start it, and its breaker state, followed through the pool's
 * {@link PoolEvent.CircuitStateChanged} events instead of asking for a full metrics snapshot per
 * borrow. Callers waiting inside the pool's borrow are registered ({@link #enter()}) and released when
 * the breaker opens, so that they fail over instead of waiting out their budget on a pool that is down.
 */
final class ManagedPool implements PoolListener {

    private final String name;
    private final McpPool pool;
    private final int weight;
    private final AtomicReference<CircuitState> circuit = new AtomicReference<>();
    private volatile boolean startRequested;
    private volatile boolean stopRequested;
    private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();

    ManagedPool(String name, McpPool pool, int weight) {
        this.name = name;
        this.pool = pool;
        this.weight = weight;
        pool.addListener(this);
        // Listening first, then reading: a change in between is not lost, the event wins.
        try {
            circuit.compareAndSet(null, pool.metrics().circuitState());
        } catch (RuntimeException notStartable) {
            // A pool that starts on first use (CDI's lazy pools) and cannot start now: its
            // availability says so; its breaker state follows from its events once it runs.
            circuit.compareAndSet(null, CircuitState.CLOSED);
        }
    }

    String name() {
        return name;
    }

    McpPool pool() {
        return pool;
    }

    int weight() {
        return weight;
    }

    void start() {
        startRequested = true;
        pool.start();
    }

    /** Stops following the pool's events; the pool is no longer this manager's. */
    void detach() {
        pool.removeListener(this);
    }

    /** Detaches and shuts the pool down (waiting for its leases up to its drainTimeout). */
    void shutdown() {
        stopRequested = true;
        detach();
        pool.shutdown();
    }

    /** Cheap: two volatile reads in the pool and one here. */
    PoolAvailability availability() {
        if (!pool.isStarted()) {
            return startRequested || stopRequested ? PoolAvailability.STOPPED : PoolAvailability.NOT_STARTED;
        }
        if (pool.isDegraded()) {
            return PoolAvailability.DEGRADED;
        }
        if (circuit.get() == CircuitState.OPEN) {
            return PoolAvailability.CIRCUIT_OPEN;
        }
        return PoolAvailability.AVAILABLE;
    }

    /**
     * Registers the calling thread as waiting in this pool's borrow. Register first, then check
     * {@link #availability()}: a breaker that opens in between is then either seen by the check or
     * releases the caller.
     */
    Waiter enter() {
        Waiter w = new Waiter();
        waiters.add(w);
        return w;
    }

    /**
     * @param w a waiter of {@link #enter()}
     * @return true when it was released because the pool went down
     */
    boolean leave(Waiter w) {
        waiters.remove(w);
        return w.leave();
    }

    @Override
    public void onEvent(PoolEvent event) {
        if (event instanceof PoolEvent.CircuitStateChanged changed) {
            circuit.set(changed.to());
            if (changed.to() == CircuitState.OPEN) {
                // The thread whose failure opened the breaker (events are fired on it) is on its way
                // out of the borrow already: the open breaker ends its retries.
                waiters.forEach(w -> w.releaseUnlessCurrent());
            }
        }
    }

    @Override
    public String toString() {
        return "ManagedPool{" + name + ", weight=" + weight + ", " + availability() + '}';
    }
}
