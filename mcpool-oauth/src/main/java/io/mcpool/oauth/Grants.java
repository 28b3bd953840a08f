package io.mcpool.oauth;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.client.ClientInformation;
import com.nimbusds.oauth2.sdk.client.ClientInformationResponse;
import com.nimbusds.oauth2.sdk.client.ClientMetadata;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationErrorResponse;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationRequest;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Client registration and the token requests of each grant, on Nimbus; every request names the resource. */
final class Grants {

    private static final Logger LOG = LoggerFactory.getLogger(Grants.class);

    private final OAuthHttp http;

    private final Clock clock;

    Grants(OAuthHttp http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    /** The client as {@code server} will know it, in the MCP specification's order. */
    ResolvedClient resolve(ClientRegistration registration, AuthorizationServerMetadata server) {
        if (registration.clientId() != null) {
            return new ResolvedClient(new ClientID(registration.clientId()), registration.clientSecret() == null ? null
                    : new com.nimbusds.oauth2.sdk.auth.Secret(registration.clientSecret()),
                    authMethod(registration, server), registration.privateKey(), registration.keyId(),
                    "pre-registered");
        }
        boolean documents = Boolean.TRUE.equals(server.getCustomParameter("client_id_metadata_document_supported"));
        if (registration.clientMetadataDocument() != null && documents) {
            return new ResolvedClient(new ClientID(registration.clientMetadataDocument().toString()), null,
                    registration.privateKey() != null ? TokenEndpointAuth.PRIVATE_KEY_JWT : TokenEndpointAuth.NONE,
                    registration.privateKey(), registration.keyId(), "metadata document");
        }
        if (registration.dynamicRegistrationName() != null && server.getRegistrationEndpointURI() != null) {
            return register(registration, server);
        }
        throw new OAuthException("no way to identify the client to " + server.getIssuer() + ": no client id given"
                + (registration.clientMetadataDocument() == null ? ", no client ID metadata document configured"
                        : documents ? "" : ", the server does not support client ID metadata documents")
                + (registration.dynamicRegistrationName() == null ? ", dynamic registration not allowed"
                        : ", the server has no registration_endpoint"));
    }

    private static TokenEndpointAuth authMethod(ClientRegistration registration, AuthorizationServerMetadata server) {
        if (registration.authMethod() != null) {
            return registration.authMethod();
        }
        if (registration.clientSecret() == null) {
            return TokenEndpointAuth.NONE;
        }
        List<ClientAuthenticationMethod> supported = server.getTokenEndpointAuthMethods();
        boolean basic = supported == null || supported.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
        return basic || !supported.contains(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                ? TokenEndpointAuth.CLIENT_SECRET_BASIC : TokenEndpointAuth.CLIENT_SECRET_POST;
    }

    private ResolvedClient register(ClientRegistration registration, AuthorizationServerMetadata server) {
        URI endpoint = Urls.requireSecure(server.getRegistrationEndpointURI(), "the registration endpoint of "
                + server.getIssuer());
        ClientMetadata metadata = new ClientMetadata();
        metadata.setName(registration.dynamicRegistrationName());
        boolean code = registration.grant() == ClientRegistration.Grant.AUTHORIZATION_CODE;
        if (code) {
            metadata.setGrantTypes(Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN));
            metadata.setResponseTypes(Set.of(ResponseType.CODE));
            metadata.setRedirectionURI(registration.redirectUri());
            metadata.setTokenEndpointAuthMethod(ClientAuthenticationMethod.NONE);
        } else {
            metadata.setGrantTypes(Set.of(GrantType.CLIENT_CREDENTIALS));
            metadata.setTokenEndpointAuthMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
        }
        ClientRegistrationResponse response;
        try {
            response = ClientRegistrationResponse.parse(http.send(new ClientRegistrationRequest(endpoint, metadata,
                    null).toHTTPRequest()));
        } catch (ParseException e) {
            throw new OAuthException("the registration endpoint " + Urls.safe(endpoint) + " answered an invalid "
                    + "registration response: " + e.getMessage());
        }
        if (!response.indicatesSuccess()) {
            ErrorObject error = ((ClientRegistrationErrorResponse) response).getErrorObject();
            throw new OAuthException("dynamic client registration at " + Urls.safe(endpoint) + " failed: "
                    + describe(error));
        }
        ClientInformation info = ((ClientInformationResponse) response).getClientInformation();
        ClientAuthenticationMethod method = info.getMetadata().getTokenEndpointAuthMethod();
        TokenEndpointAuth auth = info.getSecret() == null || ClientAuthenticationMethod.NONE.equals(method)
                ? TokenEndpointAuth.NONE
                : ClientAuthenticationMethod.CLIENT_SECRET_POST.equals(method) ? TokenEndpointAuth.CLIENT_SECRET_POST
                : TokenEndpointAuth.CLIENT_SECRET_BASIC;
        LOG.info("registered client {} at {} (dynamic client registration)", info.getID(), server.getIssuer());
        return new ResolvedClient(info.getID(), info.getSecret(), auth, null, null, "dynamic registration");
    }

    /**
     * A token for {@code resource}: a refresh when {@code previous} has a refresh token (falling back to the grant
     * when the refresh is refused), else the registration's grant.
     */
    Token obtain(ClientRegistration registration, ResolvedClient client, ProtectedResource resource, Scope scope,
            Token previous) {
        AuthorizationServerMetadata server = resource.server();
        if (previous != null && previous.refresh() != null) {
            try {
                return request(server, client, new RefreshTokenGrant(previous.refresh()), scope, resource,
                        previous.refresh());
            } catch (OAuthException refused) {
                LOG.info("refreshing the token for {} failed ({}); asking for a new grant", resource.resource(),
                        refused.getMessage());
            }
        }
        return switch (registration.grant()) {
            case CLIENT_CREDENTIALS -> request(server, client, new ClientCredentialsGrant(), scope, resource, null);
            case AUTHORIZATION_CODE -> authorizationCode(registration, client, resource, scope);
        };
    }

    private Token authorizationCode(ClientRegistration registration, ResolvedClient client,
            ProtectedResource resource, Scope scope) {
        AuthorizationServerMetadata server = resource.server();
        List<CodeChallengeMethod> methods = server.getCodeChallengeMethods();
        if (methods == null || !methods.contains(CodeChallengeMethod.S256)) {
            throw new OAuthException("the authorization server " + server.getIssuer() + " does not advertise PKCE S256"
                    + " (code_challenge_methods_supported=" + methods + "); the MCP authorization specification "
                    + "forbids the authorization code flow with it");
        }
        URI endpoint = Urls.requireSecure(server.getAuthorizationEndpointURI(), "the authorization endpoint of "
                + server.getIssuer());
        CodeVerifier verifier = new CodeVerifier();
        State state = new State();
        AuthorizationRequest.Builder request = new AuthorizationRequest.Builder(ResponseType.CODE, client.id())
                .endpointURI(endpoint).redirectionURI(registration.redirectUri()).state(state)
                .codeChallenge(verifier, CodeChallengeMethod.S256).resource(resource.resource());
        if (scope != null && !scope.isEmpty()) {
            request.scope(scope);
        }
        URI back;
        try {
            back = registration.userAgent().authorize(request.build().toURI(), registration.redirectUri());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OAuthException("interrupted during the user-agent step of " + server.getIssuer());
        } catch (Exception e) {
            throw new OAuthException("the user-agent step of the authorization code flow with " + server.getIssuer()
                    + " failed", e);
        }
        AuthorizationResponse response;
        try {
            response = AuthorizationResponse.parse(back);
        } catch (ParseException | RuntimeException e) {
            throw new OAuthException("the authorization response (redirect to " + Urls.safe(URI.create(
                    back.toString().replaceAll("[?#].*", ""))) + ") is invalid: " + e.getMessage());
        }
        if (!state.equals(response.getState())) {
            throw new OAuthException("the authorization response does not carry the state of the request: refusing "
                    + "it (a forged or replayed redirect)");
        }
        if (response.getIssuer() != null && !response.getIssuer().equals(server.getIssuer())) {
            throw new OAuthException("the authorization response comes from issuer " + response.getIssuer()
                    + ", not " + server.getIssuer() + " (RFC 9207): refusing it");
        }
        if (!response.indicatesSuccess()) {
            throw new OAuthException("the authorization server " + server.getIssuer() + " denied the authorization: "
                    + describe(response.toErrorResponse().getErrorObject()));
        }
        AuthorizationCode code = response.toSuccessResponse().getAuthorizationCode();
        Token token = request(server, client, new AuthorizationCodeGrant(code, registration.redirectUri(), verifier),
                null, resource, null);
        return token.scope() != null || scope == null ? token
                : new Token(token.value(), token.refresh(), token.obtained(), token.expiresAt(), scope);
    }

    private Token request(AuthorizationServerMetadata server, ResolvedClient client, AuthorizationGrant grant,
            Scope scope, ProtectedResource resource, RefreshToken previousRefresh) {
        URI endpoint = server.getTokenEndpointURI();
        ClientAuthentication auth = client.authentication(endpoint);
        TokenRequest.Builder builder = auth != null ? new TokenRequest.Builder(endpoint, auth, grant)
                : new TokenRequest.Builder(endpoint, client.id(), grant);
        if (scope != null && !scope.isEmpty()) {
            builder.scope(scope);
        }
        builder.resource(resource.resource());
        Instant sent = clock.instant();
        TokenResponse response;
        try {
            response = TokenResponse.parse(http.send(builder.build().toHTTPRequest()));
        } catch (ParseException e) {
            throw new OAuthException("the token endpoint " + Urls.safe(endpoint) + " answered an invalid token "
                    + "response: " + e.getMessage());
        }
        String what = grant.getType() + " request of client " + client.id() + " for " + resource.resource();
        if (!response.indicatesSuccess()) {
            throw new OAuthException("the token endpoint " + Urls.safe(endpoint) + " refused the " + what + ": "
                    + describe(response.toErrorResponse().getErrorObject()));
        }
        AccessTokenResponse ok = response.toSuccessResponse();
        var access = ok.getTokens().getAccessToken();
        RefreshToken refresh = ok.getTokens().getRefreshToken() != null ? ok.getTokens().getRefreshToken()
                : previousRefresh;
        Instant expires = access.getLifetime() > 0 ? sent.plusSeconds(access.getLifetime()) : null;
        Scope granted = access.getScope() != null ? access.getScope() : scope;
        LOG.debug("token obtained by the {}, expires {}", what, expires);
        return new Token(access.getValue(), refresh, sent, expires, granted);
    }

    private static String describe(ErrorObject error) {
        if (error == null) {
            return "no error object";
        }
        return error.getCode() + (error.getDescription() == null ? "" : " (" + error.getDescription() + ")")
                + " HTTP " + error.getHTTPStatusCode();
    }
}
