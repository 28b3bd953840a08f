package io.mcpool.oauth;

import static io.mcpool.oauth.OAuthFixtures.client;
import static io.mcpool.oauth.OAuthFixtures.echo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.mcpool.testkit.BearerAuth;
import io.mcpool.testkit.SeenRequest;
import io.mcpool.testkit.TestAuthorizationServer;
import io.mcpool.testkit.TestMcpServer;
import io.mcpool.testkit.TokenRequestRecord;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClientCredentialsTest {

    private static TestAuthorizationServer as;

    @BeforeAll
    static void startAs() {
        as = TestAuthorizationServer.builder().build().start();
    }

    @AfterAll
    static void stopAs() {
        as.close();
    }

    @BeforeEach
    void reset() {
        as.resetCounters();
    }

    private static McpAuthorization auth(ClientRegistration registration) {
        return McpAuthorization.builder().client(registration).build();
    }

    @Test
    void aServerThatStartsDemandingTokensIsHandledByDiscoveryWithNothingButClientCredentials() {
        BearerAuth guard = BearerAuth.builder(as).scopesSupported("mcp:tools").demandTokens(false).build();
        McpAuthorization auth = auth(ClientRegistration.clientCredentials("svc", "svc-secret").build());
        try (TestMcpServer server = TestMcpServer.builder().bearerAuth(guard).build().start();
                McpSyncClient client = client(server, auth, null)) {
            client.initialize();
            assertEquals("before", echo(client, "before"));
            assertNull(guard.seen().get(0).token(), "no credential before the server asks for one");

            guard.demandTokens(true);
            assertEquals("after", echo(client, "after"));
            assertEquals("again", echo(client, "again"));

            assertEquals(1, as.tokenRequestCount());
            TokenRequestRecord request = as.tokenRequests().get(0);
            assertEquals("client_credentials", request.grantType());
            assertEquals("svc", request.clientId());
            assertEquals("client_secret_basic", request.clientAuth());
            assertEquals(List.of(server.endpoint()), request.resources(), "RFC 8707 resource = the MCP endpoint");
            assertEquals("mcp:tools", request.scope(), "scope from the challenge");
            assertEquals(List.of("/.well-known/oauth-protected-resource/mcp"), guard.metadataRequests(),
                    "the challenge's resource_metadata URL, nothing else");
            assertEquals(List.of("/.well-known/oauth-authorization-server/default",
                    "/.well-known/openid-configuration/default", "/default/.well-known/openid-configuration"),
                    as.discoveryRequests(), "RFC 8414 then OpenID Connect, path-inserted first");
            List<SeenRequest> seen = guard.seen();
            SeenRequest refused = seen.stream().filter(s -> s.status() == 401).findFirst().orElseThrow();
            assertNull(refused.token());
            assertTrue(seen.subList(seen.indexOf(refused) + 1, seen.size()).stream().allMatch(SeenRequest::passed));
            assertEquals(1, auth.tokens().size());
            assertEquals(List.of("mcp:tools"), auth.tokens().get(0).scopes());
            assertEquals(as.issuer(), auth.tokens().get(0).issuer());
        }
    }

    @Test
    void withoutResourceMetadataInTheChallengeThePathBasedThenTheRootWellKnownUrlIsTried() {
        BearerAuth guard = BearerAuth.builder(as).scopesSupported("mcp:read", "mcp:tools").build();
        guard.challengeNamesMetadata(false);
        guard.serveMetadata(false, true);
        McpAuthorization auth = auth(ClientRegistration.clientCredentials("svc", "svc-secret").build());
        try (TestMcpServer server = TestMcpServer.builder().bearerAuth(guard).build().start();
                McpSyncClient client = client(server, auth, null)) {
            client.initialize();
            assertEquals("x", echo(client, "x"));
            assertEquals(List.of("/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource"),
                    guard.metadataRequests());
        }
    }

    @Test
    void scopesSupportedAreAskedForWhenTheChallengeNamesNone() {
        BearerAuth guard = BearerAuth.builder(as).scopesSupported("mcp:read", "mcp:tools").build();
        McpAuthorization auth = auth(ClientRegistration.clientCredentials("svc", "svc-secret").build());
        try (TestMcpServer server = TestMcpServer.builder().bearerAuth(guard).build().start()) {
            // The challenge carries the scope: from a 401 without scope the resource's scopes_supported are used.
            assertTrue(auth.onUnauthorized(java.net.URI.create(server.endpoint()), null, 401,
                    "Bearer resource_metadata=\"http://127.0.0.1:" + server.port()
                            + "/.well-known/oauth-protected-resource/mcp\"", null));
            assertEquals("mcp:read mcp:tools", as.tokenRequests().get(0).scope());
        }
    }

    @Test
    void stepUpOnInsufficientScopeAsksForTheUnionAndIsBounded() {
        BearerAuth guard = BearerAuth.builder(as).scopesSupported("mcp:tools").toolScope("add", "mcp:admin").build();
        McpAuthorization auth = auth(ClientRegistration.clientCredentials("svc", "svc-secret").build());
        try (TestMcpServer server = TestMcpServer.builder().bearerAuth(guard).build().start();
                McpSyncClient client = client(server, auth, null)) {
            client.initialize();
            McpSchema.CallToolResult sum = client.callTool(McpSchema.CallToolRequest.builder("add")
                    .arguments(Map.of("a", 2,
                    "b", 3)).build());
            assertEquals("5", ((McpSchema.TextContent) sum.content().get(0)).text());
            List<TokenRequestRecord> requests = as.tokenRequests();
            assertEquals(2, requests.size());
            assertEquals("mcp:tools", requests.get(0).scope());
            assertEquals(Set.of("mcp:tools", "mcp:admin"), Set.of(requests.get(1).scope().split(" ")));
            assertEquals(403, guard.seen().stream().filter(s -> "add".equals(s.toolName())).findFirst().orElseThrow()
                    .status());
        }

        as.resetCounters();
        McpAuthorization noStepUp = McpAuthorization.builder()
                .client(ClientRegistration.clientCredentials("svc", "svc-secret").build()).maxStepUps(0).build();
        BearerAuth guard2 = BearerAuth.builder(as).scopesSupported("mcp:tools").toolScope("add", "mcp:admin").build();
        try (TestMcpServer server = TestMcpServer.builder().bearerAuth(guard2).build().start();
                McpSyncClient client = client(server, noStepUp, null)) {
            client.initialize();
            assertThrows(RuntimeException.class, () -> client.callTool(McpSchema.CallToolRequest.builder("add")
                    .arguments(Map.of("a", 2, "b", 3)).build()));
            assertEquals(1, as.tokenRequestCount(), "no step-up allowed: no second token request");
        }
    }

    @Test
    void aTokenIsSentOnlyToTheResourceItWasIssuedFor() throws Exception {
        BearerAuth guardA = BearerAuth.builder(as).build();
        BearerAuth guardB = BearerAuth.builder(as).build();
        McpAuthorization auth = auth(ClientRegistration.clientCredentials("svc", "svc-secret").build());
        try (TestMcpServer a = TestMcpServer.builder().bearerAuth(guardA).build().start();
                TestMcpServer b = TestMcpServer.builder().bearerAuth(guardB).build().start();
                McpSyncClient clientA = client(a, auth, null);
                McpSyncClient clientB = client(b, auth, null)) {
            clientA.initialize();
            echo(clientA, "a");
            clientB.initialize();
            echo(clientB, "b");
            echo(clientA, "a2");
            assertEquals(2, as.tokenRequestCount(), "one token per resource");
            assertTrue(Collections.disjoint(guardA.tokensSeen(), guardB.tokensSeen()));
            for (String token : guardB.tokensSeen()) {
                assertEquals(List.of(b.endpoint()), SignedJWT.parse(token).getJWTClaimsSet().getAudience());
            }
            assertEquals(2, auth.tokens().size());
        }
    }

    @Test
    void aServerWhoseMetadataClaimsAnotherResourceGetsNoToken() {
        BearerAuth guardA = BearerAuth.builder(as).build();
        BearerAuth guardC = BearerAuth.builder(as).build();
        McpAuthorization auth = auth(ClientRegistration.clientCredentials("svc", "svc-secret").build());
        try (TestMcpServer a = TestMcpServer.builder().bearerAuth(guardA).build().start();
                TestMcpServer c = TestMcpServer.builder().bearerAuth(guardC).build().start();
                McpSyncClient clientA = client(a, auth, null);
                McpSyncClient clientC = client(c, auth, null)) {
            clientA.initialize();
            echo(clientA, "a");
            guardC.advertiseResource(a.endpoint()); // C asks for A's token
            assertThrows(RuntimeException.class, clientC::initialize);
            Set<String> seenByC = new HashSet<>(guardC.tokensSeen());
            assertTrue(seenByC.isEmpty(), "C saw tokens: " + seenByC.size());
            assertEquals(1, as.tokenRequestCount(), "no token was asked for C");
        }
    }

    @Test
    void twoTenantsNeverSeeEachOthersToken() throws Exception {
        BearerAuth guard = BearerAuth.builder(as).build();
        McpAuthorization auth = McpAuthorization.builder()
                .client("acme", ClientRegistration.clientCredentials("acme-svc", "acme-secret").build())
                .client("globex", ClientRegistration.clientCredentials("globex-svc", "globex-secret").build())
                .build();
        try (TestMcpServer server = TestMcpServer.builder().bearerAuth(guard).build().start();
                McpSyncClient acme = client(server, auth, "acme");
                McpSyncClient globex = client(server, auth, "globex")) {
            acme.initialize();
            globex.initialize();
            for (int i = 0; i < 5; i++) {
                echo(acme, "a" + i);
                echo(globex, "g" + i);
            }
            assertTenantsKeptApart(server, Map.of("acme", "acme-svc", "globex", "globex-svc"));
            assertEquals(1, as.tokenRequestCount("acme-svc"));
            assertEquals(1, as.tokenRequestCount("globex-svc"));
            McpSyncClient stranger = client(server, auth, "initech");
            assertThrows(RuntimeException.class, stranger::initialize, "a tenant without a registration gets nothing");
            stranger.close();
        }
    }

    /** Every request that reached the MCP server carried a token of its own tenant's client. */
    static void assertTenantsKeptApart(TestMcpServer server, Map<String, String> clientOfTenant) throws Exception {
        int checked = 0;
        for (var request : server.requests()) {
            String tenant = request.headers().get(OAuthFixtures.TENANT_HEADER.toLowerCase(java.util.Locale.ROOT));
            String authorization = request.headers().get("authorization");
            assertTrue(authorization != null && authorization.startsWith("Bearer "), request.method());
            String client = SignedJWT.parse(authorization.substring(7)).getJWTClaimsSet().getStringClaim("client_id");
            assertEquals(clientOfTenant.get(tenant), client, "tenant " + tenant + " sent a token of " + client);
            checked++;
        }
        assertTrue(checked > 0);
    }

    @Test
    void clientSecretPostAndPrivateKeyJwtAuthenticateAsConfigured() throws Exception {
        BearerAuth guard = BearerAuth.builder(as).build();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        McpAuthorization auth = McpAuthorization.builder()
                .client("post", ClientRegistration.clientCredentials("post-svc", "post-secret")
                        .authMethod(TokenEndpointAuth.CLIENT_SECRET_POST).build())
                .client("jwt", ClientRegistration.clientCredentials("jwt-svc").privateKeyJwt(keys.getPrivate(), "k1")
                        .build())
                .build();
        try (TestMcpServer server = TestMcpServer.builder().bearerAuth(guard).build().start();
                McpSyncClient post = client(server, auth, "post");
                McpSyncClient jwt = client(server, auth, "jwt")) {
            post.initialize();
            jwt.initialize();
            TokenRequestRecord postRequest = as.tokenRequests().stream().filter(r -> "post-svc".equals(r.clientId()))
                    .findFirst().orElseThrow();
            assertEquals("client_secret_post", postRequest.clientAuth());
            TokenRequestRecord jwtRequest = as.tokenRequests().stream().filter(r -> "jwt-svc".equals(r.clientId()))
                    .findFirst().orElseThrow();
            assertEquals("private_key_jwt", jwtRequest.clientAuth());
            SignedJWT assertion = SignedJWT.parse(jwtRequest.clientAssertion());
            JWSVerifier verifier = new RSASSAVerifier((RSAPublicKey) keys.getPublic());
            assertTrue(assertion.verify(verifier), "the assertion is signed with the client's key");
            assertEquals("jwt-svc", assertion.getJWTClaimsSet().getIssuer());
            assertEquals("k1", assertion.getHeader().getKeyID());
            assertEquals(List.of(as.tokenEndpoint().toString()), assertion.getJWTClaimsSet().getAudience());
            assertFalse(auth.toString().contains("post-secret"));
        }
    }

    @Test
    void metadataNamingAnotherIssuerIsRefused() {
        try (TestAuthorizationServer lying = TestAuthorizationServer.builder().rfc8414Metadata(true).build()
                .start()) {
            lying.misreportIssuer("https://evil.example");
            BearerAuth guard = BearerAuth.builder(lying).build();
            McpAuthorization auth = auth(ClientRegistration.clientCredentials("svc", "svc-secret").build());
            try (TestMcpServer server = TestMcpServer.builder().bearerAuth(guard).build().start();
                    McpSyncClient client = client(server, auth, null)) {
                assertThrows(RuntimeException.class, client::initialize);
                assertEquals(0, lying.tokenRequestCount());
            }
        }
    }
}
