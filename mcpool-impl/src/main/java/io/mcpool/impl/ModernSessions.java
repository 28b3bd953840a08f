package io.mcpool.impl;

import io.mcpool.PoolConfig;
import io.mcpool.impl.transport.ModernHttp;
import io.mcpool.impl.transport.SessionHeaders;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.client.McpAsyncClient;
import io.modelcontextprotocol.modern.client.McpClient;
import io.modelcontextprotocol.modern.client.McpInvalidResultException;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import io.modelcontextprotocol.modern.client.transport.McpClientTransport;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the pool keeps for an endpoint of the stateless MCP revision 2026-07-28: over HTTP one SDK transport on the
 * pool's shared {@link HttpClient} (its connections are what is worth pooling: there is no session to keep warm);
 * over stdio one server process per pooled session ({@link ModernStdio}), since a server that serves one request
 * at a time needs N processes for N concurrent callers. A
 * {@link ManagedSession} of such an endpoint is a handle: an SDK client made for it in microseconds, with no request
 * sent, whose every request carries the partition and the current lease's headers ({@link ModernHttp}). The SDK
 * client's own {@code discover()}/{@code listTools()} caches are never relied on for what the pool serves: the pool
 * lists page by page and caches per identity itself ({@link ToolListings}).
 */
final class ModernSessions {

    private final PoolConfig config;
    private final Supplier<PoolConfig> current;
    private final HttpClient sharedClient;
    private volatile McpClientTransport transport;
    private volatile McpAsyncClient asyncClient;
    private final SpareClients spares = new SpareClients();

    ModernSessions(PoolConfig config, Supplier<PoolConfig> current, HttpClient sharedClient) {
        this.config = config;
        this.current = current;
        this.sharedClient = sharedClient;
    }

