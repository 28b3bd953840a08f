package io.mcpool.impl;

import io.mcpool.PoolConfig;
import io.mcpool.SessionCreationException;
import io.mcpool.SessionKey;
import io.mcpool.impl.transport.TransportBuilder;
import io.mcpool.spi.McpOperation;
import io.mcpool.spi.WarmupHook;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a session's life begins and ends: {@link #create} takes a slot of {@code maxSessions},
 * connects, initializes and warms a session for its key (under the {@link CreationGuard}'s retries and
 * breaker); {@link #destroy} closes the client and its transport (a stdio server process dies) and
 * frees the slot.
 *
 * <p>The network part of a creation that a borrower waits for runs on a connector thread of the pool.
 * A borrower interrupted meanwhile returns at once, and the creation it gave up finishes on the
 * connector and is then closed properly: cutting an {@code initialize} short would leave a session on
 * the server whose id the client never learned, so it could never be closed. The slot the creation
 * took is held until that close is done.
 */
final class SessionFactory {

    private static final Logger LOG = LoggerFactory.getLogger(SessionFactory.class);

    /** What the factory reports about the sessions it makes; never calls back into the factory. */
    interface Listener {
        /** A session was made for {@code request}, in {@code took}. */
        void created(ManagedSession session, Duration took, CreationRequest request);

        void creationFailed(SessionKey key, SessionCreationException error);

        /** The server no longer knows {@code session} (its transport saw "session not found"). */
        void lost(ManagedSession session, Throwable cause);

        /** A request of {@code session} failed in its transport: the session is not to be trusted again. */
        void transportFailed(ManagedSession session, Throwable failure);

        /** The server said its tool list changed. */
        void toolsChanged(ManagedSession session);

        /** {@code session} is closed and its slot free. */
        void destroyed(ManagedSession session);
    }

    private final PoolConfig config;
    private final TransportBuilder transports;
    private final CreationGuard guard;
    private final CapacityGate capacity;
    private final LongSupplier generation;
    private final Listener listener;
    private final PoolResources resources;
    private final Interceptors interceptors;
    private final ClientFeatures features;
    private final EraProbe eras;
    private final ModernSessions modern;
    private final PoolLifecycle lifecycle;
    private final AtomicLong sequence = new AtomicLong();

    SessionFactory(PoolConfig config, TransportBuilder transports, CreationGuard guard, CapacityGate capacity,
            LongSupplier generation, Listener listener, PoolResources resources, Interceptors interceptors,
            EraProbe eras, ModernSessions modern, PoolLifecycle lifecycle) {
        this.config = config;
        this.transports = transports;
        this.guard = guard;
        this.capacity = capacity;
        this.generation = generation;
        this.listener = listener;
        this.resources = resources;
        this.interceptors = interceptors;
        this.features = new ClientFeatures(config);
        this.eras = eras;
        this.modern = modern;
        this.lifecycle = lifecycle;
    }

    /**
     * Makes a session of {@code key}.
     *
     * @throws NoCapacityException when {@code maxSessions} are open: nothing was started
     * @throws io.mcpool.PoolClosedException when the pool is shutting down: nothing was started (a borrower that
     *     waited in Commons Pool since before the shutdown may still ask)
     * @throws Exception           the creation's failure, after the guard's retries
     */
    ManagedSession create(SessionKey key, CreationRequest request) throws Exception {
        if (!lifecycle.isOpen()) {
            throw lifecycle.closedError();
        }
        if (!capacity.tryAcquire()) {
            throw new NoCapacityException();
        }
        try {
            return guard.create(request, () -> attempt(key, request));
        } catch (AbandonedCreation e) {
            throw e; // its slot is released when the abandoned creation has been closed
        } catch (Exception | Error e) {
            capacity.release();
            throw e;
        }
    }

    /** One creation attempt; the guard around it retries and counts failures for the breaker. */
    private ManagedSession attempt(SessionKey key, CreationRequest request) throws Exception {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("interrupted before creating a session");
        }
        long start = System.nanoTime();
        ManagedSession session = new ManagedSession(config.name() + "-" + sequence.incrementAndGet(), key,
                generation.getAsLong(), start, ThreadLocalRandom.current().nextDouble());
        Map<String, String> headers = fixedHeaders(key);
        if (stateless(session, key)) {
            // A handle on the shared 2026-07-28 client: nothing to connect, no thread hop.
        } else if (!request.hasBorrower()) {
            // Warm-up, top-up, recycling: no borrower to give up on it, no thread hop.
            connectOrFail(session, key, headers);
        } else {
            awaitConnect(session, key, headers);
        }
        long end = System.nanoTime();
        session.created(end);
        listener.created(session, Duration.ofNanos(end - start), request);
        askAgainAfterACrash(session);
        return session;
    }

    /**
     * @return true when the endpoint speaks the stateless revision, and {@code session} is now a handle on the shared
     *     client (over stdio: on a server process of its own); false for a session-based endpoint (the session is to
     *     be connected)
     */
    private boolean stateless(ManagedSession session, SessionKey key) throws Exception {
        boolean[] asked = {false};
        session.beginInternalUse();
        try {
            EraProbe.Era era = eras.resolve(() -> {
                asked[0] = true;
                return discover(session);
            });
            if (!era.stateless()) {
                // Over stdio the probe's process stays unused: the session-based SDK transport starts its own.
                ModernSessions.closeStdio(session);
                return false;
            }
            session.stateless(modern.clientFor(session), () -> modern.discover(session), era.version());
            session.modernAsyncClient(modern.asyncClientFor(session));
            session.answersInputWith(new InputRounds(features, session));
            if (session.modernStdio() != null && !asked[0]) {
                // A new server process is ready when it answers, within connectTimeout: a server that cannot start
                // fails its creation (retried, counted by the breaker), not the first call made on it.
                discover(session);
            }
            return true;
        } catch (InterruptedException e) {
            ModernSessions.closeStdio(session);
            modern.failed(session);
            throw e;
        } catch (VirtualMachineError vme) {
            throw vme;
        } catch (Exception | Error failure) {
            ModernSessions.closeStdio(session);
            modern.failed(session);
            throw creationFailed(key, failure);
        } finally {
            session.endInternalUse();
        }
    }

    private String discover(ManagedSession session) {
        return interceptors.around(session, McpOperation.DISCOVER, null, 0, meta -> modern.discover(session));
    }

    /**
     * {@code auto} over stdio: a server process that died without the pool closing it may come back as another
     * program (an upgrade), so the next session asks again, as after a restart over HTTP.
     */
    private void askAgainAfterACrash(ManagedSession session) {
        Process process = session.process();
        if (process != null && config.protocol() == io.mcpool.Protocol.AUTO) {
            process.onExit().thenRun(() -> {
                // The end of its output may have been noticed first, and the session be closing already.
                if (!session.isClosing() || session.wasEndedByServer()) {
                    eras.askAgain();
                }
            });
        }
    }

    private void connectOrFail(ManagedSession session, SessionKey key, Map<String, String> headers) throws Exception {
        try {
            connect(session, key, headers);
        } catch (VirtualMachineError vme) {
            throw vme;
        } catch (Exception | Error failure) {
            throw creationFailed(key, failure);
        }
    }

    private void awaitConnect(ManagedSession session, SessionKey key, Map<String, String> headers) throws Exception {
        CompletableFuture<McpSyncClient> connecting = new CompletableFuture<>();
        try {
            resources.connect(interceptors.carry(() -> {
                try {
                    connecting.complete(connect(session, key, headers));
                } catch (Throwable failure) {
                    connecting.completeExceptionally(failure);
                }
            }));
            connecting.get();
        } catch (InterruptedException interrupted) {
            connecting.whenComplete((client, failure) -> closeAbandoned(session, client));
            Thread.currentThread().interrupt();
            throw new AbandonedCreation();
        } catch (RejectedExecutionException shuttingDown) {
            // The connectors stop taking work only when the pool shuts down.
            throw lifecycle.closedError();
        } catch (ExecutionException e) {
            Throwable failure = e.getCause();
            if (failure instanceof VirtualMachineError vme) {
                throw vme;
            }
            throw creationFailed(key, failure);
        }
    }

    private SessionCreationException creationFailed(SessionKey key, Throwable failure) {
        String prefix = "Pool '" + config.name() + "' could not create a session (" + key + ") to "
                + config.redactedEndpoint();
        SessionCreationException error = new SessionCreationException(UnsupportedEra.describe(failure)
                .map(era -> prefix + ": " + era)
                .orElseGet(() -> prefix + " within connectTimeout=" + config.connectTimeout() + ": "
                        + Failures.describe(failure) + "; check that the server is up and reachable"), failure);
        listener.creationFailed(key, error);
        return error;
    }

    /** Connects, initializes and warms {@code session} up; on failure everything it opened is closed. */
    private McpSyncClient connect(ManagedSession session, SessionKey key, Map<String, String> headers)
            throws Exception {
        McpSyncClient client = null;
        try {
            McpClientTransport transport = transports.build(key, headers,
                    ended -> listener.lost(session, ended));
            PoolManagedTransport managed = new PoolManagedTransport(transport, lost -> listener.lost(session, lost),
                    failure -> listener.transportFailed(session, failure), features.takenHere(session, transport));
            session.transport(managed);
            client = features.configure(McpClient.sync(managed)
                    .requestTimeout(config.requestTimeout())
                    .initializationTimeout(config.connectTimeout())
                    .clientInfo(new McpSchema.Implementation(config.clientName(), config.clientVersion()))
                    .transportContextProvider(session::transportContext)
                    .toolsChangeConsumer(tools -> listener.toolsChanged(session)), session)
                    .build();
            session.client(client);
            session.beginInternalUse();
            try {
                McpSyncClient initializing = client;
                McpSchema.InitializeResult agreed = interceptors.around(session, McpOperation.INITIALIZE, null, 0,
                        meta -> initializing.initialize());
                session.protocolVersion(agreed == null ? null : agreed.protocolVersion());
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
            capacity.release();
        }
    }

    /**
     * A creation given up by its interrupted borrower. It is still an {@link InterruptedException} to
     * everyone above; only {@link #create} tells it apart, to leave the slot to the creation's end.
     */
    static final class AbandonedCreation extends InterruptedException {
        private static final long serialVersionUID = 1L;

        AbandonedCreation() {
            super("interrupted while a session was being created; it is closed when its creation ends");
        }
    }

    /** Headers every request of the session carries; credentials are added per request, by the transport. */
    private Map<String, String> fixedHeaders(SessionKey key) {
        return new LinkedHashMap<>(config.headers());
    }

    /**
     * Closes the session once, however many paths reach it; its capacity slot is released only once
     * it is closed.
     *
     * @param onCallersThread false hands the close to the pool's workers: Commons Pool's evictor is
     *     one thread for every pool in the JVM, and a slow close (a stdio process, a server that does
     *     not answer) would hold up the health checks and idle sweeps of all of them
     */
    void destroy(ManagedSession session, boolean onCallersThread) {
        if (!session.markDestroyed()) {
            return;
        }
        session.closing();
        if (onCallersThread) {
            close(session);
        } else {
            resources.runClose(() -> close(session));
        }
    }

    private void close(ManagedSession session) {
        McpSyncClient client = session.client();
        try {
            if (client != null) {
                closeQuietly(session, client);
            }
            ModernSessions.closeStdio(session);
            modern.closed(session);
        } finally {
            capacity.release();
        }
        listener.destroyed(session);
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
    public String toString() {
        return "SessionFactory{" + config.name() + " -> " + config.redactedEndpoint() + '}';
    }
}
