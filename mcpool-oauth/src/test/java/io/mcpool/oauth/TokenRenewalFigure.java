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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The figure of docs/authorization.md: 16 threads of two tenants call tools through one pool for 60 s while tokens
 * expire every 5 s. It runs longer than a CI test may (a minute, plus the authorization server's start), so it is
 * a command, not part of the build's tests (its name does not end in {@code Test}):
 *
 * <pre>
 * mvn -B -pl mcpool-oauth -am verify -Dtest=TokenRenewalFigure -Dsurefire.failIfNoSpecifiedTests=false
 *     [-Dfigure.seconds=60] [-Dfigure.threads=16] [-Dfigure.expiresIn=5s] [-Dfigure.skew=250ms]
 * </pre>
 *
 * "Expire every 5 s" as the client is told: {@code expires_in} = 5. The mock authorization server truncates a
 * token's {@code exp} to whole seconds and reports the whole seconds left, so a token it makes with a lifetime of
 * L s says {@code expires_in} = L - 1: the figure sets the lifetime one second above {@code figure.expiresIn}
 * (and prints the {@code expires_in} seen). It fails unless: no caller failed, every request of the run carried a
 * token the server accepted (none refused, none without a token), and each identity made at most
 * {@code 1 + seconds / expiresIn} token requests (13 for 60 s of 5 s tokens), counted at the authorization server.
 */
class TokenRenewalFigure {

    private static Duration duration(String property, String fallback) {
        String text = System.getProperty(property, fallback).trim();
        return text.endsWith("ms") ? Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)))
                : Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
    }

    @Test
    void sixteenThreadsForAMinuteWhileTokensExpireEveryFiveSeconds() throws Exception {
        Duration run = Duration.ofSeconds(Long.getLong("figure.seconds", 60));
        int threadCount = Integer.getInteger("figure.threads", 16);
        Duration lifetime = duration("figure.expiresIn", "5s");
        Duration skew = duration("figure.skew", "250ms");
        try (TestAuthorizationServer as = TestAuthorizationServer.builder().tokenLifetime(lifetime.plusSeconds(1)).build()
                .start()) {
            BearerAuth guard = BearerAuth.builder(as).scopesSupported("mcp:tools").build();
            McpAuthorization auth = McpAuthorization.builder()
                    .client("acme", ClientRegistration.clientCredentials("acme-svc", "acme-secret").build())
                    .client("globex", ClientRegistration.clientCredentials("globex-svc", "globex-secret").build())
                    .refreshSkew(skew)
                    .build();
            try (TestMcpServer server = TestMcpServer.builder().bearerAuth(guard).build().start();
                    McpPool pool = McpPool.create(PoolConfig.builder().name("figure").endpoint(server.endpoint())
                            .minSessions(0).maxSessions(threadCount).healthCheckInterval(Duration.ZERO)
                            .authProvider(OAuthAuthProvider.of(auth, server.endpoint())).build())) {
                pool.start();
                // Discovery and the first token of each identity (a 401 without a token, by design) before the run.
                for (String tenant : List.of("acme", "globex")) {
                    pool.callTool("echo", Map.of("message", "warm"), BorrowOptions.builder().tenant(tenant).build());
                }
                // What the client was told: the token's expiry minus when it was obtained (just now).
                double expiresIn = auth.tokens().stream().mapToLong(t -> Duration.between(java.time.Instant.now(),
                        t.expiresAt()).toMillis()).max().orElse(-1) / 1000.0;
                as.resetCounters();
                int seenBefore = guard.seen().size();

                ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
                AtomicLong calls = new AtomicLong();
                List<Thread> threads = new ArrayList<>();
                long start = System.nanoTime();
                long end = start + run.toNanos();
                for (int i = 0; i < threadCount; i++) {
                    BorrowOptions tenant = BorrowOptions.builder().tenant(i % 2 == 0 ? "acme" : "globex").build();
                    threads.add(new Thread(() -> {
                        try {
                            while (System.nanoTime() < end) {
                                if (ThreadLocalRandom.current().nextInt(10) == 0) {
                                    pool.listTools(tenant);
                                } else {
                                    pool.callTool("echo", Map.of("message", "m"), tenant);
                                }
                                calls.incrementAndGet();
                            }
                        } catch (Throwable t) {
                            failures.add(t);
                        }
                    }, "figure-caller-" + i));
                }
                threads.forEach(Thread::start);
                for (Thread t : threads) {
                    t.join(run.plusSeconds(120).toMillis());
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                List<SeenRequest> seen = guard.seen();
                List<SeenRequest> during = seen.subList(seenBefore, seen.size());
                long refused = during.stream().filter(s -> !s.passed()).count();
                long withoutToken = during.stream().filter(s -> s.token() == null).count();
                int bound = 1 + (int) (run.toSeconds() / lifetime.toSeconds());
                System.out.printf("FIGURE threads=%d run=%.1fs expires_in=%s (%.1fs left after warm-up) skew=%s "
                        + "calls=%d (%.0f/s) failures=%d requests=%d refused=%d withoutToken=%d sessionsCreated=%d "
                        + "tokenRequests acme=%d globex=%d (bound %d each)%n", threadCount, seconds, lifetime, expiresIn,
                        skew, calls.get(), calls.get() / seconds,
                        failures.size(), during.size(), refused, withoutToken, pool.metrics().sessionsCreated(),
                        as.tokenRequestCount("acme-svc"), as.tokenRequestCount("globex-svc"), bound);

                assertTrue(failures.isEmpty(), () -> failures.size() + " callers failed, first: " + failures.peek());
                assertEquals(0, refused, "requests the server refused during the run");
                assertEquals(0, withoutToken, "requests without a token during the run");
                for (String client : List.of("acme-svc", "globex-svc")) {
                    int requests = as.tokenRequestCount(client);
                    assertTrue(requests <= bound, client + " made " + requests + " token requests (bound " + bound + ")");
                    assertTrue(requests >= run.toSeconds() / lifetime.toSeconds() - 1, client + " renewed too rarely: "
                            + requests);
                }
            }
        }
    }
}
