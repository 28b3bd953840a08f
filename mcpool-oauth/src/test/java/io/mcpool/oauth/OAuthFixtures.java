package io.mcpool.oauth;

import io.mcpool.testkit.TestMcpServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** SDK clients wired to a {@link McpAuthorization} the way the pool will wire them, and a browser stand-in. */
final class OAuthFixtures {

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    static final String TENANT_HEADER = "X-Test-Tenant";

    private OAuthFixtures() {
    }

    /** An SDK client whose every request carries the identity's token and {@code X-Test-Tenant: <tenant>}. */
    static McpSyncClient client(TestMcpServer server, McpAuthorization auth, String tenant) {
        return client(server.endpoint(), auth, tenant, HttpClient.newBuilder());
    }

    static McpSyncClient client(String endpoint, McpAuthorization auth, String tenant, HttpClient.Builder http) {
        var transport = HttpClientStreamableHttpTransport.builder(endpoint)
                .endpoint(URI.create(endpoint).getPath())
                .clientBuilder(http)
                .addHttpRequestCustomizer(McpSdkAuthorization.requestCustomizer(auth, tenant))
                .addHttpRequestCustomizer((b, method, uri, body, ctx) -> b.setHeader(TENANT_HEADER,
                        tenant == null ? "" : tenant))
                .authorizationErrorHandler(McpSdkAuthorization.errorHandler(auth, tenant))
                .build();
        return McpClient.sync(transport).requestTimeout(TIMEOUT).initializationTimeout(TIMEOUT).build();
    }

    static String echo(McpSyncClient client, String message) {
        McpSchema.CallToolResult r = client.callTool(McpSchema.CallToolRequest.builder("echo")
                .arguments(Map.of("message",
                message)).build());
        return ((McpSchema.TextContent) r.content().get(0)).text();
    }

    /**
     * Plays the browser of the authorization code flow without a browser: opens the authorization URL (the test
     * authorization server redirects at once, no login page) and returns where it redirects to.
     */
    static final class RedirectFollowingAgent implements UserAgent {

        final AtomicInteger calls = new AtomicInteger();

        volatile URI lastRequest;

        private final HttpClient http = HttpClient.newHttpClient(); // follows no redirects

        @Override
        public URI authorize(URI authorizationRequest, URI redirectUri) throws Exception {
            calls.incrementAndGet();
            lastRequest = authorizationRequest;
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(authorizationRequest).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 302) {
                throw new IllegalStateException("the authorization endpoint answered " + r.statusCode() + ": "
                        + r.body());
            }
            return URI.create(r.headers().firstValue("Location").orElseThrow());
        }
    }
}
