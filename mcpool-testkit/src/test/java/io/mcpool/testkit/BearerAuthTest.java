package io.mcpool.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.McpHttpClientTransportAuthorizationException;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BearerAuthTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static TestAuthorizationServer as;

    @BeforeAll
    static void startAs() {
        as = TestAuthorizationServer.builder().dynamicRegistration(true).build().start();
    }

    @AfterAll
    static void stopAs() {
        as.close();
    }

    static String token(String clientId, String resource, String scope) throws Exception {
        String form = "grant_type=client_credentials&resource=" + URLEncoder.encode(resource, StandardCharsets.UTF_8)
                + (scope == null ? "" : "&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(as.tokenEndpoint())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((clientId + ":s3cret")
                        .getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return (String) JSONObjectUtils.parse(r.body()).get("access_token");
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static McpSyncClient client(String endpoint, String token, HttpClient.Builder http) {
        return Clients.sync(HttpClientStreamableHttpTransport.builder(endpoint)
                .endpoint(URI.create(endpoint).getPath()).clientBuilder(http)
                .httpRequestCustomizer((b, method, uri, body, ctx) -> b.setHeader("Authorization", "Bearer " + token))
                .build());
    }

    /** The HTTP status of the SDK's authorization error somewhere in the cause chain, or -1. */
    static int authorizationStatus(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof McpHttpClientTransportAuthorizationException auth) {
                return auth.getResponseInfo().statusCode();
            }
        }
        return -1;
    }

    @Test
    void tokenRequestsAreRecordedAndTokensNameTheResource() throws Exception {
        as.resetCounters();
        String token = token("client-a", "http://127.0.0.1:1/mcp", "mcp:tools");
        var claims = SignedJWT.parse(token).getJWTClaimsSet();
        assertEquals(List.of("http://127.0.0.1:1/mcp"), claims.getAudience());
        assertEquals(as.issuer(), claims.getIssuer());
        assertEquals("client-a", claims.getStringClaim("client_id"));
        assertEquals("mcp:tools", claims.getStringClaim("scope"));
        TokenRequestRecord record = as.tokenRequests().get(0);
        assertEquals("client_credentials", record.grantType());
        assertEquals("client_secret_basic", record.clientAuth());
        assertEquals(List.of("http://127.0.0.1:1/mcp"), record.resources());
        assertEquals(1, as.tokenRequestCount("client-a"));
    }

    @Test
    void withoutATokenTheServerChallengesAndServesItsMetadata() throws Exception {
        BearerAuth auth = BearerAuth.builder(as).scopesSupported("mcp:tools").build();
        try (TestMcpServer server = TestMcpServer.builder().bearerAuth(auth).build().start()) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.endpoint()))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, r.statusCode());
            String origin = "http://127.0.0.1:" + server.port();
            assertEquals("Bearer resource_metadata=\"" + origin + "/.well-known/oauth-protected-resource/mcp\", "
                    + "scope=\"mcp:tools\"", r.headers().firstValue("WWW-Authenticate").orElseThrow());
            for (String path : List.of("/.well-known/oauth-protected-resource/mcp",
                    "/.well-known/oauth-protected-resource")) {
                HttpResponse<String> m = get(origin + path);
                assertEquals(200, m.statusCode());
                Map<String, Object> doc = JSONObjectUtils.parse(m.body());
                assertEquals(server.endpoint(), doc.get("resource"));
                assertEquals(List.of(as.issuer()), doc.get("authorization_servers"));
                assertEquals(List.of("mcp:tools"), doc.get("scopes_supported"));
            }
            auth.serveMetadata(false, true);
            assertEquals(404, get(origin + "/.well-known/oauth-protected-resource/mcp").statusCode());
            assertEquals(0, server.initializeCount(), "a refused request never reaches the MCP server");
            assertEquals(401, auth.seen().get(0).status());
        }
    }

    @Test
    void aValidTokenPassesAndOneForAnotherResourceOrScopeDoesNot() throws Exception {
        BearerAuth auth = BearerAuth.builder(as).toolScope("add", "mcp:admin").build();
        try (TestMcpServer server = TestMcpServer.builder().bearerAuth(auth).build().start()) {
            String good = token("client-a", server.endpoint(), "mcp:tools");
            try (McpSyncClient client = client(server.endpoint(), good, HttpClient.newBuilder())) {
                client.initialize();
                McpSchema.CallToolResult hi = client.callTool(McpSchema.CallToolRequest.builder("echo")
                        .arguments(Map.of("message", "hi")).build());
                assertEquals("hi", ((McpSchema.TextContent) hi.content().get(0)).text());
                RuntimeException refused = assertThrows(RuntimeException.class, () -> client.callTool(
                        McpSchema.CallToolRequest.builder("add").arguments(Map.of("a", 1, "b", 2)).build()));
                assertEquals(403, authorizationStatus(refused), refused.toString());
            }
            SeenRequest refusedCall = auth.seen().stream().filter(s -> "add".equals(s.toolName())).findFirst()
                    .orElseThrow();
            assertEquals(403, refusedCall.status());
            assertEquals("client-a", auth.seen().get(0).clientId());
            assertEquals(List.of(good), List.copyOf(auth.tokensSeen()));

            String otherResource = token("client-a", "http://127.0.0.1:1/mcp", null);
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.endpoint()))
                    .header("Authorization", "Bearer " + otherResource)
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, r.statusCode());
            assertTrue(r.headers().firstValue("WWW-Authenticate").orElseThrow().contains("error=\"invalid_token\""));
        }
    }

    @Test
    void expiredTokensAreRefusedWithoutClockSkew() throws Exception {
        BearerAuth auth = BearerAuth.builder(as).build();
        try (TestMcpServer server = TestMcpServer.builder().bearerAuth(auth).build().start()) {
            as.tokenLifetime(Duration.ofSeconds(1));
            String shortLived;
            try {
                shortLived = token("client-a", server.endpoint(), null);
            } finally {
                as.tokenLifetime(Duration.ofHours(1));
            }
            long exp = SignedJWT.parse(shortLived).getJWTClaimsSet().getExpirationTime().getTime();
            while (System.currentTimeMillis() <= exp) {
                Thread.sleep(50);
            }
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.endpoint()))
                    .header("Authorization", "Bearer " + shortLived)
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, r.statusCode());
        }
    }

    @Test
    void theServerCanStartDemandingTokensMidRun() throws Exception {
        BearerAuth auth = BearerAuth.builder(as).demandTokens(false).build();
        try (TestMcpServer server = TestMcpServer.builder().bearerAuth(auth).build().start();
                McpSyncClient client = client(server.endpoint(), "not-a-token", HttpClient.newBuilder())) {
            client.initialize();
            client.callTool(McpSchema.CallToolRequest.builder("echo").arguments(Map.of("message", "free")).build());
            auth.demandTokens(true);
            assertThrows(RuntimeException.class, () -> client.callTool(McpSchema.CallToolRequest.builder("echo")
                    .arguments(Map.of("message", "now guarded")).build()));
            SeenRequest last = auth.seen().get(auth.seen().size() - 1);
            assertEquals(401, last.status());
            assertEquals("not-a-token", last.token());
        }
    }

    @Test
    void overTlsOnlyAClientThatTrustsTheTestCertificateConnects() throws Exception {
        TestTls tls = TestTls.generate();
        BearerAuth auth = BearerAuth.builder(as).build();
        try (TestMcpServer server = TestMcpServer.builder().tls(tls).bearerAuth(auth).build().start()) {
            assertTrue(server.endpoint().startsWith("https://127.0.0.1:"));
            String token = token("client-a", server.endpoint(), null);
            try (McpSyncClient client = client(server.endpoint(), token,
                    HttpClient.newBuilder().sslContext(tls.clientContext()))) {
                client.initialize();
                assertFalse(client.listTools().tools().isEmpty());
            }
            Exception untrusted = assertThrows(Exception.class, () -> HTTP.send(HttpRequest.newBuilder(
                    URI.create(server.endpoint())).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString()));
            assertTrue(untrusted instanceof SSLHandshakeException, untrusted.toString());
        }
    }

    @Test
    void theAuthorizationServerServesInsertedMetadataAndRegistersClients() throws Exception {
        String issuerPath = URI.create(as.issuer()).getPath();
        HttpResponse<String> m = get(as.baseUrl() + "/.well-known/oauth-authorization-server" + issuerPath);
        assertEquals(200, m.statusCode());
        Map<String, Object> metadata = JSONObjectUtils.parse(m.body());
        assertEquals(as.issuer(), metadata.get("issuer"));
        assertEquals(List.of("S256"), metadata.get("code_challenge_methods_supported"));
        assertEquals(as.registrationEndpoint().toString(), metadata.get("registration_endpoint"));
        assertNull(metadata.get("client_id_metadata_document_supported"));

        HttpResponse<String> reg = HTTP.send(HttpRequest.newBuilder(as.registrationEndpoint())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"client_name\":\"t\",\"grant_types\":"
                        + "[\"client_credentials\"],\"token_endpoint_auth_method\":\"client_secret_basic\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, reg.statusCode(), reg.body());
        Map<String, Object> info = JSONObjectUtils.parse(reg.body());
        assertEquals(as.registeredClients().get(as.registeredClients().size() - 1), info.get("client_id"));
        assertTrue(info.get("client_secret") instanceof String);
    }

    @Test
    void clientIdMetadataDocumentsAreFetchedAndChecked() throws Exception {
        TestTls tls = TestTls.generate();
        String redirect = "http://127.0.0.1:9/callback";
        try (TestClientMetadataDocument doc = TestClientMetadataDocument.start(tls, "t", List.of(redirect));
                TestAuthorizationServer cimdAs = TestAuthorizationServer.builder()
                        .clientIdMetadataDocuments(tls.clientContext()).build().start()) {
            String base = cimdAs.authorizationEndpoint() + "?response_type=code&client_id="
                    + URLEncoder.encode(doc.url(), StandardCharsets.UTF_8) + "&state=s&code_challenge_method=S256"
                    + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&redirect_uri=";
            HttpResponse<String> ok = get(base + URLEncoder.encode(redirect, StandardCharsets.UTF_8));
            assertEquals(302, ok.statusCode(), ok.body());
            assertTrue(ok.headers().firstValue("Location").orElseThrow().startsWith(redirect + "?code="));
            HttpResponse<String> bad = get(base + URLEncoder.encode("http://127.0.0.1:9/evil",
                    StandardCharsets.UTF_8));
            assertEquals(400, bad.statusCode());
            assertEquals(2, doc.fetchCount());
            assertEquals(List.of(doc.url(), doc.url()), cimdAs.fetchedClientMetadataDocuments());
        }
    }
}
