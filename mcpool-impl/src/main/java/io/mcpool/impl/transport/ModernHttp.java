package io.mcpool.impl.transport;

import io.mcpool.PoolConfig;
import io.mcpool.SessionKey;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.modern.client.transport.HttpClientMcpTransport;
import io.modelcontextprotocol.modern.client.transport.McpClientTransport;
import io.modelcontextprotocol.modern.client.transport.McpHttpRequestCustomizer;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The pool's one transport of the stateless MCP revision 2026-07-28 over HTTP (the SDK's
 * {@code io.modelcontextprotocol.modern} {@link HttpClientMcpTransport}), on the pool's shared {@link HttpClient}.
 * Every lease's requests go through it: what makes a request one lease's is its {@link McpTransportContext}, which
 * carries the lease's partition ({@link #SESSION_KEY}) and headers ({@link SessionHeaders#LEASE_HEADERS}). Each
 * request gets, in this order, the pool's static headers, the credentials of the current configuration for that
 * partition (the static bearer token for the shared partition only, the {@code AuthProvider}'s headers), and the
 * lease's headers, as on the session-based path. A {@code 401}/{@code 403} is handed to the {@code AuthProvider} for
 * the refused request's partition, and the request is sent again (with that partition's renewed credentials) when it
 * says so ({@link AuthorizationErrors#modern}).
 */
public final class ModernHttp {

    /** The transport-context key under which a request's {@link SessionKey} travels. */
    public static final String SESSION_KEY = "io.mcpool.session-key";

    private ModernHttp() {
    }

    /**
     * @param config       the pool's configuration at its creation (endpoint, static headers, connect timeout)
     * @param current      the pool's current configuration, whose credentials each request carries
     * @param sharedClient the pool's one HTTP client
     * @return a transport for every lease of the pool
     */
    public static McpClientTransport transport(PoolConfig config, Supplier<PoolConfig> current, HttpClient sharedClient) {
        CurrentCredentials credentials = new CurrentCredentials(current);
        Map<String, String> fixed = Map.copyOf(config.headers());
        McpHttpRequestCustomizer headers = McpHttpRequestCustomizer.fromSync((request, out, context) -> {
            fixed.forEach(out::set);
            credentials.headers(keyOf(context), request.uri()).forEach(out::set);
            if (context != null && context.get(SessionHeaders.LEASE_HEADERS) instanceof Map<?, ?> leaseHeaders) {
                leaseHeaders.forEach((name, value) -> out.set((String) name, (String) value));
            }
        });
        return HttpClientMcpTransport.builder(config.endpoint())
                .clientBuilder(new SharedHttpClientBuilder(sharedClient))
                .connectTimeout(config.connectTimeout())
                .requestCustomizer(headers)
                .authorizationErrorHandler(AuthorizationErrors.modern(credentials))
                .build();
    }

    /** @return the partition a request's context names, or the shared one */
    static SessionKey keyOf(McpTransportContext context) {
        return context != null && context.get(SESSION_KEY) instanceof SessionKey k ? k : SessionKey.SHARED;
    }

    /**
     * @param key          the partition whose credentials the request carries
     * @param leaseHeaders the lease's headers, or empty
     * @return the context of one request
     */
    public static McpTransportContext context(SessionKey key, Map<String, String> leaseHeaders) {
        return McpTransportContext.create(leaseHeaders.isEmpty() ? Map.of(SESSION_KEY, key)
                : Map.of(SESSION_KEY, key, SessionHeaders.LEASE_HEADERS, leaseHeaders));
    }
}
