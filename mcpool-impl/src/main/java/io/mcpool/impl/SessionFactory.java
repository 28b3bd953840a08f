package io.mcpool.impl;

import io.mcpool.AuthProvider;
import io.mcpool.PoolConfig;
import io.mcpool.Redactor;
import io.mcpool.SessionCreationException;
import io.mcpool.SessionKey;
import io.mcpool.WarmupHook;
import io.mcpool.impl.transport.TransportBuilder;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
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
 */
final class SessionFactory implements KeyedPooledObjectFactory<SessionKey, ManagedSession> {

    private static final Logger LOG = LoggerFactory.getLogger(SessionFactory.class);

    private final DefaultMcpPool pool;
    private final PoolConfig config;
    private final TransportBuilder transports;
    private final AtomicLong sequence = new AtomicLong();

    SessionFactory(DefaultMcpPool pool, PoolConfig config, TransportBuilder transports) {
        this.pool = pool;
        this.config = config;
        this.transports = transports;
    }

    @Override
    public PooledObject<ManagedSession> makeObject(SessionKey key) throws Exception {
        if (!pool.acquireCapacity(key)) {
            throw new NoCapacityException();
        }
        try {
            return new DefaultPooledObject<>(pool.guard().create(() -> create(key)));
        } catch (Exception | Error e) {
            pool.releaseCapacity();
            throw e;
        }
    }

    /** One creation attempt; the guard around it retries and counts failures for the breaker. */
    private ManagedSession create(SessionKey key) throws Exception {
        if (Thread.currentThread().isInterrupted()) {
            // Before any I/O: an initialize cut short by an interrupt can leave a session on the
            // server whose id the client never learned, so it could never be closed.
            throw new InterruptedException("interrupted before creating a session");
        }
        long start = System.nanoTime();
        ManagedSession session = newSession(key, start);
        McpSyncClient client = null;
        try {
            McpClientTransport transport = transports.build(key, headersFor(key));
            client = McpClient.sync(transport)
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
        } catch (Exception | Error failure) {
            if (failure instanceof VirtualMachineError vme) {
                throw vme;
            }
            if (client != null) {
                closeQuietly(session, client);
            }
            SessionCreationException error = new SessionCreationException("Pool '" + config.name()
                    + "' could not create a session (" + key + ") to " + config.redactedEndpoint() + " within connectTimeout="
                    + config.connectTimeout() + ": " + Failures.describe(failure)
                    + "; check that the server is up and reachable", failure);
            pool.onCreationFailed(key, error);
            throw error;
        }
        pool.onSessionCreated(session, Duration.ofNanos(System.nanoTime() - start));
        return session;
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

    @Override
    public void destroyObject(SessionKey key, PooledObject<ManagedSession> pooled) {
        ManagedSession session = pooled.getObject();
        if (!session.markDestroyed()) {
            return;
        }
        session.closing();
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
