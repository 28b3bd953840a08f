package io.mcpool.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.testkit.BearerAuth;
import io.mcpool.testkit.SeenRequest;
import io.mcpool.testkit.TestAuthorizationServer;
import io.mcpool.testkit.TestMcpServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rotating an OAuth client's credentials while the pool runs, both ways: {@link McpAuthorization#rotate} on the
 * provider the pool has, and {@code reconfigure} with a new provider. The next request uses a token of the new
 * credentials; no session is recreated.
 */
class CredentialRotationTest {

    private static String lastClient(BearerAuth guard) {
        List<SeenRequest> seen = guard.seen();
        for (int i = seen.size() - 1; i >= 0; i--) {
            if (seen.get(i).passed() && "echo".equals(seen.get(i).toolName())) {
                return seen.get(i).clientId();
            }
        }
        throw new AssertionError("no call passed: " + seen);
    }

    @Test
    void rotatedCredentialsServeTheNextRequestOfTheSameSessions() {
        try (TestAuthorizationServer as = TestAuthorizationServer.builder().build().start()) {
            BearerAuth guard = BearerAuth.builder(as).build();
            McpAuthorization auth = McpAuthorization.builder()
                    .client(ClientRegistration.clientCredentials("svc-v1", "secret-v1").build()).build();
            try (TestMcpServer server = TestMcpServer.builder().bearerAuth(guard).build().start();
                    McpPool pool = McpPool.create(PoolConfig.builder().name("rotating").endpoint(server.endpoint())
                            .minSessions(1).maxSessions(1).authProvider(OAuthAuthProvider.of(auth, server.endpoint()))
                            .build())) {
                pool.start();
                pool.callTool("echo", Map.of("message", "one"));
                assertEquals("svc-v1", lastClient(guard));

                auth.rotate(null, ClientRegistration.clientCredentials("svc-v2", "secret-v2").build());
                pool.callTool("echo", Map.of("message", "two"));
                assertEquals("svc-v2", lastClient(guard), "the identity's cached token was dropped with the rotation");
                assertEquals(1, as.tokenRequestCount("svc-v2"));

                McpAuthorization replacement = McpAuthorization.builder()
                        .client(ClientRegistration.clientCredentials("svc-v3", "secret-v3").build()).build();
                pool.reconfigure(pool.config().toBuilder()
                        .authProvider(OAuthAuthProvider.of(replacement, server.endpoint())).build());
                pool.callTool("echo", Map.of("message", "three"));
                assertEquals("svc-v3", lastClient(guard), "the replaced provider's token is on the next request");
                assertEquals(1, pool.metrics().sessionsCreated(), "one session throughout: " + pool.metrics());
                assertTrue(as.tokenRequestCount("svc-v1") >= 1);
            }
        }
    }
}
