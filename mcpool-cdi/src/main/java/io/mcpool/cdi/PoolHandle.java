package io.mcpool.cdi;

import io.mcpool.config.PoolSettings;
import io.mcpool.McpPool;
import io.mcpool.PoolClosedException;
import io.mcpool.PoolState;
import io.mcpool.SessionCreationException;
import io.mcpool.spi.PoolListener;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The stable face of one configured pool: the {@code @ApplicationScoped} bean instance is a
 * {@link McpPool} proxy backed by this handle, which creates and starts the real pool on first use
 * (at application start unless {@code lazy-start}) and, when a start fails, discards that pool so
 * the next use tries again with a new one: a pool whose server was down at deployment recovers
 * when the server comes back. Methods that only observe ({@code name}, {@code isStarted},
 * {@code isReady}, {@code isDegraded}, {@code state}) and listener registration never start it.
 */
final class PoolHandle implements InvocationHandler {

    /** Where a handle is in its life. */
    enum Status {
        /** Not used yet (a lazy pool, or before the application started). */
        NOT_STARTED,
        /** Its pool is starting. */
        STARTING,
        /** Its pool runs. */
        RUNNING,
        /** The last start failed; the next use tries again. */
        FAILED,
        /** Shut down: by the application's end, by {@code shutdown()} or by an operator. */
        STOPPED;

        /** @return the name health checks report, e.g. {@code not-started} */
        String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** A created pool and what undoes its wiring. */
    record Wired(McpPool pool, Runnable unwire) {
    }

    /** Creates and wires a pool for a handle. */
    @FunctionalInterface
    interface Factory {
        /**
         * @param settings the pool's settings
         * @return a created, wired, not yet started pool
         */
        Wired create(PoolSettings settings);
    }

    private static final Logger LOG = Logger.getLogger(PoolHandle.class.getName());

    private final PoolSettings settings;
    private final Factory factory;
    private final McpPool proxy;
    private final List<PoolListener> listeners = new CopyOnWriteArrayList<>();
    private volatile Wired current;
    private volatile boolean started;
    private volatile RuntimeException lastFailure;
    private volatile boolean closed;
    /** Start attempts finished, successful or not: callers that waited on one share its outcome. */
    private volatile int attempts;

    PoolHandle(PoolSettings settings, Factory factory) {
        this.settings = settings;
        this.factory = factory;
        this.proxy = (McpPool) Proxy.newProxyInstance(McpPool.class.getClassLoader(), new Class<?>[] {McpPool.class}, this);
    }

    /** @return the pool as the application sees it */
    McpPool proxy() {
        return proxy;
    }

    String name() {
        return settings.name();
    }

    PoolSettings settings() {
        return settings;
    }

    Status status() {
        if (closed) {
            return Status.STOPPED;
        }
        Wired w = current;
        if (w == null) {
            return lastFailure == null ? Status.NOT_STARTED : Status.FAILED;
        }
        if (!started) {
            return Status.STARTING;
        }
        return w.pool().isStarted() ? Status.RUNNING : Status.STOPPED;
    }

    /** @return the real pool once created (it may be starting, running or shut down) */
    Optional<McpPool> pool() {
        Wired w = current;
        return w == null ? Optional.empty() : Optional.of(w.pool());
    }

    /** @return the real pool when it was started and is not shut down */
    Optional<McpPool> running() {
        Wired w = current;
        return w != null && started && !closed && w.pool().isStarted() ? Optional.of(w.pool()) : Optional.empty();
    }

    /** @return why the last start failed, when it did and no start succeeded since */
    Optional<RuntimeException> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    /**
     * Creates and starts the pool unless that was done.
     *
     * @return the real pool
     * @throws PoolClosedException when the handle was closed
     * @throws RuntimeException    what the pool's {@code start()} threw (the pool is discarded)
     */
    McpPool start() {
        Wired w = current;
        if (w != null && started) {
            return w.pool();
        }
        int seen = attempts;
        synchronized (this) {
            if (closed) {
                throw new PoolClosedException("Pool '" + name() + "' was shut down with its application");
            }
            if (current != null) {
                return current.pool(); // started, or being started by this very thread (an event observer)
            }
            RuntimeException failure = lastFailure;
            if (failure != null && attempts != seen) {
                // A start attempt failed while this caller waited for it: share that outcome instead of
                // queueing one more connect timeout behind it. The next caller tries again.
                throw new SessionCreationException(failure.getMessage(), failure);
            }
            Wired fresh = factory.create(settings);
            listeners.forEach(fresh.pool()::addListener);
            current = fresh;
            try {
                fresh.pool().start();
            } catch (RuntimeException e) {
                lastFailure = e;
                current = null;
                discard(fresh);
                throw e;
            } finally {
                attempts++;
            }
            lastFailure = null;
            started = true;
            return fresh.pool();
        }
    }

    /** @return the pool's state; {@code NEW} while a lazy pool waits for its first use (or a retry of its start) */
    private PoolState state() {
        Wired w = current;
        if (w != null) {
            return w.pool().state();
        }
        return closed ? PoolState.CLOSED : PoolState.NEW;
    }

    /** Shuts the pool down (draining leases for its {@code drainTimeout}) and undoes its wiring. Idempotent. */
    void close() {
        Wired w;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            w = current;
        }
        if (w != null) {
            discard(w);
        }
    }

    private void discard(Wired w) {
        try {
            w.pool().shutdown();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "mcpool: shutting down pool '" + name() + "' failed: "
                    + settings.config().redact(io.mcpool.internal.Redactor.describe(e)));
            LOG.log(Level.FINE, "mcpool: shutting down pool '" + name() + "' failed", e);
        } finally {
            w.unwire().run();
        }
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
        String m = method.getName();
        int n = method.getParameterCount();
        if (method.getDeclaringClass() == Object.class) {
            return switch (m) {
                case "equals" -> self == args[0];
                case "hashCode" -> System.identityHashCode(self);
                default -> "McpPool[" + name() + "]";
            };
        }
        if (n == 0) {
            switch (m) {
                case "name":
                    return name();
                case "isStarted":
                    return running().isPresent();
                case "isReady":
                    return running().map(McpPool::isReady).orElse(false);
                case "isDegraded":
                    return running().map(McpPool::isDegraded).orElse(false);
                case "state":
                    return state();
                case "start":
                    start();
                    return null;
                case "shutdown":
                case "close":
                    close();
                    return null;
                default:
                    break;
            }
        }
        if (n == 1 && method.getParameterTypes()[0] == PoolListener.class) {
            PoolListener listener = (PoolListener) args[0];
            Wired w = current;
            if (m.equals("addListener")) {
                listeners.add(listener);
                if (w != null) {
                    w.pool().addListener(listener);
                }
                return null;
            }
            if (m.equals("removeListener")) {
                listeners.remove(listener);
                if (w != null) {
                    w.pool().removeListener(listener);
                }
                return null;
            }
        }
        McpPool target = start();
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
