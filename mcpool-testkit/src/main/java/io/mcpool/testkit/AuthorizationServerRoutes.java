package io.mcpool.testkit;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.JWTAuthentication;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.client.ClientInformation;
import com.nimbusds.oauth2.sdk.client.ClientMetadata;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import okhttp3.Headers;

/** The endpoints a {@link TestAuthorizationServer} adds in front of the mock's own (first match wins). */
final class AuthorizationServerRoutes {

    private AuthorizationServerRoutes() {
    }

    static OAuth2HttpResponse json(int status, String body) {
        return new OAuth2HttpResponse(Headers.of("Content-Type", "application/json", "Cache-Control", "no-store"),
                status, body, null);
    }

    static String path(OAuth2HttpRequest request) {
        return request.getUrl().encodedPath();
    }

    /** Matches nothing: records discovery and token requests on their way to the handlers. */
    static final class Recorder implements Route {

        private final AuthorizationServerState state;

        Recorder(AuthorizationServerState state) {
            this.state = state;
        }

        @Override
        public boolean match(OAuth2HttpRequest request) {
            String path = path(request);
            if (path.contains("/.well-known/")) {
                state.discoveryRequest(path);
            } else if ("POST".equals(request.getMethod()) && path.endsWith("/token")) {
                state.tokenRequest(record(request));
            }
            return false;
        }

        @Override
        public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
            throw new IllegalStateException("the recorder route never matches");
        }

