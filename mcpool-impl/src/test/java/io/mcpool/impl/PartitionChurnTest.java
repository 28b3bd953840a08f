package io.mcpool.impl;

import static io.mcpool.impl.TestPools.speaking;
import static io.mcpool.impl.TestPools.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.BorrowOptions;
import io.mcpool.McpPool;
import io.mcpool.testkit.RecordedRequest;
import io.mcpool.testkit.TestMcpServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * More tenants than sessions on a 2026-07-28 server over HTTP: handles of one tenant close to make room for another's
 * and open again. A new handle's SDK client would list the server's tools before its first call (to learn which
 * arguments the tool mirrors into headers); a handle of a tenant seen before takes over the client of that tenant's
 * closed handle instead, and with it the tenant's identity on the wire and nothing of another tenant's or lease's.
 */
class PartitionChurnTest {

    private static final String TENANT_HEADER = "X-Tenant";
    private static final String LEASE_HEADER = "X-Lease";

    private static McpPool pool(TestMcpServer server, int sessions) {
        return McpPool.create(speaking(server).minSessions(0).maxSessions(sessions)
                .authProvider(key -> key.tenant() == null ? Map.of() : Map.of(TENANT_HEADER, key.tenant()))
                .build());
    }

    private static TestMcpServer server() {
        return TestMcpServer.builder().mode(TestMcpServer.Mode.HTTP_2026_07_28).build().start();
    }

    @Test
    void aTenantSeenBeforeListsNoToolsBeforeItsNextCall() {
        List<String> tenants = List.of("acme", "globex", "initech");
        try (TestMcpServer server = server(); McpPool pool = pool(server, 1)) {
            pool.start();
            List<String> asked = new ArrayList<>();
            for (int round = 0; round < 10; round++) {
                for (String tenant : tenants) {
                    pool.callTool("echo", Map.of("message", tenant), BorrowOptions.builder().tenant(tenant).build());
                    asked.add(tenant);
                }
            }
            assertTrue(pool.metrics().sessionsDestroyed() >= 29, "one session for three tenants: each call opened a handle, "
                    + "destroyed " + pool.metrics().sessionsDestroyed());
            assertEquals(tenants.size(), server.toolsListCount(),
                    "one tools/list per tenant, before its first call; not one per handle");
            List<String> onTheWire = server.requests().stream().filter(r -> "echo".equals(r.toolName()))
                    .map(r -> r.header(TENANT_HEADER)).toList();
            assertEquals(asked, onTheWire, "every call went out as the tenant it was made for");
        }
    }

    @Test
    void underContentionEveryCallCarriesItsOwnTenantAndLeaseHeaders() throws Exception {
        List<String> tenants = List.of("t1", "t2", "t3", "t4", "t5", "t6");
        int threads = 16;
        int callsPerThread = 40;
        AtomicInteger crossed = new AtomicInteger();
        AtomicInteger made = new AtomicInteger();
        List<String> mismatches = java.util.Collections.synchronizedList(new ArrayList<>());
        try (TestMcpServer server = server(); McpPool pool = pool(server, 4)) {
            pool.start();
            ExecutorService callers = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    done.add(callers.submit(() -> {
                        for (int i = 0; i < callsPerThread; i++) {
                            ThreadLocalRandom random = ThreadLocalRandom.current();
                            String tenant = tenants.get(random.nextInt(tenants.size()));
                            String lease = Long.toHexString(random.nextLong());
                            BorrowOptions options = BorrowOptions.builder().tenant(tenant).header(LEASE_HEADER, lease)
                                    .timeout(Duration.ofSeconds(30)).build();
                            boolean oneCall = random.nextBoolean();
                            String seen = oneCall ? text(pool.callTool("whoami", Map.of(), options))
                                    : withLease(pool, options);
                            made.addAndGet(oneCall ? 1 : 2);
                            List<String> lines = List.of(seen.split("\n"));
                            if (!lines.contains(TENANT_HEADER.toLowerCase() + "=" + tenant)
                                    || !lines.contains(LEASE_HEADER.toLowerCase() + "=" + lease)) {
                                crossed.incrementAndGet();
                                mismatches.add(tenant + "/" + lease + " saw " + lines);
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                callers.shutdownNow();
            }
            assertEquals(0, crossed.get(), () -> "calls that carried another tenant's or lease's headers: "
                    + mismatches.subList(0, Math.min(5, mismatches.size())));
            assertTrue(pool.metrics().sessionsDestroyed() > 0, "the tenants took turns on four sessions");
            // A client is made only when its tenant has none spare (two are kept per tenant), and lists once before
            // its first call: a few dozen listings here, where a new client per handle listed for half the calls.
            assertTrue(server.toolsListCount() < made.get() / 4,
                    "handles of tenants seen before list no tools first: " + server.toolsListCount() + " listings for "
                            + made.get() + " calls");
            long whoamiCalls = server.requests().stream().map(RecordedRequest::toolName).filter("whoami"::equals).count();
            assertEquals(made.get(), whoamiCalls, "every call reached the server once");
        }
    }

    /** @return the tenant and lease header lines of a {@code whoami} answer */
    private static List<String> identity(String whoami) {
        return List.of(whoami.split("\n")).stream()
                .filter(l -> l.startsWith(TENANT_HEADER.toLowerCase() + "=") || l.startsWith(LEASE_HEADER.toLowerCase() + "="))
                .toList();
    }

    /** Two calls on one lease: both carry the lease's headers. */
    private static String withLease(McpPool pool, BorrowOptions options) {
        try (var session = pool.borrow(options)) {
            String first = text(session.callTool("whoami", Map.of()));
            String second = text(session.callTool("whoami", Map.of()));
            assertEquals(identity(first), identity(second), "one lease, one identity");
            return second;
        }
    }
}
