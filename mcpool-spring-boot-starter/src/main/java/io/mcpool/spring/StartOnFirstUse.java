package io.mcpool.spring;

import io.mcpool.McpPool;
import io.mcpool.PoolState;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;

/**
 * The bean of a {@code lazy-start} pool: the pool, started by the first call that uses it (a borrow,
 * a tool call, a tools listing, {@code awaitReady}) instead of at application start. Calls that only
 * observe or manage it ({@code name}, {@code state}, {@code metrics}, listeners, {@code close}, ...) do
 * not start it, so health and metrics never do. A failed start fails that call; the pool is then
 * closed, as {@link McpPool#start()} leaves it.
 */
final class StartOnFirstUse implements InvocationHandler {

    /** McpPool methods that never start the pool. */
    private static final Set<String> OBSERVING = Set.of("name", "config", "state", "isStarted", "isReady",
            "isDegraded", "metrics", "debugSnapshot", "addListener", "removeListener", "shutdown", "close",
            "start", "invalidateToolsCache", "toString", "hashCode", "equals");

    private final McpPool pool;
    private volatile boolean started;

    private StartOnFirstUse(McpPool pool) {
        this.pool = pool;
    }

    /**
     * @param pool a pool not started yet
     * @return the pool as a bean that starts it at its first use
     */
    static McpPool wrap(McpPool pool) {
        return (McpPool) Proxy.newProxyInstance(McpPool.class.getClassLoader(), new Class<?>[] {McpPool.class},
                new StartOnFirstUse(pool));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getName().equals("equals") && args != null && args.length == 1) {
            return proxy == args[0];
        }
        if (method.getName().equals("hashCode") && method.getParameterCount() == 0) {
            return System.identityHashCode(proxy);
        }
        if (!OBSERVING.contains(method.getName())) {
            startOnce();
        }
        try {
            return method.invoke(pool, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Callers that arrive while the first one starts the pool wait for it, then use the started pool. */
    private void startOnce() {
        if (started) {
            return;
        }
        synchronized (this) {
            if (!started && pool.state() == PoolState.NEW) {
                pool.start();
            }
            started = true;
        }
    }
}
