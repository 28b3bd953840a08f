package io.mcpool.impl;

import static io.mcpool.impl.TestPools.speaking;
import static io.mcpool.impl.TestPools.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.McpPool;
import io.mcpool.impl.transport.ThrottleAwareHttpClient;
import io.mcpool.testkit.TestMcpServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Where the JDK's {@code HttpClient.sendAsync} would start a new thread for every response (JDK 17 with fewer than
 * three processors), a pool's session-based HTTP exchanges run on its own reused sender threads, which end with the
 * pool; elsewhere, and for 2026-07-28 handles, the pool starts none. The clients' own work runs on the threads every
 * pool shares ({@link HttpWorkers}).
 */
class HttpSenderThreadsTest {

    private static final String PREFIX = "mcpool-senders-http-";
    /** The JDK's names for a client's threads: {@code HttpClient-N-SelectorManager}, {@code HttpClient-N-Worker-M}. */
    private static final Pattern CLIENT_THREAD = Pattern.compile("HttpClient-(\\d+)-.*");

    private static List<Thread> senderThreads() {
        List<Thread> found = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(PREFIX)) {
                found.add(t);
            }
        }
        return found;
    }

    @ParameterizedTest
    @EnumSource(value = TestMcpServer.Mode.class, names = {"STREAMABLE_HTTP", "HTTP_2026_07_28"})
    void callsRunOnReusedSenderThreadsThatEndWithThePool(TestMcpServer.Mode mode) throws Exception {
        // Session-based sessions only: 2026-07-28 handles keep sendAsync.
        boolean expected = ThrottleAwareHttpClient.jdkStartsAThreadPerResponse()
                && mode == TestMcpServer.Mode.STREAMABLE_HTTP;
        List<Thread> seen;
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try (TestMcpServer server = TestMcpServer.builder().mode(mode).build().start();
                McpPool pool = McpPool.create(speaking(server).name("senders").minSessions(2).maxSessions(4).build())) {
            pool.start();
            Set<String> answers = ConcurrentHashMap.newKeySet();
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String message = "m" + i;
                calls.add(callers.submit(() -> answers.add(text(pool.callTool("echo", Map.of("message", message))))));
            }
            for (Future<?> call : calls) {
                call.get(60, TimeUnit.SECONDS);
            }
            assertEquals(200, answers.size(), "every call answered with its own message");
            seen = senderThreads();
            if (expected) {
                assertFalse(seen.isEmpty(), "this JDK starts a thread per response, yet the pool has no sender threads");
                assertTrue(seen.size() <= 16, "200 calls on 4 sessions left " + seen.size()
                        + " sender threads: they are not reused");
            } else {
                assertEquals(List.of(), seen, "this JDK or this revision uses no sender threads");
            }
        } finally {
            callers.shutdownNow();
        }
        for (Thread t : seen) {
            t.join(10_000);
            assertFalse(t.isAlive(), t.getName() + " outlived its pool");
        }
    }

    /**
     * Every pool's {@code HttpClient} works on the threads all pools share: pools opened side by side and after
     * another closed start none of the JDK's per-client workers ({@code HttpClient-N-Worker-M}), and a later pool
     * finds the shared threads there.
     */
    @ParameterizedTest
    @EnumSource(value = TestMcpServer.Mode.class, names = {"STREAMABLE_HTTP", "HTTP_2026_07_28"})
    void everyPoolsHttpClientWorksOnTheThreadsAllPoolsShare(TestMcpServer.Mode mode) throws Exception {
        try (TestMcpServer server = TestMcpServer.builder().mode(mode).build().start()) {
            // The JDK numbers its clients in the order they are made: clients of earlier tests that are still alive
            // show a selector thread now, and only clients made from here on have higher numbers.
            long newestBefore = Thread.getAllStackTraces().keySet().stream()
                    .mapToLong(HttpSenderThreadsTest::clientNumber).max().orElse(0);
            callOnPools(server, "first", "second");
            callOnPools(server, "third");
            List<String> perClient = new ArrayList<>();
            boolean shared = false;
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (clientNumber(t) > newestBefore && t.getName().contains("-Worker-")) {
                    perClient.add(t.getName());
                }
                shared |= t.getName().startsWith(HttpWorkers.THREAD_NAME_PREFIX + "-");
            }
            assertEquals(List.of(), perClient, "threads of a client's own executor");
            assertTrue(shared, "no " + HttpWorkers.THREAD_NAME_PREFIX + "-N thread: the clients' work ran elsewhere");
        }
    }

    /** @return the number of the JDK client whose thread {@code t} is ({@code HttpClient-N-...}), else 0 */
    private static long clientNumber(Thread t) {
        Matcher client = CLIENT_THREAD.matcher(t.getName());
        return client.matches() ? Long.parseLong(client.group(1)) : 0;
    }

    /** Opens a pool of two sessions per name, all at once; 20 calls on each; closes them. */
    private static void callOnPools(TestMcpServer server, String... names) throws Exception {
        List<McpPool> pools = new ArrayList<>();
        try {
            for (String name : names) {
                McpPool pool = McpPool.create(speaking(server).name(name).minSessions(2).maxSessions(2).build());
                pools.add(pool);
                pool.start();
            }
            for (McpPool pool : pools) {
                for (int i = 0; i < 20; i++) {
                    assertEquals("m" + i, text(pool.callToolAsync("echo", Map.of("message", "m" + i))
                            .get(30, TimeUnit.SECONDS)));
                }
            }
        } finally {
            pools.forEach(McpPool::close);
        }
    }
}
