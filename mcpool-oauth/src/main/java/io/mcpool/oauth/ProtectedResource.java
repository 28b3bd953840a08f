package io.mcpool.oauth;

import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import java.net.URI;
import java.util.List;

/**
 * A discovered MCP server: its resource identifier and scopes (RFC 9728 metadata) and the authorization server it
 * trusts (RFC 8414 / OpenID Connect metadata, issuer checked).
 *
 * @param resource        the resource identifier: the {@code resource} of its metadata
 * @param scopesSupported its {@code scopes_supported}, maybe empty
 * @param server          the metadata of the first of its {@code authorization_servers}
 */
record ProtectedResource(URI resource, List<String> scopesSupported, AuthorizationServerMetadata server) {

    String issuer() {
        return server.getIssuer().getValue();
    }
}
