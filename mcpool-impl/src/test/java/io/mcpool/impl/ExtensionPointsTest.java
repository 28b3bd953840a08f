package io.mcpool.impl;

import static io.mcpool.impl.TestPools.config;
import static io.mcpool.impl.TestPools.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.BorrowOptions;
import io.mcpool.McpPool;
import io.mcpool.PooledSession;
import io.mcpool.SessionCreationException;
import io.mcpool.SessionKey;
import io.mcpool.spi.TransportFactory;
import io.mcpool.testkit.RecordedRequest;
import io.mcpool.testkit.TestMcpServer;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The SPIs run against a real server: a custom TransportFactory and a warm-up hook. */
class ExtensionPointsTest {

    @Test
    void aCustomTransportFactoryBuildsEverySessionAndItsHeadersReachTheWire() {
        List<TransportFactory.Context> contexts = new CopyOnWriteArrayList<>();
        List<HttpClient> clients = new CopyOnWriteArrayList<>();
        try (TestMcpServer server = TestMcpServer.builder().build().start()) {
            URI uri = URI.create(server.endpoint());
            TransportFactory factory = context -> {
                contexts.add(context);
                HttpClient.Builder shared = context.sharedHttpClient();
                clients.add(shared.build());
                return HttpClientStreamableHttpTransport.builder(uri.getScheme() + "://" + uri.getRawAuthority())
                        .endpoint(uri.getRawPath())
                        .clientBuilder(shared)
                        .httpRequestCustomizer(context.leaseHeaders())
                        .build();
            };
            try (McpPool pool = McpPool.create(config(server).endpoint(null).transportFactory(factory).minSessions(2)
                    .maxSessions(3).header("X-Static", "static-value").build())) {
                pool.start();
                assertEquals(2, contexts.size(), "one transport per warm session");
                try (PooledSession s = pool.borrow(BorrowOptions.builder().header("X-Per-Borrow", "borrowed").build())) {
                    assertEquals("through the factory", text(s.callTool("echo", Map.of("message", "through the factory"))));
                }
                assertEquals(2, server.initializeCount(), "the sessions the factory built are the ones the server saw");
                RecordedRequest call = server.toolCalls().get(server.toolCalls().size() - 1);
                assertEquals("static-value", call.header("X-Static"), "the session's headers, from the context");
                assertEquals("borrowed", call.header("X-Per-Borrow"), "the lease's headers, through leaseHeaders()");
                assertEquals(SessionKey.SHARED, contexts.get(0).key());
                assertEquals("static-value", contexts.get(0).headers().get("X-Static"));
                assertSame(clients.get(0), clients.get(1), "sharedHttpClient() hands out the pool's one client");
            }
        }
    }

    @Test
    void theWarmUpHookRunsOncePerSessionOnAnInitializedClientAndItsFailureFailsTheCreation() {
        List<SessionKey> warmed = new CopyOnWriteArrayList<>();
        List<Integer> toolsSeen = new CopyOnWriteArrayList<>();
        try (TestMcpServer server = TestMcpServer.builder().build().start()) {
            try (McpPool pool = McpPool.create(config(server).minSessions(2).maxSessions(4).warmupHook((client, key) -> {
                assertNotNull(client.getServerInfo(), "initialized before the hook");
                toolsSeen.add(client.listTools().tools().size());
                warmed.add(key);
            }).build())) {
                pool.start();
                assertEquals(List.of(SessionKey.SHARED, SessionKey.SHARED), warmed);
                assertEquals(2, server.toolsListCount(), "the hook's own request reached the server");
                assertTrue(toolsSeen.stream().allMatch(n -> n > 0), toolsSeen.toString());
                try (PooledSession s = pool.borrow(BorrowOptions.builder().tenant("acme").build())) {
                    s.ping();
                }
                assertEquals(3, warmed.size(), "a new session, a new warm-up");
                assertEquals(SessionKey.of("acme", null), warmed.get(2));
                pool.borrow().close();
                assertEquals(3, warmed.size(), "a reused session is not warmed again");
            }
            try (McpPool failing = McpPool.create(config(server).name("cold").minSessions(0).retryCount(0)
                    .warmupHook((client, key) -> {
                        throw new IllegalStateException("catalog not loaded");
                    }).build())) {
                failing.start();
                SessionCreationException e = assertThrows(SessionCreationException.class, failing::borrow);
                assertTrue(e.getMessage().contains("catalog not loaded"), e::getMessage);
                assertEquals(0, failing.metrics().total(), "the session whose warm-up failed was closed");
            }
        }
    }
}
