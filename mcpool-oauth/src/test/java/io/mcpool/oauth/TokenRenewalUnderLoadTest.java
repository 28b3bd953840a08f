package io.mcpool.oauth;

import static io.mcpool.oauth.OAuthFixtures.client;
import static io.mcpool.oauth.OAuthFixtures.echo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.testkit.BearerAuth;
import io.mcpool.testkit.SeenRequest;
import io.mcpool.testkit.TestAuthorizationServer;
import io.mcpool.testkit.TestMcpServer;
import io.modelcontextprotocol.client.McpSyncClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 16 threads of two tenants call tools while tokens live 3 s (renewed 1 s ahead): no caller fails, every request
 * the server let through carried a valid token of its own tenant, and each identity asks the authorization server
 * about once per token lifetime, not once per thread or per request.
 */
class TokenRenewalUnderLoadTest {

    private static final Duration RUN = Duration.ofSeconds(5);

    private static final Duration LIFETIME = Duration.ofSeconds(3);

    private static final Duration SKEW = Duration.ofSeconds(1);

    @Test
    void sixteenThreadsWhileTokensExpireEveryFewSeconds() throws Exception {
        try (TestAuthorizationServer as = TestAuthorizationServer.builder().tokenLifetime(LIFETIME).build().start()) {
            BearerAuth guard = BearerAuth.builder(as).scopesSupported("mcp:tools").build();
            McpAuthorization auth = McpAuthorization.builder()
                    .client("acme", ClientRegistration.clientCredentials("acme-svc", "acme-secret").build())
                    .client("globex", ClientRegistration.clientCredentials("globex-svc", "globex-secret").build())
                    .refreshSkew(SKEW)
                    .build();
            try (TestMcpServer server = TestMcpServer.builder().bearerAuth(guard).build().start()) {
                List<McpSyncClient> clients = new ArrayList<>();
                List<Thread> threads = new ArrayList<>();
                ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
                AtomicInteger calls = new AtomicInteger();
                CountDownLatch start = new CountDownLatch(1);
                long[] window = new long[2];
                for (int i = 0; i < 16; i++) {
                    McpSyncClient c = client(server, auth, i % 2 == 0 ? "acme" : "globex");
                    clients.add(c);
                    int n = i;
                    threads.add(new Thread(() -> {
                        try {
                            start.await();
                            c.initialize();
                            long end = System.nanoTime() + RUN.toNanos();
                            while (System.nanoTime() < end) {
                                String message = n + "-" + ThreadLocalRandom.current().nextInt(1000);
                                if (ThreadLocalRandom.current().nextInt(10) == 0) {
                                    c.listTools();
                                } else {
                                    assertEquals(message, echo(c, message));
                                }
                                calls.incrementAndGet();
                            }
                        } catch (Throwable t) {
                            failures.add(t);
                        }
                    }, "caller-" + i));
                }
                threads.forEach(Thread::start);
                window[0] = System.nanoTime();
                start.countDown();
                for (Thread t : threads) {
                    t.join(RUN.plusSeconds(60).toMillis());
                    assertTrue(!t.isAlive(), t.getName() + " did not finish");
                }
                window[1] = System.nanoTime();
                clients.forEach(McpSyncClient::close);

                assertTrue(failures.isEmpty(), failures.size() + " callers failed, first: " + failures.peek());
                double seconds = (window[1] - window[0]) / 1e9;
                // A token of 3 s (expires_in 2..3 s as the server rounds) is renewed 1 s ahead: at most one renewal
                // per second of run, plus the first token. Single flight makes it per identity, not per thread.
                int bound = (int) Math.ceil(seconds / 1.0) + 1;
                for (String client : List.of("acme-svc", "globex-svc")) {
                    int requests = as.tokenRequestCount(client);
                    System.out.printf("%s: %d token requests in %.1f s, %d calls in all%n", client, requests, seconds,
                            calls.get());
                    assertTrue(requests >= 2, client + " renewed no token: " + requests);
                    assertTrue(requests <= bound, client + " made " + requests + " token requests in " + seconds
                            + " s (bound " + bound + ")");
                }
                ClientCredentialsTest.assertTenantsKeptApart(server, Map.of("acme", "acme-svc", "globex",
                        "globex-svc"));
                List<SeenRequest> seen = guard.seen();
                long refusedWithToken = seen.stream().filter(s -> !s.passed() && s.token() != null).count();
                assertEquals(0, refusedWithToken, "a request carried an expired or invalid token");
                assertTrue(calls.get() > 100, "too few calls to mean anything: " + calls.get());
            }
        }
    }
}
