package io.mcpool.oauth;

import java.net.URI;
import java.security.PrivateKey;
import java.util.List;
import java.util.Objects;

/**
 * How one identity (tenant) is known to authorization servers, and which grant it uses. The MCP authorization
 * specification's order is followed: a pre-registered client id is used when given; else a client ID metadata
 * document URL, where the authorization server advertises {@code client_id_metadata_document_supported}; else
 * dynamic client registration (RFC 7591), where the server has a {@code registration_endpoint} and it is allowed
 * here.
 *
 * <pre>{@code
 * ClientRegistration machine = ClientRegistration.clientCredentials("billing-svc", secret).build();
 * ClientRegistration signed = ClientRegistration.clientCredentials("billing-svc")
 *         .privateKeyJwt(privateKey, "key-1").build();
 * ClientRegistration user = ClientRegistration.authorizationCode(URI.create("http://127.0.0.1:8765/callback"),
 *         browser).clientMetadataDocument(URI.create("https://app.example.com/client.json"))
 *         .dynamicRegistration("My app").build();
 * }</pre>
 *
 * <p>{@link #toString()} shows no secret and no key.
 */
public final class ClientRegistration {

    /** The OAuth grant used to get tokens. */
    public enum Grant {
        /** The client acts for itself (server applications): {@code client_credentials}. */
        CLIENT_CREDENTIALS,
        /** A user authorizes the client in a browser: {@code authorization_code} with PKCE S256. */
        AUTHORIZATION_CODE
    }

    private final Grant grant;

    private final String clientId;

    private final String clientSecret;

    private final TokenEndpointAuth authMethod;

    private final PrivateKey privateKey;

    private final String keyId;

    private final URI redirectUri;

    private final UserAgent userAgent;

    private final URI clientMetadataDocument;

    private final String dynamicRegistrationName;

    private final List<String> scopes;

    private ClientRegistration(Builder b) {
        this.grant = b.grant;
        this.clientId = b.clientId;
        this.clientSecret = b.clientSecret;
        this.authMethod = b.authMethod;
        this.privateKey = b.privateKey;
        this.keyId = b.keyId;
        this.redirectUri = b.redirectUri;
        this.userAgent = b.userAgent;
        this.clientMetadataDocument = b.clientMetadataDocument;
        this.dynamicRegistrationName = b.dynamicRegistrationName;
        this.scopes = b.scopes;
    }

    /**
     * A pre-registered confidential client using the client credentials grant with a secret
     * ({@code client_secret_basic} unless the authorization server supports only {@code client_secret_post}, or
     * {@link Builder#authMethod(TokenEndpointAuth)} says otherwise).
     *
     * @param clientId     the client id
     * @param clientSecret the client secret
     * @return a builder
     */
    public static Builder clientCredentials(String clientId, String clientSecret) {
        Builder b = new Builder(Grant.CLIENT_CREDENTIALS);
        b.clientId = requireText(clientId, "clientId");
        b.clientSecret = requireText(clientSecret, "clientSecret");
        return b;
    }

    /**
     * A pre-registered client using the client credentials grant that authenticates otherwise: give
     * {@link Builder#privateKeyJwt(PrivateKey, String)}.
     *
     * @param clientId the client id
     * @return a builder
     */
    public static Builder clientCredentials(String clientId) {
        Builder b = new Builder(Grant.CLIENT_CREDENTIALS);
        b.clientId = requireText(clientId, "clientId");
        return b;
    }

    /**
     * A client using the authorization code grant with PKCE S256. Give a pre-registered
     * {@link Builder#clientId(String)}, or a {@link Builder#clientMetadataDocument(URI)}, or allow
     * {@link Builder#dynamicRegistration(String)}.
     *
     * @param redirectUri where the authorization server sends the browser back
     * @param userAgent   performs the browser step
     * @return a builder
     */
    public static Builder authorizationCode(URI redirectUri, UserAgent userAgent) {
        Builder b = new Builder(Grant.AUTHORIZATION_CODE);
        b.redirectUri = Objects.requireNonNull(redirectUri, "redirectUri");
        b.userAgent = Objects.requireNonNull(userAgent, "userAgent");
        b.authMethod = TokenEndpointAuth.NONE;
        return b;
    }

    /** @return the grant */
    public Grant grant() {
        return grant;
    }

    /** @return the pre-registered client id, or {@code null} */
    public String clientId() {
        return clientId;
    }

    String clientSecret() {
        return clientSecret;
    }

