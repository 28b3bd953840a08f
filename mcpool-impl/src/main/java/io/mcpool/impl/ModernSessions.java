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
 * What the pool keeps for an endpoint of the stateless MCP revision 2026-07-28: one SDK transport on the pool's
 * shared {@link HttpClient} (its connections are what is worth pooling: there is no session to keep warm). A
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

    ModernSessions(PoolConfig config, Supplier<PoolConfig> current, HttpClient sharedClient) {
        this.config = config;
        this.current = current;
        this.sharedClient = sharedClient;
    }

    private McpClientTransport transport() {
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

    /** @return a client whose requests are {@code session}'s: its partition and its current lease's headers */
    McpSyncClient clientFor(ManagedSession session) {
        return client(() -> contextOf(session), current.get().requestTimeout());
    }

    /**
     * @return the async client of every handle of the endpoint, for calls with a deadline of their own and calls that
     *     hold no thread. It keeps nothing per identity: each request carries its handle's partition and lease headers
     *     in its Reactor context ({@link ModernRequests#context}).
     */
    McpAsyncClient asyncClient() {
        McpAsyncClient a = asyncClient;
        if (a == null) {
            synchronized (this) {
                a = asyncClient;
                if (a == null) {
                    a = McpClient.async(transport())
                            .clientInfo(McpSchema.Implementation.builder(config.clientName(), config.clientVersion())
                                    .build())
                            .callTimeout(current.get().requestTimeout())
                            .build();
                    asyncClient = a;
                }
            }
        }
        return a;
    }

    /**
     * Asks the server which revisions it speaks, as {@code session}'s partition, on a client of its own (so no
     * cached answer is reused).
     *
     * @return the version to speak: 2026-07-28 when the server lists it
     */
    String discover(ManagedSession session) {
        try {
            McpSchema.DiscoverResult found = client(() -> contextOf(session), config.connectTimeout()).discover();
            return found.supportedVersions() == null || found.supportedVersions().isEmpty()
                    || found.supportedVersions().contains(McpSchema.LATEST_PROTOCOL_VERSION)
                    ? McpSchema.LATEST_PROTOCOL_VERSION : found.supportedVersions().get(0);
        } catch (McpInvalidResultException answeredWithoutTtl) {
            // The SDK refuses a discover result without ttlMs, but the server did answer server/discover.
            return McpSchema.LATEST_PROTOCOL_VERSION;
        }
    }

    private McpSyncClient client(Supplier<McpTransportContext> context, Duration callTimeout) {
        return McpClient.sync(InputRounds.advertising(transport(), config.clientCapabilities()))
                .clientInfo(McpSchema.Implementation.builder(config.clientName(), config.clientVersion()).build())
                .callTimeout(callTimeout)
                .transportContextProvider(context)
                .build();
    }

    private static McpTransportContext contextOf(ManagedSession session) {
        Object leaseHeaders = session.transportContext().get(SessionHeaders.LEASE_HEADERS);
        @SuppressWarnings("unchecked")
        Map<String, String> headers = leaseHeaders instanceof Map<?, ?> m ? (Map<String, String>) m : Map.of();
        return ModernHttp.context(session.key(), headers);
    }
}
