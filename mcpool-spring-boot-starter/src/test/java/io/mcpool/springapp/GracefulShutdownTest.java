package io.mcpool.springapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.mcpool.McpPool;
import io.mcpool.PoolState;
import io.mcpool.PooledSession;
import io.mcpool.event.PoolEvent;
import io.mcpool.spi.PoolListener;
import io.mcpool.spring.McpPoolName;
import io.mcpool.testkit.TestMcpServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Graceful shutdown of a real Spring Boot web application (Tomcat, {@code server.shutdown=graceful}):
 * while a request holds a lease, the application is closed; the web server stops taking new requests
 * while the pool still runs, the in-flight request completes its tool call on its lease, and only then
 * is the pool shut down, with no lease outstanding.
 */
class GracefulShutdownTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** What happened, in order: the request's end and the pool's shutdown. */
    static final List<String> ORDER = new CopyOnWriteArrayList<>();
    static final List<PoolEvent.PoolShutdown> SHUTDOWNS = new CopyOnWriteArrayList<>();
    static final CountDownLatch ENTERED = new CountDownLatch(1);
    static final CountDownLatch RELEASE = new CountDownLatch(1);

    /** The application: one pool, one endpoint that holds a lease until the test releases it. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(SlowController.class)
    static class App {

        @Bean
        PoolListener shutdownRecorder() {
            return event -> {
                if (event instanceof PoolEvent.PoolShutdown shutdown) {
                    SHUTDOWNS.add(shutdown);
                    ORDER.add("pool-shutdown");
                }
            };
        }
    }

    /** Borrows a lease, waits for the test, then calls a tool on the lease. */
    @RestController
    static class SlowController {

        private final McpPool pool;

        SlowController(@McpPoolName("tools") McpPool pool) {
            this.pool = pool;
        }

        @GetMapping("/slow")
        String slow() throws InterruptedException {
            try (PooledSession lease = pool.borrow()) {
                ENTERED.countDown();
                if (!RELEASE.await(20, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released the request");
                }
                McpSchema.CallToolResult result = lease.callTool("echo", Map.of("message", "in-flight"));
                String text = ((McpSchema.TextContent) result.content().get(0)).text();
                ORDER.add("request-finished");
                return text;
            }
        }

        @GetMapping("/ping")
        String ping() {
            return "pong";
        }
    }

    @Test
    void poolsCloseAfterTheWebServerStoppedTakingRequestsAndTheInFlightRequestCompleted() throws Exception {
        try (TestMcpServer server = TestMcpServer.builder().build().start()) {
            ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                    .properties("server.port=0", "server.address=127.0.0.1", "server.shutdown=graceful",
                            "spring.lifecycle.timeout-per-shutdown-phase=20s",
                            "mcpool.tools.endpoint=" + server.endpoint(), "mcpool.tools.min-sessions=1")
                    .run();
            McpPool pool = context.getBean("tools", McpPool.class);
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            assertEquals("pong", get(port, "/ping").body());

            CompletableFuture<HttpResponse<String>> inFlight = HTTP.sendAsync(request(port, "/slow"),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(ENTERED.await(10, TimeUnit.SECONDS), "the request reached the controller");
            Thread closer = new Thread(context::close, "close-application");
            closer.start();

            await(() -> refused(port), "the web server stops taking new requests");
            assertEquals(PoolState.RUNNING, pool.state(), "the pool runs while the web server drains");
            assertFalse(ORDER.contains("pool-shutdown"), ORDER.toString());

            RELEASE.countDown();
            HttpResponse<String> response = inFlight.get(20, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode(), response.body());
            assertTrue(response.body().contains("in-flight"), response.body());

            closer.join(30_000);
            assertFalse(closer.isAlive(), "the application closed");
            assertEquals(PoolState.CLOSED, pool.state());
            assertEquals(List.of("request-finished", "pool-shutdown"), ORDER);
            assertEquals(0, SHUTDOWNS.get(0).leasesOutstanding(), "no lease was out when the pool shut down");
        }
    }

    private static HttpRequest request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30)).build();
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(request(port, path), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * @return true when a new connection to the port is refused, closed unanswered or answered 503
     *     (one raw HTTP/1.1 request on a new socket: no connection reuse)
     */
    private static boolean refused(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(2000);
            socket.getOutputStream().write(("GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return status == null || status.contains(" 503 ");
        } catch (IOException e) {
            return true;
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }
}
