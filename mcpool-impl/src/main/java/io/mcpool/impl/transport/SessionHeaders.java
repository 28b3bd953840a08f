package io.mcpool.impl.transport;

import io.mcpool.SessionKey;
import io.mcpool.spi.AuthProvider;
import io.modelcontextprotocol.client.transport.customizer.McpSyncHttpClientRequestCustomizer;
import io.modelcontextprotocol.common.McpTransportContext;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;

/**
 * Puts a session's headers on each of its HTTP requests: first the headers fixed at creation
 * (static headers), then the credentials of the pool's current configuration for this request (the
 * static bearer token and the {@link AuthProvider}'s headers, asked every time, so a renewed or rotated
 * token is on the next request), then the headers of the lease that is making the request, which the
 * pool passes in the request's {@link McpTransportContext}. Lease headers therefore reach the wire on
 * that lease's requests only.
 */
public final class SessionHeaders implements McpSyncHttpClientRequestCustomizer {

    /** The transport-context key under which a lease's headers travel. */
    public static final String LEASE_HEADERS = "io.mcpool.lease-headers";

    private final Map<String, String> sessionHeaders;
    private final CurrentCredentials auth;
    private final SessionKey key;

    /**
     * @param sessionHeaders headers sent on every request of the session
     * @param auth           asked for each request's credentials
     * @param key            the session's partition, passed to {@code auth}
     */
    SessionHeaders(Map<String, String> sessionHeaders, CurrentCredentials auth, SessionKey key) {
        this.sessionHeaders = Map.copyOf(sessionHeaders);
        this.auth = auth;
        this.key = key;
    }

    @Override
    public void customize(HttpRequest.Builder builder, String method, URI endpoint, String body,
            McpTransportContext context) {
        sessionHeaders.forEach(builder::setHeader);
        auth.headers(key, endpoint).forEach(builder::setHeader);
        if (context != null && context.get(LEASE_HEADERS) instanceof Map<?, ?> leaseHeaders) {
            leaseHeaders.forEach((name, value) -> builder.setHeader((String) name, (String) value));
        }
    }

    @Override
    public String toString() {
        return "SessionHeaders" + io.mcpool.internal.Redactor.redactHeaders(sessionHeaders);
    }
}
