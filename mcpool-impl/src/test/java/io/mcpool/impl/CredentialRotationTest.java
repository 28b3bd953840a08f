package io.mcpool.impl;

import static io.mcpool.impl.TestPools.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.InvalidConfigException;
import io.mcpool.McpPool;
import io.mcpool.PooledSession;
import io.mcpool.spi.AuthProvider;
import io.mcpool.testkit.RecordedRequest;
import io.mcpool.testkit.TestMcpServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Rotating a static bearer token or replacing the AuthProvider with reconfigure, while sessions live on. */
class CredentialRotationTest {

    private static String lastAuthorization(TestMcpServer server) {
        List<RecordedRequest> calls = server.toolCalls();
        return calls.get(calls.size() - 1).header("Authorization");
    }

    @Test
    void aRotatedBearerTokenIsOnTheNextRequestOfTheSameSessions() {
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(config(server).minSessions(2).maxSessions(2)
                        .bearerToken("old-token-1").build())) {
            pool.start();
            pool.callTool("echo", Map.of("message", "a"));
            assertEquals("Bearer old-token-1", lastAuthorization(server));
            int sessions = server.initializeCount();
            try (PooledSession held = pool.borrow()) {
                pool.reconfigure(pool.config().toBuilder().bearerToken("new-token-2").build());
                // A lease taken before the rotation: its next request carries the new token too.
                held.callTool("echo", Map.of("message", "b"));
                assertEquals("Bearer new-token-2", lastAuthorization(server));
            }
            pool.callTool("echo", Map.of("message", "c"));
            assertEquals("Bearer new-token-2", lastAuthorization(server));
            assertEquals(sessions, server.initializeCount(), "no session was recreated");
        }
    }

    @Test
    void aReplacedAuthProviderServesEveryRequestAfterTheReconfigureUnderLoad() throws Exception {
        AuthProvider first = key -> Map.of("Authorization", "Bearer first");
        AuthProvider second = key -> Map.of("Authorization", "Bearer second");
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(config(server).minSessions(4).maxSessions(4).authProvider(first).build())) {
            pool.start();
            int sessions = server.initializeCount();
            ExecutorService threads = Executors.newFixedThreadPool(8);
            AtomicBoolean stop = new AtomicBoolean();
            List<Future<Integer>> callers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                callers.add(threads.submit(() -> {
                    int calls = 0;
                    while (!stop.get()) {
                        pool.callTool("echo", Map.of("message", "x"));
                        calls++;
                    }
                    return calls;
                }));
            }
            awaitCalls(server, 50, callers);
            pool.reconfigure(pool.config().toBuilder().authProvider(second).build());
            int afterRotation = server.toolCalls().size() + 8; // at most one call per thread was already under way
            awaitCalls(server, afterRotation + 50, callers);
            stop.set(true);
            int total = 0;
            for (Future<Integer> caller : callers) {
                total += caller.get(30, TimeUnit.SECONDS); // a failed call fails the test here
            }
            threads.shutdown();
            List<RecordedRequest> calls = server.toolCalls();
            Set<String> seen = new TreeSet<>();
            calls.forEach(c -> seen.add(c.header("Authorization")));
            assertEquals(Set.of("Bearer first", "Bearer second"), seen);
            for (RecordedRequest call : calls.subList(afterRotation, calls.size())) {
                assertEquals("Bearer second", call.header("Authorization"), "a request after the rotation");
            }
            assertTrue(total >= afterRotation + 50 - 8, "callers ran: " + total);
            assertEquals(sessions, server.initializeCount(), "no session was recreated");
        }
    }

    /** Waits for the server to have seen {@code count} calls; fails when a caller failed or it takes 30 s. */
    private static void awaitCalls(TestMcpServer server, int count, List<Future<Integer>> callers) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (server.toolsCallCount() < count) {
            for (Future<Integer> caller : callers) {
                if (caller.isDone()) {
                    caller.get(); // throws the caller's failure
                    throw new AssertionError("a caller stopped early");
                }
            }
            assertTrue(System.nanoTime() < deadline, "the server saw " + server.toolsCallCount() + " calls, not " + count);
            Thread.sleep(5);
        }
    }

    @Test
    void credentialsCanBeRotatedButNotAddedOrRemoved() {
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(config(server).bearerToken("tok-s3cret-1").build())) {
            pool.start();
            InvalidConfigException removed = assertThrows(InvalidConfigException.class,
                    () -> pool.reconfigure(pool.config().toBuilder().bearerToken(null).build()));
            assertTrue(removed.getMessage().contains("bearerToken=null: cannot be removed"), removed::getMessage);
            InvalidConfigException added = assertThrows(InvalidConfigException.class, () -> pool.reconfigure(
                    pool.config().toBuilder().authProvider(key -> Map.of()).build()));
            assertTrue(added.getMessage().contains("authProvider=****: cannot be added"), added::getMessage);
            assertFalse(added.getMessage().contains("tok-s3cret"), added::getMessage);
            assertEquals("tok-s3cret-1", pool.config().bearerToken());
        }
    }
}
