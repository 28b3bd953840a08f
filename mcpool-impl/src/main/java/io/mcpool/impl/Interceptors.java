package io.mcpool.impl;

import io.mcpool.McpPoolException;
import io.mcpool.PoolConfig;
import io.mcpool.Transport;
import io.mcpool.internal.Redactor;
import io.mcpool.spi.McpOperation;
import io.mcpool.spi.OperationInterceptor;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * The pool's {@link OperationInterceptor}s, applied around each MCP request, and the caller's context
 * (SLF4J's MDC, and whatever the interceptors propagate) carried to work done on the caller's behalf on
 * the pool's threads. With no interceptor, a request costs one volatile read more.
 */
final class Interceptors {

    private final String poolName;
    private final Supplier<PoolConfig> config;
    private final List<OperationInterceptor> chain = new CopyOnWriteArrayList<>();
    private volatile OperationInterceptor[] current = new OperationInterceptor[0];
    private volatile Server server;

    Interceptors(String poolName, Supplier<PoolConfig> config) {
        this.poolName = poolName;
        this.config = config;
    }

    void add(OperationInterceptor interceptor) {
        chain.add(Objects.requireNonNull(interceptor, "interceptor"));
        current = chain.toArray(OperationInterceptor[]::new);
    }

    void remove(OperationInterceptor interceptor) {
        chain.remove(interceptor);
        current = chain.toArray(OperationInterceptor[]::new);
    }

    /** @return true while no interceptor is added: a request can be sent without {@link #around} */
    boolean isEmpty() {
        return current.length == 0;
    }

    /**
     * Sends one request through the interceptors.
     *
     * @param session the session that carries it
     * @param method  one of {@link McpOperation}'s method names
     * @param target  the tool, prompt or resource acted on, or null
     * @param attempt 0, or 1 for a repeat on a fresh session
     * @param send    sends the request with the given {@code _meta} entries
     */
    <T> T around(ManagedSession session, String method, String target, int attempt,
            Function<Map<String, Object>, T> send) {
        OperationInterceptor[] all = current;
        if (all.length == 0) {
            return send.apply(Map.of());
        }
        McpOperation operation = operation(session, method, target, attempt);
        Sending<T> sending = new Sending<>(send);
        return guarded(operation, sending, () -> nest(all, 0, operation, Map.of(), sending));
    }

    /**
     * Sends one request that does not block through the interceptors ({@link OperationInterceptor#interceptAsync}).
     *
     * @param send sends the request with the given {@code _meta} entries and returns at once
     * @return a stage completing with the request's outcome
     */
    <T> CompletionStage<T> aroundAsync(ManagedSession session, String method, String target, int attempt,
            Function<Map<String, Object>, CompletionStage<T>> send) {
        OperationInterceptor[] all = current;
        if (all.length == 0) {
            return send.apply(Map.of());
        }
        McpOperation operation = operation(session, method, target, attempt);
        Sending<CompletionStage<T>> sending = new Sending<>(send);
        return guarded(operation, sending, () -> nestAsync(all, 0, operation, Map.of(), sending));
    }

    /** Runs the chain; tells the request's own failure (which decides about the session) from an interceptor's. */
    private <T> T guarded(McpOperation operation, Sending<?> sending, Supplier<T> chain) {
        try {
            return chain.get();
        } catch (RuntimeException | Error thrown) {
            if (sending.failure != null) {
                // The request itself failed: that failure decides what becomes of the session.
                if (sending.failure != thrown) {
                    sending.failure.addSuppressed(thrown);
                }
                throw sending.failure;
            }
            if (thrown instanceof VirtualMachineError vme) {
                throw vme;
            }
            throw new InterceptorFailedException("An operation interceptor of pool '" + poolName + "' failed around "
                    + operation.displayName() + ": " + Failures.describe(thrown), thrown);
        }
    }

    /** Sends the request, remembering its failure so that it can be told from an interceptor's own. */
    private static final class Sending<T> implements Function<Map<String, Object>, T> {
        private final Function<Map<String, Object>, T> send;
        private RuntimeException failure;

        Sending(Function<Map<String, Object>, T> send) {
            this.send = send;
        }

        @Override
        public T apply(Map<String, Object> meta) {
            try {
                return send.apply(meta);
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
    }

    /** An interceptor's own failure: the request may not have been sent, and the session is not to blame. */
    static final class InterceptorFailedException extends McpPoolException {
        private static final long serialVersionUID = 1L;

        InterceptorFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Runs interceptor {@code i} around the ones after it; the {@code _meta} entries of all of them add up. */
    private static <T> T nest(OperationInterceptor[] all, int i, McpOperation operation, Map<String, Object> meta,
            Function<Map<String, Object>, T> send) {
        if (i == all.length) {
            return send.apply(meta);
        }
        return all[i].intercept(operation, added -> nest(all, i + 1, operation, merged(meta, added), send));
    }

    private static <T> CompletionStage<T> nestAsync(OperationInterceptor[] all, int i, McpOperation operation,
            Map<String, Object> meta, Function<Map<String, Object>, CompletionStage<T>> send) {
        if (i == all.length) {
            return send.apply(meta);
        }
        return all[i].interceptAsync(operation, added -> nestAsync(all, i + 1, operation, merged(meta, added), send));
    }

    private static Map<String, Object> merged(Map<String, Object> outer, Map<String, Object> inner) {
        if (inner == null || inner.isEmpty()) {
            return outer;
        }
        if (outer.isEmpty()) {
            return inner;
        }
        Map<String, Object> all = new HashMap<>(outer);
        all.putAll(inner);
        return all;
    }

    /**
     * @param work what a pool thread will run for the calling thread
     * @return {@code work} wrapped to run with the calling thread's MDC and interceptors' context
     */
    Runnable carry(Runnable work) {
        Runnable wrapped = work;
        OperationInterceptor[] all = current;
        for (int i = all.length - 1; i >= 0; i--) {
            wrapped = all[i].propagate(wrapped);
        }
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        if (mdc == null || mdc.isEmpty()) {
            return wrapped;
        }
        Runnable inner = wrapped;
        return () -> {
            Map<String, String> before = MDC.getCopyOfContextMap();
            MDC.setContextMap(mdc);
            try {
                inner.run();
            } finally {
                if (before == null) {
                    MDC.clear();
                } else {
                    MDC.setContextMap(before);
                }
            }
        };
    }

    private McpOperation operation(ManagedSession session, String method, String target, int attempt) {
        Server where = server();
        // The session's revision: agreed in initialize (session-based), or 2026-07-28 (null before it is known).
        String version = McpOperation.INITIALIZE.equals(method) ? null : session.protocolVersion();
        String shown = target != null && McpOperation.RESOURCES_READ.equals(method) ? Redactor.redactUrl(target) : target;
        return new McpOperation(poolName, method, shown, session.id(), session.key(), where.transport, where.host,
                where.port, version, attempt);
    }

    /** Where the pool's server is, worked out once per configuration. */
    private Server server() {
        PoolConfig c = config.get();
        Server s = server;
        if (s == null || s.config != c) {
            s = Server.of(c);
            server = s;
        }
        return s;
    }

    private record Server(PoolConfig config, Transport transport, String host, int port) {
        static Server of(PoolConfig c) {
            if (c.transport() == Transport.STDIO || c.endpoint() == null) {
                return new Server(c, c.transport(), null, -1);
            }
            URI uri = URI.create(c.endpoint());
            int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            return new Server(c, c.transport(), uri.getHost(), port);
        }
    }
}
