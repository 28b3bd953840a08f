package io.mcpool.testkit;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLContext;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.Route;

/**
 * A real OAuth 2.0 authorization server in the test's JVM on {@code 127.0.0.1}: NAV's
 * {@code mock-oauth2-server} (it issues signed JWTs and serves OpenID Connect discovery, JWKS, the token and
 * authorization endpoints; it checks PKCE), plus endpoints of the testkit's own where the MCP authorization
 * specification needs more: RFC 8414 metadata at the path-inserted well-known URL, dynamic client registration
 * (RFC 7591), and client ID metadata documents.
 *
 * <pre>{@code
 * try (TestAuthorizationServer as = TestAuthorizationServer.builder()
 *         .tokenLifetime(Duration.ofSeconds(3)).build().start()) {
 *     String issuer = as.issuer();                 // http://127.0.0.1:<port>/default
 *     ...
 *     assertEquals(1, as.tokenRequestCount("client-a"));
 * }
 * }</pre>
 *
 * <p>Access tokens: RS256 JWTs with {@code iss} = {@link #issuer()}, {@code aud} = the request's {@code resource}
 * parameters (RFC 8707; {@code default} when none), {@code sub} and {@code client_id} = the client,
 * {@code scope} = the requested scope, and {@code exp} = now + {@link #tokenLifetime(Duration)}. The server
 * accepts any client and any secret, as the mock does: tests check what the client sent in
 * {@link #tokenRequests()}.
 */
public final class TestAuthorizationServer implements AutoCloseable {

    private final String issuerId;

    private final AuthorizationServerState state;

    private final MockOAuth2Server server;

    private int port;

    private TestAuthorizationServer(Builder builder) {
        this.issuerId = builder.issuerId;
        this.state = new AuthorizationServerState(builder.tokenLifetime, builder.codeChallengeMethods,
                builder.dynamicRegistration, builder.clientIdMetadataDocuments, builder.documentTrust);
        List<Route> routes = new ArrayList<>();
        routes.add(new AuthorizationServerRoutes.Recorder(state));
        if (builder.rfc8414Metadata) {
            routes.add(new AuthorizationServerRoutes.InsertedMetadata(this, state));
        }
        if (builder.dynamicRegistration) {
            routes.add(new AuthorizationServerRoutes.Registration(this, state));
        }
        if (builder.clientIdMetadataDocuments) {
            routes.add(new AuthorizationServerRoutes.ClientIdMetadataDocumentCheck(state));
        }
        OAuth2Config config = new OAuth2Config(false, null, null, false, new no.nav.security.mock.oauth2.token
                .OAuth2TokenProvider(), Set.of(new ResourceTokenCallback(issuerId, state)));
        routes.add(new AuthorizationServerRoutes.CodeFlow(config, state));
        this.server = new MockOAuth2Server(config, routes.toArray(Route[]::new));
    }

    /** @return a builder: issuer id {@code default}, tokens valid one hour, only the mock's own discovery */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts serving on a free port of 127.0.0.1.
     *
     * @return this server
     */
    public synchronized TestAuthorizationServer start() {
        if (port == 0) {
            server.start(InetAddress.getLoopbackAddress(), 0);
            port = server.baseUrl().port();
        }
        return this;
    }

    /** Stops serving. */
    @Override
    public synchronized void close() {
        if (port != 0) {
            server.shutdown();
        }
    }

    /** @return {@code http://127.0.0.1:<port>} */
    public String baseUrl() {
        if (port == 0) {
            throw new IllegalStateException("the test authorization server is not started: start() it first");
        }
        return "http://127.0.0.1:" + port;
    }

    /** @return the issuer identifier, {@code http://127.0.0.1:<port>/<issuerId>} */
    public String issuer() {
        return baseUrl() + "/" + issuerId;
    }

    /** @return the token endpoint */
    public URI tokenEndpoint() {
        return URI.create(issuer() + "/token");
    }

    /** @return the authorization endpoint (it redirects at once with a code: no login page) */
    public URI authorizationEndpoint() {
        return URI.create(issuer() + "/authorize");
    }

    /** @return the JWK set of the keys the tokens are signed with */
    public URI jwksUri() {
        return URI.create(issuer() + "/jwks");
    }

    /** @return the dynamic client registration endpoint (served only when built with it) */
    public URI registrationEndpoint() {
        return URI.create(issuer() + "/register");
    }

    /**
     * Sets the lifetime of tokens issued from now on.
     *
     * @param lifetime whole seconds, at least one
     */
    public void tokenLifetime(Duration lifetime) {
        state.tokenLifetime(lifetime);
    }

    /**
     * Makes the RFC 8414 metadata (when served) name a different issuer than its URL belongs to, as a
     * misconfigured or malicious server would; a client must refuse it.
     *
     * @param issuer the issuer to claim, or {@code null} to tell the truth again
     */
    public void misreportIssuer(String issuer) {
        state.misreportedIssuer(issuer);
    }

