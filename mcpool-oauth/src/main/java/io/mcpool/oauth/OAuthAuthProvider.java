package io.mcpool.oauth;

import io.mcpool.SessionKey;
import io.mcpool.spi.AuthProvider;
import io.mcpool.spi.TokenStatus;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The pool's {@link AuthProvider} backed by an {@link McpAuthorization}: every request of a pooled
 * session carries the current token of the session's identity (its tenant; the shared partition is the
 * default identity), and a {@code 401}/{@code 403} from the server renews or widens it once for every
 * session of that identity before the request is sent again.
 *
 * <pre>{@code
 * McpAuthorization auth = McpAuthorization.builder()
 *         .client(ClientRegistration.clientCredentials("svc", secret).build())
 *         .build();
 * PoolConfig config = PoolConfig.builder().endpoint("https://mcp.example.com/mcp")
 *         .authProvider(OAuthAuthProvider.of(auth, "https://mcp.example.com/mcp"))
 *         .build();
 * }</pre>
 */
public final class OAuthAuthProvider implements AuthProvider {

    private final McpAuthorization authorization;
    private final URI endpoint;

    private OAuthAuthProvider(McpAuthorization authorization, URI endpoint) {
        this.authorization = Objects.requireNonNull(authorization, "authorization");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    }

    /**
     * @param authorization the OAuth client (its identities, tokens and registrations)
     * @param endpoint      the pool's endpoint: where a request without a URI of its own goes
     * @return the provider to give {@code PoolConfig.Builder.authProvider(..)}
     */
    public static OAuthAuthProvider of(McpAuthorization authorization, String endpoint) {
        return new OAuthAuthProvider(authorization, URI.create(endpoint));
    }

    @Override
    public Map<String, String> headers(SessionKey key) {
        return authorization.headersFor(endpoint, key.tenant());
    }

    @Override
    public Map<String, String> headers(SessionKey key, URI requestUri) {
        return authorization.headersFor(requestUri, key.tenant());
    }

    @Override
    public boolean onAuthorizationError(SessionKey key, URI requestUri, int status, String wwwAuthenticate,
            String sentAuthorization) {
        return authorization.onUnauthorized(requestUri, key.tenant(), status, wwwAuthenticate, sentAuthorization);
    }

    /** @return the identities' cached tokens: issuer, resource, tenant, scopes, expiry; never a token */
    @Override
    public List<TokenStatus> tokens() {
        return authorization.tokens().stream().map(t -> new TokenStatus(t.issuer(), t.resource(), t.tenant(), t.scopes(),
                t.expiresAt(), t.refreshable())).toList();
    }

    @Override
    public String toString() {
        return "OAuthAuthProvider{" + endpoint.getScheme() + "://" + endpoint.getHost()
                + (endpoint.getPort() >= 0 ? ":" + endpoint.getPort() : "") + '}';
    }
}
