package io.mcpool.oauth;

import com.nimbusds.oauth2.sdk.Scope;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OAuth 2.1 client of the MCP authorization specification (revision 2025-11-25), for MCP clients that send
 * many requests on behalf of a few identities, such as a pool of sessions: one token per identity serves every
 * session, is renewed ahead of expiry, and N requests refused together cause one token request.
 *
 * <p>It is called per HTTP request with two methods, both thread-safe and free of any framework:
 * <ul>
 *   <li>{@link #headersFor(URI, String)} before each request: the {@code Authorization} header to send, or none
 *       while the server has not asked for authorization;</li>
 *   <li>{@link #onUnauthorized(URI, String, int, String, String)} after a {@code 401} or {@code 403}: discovers
 *       the authorization server, gets or renews the token, steps the scope up, and says whether to send the
 *       request again.</li>
 * </ul>
 * {@link McpSdkAuthorization} plugs both into the MCP Java SDK's HTTP transports.
 *
 * <pre>{@code
 * McpAuthorization auth = McpAuthorization.builder()
 *         .client(ClientRegistration.clientCredentials("billing-svc", secret).build())
 *         .client("acme", ClientRegistration.clientCredentials("acme-svc", acmeSecret).build())
 *         .refreshSkew(Duration.ofSeconds(30))
 *         .build();
 * var transport = HttpClientStreamableHttpTransport.builder("https://mcp.example.com")
 *         .httpRequestCustomizer(McpSdkAuthorization.requestCustomizer(auth, "acme"))
 *         .authorizationErrorHandler(McpSdkAuthorization.errorHandler(auth, "acme"))
 *         .build();
 * }</pre>
 *
 * <h2>What it does</h2>
 * <ul>
 *   <li>Discovery on the first {@code 401}: the protected-resource metadata (RFC 9728) at the challenge's
 *       {@code resource_metadata}, else at the path-based, then the root well-known URL; its {@code resource} must
 *       cover the request URL; the first of its {@code authorization_servers}; that server's metadata (RFC 8414,
 *       then OpenID Connect discovery, path-inserted first), whose {@code issuer} must match.</li>
 *   <li>Client identification in the specification's order: pre-registered, client ID metadata document, dynamic
 *       registration (see {@link ClientRegistration}); once per authorization server and tenant.</li>
 *   <li>Grants: client credentials ({@code client_secret_basic}, {@code client_secret_post},
 *       {@code private_key_jwt}), authorization code with PKCE S256 (refused when the server does not advertise
 *       S256), refresh tokens; every authorization and token request carries {@code resource} (RFC 8707).</li>
 *   <li>Scope: the registration's, else the {@code 401} challenge's, else the resource's {@code scopes_supported},
 *       else none; a {@code 403 insufficient_scope} asks for the union of the current scope and the challenge's, at
 *       most {@link Builder#maxStepUps(int)} times per identity.</li>
 *   <li>Tokens are cached per identity (issuer, resource, tenant) and sent only to URLs of that resource (same
 *       origin, path at or below the resource's); never across tenants.</li>
 * </ul>
 *
 * <p>Secrets (client secrets, keys, access and refresh tokens, authorization codes) never appear in logs,
 * {@code toString()} or exception messages.
 */
public final class McpAuthorization {

    private static final Logger LOG = LoggerFactory.getLogger(McpAuthorization.class);

    private static final String AUTHORIZATION = "Authorization";

    private final Map<String, ClientRegistration> registrations;

    private final Duration refreshSkew;

    private final int maxStepUps;

    private final Clock clock;

    private final Discovery discovery;

    private final Grants grants;

    /** Discovered resources by resource identifier. */
    private final Map<URI, ProtectedResource> resources = new ConcurrentHashMap<>();

    /** Discoveries under way, by the request URL's resource candidate: single flight. */
    private final Map<URI, CompletableFuture<ProtectedResource>> discovering = new ConcurrentHashMap<>();

    private final Map<TokenIdentity, TokenSlot> slots = new ConcurrentHashMap<>();

    /** Clients as each authorization server knows them, by (issuer, tenant). */
    private final Map<List<String>, CompletableFuture<ResolvedClient>> clients = new ConcurrentHashMap<>();

    private McpAuthorization(Builder builder) {
        this.registrations = new ConcurrentHashMap<>(builder.registrations);
        this.refreshSkew = builder.refreshSkew;
        this.maxStepUps = builder.maxStepUps;
        this.clock = builder.clock;
        OAuthHttp http = new OAuthHttp(builder.httpClient != null ? builder.httpClient
                : HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1) // no h2c upgrade dance on http://
                        .connectTimeout(builder.requestTimeout).build(), builder.requestTimeout);
        this.discovery = new Discovery(http);
        this.grants = new Grants(http, clock);
    }

    /** @return a builder: refresh skew 30 s, at most 2 step-ups per identity, request timeout 10 s */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The headers to put on a request now. Blocks while the identity's token is obtained or renewed (one request
     * to the authorization server for all callers of the identity); call it on a thread that may block.
     *
     * @param requestUri the URL the request goes to
     * @param tenant     the identity, {@code null} or empty for the default one
     * @return {@code Authorization: Bearer <token>} for a URL of a resource discovered as protected; an empty map
     *         for any other URL (no credential is sent before a server asks for one)
     * @throws OAuthException when a token is needed and cannot be had (the request should fail with it)
     */
    public Map<String, String> headersFor(URI requestUri, String tenant) {
        ProtectedResource resource = resourceFor(requestUri);
        if (resource == null) {
            return Map.of();
        }
        String t = tenantOf(tenant);
        Token token = slot(resource, t, null).valid(clock, refreshSkew, (previous, scope) -> renew(resource, t,
                previous, scope));
        return Map.of(AUTHORIZATION, "Bearer " + token.value());
    }

    /**
     * Reacts to an authorization error of a request.
     * <ul>
     *   <li>{@code 401}: discovers the server's authorization server if not yet known, forgets the token the
     *       request carried (if it is the current one: N requests refused with the same token cause one renewal),
     *       obtains a token, and answers {@code true}.</li>
     *   <li>{@code 403} with {@code error="insufficient_scope"}: obtains a token for the union of the current scope
     *       and the challenge's scope, unless the identity has stepped up {@link Builder#maxStepUps(int)} times or the
     *       challenge asks for nothing new; answers {@code true} when a token with more scope is there.</li>
     *   <li>Anything else, or when discovery, registration or the token request fails (logged at WARN, without
     *       secrets): {@code false}.</li>
     * </ul>
     *
     * @param requestUri        the URL of the refused request
     * @param tenant            the identity the request was made for, {@code null} or empty for the default one
     * @param status            the HTTP status, 401 or 403
     * @param wwwAuthenticate   the response's {@code WWW-Authenticate} header, or {@code null}
     * @param sentAuthorization the refused request's {@code Authorization} header, or {@code null}
     * @return whether to send the request again (with {@link #headersFor(URI, String)})
     */
    public boolean onUnauthorized(URI requestUri, String tenant, int status, String wwwAuthenticate,
            String sentAuthorization) {
        Challenge challenge = Challenge.parse(wwwAuthenticate);
        String sent = bearerToken(sentAuthorization);
        String t = tenantOf(tenant);
        try {
            if (status == 401) {
                ProtectedResource resource = resourceFor(requestUri);
                if (resource == null) {
                    resource = discover(requestUri, challenge.resourceMetadata());
                }
                TokenSlot slot = slot(resource, t, challenge.scope());
                if (registration(t).scopes() == null) {
                    slot.challengeScope(challenge.scope());
                }
                slot.invalidate(sent);
                ProtectedResource r = resource;
                slot.valid(clock, refreshSkew, (previous, scope) -> renew(r, t, previous, scope));
                return true;
            }
            if (status == 403 && challenge.insufficientScope()) {
                ProtectedResource resource = resourceFor(requestUri);
                if (resource == null) {
                    return false;
                }
                TokenSlot slot = slot(resource, t, null);
                if (!slot.stepUp(sent, challenge.scope(), maxStepUps)) {
                    LOG.warn("{} refused a token for lack of scope {} and no step-up is left (at most {})",
                            Urls.safe(requestUri), challenge.scope(), maxStepUps);
                    return false;
                }
                slot.valid(clock, refreshSkew, (previous, scope) -> renew(resource, t, previous, scope));
                return true;
            }
            return false;
        } catch (OAuthException e) {
            LOG.warn("authorization for {} (tenant '{}') failed: {}", Urls.safe(requestUri), t, e.getMessage());
            return false;
        }
    }

    /**
     * Replaces the registration of a tenant, e.g. to rotate its client secret, without a restart: its cached
     * tokens and client identifications are dropped, so the next request uses the new credentials.
     *
     * @param tenant       the tenant, {@code null} or empty for the default identity
     * @param registration the new registration
     */
    public void rotate(String tenant, ClientRegistration registration) {
        String t = tenantOf(tenant);
        registrations.put(t, Objects.requireNonNull(registration, "registration"));
        clients.keySet().removeIf(key -> key.get(1).equals(t));
        slots.forEach((identity, slot) -> {
            if (identity.tenant().equals(t)) {
                slot.clear();
            }
        });
    }

    /** @return what may be shown of the cached tokens (never the tokens), one per identity that has one */
    public List<TokenInfo> tokens() {
        List<TokenInfo> out = new ArrayList<>();
        slots.forEach((identity, slot) -> {
            Token token = slot.current();
            if (token != null) {
                out.add(new TokenInfo(identity.issuer(), identity.resource().toString(), identity.tenant(),
                        token.scope() == null ? List.of() : token.scope().toStringList(), token.expiresAt(),
                        token.refresh() != null));
            }
        });
        out.sort(Comparator.comparing(TokenInfo::resource).thenComparing(TokenInfo::tenant));
        return out;
    }

    private Token renew(ProtectedResource resource, String tenant, Token previous, Scope scope) {
        ClientRegistration registration = registration(tenant);
        ResolvedClient client = client(resource, tenant, registration);
        return grants.obtain(registration, client, resource, scope, previous);
    }

    private ResolvedClient client(ProtectedResource resource, String tenant, ClientRegistration registration) {
        return once(clients, List.of(resource.issuer(), tenant), () -> grants.resolve(registration,
                resource.server()), false);
    }

    private ProtectedResource discover(URI requestUri, URI resourceMetadata) {
        return once(discovering, Urls.canonical(requestUri), () -> {
            ProtectedResource found = discovery.discover(requestUri, resourceMetadata);
            ProtectedResource known = resources.putIfAbsent(found.resource(), found);
            ProtectedResource kept = known != null ? known : found;
            LOG.info("{} is protected by {} (resource {})", Urls.safe(requestUri), kept.issuer(), kept.resource());
            return kept;
        }, true);
    }

    /** The longest discovered resource covering the URL, or {@code null}. */
    private ProtectedResource resourceFor(URI requestUri) {
        ProtectedResource best = null;
        for (ProtectedResource r : resources.values()) {
            if (Urls.covers(r.resource(), requestUri) && (best == null || r.resource().toString().length() > best
                    .resource().toString().length())) {
                best = r;
            }
        }
        return best;
    }

    private TokenSlot slot(ProtectedResource resource, String tenant, Scope challenged) {
        TokenIdentity identity = new TokenIdentity(resource.issuer(), resource.resource(), tenant);
        return slots.computeIfAbsent(identity, id -> new TokenSlot(id, resource, initialScope(resource, tenant,
                challenged)));
    }

    private Scope initialScope(ProtectedResource resource, String tenant, Scope challenged) {
        List<String> configured = registration(tenant).scopes();
        if (configured != null) {
            return configured.isEmpty() ? null : new Scope(configured.toArray(String[]::new));
        }
        if (challenged != null && !challenged.isEmpty()) {
            return challenged;
        }
        return resource.scopesSupported().isEmpty() ? null
                : new Scope(resource.scopesSupported().toArray(String[]::new));
    }

    private ClientRegistration registration(String tenant) {
        ClientRegistration registration = registrations.get(tenant);
        if (registration == null) {
            throw new OAuthException("no client registration for " + (tenant.isEmpty() ? "the default identity"
                    : "tenant '" + tenant + "'") + "; configure one with McpAuthorization.builder().client(...)");
        }
        return registration;
    }

    private static String tenantOf(String tenant) {
        return tenant == null ? "" : tenant;
    }

    private static String bearerToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }

    /**
     * Runs {@code work} once for all callers that ask for {@code key} at the same time: the first caller runs it, the
     * others wait for its result or its error. A failure is forgotten (the next caller tries again); a success is
     * kept unless {@code forgetWhenDone}.
     */
    private static <K, T> T once(Map<K, CompletableFuture<T>> flights, K key, java.util.function.Supplier<T> work,
            boolean forgetWhenDone) {
        CompletableFuture<T> mine = new CompletableFuture<>();
        CompletableFuture<T> flight = flights.putIfAbsent(key, mine);
        if (flight == null) {
            flight = mine;
            try {
                mine.complete(work.get());
            } catch (RuntimeException e) {
                mine.completeExceptionally(e);
            } finally {
                if (forgetWhenDone || mine.isCompletedExceptionally()) {
                    flights.remove(key, mine);
                }
            }
        }
        return unwrap(flight);
    }

    private static <T> T unwrap(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    @Override
    public String toString() {
        return "McpAuthorization[tenants=" + registrations.keySet() + ", resources=" + resources.keySet()
                + ", refreshSkew=" + refreshSkew + "]";
    }

    /** Configures a {@link McpAuthorization}. */
    public static final class Builder {

        private final Map<String, ClientRegistration> registrations = new ConcurrentHashMap<>();

        private Duration refreshSkew = Duration.ofSeconds(30);

        private int maxStepUps = 2;

        private HttpClient httpClient;

        private Duration requestTimeout = Duration.ofSeconds(10);

        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * @param registration the client of the default identity (requests made without a tenant)
         * @return this builder
         */
        public Builder client(ClientRegistration registration) {
            return client("", registration);
        }

        /**
         * @param tenant       a tenant; its requests get tokens of this client only, never another tenant's
         * @param registration its client
         * @return this builder
         */
        public Builder client(String tenant, ClientRegistration registration) {
            registrations.put(tenantOf(tenant), Objects.requireNonNull(registration, "registration"));
            return this;
        }

        /**
         * @param skew renew a token this long before it expires (capped at half its lifetime); default 30 s
         * @return this builder
         */
        public Builder refreshSkew(Duration skew) {
            if (skew == null || skew.isNegative()) {
                throw new IllegalArgumentException("refreshSkew must be zero or positive, was " + skew);
            }
            this.refreshSkew = skew;
            return this;
        }

        /**
         * @param max how many times an identity may widen its scope after {@code 403 insufficient_scope}; default 2
         * @return this builder
         */
        public Builder maxStepUps(int max) {
            if (max < 0 || max > 100) {
                throw new IllegalArgumentException("maxStepUps must be 0..100, was " + max);
            }
            this.maxStepUps = max;
            return this;
        }

        /**
         * @param client the HTTP client for metadata, registration and token requests (its TLS trust, proxy,
         *               executor); by default a new one. It must not follow redirects
         * @return this builder
         */
        public Builder httpClient(HttpClient client) {
            if (client.followRedirects() != HttpClient.Redirect.NEVER) {
                throw new IllegalArgumentException("httpClient must not follow redirects (followRedirects was "
                        + client.followRedirects() + "): a credential must not follow a redirect");
            }
            this.httpClient = client;
            return this;
        }

        /**
         * @param timeout the timeout of each request to an authorization server or metadata URL; default 10 s
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("requestTimeout must be positive, was " + timeout);
            }
            this.requestTimeout = timeout;
            return this;
        }

        Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @return the client
         * @throws IllegalArgumentException when no registration was given
         */
        public McpAuthorization build() {
            if (registrations.isEmpty()) {
                throw new IllegalArgumentException("McpAuthorization needs at least one client(...) registration");
            }
            return new McpAuthorization(this);
        }
    }
}
