package io.mcpool.spi;

import io.mcpool.BorrowOptions;
import io.mcpool.PoolConfig;
import io.mcpool.SessionKey;
import io.modelcontextprotocol.client.transport.customizer.McpSyncHttpClientRequestCustomizer;
import io.modelcontextprotocol.spec.McpClientTransport;
import java.net.http.HttpClient;
import java.util.Map;

/**
 * Builds the transport of each new session, replacing the built-in stdio, SSE and streamable-HTTP
 * transports (e.g. for a proxy, mTLS or a custom wire).
 */
@FunctionalInterface
public interface TransportFactory {

    /**
     * @param context what the pool knows about the session being created
     * @return a new, unconnected transport; the pool connects, initializes and closes it
     * @throws Exception when the transport cannot be built; the creation fails with it as cause
     */
    McpClientTransport create(Context context) throws Exception;

    /** What the pool hands a {@link TransportFactory} for one session creation. */
    interface Context {

        /** @return the pool's configuration */
        PoolConfig config();

        /** @return the partition the session is for */
        SessionKey key();

        /**
         * @return the headers the session sends on every request: the static headers and the static
         *     bearer token (shared partition). The {@link AuthProvider}'s headers are not here: they are
         *     asked for per request, by {@link #leaseHeaders()}
         */
        Map<String, String> headers();

        /**
         * @return a request customizer that sets {@link #headers()} and the {@link AuthProvider}'s headers
         *     on every request, and each lease's per-borrow headers ({@link BorrowOptions#headers()}) on
         *     that lease's requests; install it on HTTP transports (the SDK builders'
         *     {@code httpRequestCustomizer(..)})
         */
        McpSyncHttpClientRequestCustomizer leaseHeaders();

        /**
         * @return an {@link HttpClient.Builder} whose {@code build()} returns the pool's one shared
         *     client, for the SDK transport builders' {@code clientBuilder(..)}
         */
        HttpClient.Builder sharedHttpClient();
    }
}
