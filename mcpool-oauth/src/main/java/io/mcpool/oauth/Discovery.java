package io.mcpool.oauth;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import net.minidev.json.JSONObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the authorization server of an MCP server as the MCP authorization specification orders it: the
 * protected-resource metadata (RFC 9728) from the challenge's {@code resource_metadata}, else the path-based then
 * the root well-known URL; then the authorization server metadata (RFC 8414 with path insertion, then OpenID Connect
 * discovery with path insertion, then OpenID Connect discovery with the path appended), whose {@code issuer} must be
 * the one asked for.
 */
final class Discovery {

    private static final Logger LOG = LoggerFactory.getLogger(Discovery.class);

    static final String RESOURCE_WELL_KNOWN = "/.well-known/oauth-protected-resource";

    private final OAuthHttp http;

    Discovery(OAuthHttp http) {
        this.http = http;
    }

    ProtectedResource discover(URI requestUri, URI resourceMetadata) {
        List<URI> candidates = resourceMetadataUrls(requestUri, resourceMetadata);
        JSONObject document = null;
        URI found = null;
        for (URI candidate : candidates) {
            Urls.requireSecure(candidate, "the protected-resource metadata URL");
            HTTPResponse response = http.get(candidate);
            if (response.getStatusCode() == 200) {
                document = json(response, candidate, "protected-resource metadata");
                found = candidate;
                break;
            }
            LOG.debug("no protected-resource metadata at {} ({})", Urls.safe(candidate), response.getStatusCode());
        }
        if (document == null) {
            throw new OAuthException("no protected-resource metadata (RFC 9728) for " + Urls.safe(requestUri)
                    + "; tried " + candidates.stream().map(Urls::safe).toList());
        }
        URI resource;
        List<String> servers;
        List<String> scopes;
        try {
            resource = URI.create(JSONObjectUtils.getString(document, "resource"));
            servers = JSONObjectUtils.getStringList(document, "authorization_servers");
            scopes = document.containsKey("scopes_supported")
                    ? JSONObjectUtils.getStringList(document, "scopes_supported") : List.of();
        } catch (ParseException | IllegalArgumentException e) {
            throw new OAuthException("the protected-resource metadata at " + Urls.safe(found) + " is invalid: "
                    + e.getMessage());
        }
        if (resource.getHost() == null || !Urls.covers(resource, requestUri)) {
            throw new OAuthException("the protected-resource metadata at " + Urls.safe(found) + " names the resource "
                    + Urls.safe(resource) + ", which is not the server at " + Urls.safe(requestUri)
                    + ": no credentials are sent to it");
        }
        if (servers.isEmpty()) {
            throw new OAuthException("the protected-resource metadata at " + Urls.safe(found)
                    + " names no authorization_servers");
        }
        AuthorizationServerMetadata server = authorizationServer(URI.create(servers.get(0)));
        return new ProtectedResource(Urls.canonical(resource), List.copyOf(scopes), server);
    }

    AuthorizationServerMetadata authorizationServer(URI issuer) {
        Urls.requireSecure(issuer, "the authorization server issuer");
        List<URI> candidates = authorizationServerMetadataUrls(issuer);
        for (URI candidate : candidates) {
            HTTPResponse response = http.get(candidate);
            if (response.getStatusCode() != 200) {
                LOG.debug("no authorization server metadata at {} ({})", Urls.safe(candidate),
                        response.getStatusCode());
                continue;
            }
            AuthorizationServerMetadata metadata;
            try {
                metadata = AuthorizationServerMetadata.parse(json(response, candidate,
                        "authorization server metadata"));
            } catch (ParseException e) {
                throw new OAuthException("the authorization server metadata at " + Urls.safe(candidate)
                        + " is invalid: " + e.getMessage());
            }
            if (!issuer.toString().equals(metadata.getIssuer().getValue())) {
                throw new OAuthException("the authorization server metadata at " + Urls.safe(candidate)
                        + " names the issuer " + metadata.getIssuer() + ", not " + issuer + " (RFC 8414 section 3.3):"
                        + " refusing it");
            }
            Urls.requireSecure(metadata.getTokenEndpointURI(), "the token endpoint of " + issuer);
            return metadata;
        }
        throw new OAuthException("no authorization server metadata for " + issuer + "; tried "
                + candidates.stream().map(Urls::safe).toList());
    }

    /** The challenge's URL alone when given, else the path-based then the root well-known URL. */
    static List<URI> resourceMetadataUrls(URI requestUri, URI fromChallenge) {
        if (fromChallenge != null) {
            return List.of(fromChallenge);
        }
        URI canonical = Urls.canonical(requestUri);
        String origin = Urls.origin(canonical);
        List<URI> urls = new ArrayList<>();
        String path = canonical.getRawPath();
        if (path != null && !path.isEmpty()) {
            urls.add(URI.create(origin + RESOURCE_WELL_KNOWN + path));
        }
        urls.add(URI.create(origin + RESOURCE_WELL_KNOWN));
        return urls;
    }

    /** The MCP specification's order for an issuer with and without a path. */
    static List<URI> authorizationServerMetadataUrls(URI issuer) {
        String origin = Urls.origin(issuer);
        String path = issuer.getRawPath() == null ? "" : issuer.getRawPath().replaceAll("/+$", "");
        if (path.isEmpty()) {
            return List.of(URI.create(origin + "/.well-known/oauth-authorization-server"),
                    URI.create(origin + "/.well-known/openid-configuration"));
        }
        return List.of(URI.create(origin + "/.well-known/oauth-authorization-server" + path),
                URI.create(origin + "/.well-known/openid-configuration" + path),
                URI.create(origin + path + "/.well-known/openid-configuration"));
    }

    private static JSONObject json(HTTPResponse response, URI from, String what) {
        try {
            return JSONObjectUtils.parse(response.getBody());
        } catch (ParseException e) {
            throw new OAuthException("the " + what + " at " + Urls.safe(from) + " is not a JSON object");
        }
    }
}
