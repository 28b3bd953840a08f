package io.mcpool.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.BorrowOptions;
import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.testkit.BearerAuth;
import io.mcpool.testkit.SeenRequest;
import io.mcpool.testkit.TestAuthorizationServer;
import io.mcpool.testkit.TestMcpServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * OAuth on pooled sessions: a session lives longer than its tokens, because the pool asks for the
 * identity's current token on every request and lets a {@code 401} renew it. Two tenants share one pool
 * and never one token.
 */
class PooledSessionsTest {

    private static final Duration RUN = Duration.ofSeconds(6);
    private static final Duration LIFETIME = Duration.ofSeconds(3);

    @Test
    void sessionsOutliveTheirTokensAndTenantsNeverShareOne() throws Exception {
        try (TestAuthorizationServer as = TestAuthorizationServer.builder().tokenLifetime(LIFETIME).build().start()) {
            BearerAuth guard = BearerAuth.builder(as).scopesSupported("mcp:tools").build();
            McpAuthorization auth = McpAuthorization.builder()
                    .client("acme", ClientRegistration.clientCredentials("acme-svc", "acme-secret").build())
                    .client("globex", ClientRegistration.clientCredentials("globex-svc", "globex-secret").build())
                    .refreshSkew(Duration.ofSeconds(1))
                    .build();
            try (TestMcpServer server = TestMcpServer.builder().bearerAuth(guard).build().start();
                    McpPool pool = McpPool.create(PoolConfig.builder().name("oauth").endpoint(server.endpoint())
                            .minSessions(0).maxSessions(8).healthCheckInterval(Duration.ZERO)
                            .authProvider(OAuthAuthProvider.of(auth, server.endpoint())).build())) {
                pool.start();
                // The first call of each tenant discovers the server's authorization server and fetches a token
                // (the in-process authorization server takes seconds to answer its first request on a busy
                // machine); the timed run starts after that.
                pool.callTool("echo", Map.of("message", "first"), BorrowOptions.builder().tenant("acme").build());
                pool.callTool("add", Map.of("a", 1, "b", 2), BorrowOptions.builder().tenant("globex").build());
                ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
                AtomicInteger calls = new AtomicInteger();
                List<Thread> threads = new ArrayList<>();
                long end = System.nanoTime() + RUN.toNanos();
                for (int i = 0; i < 8; i++) {
                    // acme calls echo, globex calls add: the server's record then says whose call each was.
                    boolean acme = i % 2 == 0;
                    BorrowOptions tenant = BorrowOptions.builder().tenant(acme ? "acme" : "globex").build();
                    threads.add(new Thread(() -> {
                        try {
                            while (System.nanoTime() < end) {
                                McpSchema.CallToolResult r = acme
                                        ? pool.callTool("echo", Map.of("message", "hi"), tenant)
                                        : pool.callTool("add", Map.of("a", 1, "b", 2), tenant);
                                assertTrue(r.isError() == null || !r.isError(), () -> "tool error: " + r);
                                calls.incrementAndGet();
                            }
                        } catch (Throwable t) {
                            failures.add(t);
                        }
                    }, "caller-" + i));
                }
                threads.forEach(Thread::start);
                for (Thread t : threads) {
                    t.join(RUN.plusSeconds(60).toMillis());
                }
                assertTrue(failures.isEmpty(), () -> failures.size() + " callers failed, first: " + failures.peek());
                assertTrue(calls.get() > 100, () -> "too few calls to mean anything: " + calls.get() + "; server saw "
                        + guard.seen().stream().collect(java.util.stream.Collectors.groupingBy(
                                r -> r.method() + " " + r.status(), java.util.stream.Collectors.counting()))
                        + "; " + pool.metrics());
                assertTrue(pool.metrics().sessionsCreated() <= 8, "sessions were replaced instead of re-authorized: "
                        + pool.metrics());

                List<SeenRequest> seen = guard.seen();
                for (SeenRequest request : seen) {
                    if (request.passed() && "echo".equals(request.toolName())) {
                        assertEquals("acme-svc", request.clientId(), "an acme call carried another tenant's token");
                    }
                    if (request.passed() && "add".equals(request.toolName())) {
                        assertEquals("globex-svc", request.clientId(), "a globex call carried another tenant's token");
                    }
                }
                assertEquals(0, seen.stream().filter(s -> !s.passed() && s.token() != null).count(),
                        "a request carried an expired or invalid token");
                // Tokens live 3 s and are renewed 1 s ahead: about one token request per 2 s per identity.
                for (String client : List.of("acme-svc", "globex-svc")) {
                    int requests = as.tokenRequestCount(client);
                    assertTrue(requests >= 2 && requests <= RUN.toSeconds() + 3, client + " made " + requests
                            + " token requests in " + RUN.toSeconds() + " s");
                }
            }
        }
    }
}