        private static TokenRequestRecord record(OAuth2HttpRequest request) {
            String grant = request.getFormParameters().get("grant_type");
            try {
                TokenRequest token = TokenRequest.parse(request.asNimbusHTTPRequest());
                ClientAuthentication auth = token.getClientAuthentication();
                ClientID client = ResourceTokenCallback.clientOf(token);
                String method = auth == null ? "none" : auth.getMethod().getValue();
                String assertion = auth instanceof JWTAuthentication jwt ? jwt.getClientAssertion().serialize() : null;
                List<String> resources = token.getResources() == null ? List.of()
                        : token.getResources().stream().map(URI::toString).toList();
                return new TokenRequestRecord(grant, client == null ? null : client.getValue(), method, assertion,
                        resources, token.getScope() == null ? null : token.getScope().toString());
            } catch (ParseException | RuntimeException e) {
                return new TokenRequestRecord(grant, request.getFormParameters().get("client_id"), "unparseable",
                        null, List.of(), request.getFormParameters().get("scope"));
            }
        }
    }

    /**
     * The authorization code flow (authorization endpoint, and the code and refresh grants at the token endpoint)
     * on a request handler of its own, so that an authorization request without the {@code openid} scope works:
     * the mock parses every authorization request as an OpenID Connect one, which must ask for {@code openid}, and
     * OAuth clients such as MCP's need not. Codes and refresh tokens live in this handler, so both grants that use
     * them come here too.
     */
    static final class CodeFlow implements Route {

        private final Route handler;

        private final AuthorizationServerState state;

        CodeFlow(no.nav.security.mock.oauth2.OAuth2Config config, AuthorizationServerState state) {
            this.state = state;
            this.handler = new no.nav.security.mock.oauth2.http.OAuth2HttpRequestHandler(config)
                    .getAuthorizationServer();
        }

        @Override
        public boolean match(OAuth2HttpRequest request) {
            String path = path(request);
            if ("GET".equals(request.getMethod()) && path.endsWith("/authorize")) {
                return true;
            }
            if ("POST".equals(request.getMethod()) && path.endsWith("/token")) {
                String grant = request.getFormParameters().get("grant_type");
                return "authorization_code".equals(grant) || "refresh_token".equals(grant);
            }
            return false;
        }

        @Override
        public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
            OAuth2HttpRequest forward = request;
            if ("GET".equals(request.getMethod())) {
                String scope = request.getUrl().queryParameter("scope");
                if (scope == null || !List.of(scope.split(" ")).contains("openid")) {
                    okhttp3.HttpUrl url = request.getUrl().newBuilder()
                            .setQueryParameter("scope", scope == null || scope.isBlank() ? "openid" : scope + " openid")
                            .build();
                    forward = new OAuth2HttpRequest(request.getHeaders(), request.getMethod(), url, request.getBody());
                }
            }
            OAuth2HttpResponse response = handler.invoke(forward);
            if ("POST".equals(request.getMethod()) && response.getStatus() == 200 && response.getBody() != null) {
                try {
                    Object refresh = com.nimbusds.oauth2.sdk.util.JSONObjectUtils.parse(response.getBody())
                            .get("refresh_token");
                    if (refresh instanceof String r) {
                        state.issuedRefreshToken(r);
                    }
                } catch (com.nimbusds.oauth2.sdk.ParseException notJson) {
                    // nothing issued
                }
            }
            return response;
        }
    }

    /** RFC 8414 metadata at the path-inserted well-known URL, with what the mock does not advertise. */
    static final class InsertedMetadata implements Route {

        private final TestAuthorizationServer server;

        private final AuthorizationServerState state;

        InsertedMetadata(TestAuthorizationServer server, AuthorizationServerState state) {
            this.server = server;
            this.state = state;
        }

        @Override
        public boolean match(OAuth2HttpRequest request) {
            return "GET".equals(request.getMethod()) && path(request).equals(
                    "/.well-known/oauth-authorization-server" + URI.create(server.issuer()).getPath());
        }

        @Override
        public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
            String issuer = state.misreportedIssuer() != null ? state.misreportedIssuer() : server.issuer();
            AuthorizationServerMetadata metadata = new AuthorizationServerMetadata(new Issuer(issuer));
            metadata.setAuthorizationEndpointURI(server.authorizationEndpoint());
            metadata.setTokenEndpointURI(server.tokenEndpoint());
            metadata.setJWKSetURI(server.jwksUri());
            metadata.setResponseTypes(List.of(ResponseType.CODE));
            metadata.setGrantTypes(List.of(GrantType.AUTHORIZATION_CODE, GrantType.CLIENT_CREDENTIALS,
                    GrantType.REFRESH_TOKEN));
            metadata.setTokenEndpointAuthMethods(List.of(ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
                    ClientAuthenticationMethod.CLIENT_SECRET_POST, ClientAuthenticationMethod.PRIVATE_KEY_JWT,
                    ClientAuthenticationMethod.NONE));
            metadata.setCodeChallengeMethods(state.codeChallengeMethods.stream().map(CodeChallengeMethod::parse)
                    .toList());
            if (state.dynamicRegistration) {
                metadata.setRegistrationEndpointURI(server.registrationEndpoint());
            }
            if (state.clientIdMetadataDocuments) {
                metadata.setCustomParameter("client_id_metadata_document_supported", true);
            }
            return json(200, metadata.toJSONObject().toJSONString());
        }
    }

    /** Dynamic client registration (RFC 7591): every request gets a new client id and secret. */
    static final class Registration implements Route {

        private final TestAuthorizationServer server;

        private final AuthorizationServerState state;

        Registration(TestAuthorizationServer server, AuthorizationServerState state) {
            this.server = server;
            this.state = state;
        }

        @Override
        public boolean match(OAuth2HttpRequest request) {
            return "POST".equals(request.getMethod())
                    && path(request).equals(server.registrationEndpoint().getPath());
        }

        @Override
        public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
            ClientMetadata metadata;
            try {
                metadata = ClientMetadata.parse(com.nimbusds.oauth2.sdk.util.JSONObjectUtils.parse(request.getBody()));
            } catch (ParseException | RuntimeException e) {
                return json(400, "{\"error\":\"invalid_client_metadata\",\"error_description\":\"" + e.getMessage()
                        .replace('"', '\'') + "\"}");
            }
            metadata.applyDefaults();
            boolean publicClient = ClientAuthenticationMethod.NONE.equals(metadata.getTokenEndpointAuthMethod());
            ClientInformation info = new ClientInformation(new ClientID(state.registered()), new Date(), metadata,
                    publicClient ? null : new Secret());
            return json(201, info.toJSONObject().toJSONString());
        }
    }

    /**
     * Checks an authorization request whose {@code client_id} is an https URL against the client ID metadata
     * document at that URL. Matches (and refuses with 400) only the requests that fail the check; the others go on
     * to the mock's authorization endpoint.
     */
    static final class ClientIdMetadataDocumentCheck implements Route {

        private final AuthorizationServerState state;

        private final HttpClient http;

        ClientIdMetadataDocumentCheck(AuthorizationServerState state) {
            this.state = state;
            this.http = HttpClient.newBuilder().sslContext(state.documentTrust)
                    .connectTimeout(Duration.ofSeconds(5)).build();
        }

        @Override
        public boolean match(OAuth2HttpRequest request) {
            if (!"GET".equals(request.getMethod()) || !path(request).endsWith("/authorize")) {
                return false;
            }
            String clientId = request.getUrl().queryParameter("client_id");
            if (clientId == null || !clientId.startsWith("https://")) {
                return false;
            }
            return !documentAllows(clientId, request.getUrl().queryParameter("redirect_uri"));
        }

        private boolean documentAllows(String clientId, String redirectUri) {
            state.fetchedDocument(clientId);
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(clientId))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    return false;
                }
                Map<String, Object> document = JSONObjectUtils.parse(response.body());
                List<String> redirects = JSONObjectUtils.getStringList(document, "redirect_uris");
                return clientId.equals(document.get("client_id")) && redirects != null
                        && redirects.contains(redirectUri);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (java.io.IOException | java.text.ParseException | RuntimeException e) {
                return false;
            }
        }

        @Override
        public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
            return json(400, "{\"error\":\"invalid_client\",\"error_description\":\"the client ID metadata document"
                    + " does not allow this client_id and redirect_uri\"}");
        }
    }
}
