package io.mcpool.impl.transport;

import io.mcpool.SessionKey;
import io.mcpool.spi.AuthProvider;
import io.modelcontextprotocol.client.transport.customizer.McpSyncHttpClientRequestCustomizer;
import io.modelcontextprotocol.common.McpTransportContext;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts a session's headers on each of its HTTP requests: first the headers fixed at creation
 * (static headers), then the credentials of the pool's current configuration for this request (the
 * static bearer token and the {@link AuthProvider}'s headers, asked every time, so a renewed or rotated
 * token is on the next request), then the headers of the lease that is making the request, which the
 * pool passes in the request's {@link McpTransportContext}. Lease headers therefore reach the wire on
 * that lease's requests only.
 *
 * <p>It remembers the last few credential values it put on the session's requests (never shown), so that a
 * {@code GET} resuming a request's response stream can carry the credentials current when it is sent rather than
 * those of the request ({@link #resuming(HttpRequest)}).
 */
public final class SessionHeaders implements McpSyncHttpClientRequestCustomizer {

    /** The transport-context key under which a lease's headers travel. */
    public static final String LEASE_HEADERS = "io.mcpool.lease-headers";

    private final Map<String, String> sessionHeaders;
    private final CurrentCredentials auth;
    private final SessionKey key;
    /** The credential values this session's requests carried, by lower-case header name: the last few of each. */
    private volatile Map<String, List<String>> issued = Map.of();
    /** How many values of one credential header are remembered: more than a request's life sees rotated. */
    private static final int REMEMBERED = 4;

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
        Map<String, String> credentials = auth.headers(key, endpoint);
        credentials.forEach(builder::setHeader);
        remember(credentials);
        if (context != null && context.get(LEASE_HEADERS) instanceof Map<?, ?> leaseHeaders) {
            leaseHeaders.forEach((name, value) -> builder.setHeader((String) name, (String) value));
        }
    }

    private void remember(Map<String, String> credentials) {
        for (Map.Entry<String, String> credential : credentials.entrySet()) {
            String name = credential.getKey().toLowerCase(Locale.ROOT);
            List<String> known = issued.get(name);
            if (known == null || !known.contains(credential.getValue())) {
                synchronized (this) {
                    Map<String, List<String>> next = new HashMap<>(issued);
                    List<String> values = new ArrayList<>(next.getOrDefault(name, List.of()));
                    values.remove(credential.getValue());
                    values.add(credential.getValue());
                    next.put(name, List.copyOf(values.subList(Math.max(0, values.size() - REMEMBERED), values.size())));
                    issued = Map.copyOf(next);
                }
            }
        }
    }

    /**
     * The headers of a {@code GET} that resumes the response stream of {@code request}, to the same URI: the request's
     * (session id, protocol version, static and lease headers), with its credentials replaced by those the pool's
     * configuration gives now (a token renewed or rotated since is on the {@code GET}). A credential header the
     * request carried from its lease (a per-borrow {@code Authorization}, say) is kept; one the configuration no longer
     * gives is dropped.
     *
     * @param request the request whose stream is resumed
     * @return the headers, by name (case-insensitive)
     */
    Map<String, List<String>> resuming(HttpRequest request) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(request.headers().map());
        Map<String, List<String>> known = issued;
        known.forEach((name, values) -> {
            List<String> sent = headers.get(name);
            if (sent != null && sent.size() == 1 && values.contains(sent.get(0))) {
                headers.remove(name); // a credential of the session's, not a lease's: replaced below, or dropped
            }
        });
        auth.headers(key, request.uri()).forEach((name, value) -> {
            List<String> sent = headers.get(name);
            if (sent == null || sent.size() == 1 && sent.get(0).equals(staticHeader(name))) {
                headers.put(name, List.of(value)); // as on a request: credentials over static headers, under a lease's
            }
        });
        return headers;
    }

    private String staticHeader(String name) {
        return sessionHeaders.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    @Override
    public String toString() {
        return "SessionHeaders" + io.mcpool.internal.Redactor.redactHeaders(sessionHeaders);
    }
}
