package io.mcpool.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.BorrowOptions;
import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.jmx.McpPoolJmx;
import io.mcpool.testkit.BearerAuth;
import io.mcpool.testkit.SeenRequest;
import io.mcpool.testkit.TestAuthorizationServer;
import io.mcpool.testkit.TestMcpServer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Test;

/** The pool MBean's {@code tokens()}: issuer, scopes and expiry per identity, read over JMX; never a token. */
class TokensOverJmxTest {

    @Test
    void eachIdentitysTokenIsDescribedAndNoTokenIsReadable() throws Exception {
        try (TestAuthorizationServer as = TestAuthorizationServer.builder().tokenLifetime(Duration.ofMinutes(5)).build()
                .start()) {
            BearerAuth guard = BearerAuth.builder(as).scopesSupported("mcp:tools").build();
            McpAuthorization auth = McpAuthorization.builder()
                    .client(ClientRegistration.clientCredentials("shared-svc", "shared-secret-77").build())
                    .client("acme", ClientRegistration.clientCredentials("acme-svc", "acme-secret-77")
                            .scopes("mcp:tools", "mcp:admin").build())
                    .build();
            MBeanServer mbeans = MBeanServerFactory.newMBeanServer();
            try (TestMcpServer server = TestMcpServer.builder().bearerAuth(guard).build().start();
                    McpPool pool = McpPool.create(PoolConfig.builder().name("jmx-tokens").endpoint(server.endpoint())
                            .minSessions(0).authProvider(OAuthAuthProvider.of(auth, server.endpoint())).build())) {
                pool.start();
                ObjectName name = McpPoolJmx.register(pool, mbeans);
                assertEquals(0, ((CompositeData[]) mbeans.invoke(name, "tokens", null, null)).length,
                        "no token before the server asked for one");
                pool.callTool("echo", Map.of("message", "shared"));
                pool.callTool("echo", Map.of("message", "acme"), BorrowOptions.builder().tenant("acme").build());

                CompositeData[] rows = (CompositeData[]) mbeans.invoke(name, "tokens", null, null);
                Map<Object, CompositeData> byTenant = Arrays.stream(rows)
                        .collect(Collectors.toMap(r -> r.get("tenant"), r -> r));
                assertEquals(2, rows.length, Arrays.toString(rows));
                for (CompositeData row : rows) {
                    assertEquals(as.issuer(), row.get("issuer"));
                    assertEquals(server.endpoint(), row.get("resource"));
                    Instant expiry = Instant.parse((String) row.get("expiresAt"));
                    assertTrue(expiry.isAfter(Instant.now().plusSeconds(200)), "about 5 minutes ahead: " + expiry);
                    long seconds = (Long) row.get("secondsToExpiry");
                    assertTrue(seconds > 200 && seconds <= 300, "seconds to expiry: " + seconds);
                }
                assertEquals("mcp:tools", byTenant.get("").get("scopes"), "the resource's scopes_supported");
                assertEquals("mcp:tools mcp:admin", byTenant.get("acme").get("scopes"), "the registration's scopes");

                String everything = Arrays.toString(rows) + mbeans.getMBeanInfo(name);
                List<String> tokens = guard.seen().stream().map(SeenRequest::token).filter(t -> t != null).distinct()
                        .toList();
                assertFalse(tokens.isEmpty(), "the server saw the tokens");
                for (String token : tokens) {
                    assertFalse(everything.contains(token), "a token is readable over JMX");
                }
                assertFalse(everything.contains("secret-77"), everything);
            }
        }
    }
}
