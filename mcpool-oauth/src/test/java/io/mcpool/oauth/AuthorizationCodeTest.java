package io.mcpool.oauth;

import static io.mcpool.oauth.OAuthFixtures.client;
import static io.mcpool.oauth.OAuthFixtures.echo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.testkit.BearerAuth;
import io.mcpool.testkit.TestAuthorizationServer;
import io.mcpool.testkit.TestClientMetadataDocument;
import io.mcpool.testkit.TestMcpServer;
import io.mcpool.testkit.TestTls;
import io.mcpool.testkit.TokenRequestRecord;
import io.modelcontextprotocol.client.McpSyncClient;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthorizationCodeTest {

    private static final URI REDIRECT = URI.create("http://127.0.0.1:8765/callback");

    static Map<String, String> query(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    @Test
    void codeWithPkceThenRefreshWithoutAskingTheUserAgain() throws Exception {
        try (TestAuthorizationServer as = TestAuthorizationServer.builder().rfc8414Metadata(true)
                .tokenLifetime(Duration.ofSeconds(2)).build().start()) {
            BearerAuth guard = BearerAuth.builder(as).scopesSupported("mcp:tools").build();
            OAuthFixtures.RedirectFollowingAgent browser = new OAuthFixtures.RedirectFollowingAgent();
            McpAuthorization auth = McpAuthorization.builder()
                    .client(ClientRegistration.authorizationCode(REDIRECT, browser).clientId("desktop-app").build())
                    .refreshSkew(Duration.ofMillis(500))
                    .build();
            try (TestMcpServer server = TestMcpServer.builder().bearerAuth(guard).build().start();
                    McpSyncClient client = client(server, auth, null)) {
                client.initialize();
                assertEquals("one", echo(client, "one"));
                Map<String, String> request = query(browser.lastRequest);
                assertEquals("code", request.get("response_type"));
                assertEquals("desktop-app", request.get("client_id"));
                assertEquals("S256", request.get("code_challenge_method"));
                assertEquals(server.endpoint(), request.get("resource"));
                assertEquals("mcp:tools", request.get("scope"));
                assertEquals(REDIRECT.toString(), request.get("redirect_uri"));

                Instant renewAt = auth.tokens().get(0).expiresAt().minusMillis(500);
                while (Instant.now().isBefore(renewAt)) {
                    Thread.sleep(50); // waiting for the token to age, not for an outcome
                }
                assertEquals("two", echo(client, "two"));
                List<String> grants = as.tokenRequests().stream().map(TokenRequestRecord::grantType).toList();
                assertEquals(List.of("authorization_code", "refresh_token"), grants);
                assertTrue(as.tokenRequests().stream().allMatch(r -> r.resources().equals(List.of(server
                        .endpoint()))), "resource on every token request");
                assertEquals(1, browser.calls.get(), "the refresh needs no user");
                assertEquals("none", as.tokenRequests().get(0).clientAuth());
            }
        }
    }

    @Test
    void anAuthorizationServerWithoutS256IsRefused() {
        try (TestAuthorizationServer as = TestAuthorizationServer.builder().rfc8414Metadata(true)
                .codeChallengeMethods("plain").build().start()) {
            BearerAuth guard = BearerAuth.builder(as).build();
            OAuthFixtures.RedirectFollowingAgent browser = new OAuthFixtures.RedirectFollowingAgent();
            McpAuthorization auth = McpAuthorization.builder()
                    .client(ClientRegistration.authorizationCode(REDIRECT, browser).clientId("desktop-app").build())
                    .build();
            try (TestMcpServer server = TestMcpServer.builder().bearerAuth(guard).build().start();
                    McpSyncClient client = client(server, auth, null)) {
                assertThrows(RuntimeException.class, client::initialize);
                assertEquals(0, browser.calls.get(), "the user is never sent to it");
                assertEquals(0, as.tokenRequestCount());
            }
        }
    }

    @Test
    void dynamicRegistrationWhenNothingElseIsThere() {
        try (TestAuthorizationServer as = TestAuthorizationServer.builder().dynamicRegistration(true).build()
                .start()) {
            BearerAuth guard = BearerAuth.builder(as).build();
            OAuthFixtures.RedirectFollowingAgent browser = new OAuthFixtures.RedirectFollowingAgent();
            McpAuthorization auth = McpAuthorization.builder()
                    .client(ClientRegistration.authorizationCode(REDIRECT, browser).dynamicRegistration("test app")
                            .build())
                    .build();
            try (TestMcpServer server = TestMcpServer.builder().bearerAuth(guard).build().start();
                    McpSyncClient client = client(server, auth, null)) {
                client.initialize();
                echo(client, "x");
                assertEquals(List.of("dcr-client-1"), as.registeredClients());
                assertEquals("dcr-client-1", query(browser.lastRequest).get("client_id"));
            }
        }
    }

    @Test
    void aClientIdMetadataDocumentComesBeforeDynamicRegistration() {
        TestTls tls = TestTls.generate();
        try (TestClientMetadataDocument doc = TestClientMetadataDocument.start(tls, "test app",
                List.of(REDIRECT.toString()));
                TestAuthorizationServer as = TestAuthorizationServer.builder().dynamicRegistration(true)
                        .clientIdMetadataDocuments(tls.clientContext()).build().start()) {
            BearerAuth guard = BearerAuth.builder(as).build();
            OAuthFixtures.RedirectFollowingAgent browser = new OAuthFixtures.RedirectFollowingAgent();
            McpAuthorization auth = McpAuthorization.builder()
                    .client(ClientRegistration.authorizationCode(REDIRECT, browser)
                            .clientMetadataDocument(URI.create(doc.url())).dynamicRegistration("test app").build())
                    .build();
            try (TestMcpServer server = TestMcpServer.builder().bearerAuth(guard).build().start();
                    McpSyncClient client = client(server, auth, null)) {
                client.initialize();
                echo(client, "x");
                assertEquals(List.of(), as.registeredClients(), "no dynamic registration");
                assertEquals(doc.url(), query(browser.lastRequest).get("client_id"));
                assertEquals(List.of(doc.url()), as.fetchedClientMetadataDocuments());
                assertEquals(doc.url(), as.tokenRequests().get(0).clientId());
            }
        }
    }
}
