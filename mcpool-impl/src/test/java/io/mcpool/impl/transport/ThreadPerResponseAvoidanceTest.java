package io.mcpool.impl.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.testkit.TestMcpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Exchanges run as blocking sends on reused threads, against a real server: what the SDK sees is what
 * {@code sendAsync} gives it, without a new thread per response.
 */
class ThreadPerResponseAvoidanceTest {

    /** A request the server answers with 200 without a session: an {@code initialize}. */
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
    private static final int EXCHANGES = 30;

    private static HttpRequest ping(String endpoint) {
        return HttpRequest.newBuilder(URI.create(endpoint)).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE)).build();
    }

    private static HttpClient jdkClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    /** The check agrees with what the JDK does: a thread per response exactly where it says so. */
    @Test
    void theCheckTellsWhetherTheJdkStartsAThreadPerResponse() throws Exception {
        try (TestMcpServer server = TestMcpServer.builder().build().start()) {
            HttpClient jdk = jdkClient();
            Set<Thread> threads = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < EXCHANGES; i++) {
                Thread caller = Thread.currentThread();
                jdk.sendAsync(ping(server.endpoint()), HttpResponse.BodyHandlers.ofString())
                        .thenRun(() -> {
                            if (Thread.currentThread() != caller) {
                                threads.add(Thread.currentThread());
                            }
                        }).get(10, TimeUnit.SECONDS);
            }
            if (ThreadPerResponseAvoidance.jdkStartsAThreadPerResponse()) {
                assertTrue(threads.size() > EXCHANGES / 2, "the JDK said to start a thread per response, but "
                        + EXCHANGES + " responses ran on " + threads.size() + " threads");
            } else {
                assertTrue(threads.size() <= ForkJoinPool.getCommonPoolParallelism() + 2, "the JDK said to use the "
                        + "common pool, but " + EXCHANGES + " responses ran on " + threads.size() + " threads");
            }
        }
    }

    /** Answers come back as from {@code sendAsync}, on the few sender threads, with the end of each body noticed. */
    @Test
    void exchangesAnswerOnReusedSenderThreads() throws Exception {
        ExecutorService senders = Executors.newCachedThreadPool();
        try (TestMcpServer server = TestMcpServer.builder().build().start()) {
            HttpClient jdk = jdkClient();
            HttpClient client = new ThrottleAwareHttpClient(jdk, wait -> { }, senders);
            HttpResponse<String> direct = jdk.send(ping(server.endpoint()), HttpResponse.BodyHandlers.ofString());
            Set<Thread> threads = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < EXCHANGES; i++) {
                HttpResponse<String> response = client.sendAsync(ping(server.endpoint()),
                        HttpResponse.BodyHandlers.ofString()).whenComplete((r, t) -> threads.add(Thread.currentThread()))
                        .get(10, TimeUnit.SECONDS);
                assertEquals(200, direct.statusCode());
                assertEquals(direct.statusCode(), response.statusCode());
                assertTrue(response.body().contains("\"protocolVersion\""), response.body());
            }
            // A thread that has just answered may not be back in the pool when the next exchange starts: a few,
            // never one per exchange (the JDK's way on JDK 17 with two CPUs).
            assertTrue(threads.size() <= EXCHANGES / 3, EXCHANGES + " exchanges one after another ran on "
                    + threads.size() + " threads: the sender threads are not reused");
        } finally {
            senders.shutdownNow();
        }
    }

    /** A failure is the one {@code sendAsync} would give (a {@code ConnectException}, not a wrapped copy). */
    @Test
    void failuresAreThoseOfSendAsync() throws Exception {
        ExecutorService senders = Executors.newCachedThreadPool();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try {
            HttpClient jdk = jdkClient();
            HttpRequest request = ping("http://127.0.0.1:" + closedPort + "/mcp");
            Throwable viaJdk = failureOf(jdk.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
            Throwable viaSenders = failureOf(new ThrottleAwareHttpClient(jdk, wait -> { }, senders)
                    .sendAsync(request, HttpResponse.BodyHandlers.ofString()));
            assertInstanceOf(ConnectException.class, viaJdk);
            assertEquals(viaJdk.getClass(), viaSenders.getClass());
        } finally {
            senders.shutdownNow();
        }
    }

    /**
     * A cancel while the server has not answered ends the exchange: the server sees the connection close and the
     * sender thread is free; a cancel after the answer leaves the thread's next exchange alone.
     */
    @Test
    void aCancelBeforeTheAnswerEndsTheExchangeAndALateOneReachesNothing() throws Exception {
        ExecutorService senders = Executors.newSingleThreadExecutor();
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
                TestMcpServer server = TestMcpServer.builder().build().start()) {
            HttpClient client = new ThrottleAwareHttpClient(jdkClient(), wait -> { }, senders);
            CompletableFuture<HttpResponse<String>> unanswered = client.sendAsync(
                    ping("http://127.0.0.1:" + silent.getLocalPort() + "/mcp"), HttpResponse.BodyHandlers.ofString());
            try (Socket accepted = silent.accept()) {
                accepted.setSoTimeout(10_000);
                InputStream in = accepted.getInputStream();
                readRequestHead(in);
                assertTrue(unanswered.cancel(true));
                assertEquals(-1, drain(in), "the cancelled exchange's connection was closed");
            }
            // The single sender thread is free again and carries no interrupt into its next exchange.
            HttpResponse<String> answered = client.sendAsync(ping(server.endpoint()),
                    HttpResponse.BodyHandlers.ofString()).get(10, TimeUnit.SECONDS);
            assertEquals(200, answered.statusCode());
            CompletableFuture<HttpResponse<String>> done = client.sendAsync(ping(server.endpoint()),
                    HttpResponse.BodyHandlers.ofString());
            done.get(10, TimeUnit.SECONDS);
            done.cancel(true);
            assertEquals(200, client.sendAsync(ping(server.endpoint()), HttpResponse.BodyHandlers.ofString())
                    .get(10, TimeUnit.SECONDS).statusCode());
        } finally {
            senders.shutdownNow();
        }
    }

    /** Sender threads gone (the pool closing): exchanges go the JDK's way and still answer. */
    @Test
    void withoutSenderThreadsTheJdkWayIsTaken() throws Exception {
        ExecutorService senders = Executors.newCachedThreadPool();
        senders.shutdown();
        try (TestMcpServer server = TestMcpServer.builder().build().start()) {
            HttpClient client = new ThrottleAwareHttpClient(jdkClient(), wait -> { }, senders);
            assertEquals(200, client.sendAsync(ping(server.endpoint()), HttpResponse.BodyHandlers.ofString())
                    .get(10, TimeUnit.SECONDS).statusCode());
        }
    }

    /**
     * Under contention: 16 threads, each exchange randomly awaited, cancelled before or after its answer; every
     * exchange that was not cancelled answers, and afterwards no sender thread is still busy.
     */
    @Test
    void manyThreadsWithRandomCancelsLoseNoAnswer() throws Exception {
        ExecutorService senders = Executors.newCachedThreadPool();
        ExecutorService callers = Executors.newFixedThreadPool(16);
        try (TestMcpServer server = TestMcpServer.builder().build().start()) {
            HttpClient client = new ThrottleAwareHttpClient(jdkClient(), wait -> { }, senders);
            AtomicInteger answered = new AtomicInteger();
            AtomicInteger cancelled = new AtomicInteger();
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                all.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 40; i++) {
                        CompletableFuture<HttpResponse<String>> exchange = client.sendAsync(ping(server.endpoint()),
                                HttpResponse.BodyHandlers.ofString());
                        if (ThreadLocalRandom.current().nextInt(4) == 0) {
                            if (exchange.cancel(true)) {
                                cancelled.incrementAndGet();
                                continue;
                            }
                        }
                        try {
                            assertEquals(200, exchange.get(10, TimeUnit.SECONDS).statusCode());
                            answered.incrementAndGet();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new AssertionError(e);
                        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                            throw new AssertionError("an exchange that was not cancelled failed", e);
                        }
                    }
                }, callers));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            assertEquals(16 * 40, answered.get() + cancelled.get());
            assertTrue(answered.get() > 0);
            // Every exchange still answers afterwards: no connection was left broken by a cancel.
            for (int i = 0; i < 20; i++) {
                assertEquals(200, client.sendAsync(ping(server.endpoint()), HttpResponse.BodyHandlers.ofString())
                        .get(10, TimeUnit.SECONDS).statusCode());
            }
        } finally {
            callers.shutdownNow();
            senders.shutdownNow();
        }
    }

    private static Throwable failureOf(CompletableFuture<?> future) throws InterruptedException {
        try {
            future.get(20, TimeUnit.SECONDS);
            throw new AssertionError("expected the exchange to fail");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the exchange neither answered nor failed", e);
        }
    }

    /** Reads up to the blank line that ends the request's head. */
    static void readRequestHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("the connection closed before the request's head ended");
            }
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    /** @return -1 once the peer closed the connection, after reading what was left (the request's body) */
    static int drain(InputStream in) throws IOException {
        int b;
        do {
            b = in.read();
        } while (b >= 0);
        return b;
    }
}
