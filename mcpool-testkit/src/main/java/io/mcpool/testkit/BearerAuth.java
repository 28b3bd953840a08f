package io.mcpool.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Makes a {@link TestMcpServer} an OAuth-protected resource, as the MCP authorization specification describes
 * one: every request to the MCP endpoint needs a bearer token that a {@link TestAuthorizationServer} signed
 * (checked against its JWKS), that is not expired (no clock skew allowed) and whose audience is this server's
 * MCP endpoint URL (RFC 8707). The server also serves its protected-resource metadata (RFC 9728).
 *
 * <pre>{@code
 * BearerAuth auth = BearerAuth.builder(as).scopesSupported("mcp:tools").toolScope("add", "mcp:admin").build();
 * try (TestMcpServer server = TestMcpServer.builder().bearerAuth(auth).build().start()) {
 *     ...
 *     assertTrue(auth.seen().stream().allMatch(SeenRequest::passed));
 * }
 * }</pre>
 *
 * <ul>
 *   <li>No token or an invalid one: {@code 401} with
 *       {@code WWW-Authenticate: Bearer resource_metadata="<server>/.well-known/oauth-protected-resource/mcp",
 *       scope="<scopesSupported>"} (and {@code error="invalid_token"} for an invalid one).</li>
 *   <li>A {@code tools/call} of a tool given a {@link Builder#toolScope(String, String) scope} that the token's
 *       {@code scope} claim lacks: {@code 403} with {@code error="insufficient_scope"} and
 *       {@code scope="<the token's scopes and the missing one>"}.</li>
 *   <li>{@code GET /.well-known/oauth-protected-resource/mcp} (path-based) and
 *       {@code GET /.well-known/oauth-protected-resource} (root), without a token:
 *       {@code {"resource": "<server>/mcp", "authorization_servers": ["<issuer>"], "scopes_supported": [...],
 *       "bearer_methods_supported": ["header"]}}.</li>
 * </ul>
 *
 * <p>One instance guards one server. Thread-safe; the switches act on the next request.
 */
public final class BearerAuth {

    private final String issuer;

    private final java.net.URI jwksUri;

    private final List<String> scopesSupported;

    private final Map<String, String> toolScopes;

    private volatile boolean demanding;

    private volatile boolean challengeNamesMetadata;

    private volatile boolean pathMetadata;

    private volatile boolean rootMetadata;

    private volatile String advertisedResource;

    private final List<SeenRequest> seen = new ArrayList<>();

    private final List<String> metadataRequests = new ArrayList<>();

    private BearerAuth(Builder builder) {
        this.issuer = builder.issuer;
        this.jwksUri = builder.jwksUri;
        this.scopesSupported = List.copyOf(builder.scopesSupported);
        this.toolScopes = Map.copyOf(builder.toolScopes);
        this.demanding = builder.demanding;
        this.challengeNamesMetadata = true;
        this.pathMetadata = true;
        this.rootMetadata = true;
    }

    /**
     * @param authorizationServer the server whose tokens are accepted (started)
     * @return a builder: tokens demanded from the start, no scopes
     */
    public static Builder builder(TestAuthorizationServer authorizationServer) {
        return new Builder(authorizationServer.issuer(), authorizationServer.jwksUri());
    }

    /**
     * Starts or stops demanding tokens. While off, every request goes through (still recorded, with its token).
     *
     * @param on whether to demand tokens
     */
    public void demandTokens(boolean on) {
        this.demanding = on;
    }

    /**
     * @param on whether the {@code 401} challenge names the metadata URL ({@code resource_metadata}); when off the
     *           client must find the metadata at the well-known URLs by itself. Default on
     */
    public void challengeNamesMetadata(boolean on) {
        this.challengeNamesMetadata = on;
    }

    /**
     * @param path whether the path-based metadata URL answers (else 404); default on
     * @param root whether the root metadata URL answers (else 404); default on
     */
    public void serveMetadata(boolean path, boolean root) {
        this.pathMetadata = path;
        this.rootMetadata = root;
    }

    /**
     * Makes the metadata claim another resource than this server, as a server that wants another resource's
     * token would; a client must refuse it.
     *
     * @param resource the resource to claim, or {@code null} to tell the truth again
     */
    public void advertiseResource(String resource) {
        this.advertisedResource = resource;
    }

    /** @return every request seen at the MCP endpoint, in arrival order */
    public List<SeenRequest> seen() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    /** @return the distinct bearer tokens seen, in order of first appearance */
    public Set<String> tokensSeen() {
        Set<String> tokens = new LinkedHashSet<>();
        seen().forEach(s -> {
            if (s.token() != null) {
                tokens.add(s.token());
            }
        });
        return tokens;
    }

    /** @return the paths of the metadata requests, in order, whether answered or not */
    public List<String> metadataRequests() {
        synchronized (metadataRequests) {
            return List.copyOf(metadataRequests);
        }
    }

    /** Forgets what was seen. */
    public void resetCounters() {
        synchronized (seen) {
            seen.clear();
        }
        synchronized (metadataRequests) {
            metadataRequests.clear();
        }
    }

    String issuer() {
        return issuer;
    }

    java.net.URI jwksUri() {
        return jwksUri;
    }

    List<String> scopesSupported() {
        return scopesSupported;
    }

    String toolScope(String tool) {
        return tool == null ? null : toolScopes.get(tool);
    }

    boolean demanding() {
        return demanding;
    }

    boolean challengeNamesMetadata() {
        return challengeNamesMetadata;
    }

    boolean pathMetadata() {
        return pathMetadata;
    }

    boolean rootMetadata() {
        return rootMetadata;
    }

    String advertisedResource() {
        return advertisedResource;
    }

    void record(SeenRequest request) {
        synchronized (seen) {
            seen.add(request);
        }
    }

    void recordMetadataRequest(String path) {
        synchronized (metadataRequests) {
            metadataRequests.add(path);
        }
    }

    @Override
    public String toString() {
        return "BearerAuth[issuer=" + issuer + ", demanding=" + demanding + "]";
    }

    /** Configures a {@link BearerAuth}. */
    public static final class Builder {

        private final String issuer;

        private final java.net.URI jwksUri;

        private final List<String> scopesSupported = new ArrayList<>();

        private final Map<String, String> toolScopes = new LinkedHashMap<>();

        private boolean demanding = true;

        private Builder(String issuer, java.net.URI jwksUri) {
            this.issuer = issuer;
            this.jwksUri = jwksUri;
        }

        /**
         * @param scopes the {@code scopes_supported} of the metadata, also the {@code scope} of a {@code 401}
         *               challenge
         * @return this builder
         */
        public Builder scopesSupported(String... scopes) {
            scopesSupported.addAll(List.of(scopes));
            return this;
        }

        /**
         * @param tool  a tool name
         * @param scope the scope a token needs to call it
         * @return this builder
         */
        public Builder toolScope(String tool, String scope) {
            toolScopes.put(Objects.requireNonNull(tool, "tool"), Objects.requireNonNull(scope, "scope"));
            return this;
        }

        /**
         * @param on whether tokens are demanded from the start (default) or only after
         *           {@link BearerAuth#demandTokens(boolean) demandTokens(true)}
         * @return this builder
         */
        public Builder demandTokens(boolean on) {
            this.demanding = on;
            return this;
        }

        /** @return the guard, to give to {@link TestMcpServer.Builder#bearerAuth(BearerAuth)} */
        public BearerAuth build() {
            return new BearerAuth(this);
        }
    }
}
