package io.mcpool.impl.transport;

import io.modelcontextprotocol.client.transport.customizer.McpSyncHttpClientRequestCustomizer;
import io.modelcontextprotocol.common.McpTransportContext;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;

/**
 * Puts a session's headers on each of its HTTP requests: first the headers fixed at creation
 * (static headers, bearer token, the {@code AuthProvider}'s), then the headers of the lease that
 * is making the request, which the pool passes in the request's {@link McpTransportContext}.
 * Lease headers therefore reach the wire on that lease's requests only.
 */
public final class SessionHeaders implements McpSyncHttpClientRequestCustomizer {

    /** The transport-context key under which a lease's headers travel. */
    public static final String LEASE_HEADERS = "io.mcpool.lease-headers";

    private final Map<String, String> sessionHeaders;

    /** @param sessionHeaders headers sent on every request of the session */
    public SessionHeaders(Map<String, String> sessionHeaders) {
        this.sessionHeaders = Map.copyOf(sessionHeaders);
    }

    @Override
    public void customize(HttpRequest.Builder builder, String method, URI endpoint, String body,
            McpTransportContext context) {
        sessionHeaders.forEach(builder::setHeader);
        if (context != null && context.get(LEASE_HEADERS) instanceof Map<?, ?> leaseHeaders) {
            leaseHeaders.forEach((name, value) -> builder.setHeader((String) name, (String) value));
        }
    }

    @Override
    public String toString() {
        return "SessionHeaders" + io.mcpool.internal.Redactor.redactHeaders(sessionHeaders);
    }
}