    /** @return the transport {@code session}'s requests go through: its own server process over stdio */
    private McpClientTransport transport(ManagedSession session) {
        if (config.transport() != io.mcpool.Transport.STDIO) {
            return sharedTransport();
        }
        ModernStdio stdio = session.modernStdio();
        if (stdio == null) {
            try {
                stdio = ModernStdio.start(config, ModernLogs.toHolderOf(session));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot start the stdio server '" + config.redact(config.command())
                        + "'", e);
            }
            session.modernStdio(stdio);
        }
        return stdio.transport();
    }

    /** Ends {@code session}'s server process, if it has one (a session closed, or a probe that found no 2026-07-28). */
    static void closeStdio(ManagedSession session) {
        ModernStdio stdio = session.modernStdio();
        if (stdio != null) {
            stdio.close();
            session.modernStdio(null);
        }
    }

    private McpClientTransport sharedTransport() {
        McpClientTransport t = transport;
        if (t == null) {
            synchronized (this) {
                t = transport;
                if (t == null) {
                    t = ModernHttp.transport(config, current, sharedClient);
                    transport = t;
                }
            }
        }
        return t;
    }

    /**
     * @return a client whose requests are {@code session}'s: its partition and its current lease's headers. Over HTTP
     *     the client a closed handle of the same partition left behind, when there is one ({@link SpareClients}): its
     *     SDK tool catalog already knows which arguments each tool mirrors into headers, which a new client would ask
     *     the server for ({@code tools/list}) before its first call
     */
    McpSyncClient clientFor(ManagedSession session) {
        Duration timeout = current.get().requestTimeout();
        if (config.transport() == io.mcpool.Transport.STDIO) {
            return client(logsRouted(transport(session), session), () -> contextOf(session), timeout);
        }
        return spares.bind(session, timeout, bound -> client(ModernLogs.routed(sharedTransport(), bound::session),
                () -> contextOf(bound.session()), timeout));
    }

    /**
     * Keeps the client of {@code session}, a closed handle, for the next handle of its partition when the handle closed
     * with no lease and no failure, so no caller can still be using the client. Only clients {@link #clientFor} bound
     * (HTTP handles) are kept: for any other session this does nothing.
     *
     * @param session a session being closed
     */
    void closed(ManagedSession session) {
        if (!session.isLent() && !session.isBroken()) {
            spares.release(session);
        } else {
            spares.forget(session);
        }
    }

    /** @param session a handle whose creation failed after it got its client: the client is not passed on */
    void failed(ManagedSession session) {
        spares.forget(session);
    }

    /**
     * @return the async client of {@code session}'s requests with a deadline of their own and of calls that hold no
     *     thread: over HTTP one for every handle of the endpoint (it keeps nothing per identity: each request carries
     *     its handle's partition and lease headers in its Reactor context, {@link ModernRequests#context}); over
     *     stdio one on the session's own server process
     */
    McpAsyncClient asyncClientFor(ManagedSession session) {
        return config.transport() == io.mcpool.Transport.STDIO ? asyncClient(transport(session)) : sharedAsync();
    }

    /** @return the endpoint's one async client over HTTP (its {@code subscriptions/listen}); null over stdio */
    McpAsyncClient sharedAsyncClient() {
        return config.transport() == io.mcpool.Transport.STDIO ? null : sharedAsync();
    }

    private McpAsyncClient sharedAsync() {
        McpAsyncClient a = asyncClient;
        if (a == null) {
            synchronized (this) {
                a = asyncClient;
                if (a == null) {
                    a = asyncClient(sharedTransport());
                    asyncClient = a;
                }
            }
        }
        return a;
    }

    private McpAsyncClient asyncClient(McpClientTransport transport) {
        // Log messages to the lease each request's context names; the pool's capabilities in every request's _meta.
        return McpClient.async(InputRounds.advertising(logsRouted(transport, null), config.clientCapabilities()))
                .clientInfo(info()).callTimeout(current.get().requestTimeout()).build();
    }

    /**
     * @return {@code transport} with log messages routed to the lease of each request ({@link ModernLogs}); over stdio
     *     as it is: the process's output hands them to the lease it serves ({@link StdioLogTap})
     */
    private McpClientTransport logsRouted(McpClientTransport transport, ManagedSession session) {
        return config.transport() == io.mcpool.Transport.STDIO ? transport : ModernLogs.routed(transport, session);
    }

    /**
     * Asks the server which revisions it speaks, as {@code session}'s partition, on a client of its own (so no
     * cached answer is reused).
     *
     * @return the version to speak: 2026-07-28 when the server lists it
     */
    String discover(ManagedSession session) {
        McpClientTransport to = transport(session);
        try {
            // Bounded by connectTimeout as a whole: the SDK's own round timeout (20 s) must not cut it shorter.
            McpSchema.DiscoverResult found = McpClient.sync(to)
                    .clientInfo(info())
                    .callTimeout(config.connectTimeout())
                    .roundTimeout(config.connectTimeout())
                    .transportContextProvider(() -> contextOf(session))
                    .build()
                    .discover();
            return found.supportedVersions() == null || found.supportedVersions().isEmpty()
                    || found.supportedVersions().contains(McpSchema.LATEST_PROTOCOL_VERSION)
                    ? McpSchema.LATEST_PROTOCOL_VERSION : found.supportedVersions().get(0);
        } catch (McpInvalidResultException answeredWithoutTtl) {
            // The SDK refuses a discover result without ttlMs, but the server did answer server/discover.
            return McpSchema.LATEST_PROTOCOL_VERSION;
        }
    }

    private McpSyncClient client(McpClientTransport transport, Supplier<McpTransportContext> context,
            Duration callTimeout) {
        return McpClient.sync(InputRounds.advertising(transport, config.clientCapabilities()))
                .clientInfo(info())
                .callTimeout(callTimeout)
                .transportContextProvider(context)
                .build();
    }

    private McpSchema.Implementation info() {
        return McpSchema.Implementation.builder(config.clientName(), config.clientVersion()).build();
    }

    private static McpTransportContext contextOf(ManagedSession session) {
        Object leaseHeaders = session.transportContext().get(SessionHeaders.LEASE_HEADERS);
        @SuppressWarnings("unchecked")
        Map<String, String> headers = leaseHeaders instanceof Map<?, ?> m ? (Map<String, String>) m : Map.of();
        return ModernHttp.context(session.key(), headers);
    }
}
