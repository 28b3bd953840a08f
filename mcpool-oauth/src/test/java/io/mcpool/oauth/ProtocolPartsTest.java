package io.mcpool.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parts that need no server: challenge parsing, URL rules, renewal timing, secrets kept out of text. */
class ProtocolPartsTest {

    @Test
    void challengeParametersAreRead() {
        Challenge c = Challenge.parse("Bearer error=\"insufficient_scope\", scope=\"a b\", "
                + "resource_metadata=\"https://mcp.example.com/.well-known/oauth-protected-resource/mcp\"");
        assertTrue(c.insufficientScope());
        assertEquals(new Scope("a", "b"), c.scope());
        assertEquals(URI.create("https://mcp.example.com/.well-known/oauth-protected-resource/mcp"),
                c.resourceMetadata());
        Challenge other = Challenge.parse("Basic realm=\"x\", Bearer resource_metadata=https://r.example/m");
        assertEquals(URI.create("https://r.example/m"), other.resourceMetadata());
        assertNull(Challenge.parse("Basic realm=\"x\"").resourceMetadata());
        assertNull(Challenge.parse(null).scope());
    }

    @Test
    void discoveryUrlsFollowTheSpecificationsOrder() {
        assertEquals(List.of(URI.create("https://mcp.example.com/.well-known/oauth-protected-resource/public/mcp"),
                URI.create("https://mcp.example.com/.well-known/oauth-protected-resource")),
                Discovery.resourceMetadataUrls(URI.create("https://MCP.example.com:443/public/mcp?x=1"), null));
        assertEquals(List.of(URI.create("https://auth.example.com/.well-known/oauth-authorization-server/tenant1"),
                URI.create("https://auth.example.com/.well-known/openid-configuration/tenant1"),
                URI.create("https://auth.example.com/tenant1/.well-known/openid-configuration")),
                Discovery.authorizationServerMetadataUrls(URI.create("https://auth.example.com/tenant1")));
        assertEquals(List.of(URI.create("https://auth.example.com/.well-known/oauth-authorization-server"),
                URI.create("https://auth.example.com/.well-known/openid-configuration")),
                Discovery.authorizationServerMetadataUrls(URI.create("https://auth.example.com")));
    }

    @Test
    void aResourceCoversOnlyItsOwnOriginAndPaths() {
        URI resource = URI.create("https://mcp.example.com/mcp");
        assertTrue(Urls.covers(resource, URI.create("https://mcp.example.com/mcp")));
        assertTrue(Urls.covers(resource, URI.create("https://mcp.example.com:443/mcp/sub?x=1")));
        assertFalse(Urls.covers(resource, URI.create("https://mcp.example.com/mcp-other")));
        assertFalse(Urls.covers(resource, URI.create("http://mcp.example.com/mcp")));
        assertFalse(Urls.covers(resource, URI.create("https://mcp.example.com:8443/mcp")));
        assertFalse(Urls.covers(resource, URI.create("https://evil.example.com/mcp")));
    }

    @Test
    void authorizationServersMustUseHttpsExceptOnLoopback() {
        Urls.requireSecure(URI.create("https://as.example.com"), "x");
        Urls.requireSecure(URI.create("http://127.0.0.1:8080/as"), "x");
        Urls.requireSecure(URI.create("http://localhost/as"), "x");
        OAuthException e = assertThrows(OAuthException.class, () -> Urls.requireSecure(
                URI.create("http://as.example.com"), "the issuer"));
        assertTrue(e.getMessage().startsWith("the issuer must be an https URL"), e.getMessage());
    }

    @Test
    void renewalStartsAheadOfExpiryButNeverEarlierThanHalfTheLifetime() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        Token hour = new Token("v", null, t0, t0.plusSeconds(3600), null);
        assertFalse(hour.needsRenewal(t0.plusSeconds(3569), Duration.ofSeconds(30)));
        assertTrue(hour.needsRenewal(t0.plusSeconds(3570), Duration.ofSeconds(30)));
        Token shortLived = new Token("v", null, t0, t0.plusSeconds(4), null);
        assertFalse(shortLived.needsRenewal(t0.plusMillis(1999), Duration.ofSeconds(30)), "skew capped at 2 s");
        assertTrue(shortLived.needsRenewal(t0.plusSeconds(2), Duration.ofSeconds(30)));
        assertFalse(new Token("v", null, t0, null, null).needsRenewal(t0.plusSeconds(86400), Duration.ZERO));
    }

    @Test
    void secretsStayOutOfText() throws Exception {
        var keys = java.security.KeyPairGenerator.getInstance("EC");
        keys.initialize(256);
        var key = keys.generateKeyPair().getPrivate();
        ClientRegistration secret = ClientRegistration.clientCredentials("svc", "hunter2-secret").build();
        ClientRegistration signed = ClientRegistration.clientCredentials("svc").privateKeyJwt(key, "k").build();
        assertFalse(secret.toString().contains("hunter2"), secret.toString());
        assertTrue(secret.toString().contains("clientSecret=****"), secret.toString());
        assertFalse(signed.toString().contains(key.toString()));
        Token token = new Token("access-abc", new RefreshToken("refresh-xyz"), Instant.EPOCH, null, null);
        assertFalse(token.toString().contains("access-abc") || token.toString().contains("refresh-xyz"));
        McpAuthorization auth = McpAuthorization.builder().client(secret).build();
        assertFalse(auth.toString().contains("hunter2"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> ClientRegistration.clientCredentials("svc").build());
        assertTrue(bad.getMessage().contains("clientSecret or a privateKeyJwt"), bad.getMessage());
    }
}