    /** @return every request to the token endpoint so far, in arrival order */
    public List<TokenRequestRecord> tokenRequests() {
        return state.tokenRequests();
    }

    /** @return how many requests reached the token endpoint */
    public int tokenRequestCount() {
        return state.tokenRequests().size();
    }

    /**
     * @param clientId a client
     * @return how many token requests that client made
     */
    public int tokenRequestCount(String clientId) {
        return (int) state.tokenRequests().stream().filter(r -> clientId.equals(r.clientId())).count();
    }

    /** @return the refresh tokens it issued (authorization code and refresh grants), so a test can search for them */
    public List<String> issuedRefreshTokens() {
        return state.issuedRefreshTokens();
    }

    /** @return the paths of the discovery documents requested, in order, whether found or not */
    public List<String> discoveryRequests() {
        return state.discoveryRequests();
    }

    /** @return the client ids handed out by dynamic registration, in order */
    public List<String> registeredClients() {
        return state.registeredClients();
    }

    /** @return the client ID metadata document URLs fetched, in order */
    public List<String> fetchedClientMetadataDocuments() {
        return state.fetchedDocuments();
    }

    /** Forgets the recorded requests. */
    public void resetCounters() {
        state.reset();
    }

    @Override
    public String toString() {
        return "TestAuthorizationServer[" + (port == 0 ? "not started" : issuer()) + "]";
    }

    /** Configures a {@link TestAuthorizationServer}. */
    public static final class Builder {

        private String issuerId = "default";

        private Duration tokenLifetime = Duration.ofHours(1);

        private boolean rfc8414Metadata;

        private List<String> codeChallengeMethods = List.of("S256");

        private boolean dynamicRegistration;

        private boolean clientIdMetadataDocuments;

        private SSLContext documentTrust;

        private Builder() {
        }

        /**
         * @param id the issuer's path segment; default {@code default}
         * @return this builder
         */
        public Builder issuerId(String id) {
            if (id == null || !id.matches("[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException("issuerId must be letters, digits, '-' or '_', was " + id);
            }
            this.issuerId = id;
            return this;
        }

        /**
         * @param lifetime how long issued tokens are valid, whole seconds, at least one; default one hour
         * @return this builder
         */
        public Builder tokenLifetime(Duration lifetime) {
            this.tokenLifetime = AuthorizationServerState.checkLifetime(lifetime);
            return this;
        }

        /**
         * Also serves RFC 8414 metadata at the path-inserted URL
         * {@code /.well-known/oauth-authorization-server/<issuerId>} (the first URL the MCP specification has
         * clients try), naming the registration endpoint and client ID metadata document support when those are
         * on. Without it only the mock's own discovery is there
         * ({@code /<issuerId>/.well-known/openid-configuration} and
         * {@code /<issuerId>/.well-known/oauth-authorization-server}).
         *
         * @param on whether to serve it; default off
         * @return this builder
         */
        public Builder rfc8414Metadata(boolean on) {
            this.rfc8414Metadata = on;
            return this;
        }

        /**
         * @param methods the {@code code_challenge_methods_supported} of the RFC 8414 metadata; default
         *                {@code S256}; give {@code plain} alone to play a server a client must refuse
         * @return this builder
         */
        public Builder codeChallengeMethods(String... methods) {
            this.codeChallengeMethods = List.of(methods);
            return this;
        }

        /**
         * Serves dynamic client registration (RFC 7591) at {@code /<issuerId>/register}: each request gets a new
         * client id and secret. Implies {@link #rfc8414Metadata(boolean)} to advertise it.
         *
         * @param on whether to serve it; default off
         * @return this builder
         */
        public Builder dynamicRegistration(boolean on) {
            this.dynamicRegistration = on;
            this.rfc8414Metadata |= on;
            return this;
        }

        /**
         * Accepts client ID metadata documents: an authorization request whose {@code client_id} is an https URL
         * makes the server fetch that document (trusting {@code trust}) and refuse the request unless the document's
         * {@code client_id} is that URL and its {@code redirect_uris} hold the request's {@code redirect_uri}.
         * Advertised as {@code client_id_metadata_document_supported}; implies {@link #rfc8414Metadata(boolean)}.
         *
         * @param trust the TLS trust for fetching documents (e.g. {@link TestTls#clientContext()})
         * @return this builder
         */
        public Builder clientIdMetadataDocuments(SSLContext trust) {
            this.clientIdMetadataDocuments = true;
            this.documentTrust = Objects.requireNonNull(trust, "trust");
            this.rfc8414Metadata = true;
            return this;
        }

        /** @return a server, not yet started */
        public TestAuthorizationServer build() {
            return new TestAuthorizationServer(this);
        }
    }
}
