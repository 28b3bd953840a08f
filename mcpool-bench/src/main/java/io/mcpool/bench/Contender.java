package io.mcpool.bench;

import java.util.function.Supplier;

/**
 * One {@link Way} set up against a target: hands each worker thread its {@link Call}, and closes
 * what it opened (pool, clients, processes).
 */
public final class Contender implements AutoCloseable {

    /** One MCP tool call, made by one thread; throws when the call failed. */
    @FunctionalInterface
    public interface Call {
        /** Makes the call. */
        void run();
    }

    private final Supplier<Call> callers;
    private final AutoCloseable resources;

    Contender(Supplier<Call> callers, AutoCloseable resources) {
        this.callers = callers;
        this.resources = resources;
    }

    /**
     * The call of one thread; for dedicated clients this connects that thread's client, so call it
     * before measuring.
     *
     * @return the call
     */
    public Call caller() {
        return callers.get();
    }

    /** Closes the pool or the clients. */
    @Override
    public void close() {
        if (resources != null) {
            try {
                resources.close();
            } catch (Exception e) {
                // Closing after the measurement: nothing depends on it.
            }
        }
    }
}
