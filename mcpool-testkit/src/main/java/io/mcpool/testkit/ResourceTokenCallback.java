package io.mcpool.testkit;

import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;

/**
 * Shapes the tokens of a {@link TestAuthorizationServer}: audience = the RFC 8707 {@code resource} parameters,
 * subject and {@code client_id} = the client, {@code scope} = the requested scope, lifetime as configured.
 */
final class ResourceTokenCallback implements OAuth2TokenCallback {

    private final String issuerId;

    private final AuthorizationServerState state;

    ResourceTokenCallback(String issuerId, AuthorizationServerState state) {
        this.issuerId = issuerId;
        this.state = state;
    }

    @Override
    public String issuerId() {
        return issuerId;
    }

    @Override
    public String subject(TokenRequest request) {
        ClientID client = clientOf(request);
        boolean user = request.getAuthorizationGrant() instanceof AuthorizationCodeGrant
                || request.getExistingGrant() != null;
        return user || client == null ? "test-user" : client.getValue();
    }

    @Override
    public String typeHeader(TokenRequest request) {
        return "JWT";
    }

    @Override
    public List<String> audience(TokenRequest request) {
        List<URI> resources = request.getResources();
        return resources == null || resources.isEmpty() ? List.of(issuerId)
                : resources.stream().map(URI::toString).toList();
    }

    @Override
    public Map<String, Object> addClaims(TokenRequest request) {
        Map<String, Object> claims = new LinkedHashMap<>();
        ClientID client = clientOf(request);
        if (client != null) {
            claims.put("client_id", client.getValue());
        }
        if (request.getScope() != null) {
            claims.put("scope", request.getScope().toString());
        }
        return claims;
    }

    @Override
    public long tokenExpiry() {
        return state.tokenLifetime().getSeconds();
    }

    static ClientID clientOf(TokenRequest request) {
        if (request.getClientAuthentication() != null) {
            return request.getClientAuthentication().getClientID();
        }
        return request.getClientID();
    }
}
