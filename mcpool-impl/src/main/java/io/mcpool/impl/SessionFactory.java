package io.mcpool.impl;

import io.mcpool.spi.AuthProvider;
import io.mcpool.PoolConfig;
import io.mcpool.internal.Redactor;
import io.mcpool.SessionCreationException;
import io.mcpool.SessionKey;
import io.mcpool.spi.WarmupHook;
import io.mcpool.impl.transport.TransportBuilder;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.pool2.KeyedPooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where a session's life is decided, in Commons Pool's terms: {@code makeObject}
 * connects, initializes and warms a session for its key; {@code validateObject} is the idle health
 * probe; {@code destroyObject} closes the client and its transport (a stdio server process dies).
 *
 * <p>The network part of a creation (connect, {@code initialize}, warm-up) that a borrower asked for
 * runs on a connector thread of the pool while the borrower waits for it. A borrower interrupted
 * meanwhile returns at once, and the creation it gave up finishes on the connector and is then closed
 * properly: cutting an {@code initialize} short would leave a session on the server whose id the
 * client never learned, so it could never be closed. The slot the creation took is held until that
 * close is done.
 */
final class SessionFactory implements KeyedPooledObjectFactory<SessionKey, ManagedSession> {

    private static final Logger LOG = LoggerFactory.getLogger(SessionFactory.class);

    private final DefaultMcpPool pool;
    private final PoolConfig config;
    private final TransportBuilder transports;
    private final AtomicLong sequence = new AtomicLong();
    private final ThreadPoolExecutor connector;
    /** The name Commons Pool 2 gives its one evictor thread, shared by every pool in the JVM. */
    private static final String COMMONS_POOL_EVICTOR = "commons-pool-evictor";

