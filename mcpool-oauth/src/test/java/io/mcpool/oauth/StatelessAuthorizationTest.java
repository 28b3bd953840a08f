package io.mcpool.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.BorrowOptions;
import io.mcpool.CallOptions;
import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.PooledSession;
import io.mcpool.Protocol;
import io.mcpool.SessionKey;
import io.mcpool.spi.AuthProvider;
import io.mcpool.testkit.BearerAuth;
import io.mcpool.testkit.SeenRequest;
import io.mcpool.testkit.TestAuthorizationServer;
import io.mcpool.testkit.TestMcpServer;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A 2026-07-28 server behind a real OAuth guard (tokens signed by the testkit's authorization server, checked
 * against its JWKS and audience): a request refused with {@code 401} makes the {@code AuthProvider} renew the
 * credentials of the refused request's own tenant, and the request is sent once more with them. Tenants share the
 * pool's one 2026-07-28 transport and never a token.
 */
class StatelessAuthorizationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

    /** Starts each tenant on a stale token; on a refusal, fetches that tenant's own (client credentials). */
    private static final class RenewingProvider implements AuthProvider {
        private final TestAuthorizationServer as;
        private final String resource;
        private final Map<String, String> tokens = new ConcurrentHashMap<>();
        final List<String> refusals = new CopyOnWriteArrayList<>();

        RenewingProvider(TestAuthorizationServer as, String resource) {
            this.as = as;
            this.resource = resource;
        }

        @Override
        public Map<String, String> headers(SessionKey key) {
            return Map.of("Authorization", "Bearer " + tokens.computeIfAbsent(key.tenant(), t -> "stale-" + t));
        }

        @Override
        public boolean onAuthorizationError(SessionKey key, URI requestUri, int status, String wwwAuthenticate,
                String sentAuthorization) throws Exception {
            refusals.add(key.tenant() + " " + status + " " + sentAuthorization);
            tokens.put(key.tenant(), fetch(key.tenant()));
            return true;
        }

        private String fetch(String tenant) throws Exception {
            String form = "grant_type=client_credentials&scope=mcp%3Atools&resource="
                    + URLEncoder.encode(resource, StandardCharsets.UTF_8);
            String basic = Base64.getEncoder().encodeToString((tenant + "-svc:" + tenant + "-secret")
                    .getBytes(StandardCharsets.UTF_8));
            HttpRequest request = HttpRequest.newBuilder(as.tokenEndpoint())
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Authorization", "Basic " + basic)
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            Matcher token = ACCESS_TOKEN.matcher(response.body());
            assertTrue(response.statusCode() == 200 && token.find(), () -> "token request: " + response.statusCode());
            return token.group(1);
        }
    }

    private static PoolConfig.Builder pool(TestMcpServer server) {
        return PoolConfig.builder().name("stateless-oauth").endpoint(server.endpoint())
                .protocol(Protocol.STATELESS_2026_07_28).minSessions(0).maxSessions(4)
                .requestTimeout(Duration.ofSeconds(20)).borrowTimeout(Duration.ofSeconds(20));
    }

    private static String text(McpSchema.CallToolResult result) {
        return result.content().stream().filter(McpSchema.TextContent.class::isInstance)
                .map(c -> ((McpSchema.TextContent) c).text()).collect(Collectors.joining());
    }

    @Test
    void withOAuthAuthProviderEachTenantsFirstRefusalFetchesItsOwnTokenAndTheRequestIsSentAgain() {
        try (TestAuthorizationServer as = TestAuthorizationServer.builder().build().start()) {
            BearerAuth guard = BearerAuth.builder(as).scopesSupported("mcp:tools").build();
            McpAuthorization auth = McpAuthorization.builder()
                    .client("acme", ClientRegistration.clientCredentials("acme-svc", "acme-secret").build())
                    .client("globex", ClientRegistration.clientCredentials("globex-svc", "globex-secret").build())
                    .build();
            try (TestMcpServer server = TestMcpServer.builder().mode(TestMcpServer.Mode.HTTP_2026_07_28)
                    .bearerAuth(guard).build().start();
                    McpPool pool = McpPool.create(pool(server)
                            .authProvider(OAuthAuthProvider.of(auth, server.endpoint())).build())) {
                pool.start();
                BorrowOptions acme = BorrowOptions.builder().tenant("acme").build();
                BorrowOptions globex = BorrowOptions.builder().tenant("globex").build();
                for (int i = 0; i < 3; i++) {
                    assertEquals("hi", text(pool.callTool("echo", Map.of("message", "hi"), acme)));
                    assertEquals("3", text(pool.callTool("add", Map.of("a", 1, "b", 2), globex)));
                }
                List<SeenRequest> seen = guard.seen();
                // The first request carries no token and is refused; that refusal discovers the authorization
                // server. From then on each tenant fetches its own token before its first request: only passes.
                List<SeenRequest> refused = seen.stream().filter(r -> !r.passed()).toList();
                assertTrue(!refused.isEmpty() && refused.stream().allMatch(r -> r.status() == 401 && r.token() == null),
                        seen::toString);
                SeenRequest first = seen.get(0);
                assertEquals(401, first.status());
                assertTrue(seen.get(1).passed() && "acme-svc".equals(seen.get(1).clientId())
                        && java.util.Objects.equals(first.toolName(), seen.get(1).toolName()),
                        "the refused request was sent again with acme's new token: " + seen);
                for (SeenRequest r : seen) {
                    if ("echo".equals(r.toolName()) && r.passed()) {
                        assertEquals("acme-svc", r.clientId(), "an acme call carried another tenant's token");
                    }
                    if ("add".equals(r.toolName()) && r.passed()) {
                        assertEquals("globex-svc", r.clientId(), "a globex call carried another tenant's token");
                    }
                }
                assertEquals(1, as.tokenRequestCount("acme-svc"));
                assertEquals(1, as.tokenRequestCount("globex-svc"));
                assertEquals(List.of(server.endpoint()), as.tokenRequests().get(0).resources(),
                        "the token is for this endpoint only (RFC 8707)");
                assertEquals(0, pool.metrics().errors());
            }
        }
    }

    @Test
    void aRefusedRequestRenewsItsOwnTenantsTokenAndIsSentOnceMore() throws Exception {
        try (TestAuthorizationServer as = TestAuthorizationServer.builder().build().start()) {
            BearerAuth guard = BearerAuth.builder(as).scopesSupported("mcp:tools").build();
            try (TestMcpServer server = TestMcpServer.builder().mode(TestMcpServer.Mode.HTTP_2026_07_28)
                    .bearerAuth(guard).build().start()) {
                RenewingProvider provider = new RenewingProvider(as, server.endpoint());
                try (McpPool pool = McpPool.create(pool(server).authProvider(provider).build())) {
                    pool.start();
                    BorrowOptions acme = BorrowOptions.builder().tenant("acme").build();
                    BorrowOptions globex = BorrowOptions.builder().tenant("globex").build();
                    // acme calls echo and globex calls add: the guard's record then says whose call each was.
                    assertEquals("hi", text(pool.callTool("echo", Map.of("message", "hi"), acme)));
                    assertEquals(List.of("acme 401 Bearer stale-acme"), provider.refusals, "renewed once, for acme");
                    assertEquals("3", text(pool.callTool("add", Map.of("a", 1, "b", 2), globex)));
                    // Each path of the revision: blocking, deadline-bound, asynchronous, listings.
                    for (int i = 0; i < 3; i++) {
                        assertEquals("again", text(pool.callTool("echo", Map.of("message", "again"), acme,
                                CallOptions.within(Duration.ofSeconds(10)))));
                        assertEquals("5", text(pool.callToolAsync("add", Map.of("a", 2, "b", 3), globex,
                                CallOptions.none()).get(10, TimeUnit.SECONDS)));
                    }
                    try (PooledSession s = pool.borrow(acme)) {
                        assertTrue(s.listTools().stream().anyMatch(t -> t.name().equals("echo")));
                    }

                    assertEquals(List.of("acme 401 Bearer stale-acme", "globex 401 Bearer stale-globex"),
                            provider.refusals, "one refusal per tenant, each of its own stale token");
                    List<SeenRequest> seen = guard.seen();
                    assertEquals(2, seen.stream().filter(r -> r.status() == 401).count(), seen::toString);
                    for (SeenRequest r : seen) {
                        if (r.status() == 401) {
                            assertTrue(r.token().startsWith("stale-"), r::toString);
                        } else {
                            assertTrue(r.passed() && !r.token().startsWith("stale-"), r::toString);
                        }
                        if ("echo".equals(r.toolName()) && r.passed()) {
                            assertEquals("acme-svc", r.clientId(), "an acme call carried another tenant's token");
                        }
                        if ("add".equals(r.toolName()) && r.passed()) {
                            assertEquals("globex-svc", r.clientId(), "a globex call carried another tenant's token");
                        }
                    }
                    // Each refused request was sent once more, right after its refusal, with its tenant's new token.
                    for (int i = 0; i < seen.size(); i++) {
                        if (seen.get(i).status() == 401) {
                            SeenRequest refused = seen.get(i);
                            SeenRequest resent = seen.get(i + 1);
                            assertTrue(resent.passed() && java.util.Objects.equals(refused.toolName(), resent.toolName())
                                    && refused.token().equals("stale-" + resent.clientId().replace("-svc", "")),
                                    () -> refused + " then " + resent);
                        }
                    }
                    assertEquals(1, as.tokenRequestCount("acme-svc"));
                    assertEquals(1, as.tokenRequestCount("globex-svc"));
                    assertEquals(0, pool.metrics().errors());
                }
            }
        }
    }
}
