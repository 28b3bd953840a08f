package io.mcpool.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.service.AiServices;
import io.mcpool.BorrowOptions;
import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.testkit.RecordedRequest;
import io.mcpool.testkit.TestMcpServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Many threads chatting through one AI service and one {@link McpPoolToolProvider} at once, each turn
 * with its own tenant, request header and tool, drawn at random: headers never cross between turns,
 * a session never serves two tenants, the tool list is fetched upstream once, and every lease comes
 * back.
 */
class ConcurrentChatTurnsTest {

    private static final int THREADS = 8;
    private static final int TURNS_PER_THREAD = 25;
    private static final List<String> TENANTS = List.of("acme", "globex", "initech", "shared");

    @Test
    void turnsOnManyThreadsKeepTheirOwnTenantsAndHeaders() throws Exception {
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(PoolConfig.builder().name("busy").endpoint(server.endpoint())
                        .minSessions(1).maxSessions(6).build())) {
            pool.start();
            server.resetCounters();
            Assistant assistant = AiServices.builder(Assistant.class).chatModel(new ScriptedChatModel())
                    .toolProvider(McpPoolToolProvider.of(pool)).build();
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<String>>> problems = new ArrayList<>();
            long seed = System.nanoTime();
            for (int t = 0; t < THREADS; t++) {
                SplittableRandom random = new SplittableRandom(seed + t);
                int thread = t;
                problems.add(threads.submit(() -> {
                    go.await();
                    List<String> found = new ArrayList<>();
                    for (int turn = 0; turn < TURNS_PER_THREAD; turn++) {
                        found.addAll(turn(assistant, random, "req-" + thread + "-" + turn));
                    }
                    return found;
                }));
            }
            go.countDown();
            List<String> all = new ArrayList<>();
            for (Future<List<String>> f : problems) {
                all.addAll(f.get(2, TimeUnit.MINUTES));
            }
            threads.shutdown();
            assertEquals(List.of(), all, "seed " + seed);

            assertEquals(1, server.toolsListCount(), "seed " + seed);
            assertEquals(THREADS * TURNS_PER_THREAD, server.toolsCallCount(), "seed " + seed);
            Map<String, Set<String>> tenantsBySession = new HashMap<>();
            for (RecordedRequest call : server.toolCalls()) {
                tenantsBySession.computeIfAbsent(call.sessionId(), s -> new HashSet<>()).add(call.header("X-Tenant"));
            }
            tenantsBySession.forEach((session, tenants) ->
                    assertEquals(1, tenants.size(), "session " + session + " served " + tenants + "; seed " + seed));
            assertTrue(server.maxLiveSessions() <= 6, "live sessions " + server.maxLiveSessions());
            assertEquals(0, pool.metrics().active(), "leases still out; seed " + seed);
        }
    }

    /** One chat turn with a random tenant and tool; returns what went wrong, if anything. */
    private static List<String> turn(Assistant assistant, SplittableRandom random, String requestId) {
        String tenant = TENANTS.get(random.nextInt(TENANTS.size()));
        BorrowOptions.Builder options = BorrowOptions.builder().header("X-Request-ID", requestId).header("X-Tenant", tenant);
        if (!tenant.equals("shared")) {
            options.tenant(tenant);
        }
        String answer;
        String expected;
        switch (random.nextInt(4)) {
            case 0 -> {
                answer = assistant.chat("call whoami {}", InvocationBorrowOptions.parameters(options.build()));
                expected = "x-request-id=" + requestId;
                if (!answer.contains("x-tenant=" + tenant)) {
                    return List.of(requestId + " (" + tenant + ") saw another tenant's header: " + answer);
                }
            }
            case 1 -> {
                answer = assistant.chat("call echo {\"message\":\"" + requestId + "\"}",
                        InvocationBorrowOptions.parameters(options.build()));
                expected = "echo: " + requestId;
            }
            case 2 -> {
                answer = assistant.chat("call slow {\"millis\":" + random.nextInt(1, 10) + "}",
                        InvocationBorrowOptions.parameters(options.build()));
                expected = "slow: slept ";
            }
            default -> {
                answer = assistant.chat("call fail {}", InvocationBorrowOptions.parameters(options.build()));
                expected = "fail failed: tool failed on purpose";
            }
        }
        return answer.contains(expected) ? List.of() : List.of(requestId + " expected '" + expected + "' in: " + answer);
    }
}