    SessionFactory(DefaultMcpPool pool, PoolConfig config, TransportBuilder transports) {
        this.pool = pool;
        this.config = config;
        this.transports = transports;
        // Threads only while creations run: the capacity gate bounds how many run at once.
        this.connector = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                new NamedThreadFactory("mcpool-" + config.name() + "-connector"));
    }

    @Override
    public PooledObject<ManagedSession> makeObject(SessionKey key) throws Exception {
        if (!pool.acquireCapacity(key)) {
            throw new NoCapacityException();
        }
        try {
            return new DefaultPooledObject<>(pool.guard().create(() -> create(key)));
        } catch (AbandonedCreation e) {
            throw e; // its slot is released when the abandoned creation has been closed
        } catch (Exception | Error e) {
            pool.releaseCapacity();
            throw e;
        }
    }

    /** One creation attempt; the guard around it retries and counts failures for the breaker. */
    private ManagedSession create(SessionKey key) throws Exception {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("interrupted before creating a session");
        }
        long start = System.nanoTime();
        ManagedSession session = newSession(key, start);
        Map<String, String> headers;
        try {
            // On the creating thread: an AuthProvider may rely on its context (a request scope, say).
            headers = headersFor(key);
        } catch (Exception e) {
            throw creationFailed(key, e);
        }
        CompletableFuture<McpSyncClient> connecting = new CompletableFuture<>();
        try {
            Runnable connect = () -> {
                try {
                    connecting.complete(connect(session, key, headers));
                } catch (Throwable failure) {
                    connecting.completeExceptionally(failure);
                }
            };
            if (NamedThreadFactory.onPoolThread()) {
                connect.run(); // warm-up and recycling: no borrower to give up on it, no thread hop
            } else {
                connector.execute(connect);
            }
            connecting.get();
        } catch (InterruptedException interrupted) {
            connecting.whenComplete((client, failure) -> closeAbandoned(session, client));
            Thread.currentThread().interrupt();
            throw new AbandonedCreation();
        } catch (ExecutionException | RejectedExecutionException e) {
            Throwable failure = e instanceof ExecutionException ? e.getCause() : e;
            if (failure instanceof VirtualMachineError vme) {
                throw vme;
            }
            throw creationFailed(key, failure);
        }
        long end = System.nanoTime();
        session.created(end);
        pool.onSessionCreated(session, Duration.ofNanos(end - start));
        return session;
    }

    private SessionCreationException creationFailed(SessionKey key, Throwable failure) {
        SessionCreationException error = new SessionCreationException("Pool '" + config.name()
                + "' could not create a session (" + key + ") to " + config.redactedEndpoint() + " within connectTimeout="
                + config.connectTimeout() + ": " + Failures.describe(failure)
                + "; check that the server is up and reachable", failure);
        pool.onCreationFailed(key, error);
        return error;
    }

    /** Connects, initializes and warms {@code session} up; on failure everything it opened is closed. */
    private McpSyncClient connect(ManagedSession session, SessionKey key, Map<String, String> headers)
            throws Exception {
        McpSyncClient client = null;
        try {
            McpClientTransport transport = transports.build(key, headers);
            client = McpClient.sync(new PoolManagedTransport(transport, lost -> pool.onSessionLost(session, lost)))
                    .requestTimeout(config.requestTimeout())
                    .initializationTimeout(config.connectTimeout())
                    .clientInfo(new McpSchema.Implementation(config.clientName(), config.clientVersion()))
                    .transportContextProvider(session::transportContext)
                    .toolsChangeConsumer(tools -> pool.onToolsListChanged(session))
                    .build();
            session.client(client);
            session.beginInternalUse();
            try {
                client.initialize();
                WarmupHook hook = config.warmupHook();
                if (hook != null) {
                    hook.warmUp(client, key);
                }
            } finally {
                session.endInternalUse();
            }
            session.process(StdioProcess.of(transport).orElse(null));
            return client;
        } catch (Exception | Error failure) {
            if (client != null) {
                closeQuietly(session, client);
            }
            throw failure;
        }
    }

    /** The end of a creation whose borrower was interrupted: close what it opened, then free its slot. */
    private void closeAbandoned(ManagedSession session, McpSyncClient client) {
        try {
            if (client != null) {
                session.markDestroyed();
                closeQuietly(session, client);
                LOG.debug("Closed {}: its borrower was interrupted while it was being created", session);
            }
        } finally {
            pool.releaseCapacity();
        }
    }

    /** Stops the connector threads once the creations under way (and abandoned ones) are done. */
    boolean shutdown(Duration timeout) throws InterruptedException {
        connector.shutdown();
        return connector.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * A creation given up by its interrupted borrower. It is still an {@link InterruptedException} to
     * everyone above; only {@link #makeObject} tells it apart, to leave the slot to the creation's end.
     */
    static final class AbandonedCreation extends InterruptedException {
        private static final long serialVersionUID = 1L;

        AbandonedCreation() {
            super("interrupted while a session was being created; it is closed when its creation ends");
        }
    }

    private ManagedSession newSession(SessionKey key, long now) {
        return new ManagedSession(config.name() + "-" + sequence.incrementAndGet(), key, pool.generation(), now,
                ThreadLocalRandom.current().nextDouble());
    }

    private Map<String, String> headersFor(SessionKey key) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>(config.headers());
        // The static token is the pool's own identity: it is never lent to a tenant's session.
        if (config.bearerToken() != null && key.tenant() == null) {
            headers.put("Authorization", "Bearer " + config.bearerToken());
        }
        AuthProvider auth = config.authProvider();
        if (auth != null) {
            Map<String, String> provided = auth.headers(key);
            if (provided == null) {
                throw new IllegalStateException("AuthProvider " + auth.getClass().getName() + " returned null for "
                        + key + "; return an empty map for no headers");
            }
            headers.putAll(provided);
        }
        return headers;
    }

    /**
     * Closes the session; its capacity slot is released only once it is closed. On Commons Pool's
     * evictor thread the close is handed to the pool's workers: that one thread serves every Commons
     * pool in the JVM, and a slow close (a stdio process, a server that does not answer) would hold
     * up the health checks and idle sweeps of all of them.
     */
    @Override
    public void destroyObject(SessionKey key, PooledObject<ManagedSession> pooled) {
        ManagedSession session = pooled.getObject();
        if (!session.markDestroyed()) {
            return;
        }
        session.closing();
        if (Thread.currentThread().getName().equals(COMMONS_POOL_EVICTOR)) {
            pool.runClose(() -> close(session));
        } else {
            close(session);
        }
    }

    private void close(ManagedSession session) {
        McpSyncClient client = session.client();
        try {
            if (client != null) {
                closeQuietly(session, client);
            }
        } finally {
            pool.releaseCapacity();
        }
        pool.onSessionDestroyed(session);
    }

    private void closeQuietly(ManagedSession session, McpSyncClient client) {
        session.beginInternalUse();
        // Closing must finish even on an interrupted thread: it is what tells the server (DELETE) and
        // ends the stdio process. The flag is restored afterwards.
        boolean interrupted = Thread.interrupted();
        try {
            if (!client.closeGracefully()) {
                client.close();
            }
        } catch (RuntimeException e) {
            LOG.debug("Closing {} failed; the session is gone either way", session, e);
        } finally {
            session.endInternalUse();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        Optional.ofNullable(session.process()).ifPresent(SessionFactory::killIfAlive);
    }

    private static void killIfAlive(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean validateObject(SessionKey key, PooledObject<ManagedSession> pooled) {
        return pool.probe(pooled.getObject());
    }

    @Override
    public void activateObject(SessionKey key, PooledObject<ManagedSession> pooled) {
        // Lending decisions are made by the pool (DefaultMcpPool.isLendable), not here.
    }

    @Override
    public void passivateObject(SessionKey key, PooledObject<ManagedSession> pooled) {
        // Nothing to reset: per-lease state lives in the lease, not in the session.
    }

    @Override
    public String toString() {
        return "SessionFactory{" + config.name() + " -> " + Redactor.redactUrl(config.redactedEndpoint()) + '}';
    }
}