    /** @return the token endpoint authentication method, or {@code null} to choose from the server's metadata */
    public TokenEndpointAuth authMethod() {
        return authMethod;
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    String keyId() {
        return keyId;
    }

    /** @return the redirect URI of the authorization code grant, or {@code null} */
    public URI redirectUri() {
        return redirectUri;
    }

    UserAgent userAgent() {
        return userAgent;
    }

    /** @return the client ID metadata document URL, or {@code null} */
    public URI clientMetadataDocument() {
        return clientMetadataDocument;
    }

    /** @return the client name to register dynamically with, or {@code null} when dynamic registration is off */
    public String dynamicRegistrationName() {
        return dynamicRegistrationName;
    }

    /**
     * @return scopes to ask for always, or {@code null} to take them from the server's challenge or metadata
     */
    public List<String> scopes() {
        return scopes;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ClientRegistration[grant=").append(grant);
        if (clientId != null) {
            sb.append(", clientId=").append(clientId);
        }
        if (authMethod != null) {
            sb.append(", authMethod=").append(authMethod.value());
        }
        if (clientSecret != null) {
            sb.append(", clientSecret=").append(io.mcpool.internal.Redactor.MASK);
        }
        if (privateKey != null) {
            sb.append(", privateKey=").append(io.mcpool.internal.Redactor.MASK);
        }
        if (clientMetadataDocument != null) {
            sb.append(", clientMetadataDocument=").append(clientMetadataDocument);
        }
        if (dynamicRegistrationName != null) {
            sb.append(", dynamicRegistration=").append(dynamicRegistrationName);
        }
        return sb.append(']').toString();
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    /** Configures a {@link ClientRegistration}. */
    public static final class Builder {

        private final Grant grant;

        private String clientId;

        private String clientSecret;

        private TokenEndpointAuth authMethod;

        private PrivateKey privateKey;

        private String keyId;

        private URI redirectUri;

        private UserAgent userAgent;

        private URI clientMetadataDocument;

        private String dynamicRegistrationName;

        private List<String> scopes;

        private Builder(Grant grant) {
            this.grant = grant;
        }

        /**
         * @param clientId a pre-registered client id (authorization code grant; the client credentials factories take
         *                 it already)
         * @return this builder
         */
        public Builder clientId(String clientId) {
            this.clientId = requireText(clientId, "clientId");
            return this;
        }

        /**
         * @param secret the secret of a pre-registered confidential client of the authorization code grant
         * @return this builder
         */
        public Builder clientSecret(String secret) {
            this.clientSecret = requireText(secret, "clientSecret");
            if (authMethod == TokenEndpointAuth.NONE) {
                authMethod = null;
            }
            return this;
        }

        /**
         * @param method how to authenticate at the token endpoint; by default chosen from the server's
         *               {@code token_endpoint_auth_methods_supported} for a secret, {@code private_key_jwt} for a key,
         *               {@code none} for a public client
         * @return this builder
         */
        public Builder authMethod(TokenEndpointAuth method) {
            this.authMethod = Objects.requireNonNull(method, "method");
            return this;
        }

        /**
         * Authenticates with a JWT signed by this key (RFC 7523, {@code private_key_jwt}): RS256 for an RSA key,
         * ES256 for an EC P-256 key.
         *
         * @param key   the client's private key
         * @param keyId the {@code kid} the authorization server knows the public key by, or {@code null}
         * @return this builder
         */
        public Builder privateKeyJwt(PrivateKey key, String keyId) {
            this.privateKey = Objects.requireNonNull(key, "key");
            this.keyId = keyId;
            this.authMethod = TokenEndpointAuth.PRIVATE_KEY_JWT;
            return this;
        }

        /**
         * @param url the https URL of this client's client ID metadata document, used as its client id where the
         *            authorization server supports such documents
         * @return this builder
         */
        public Builder clientMetadataDocument(URI url) {
            if (url == null || !"https".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
                throw new IllegalArgumentException("clientMetadataDocument must be an https URL, was " + url);
            }
            this.clientMetadataDocument = url;
            return this;
        }

        /**
         * Allows dynamic client registration (RFC 7591) when nothing earlier in the order applies.
         *
         * @param clientName the {@code client_name} to register
         * @return this builder
         */
        public Builder dynamicRegistration(String clientName) {
            this.dynamicRegistrationName = requireText(clientName, "clientName");
            return this;
        }

        /**
         * @param scopes scopes to ask for always, instead of the challenge's or the resource's
         *               {@code scopes_supported}
         * @return this builder
         */
        public Builder scopes(String... scopes) {
            this.scopes = List.of(scopes);
            return this;
        }

        /**
         * @return the registration
         * @throws IllegalArgumentException when the settings cannot work together
         */
        public ClientRegistration build() {
            if (grant == Grant.CLIENT_CREDENTIALS && clientSecret == null && privateKey == null) {
                throw new IllegalArgumentException("a client credentials registration needs a clientSecret or a "
                        + "privateKeyJwt key");
            }
            if (grant == Grant.AUTHORIZATION_CODE && clientId == null && clientMetadataDocument == null
                    && dynamicRegistrationName == null) {
                throw new IllegalArgumentException("an authorization code registration needs a clientId, a "
                        + "clientMetadataDocument or dynamicRegistration");
            }
            if ((authMethod == TokenEndpointAuth.CLIENT_SECRET_BASIC || authMethod == TokenEndpointAuth
                    .CLIENT_SECRET_POST) && clientSecret == null) {
                throw new IllegalArgumentException("authMethod " + authMethod.value() + " needs a clientSecret");
            }
            if (authMethod == TokenEndpointAuth.PRIVATE_KEY_JWT && privateKey == null) {
                throw new IllegalArgumentException("authMethod private_key_jwt needs privateKeyJwt(key, keyId)");
            }
            return new ClientRegistration(this);
        }
    }
}
