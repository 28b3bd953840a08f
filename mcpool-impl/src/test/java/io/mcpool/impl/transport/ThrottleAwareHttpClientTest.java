package io.mcpool.impl.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.testkit.TestMcpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pool's wrapper around its shared JDK {@link HttpClient}. */
class ThrottleAwareHttpClientTest {

    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";

    /**
     * Once a response body has been read, the JDK client may have lent the exchange's connection to
     * another request: cancelling the finished exchange must not reach it.
     */
    @Test
    void aCancelAfterTheBodyWasReadDoesNotReachTheExchange() {
        CompletableFuture<HttpResponse<String>> exchange = new CompletableFuture<>();
        ExchangeBody body = new ExchangeBody();
        CompletableFuture<HttpResponse<String>> answer = ThrottleAwareHttpClient.cancelOnlyWhileReading(exchange, body,
                new ReleasableHandler<>(HttpResponse.BodyHandlers.ofString()));
        body.ended(null);
        assertTrue(answer.cancel(true));
        assertTrue(answer.isCancelled(), "the caller's answer is cancelled");
        assertFalse(exchange.isCancelled(), "the finished exchange is left alone");
    }

    /** While the body is still being read (an SSE stream, say), a cancel closes the exchange as before. */
    @Test
    void aCancelWhileTheBodyIsReadCancelsTheExchange() {
        CompletableFuture<HttpResponse<String>> exchange = new CompletableFuture<>();
        CompletableFuture<HttpResponse<String>> answer = ThrottleAwareHttpClient.cancelOnlyWhileReading(exchange,
                new ExchangeBody(), new ReleasableHandler<>(HttpResponse.BodyHandlers.ofString()));
        answer.cancel(true);
        assertTrue(exchange.isCancelled());
    }

    @Test
    void answersAndFailuresPassThroughUnchanged() throws Exception {
        CompletableFuture<HttpResponse<String>> failing = new CompletableFuture<>();
        ReleasableHandler<String> handler = new ReleasableHandler<>(HttpResponse.BodyHandlers.ofString());
        CompletableFuture<HttpResponse<String>> answer = ThrottleAwareHttpClient.cancelOnlyWhileReading(failing,
                new ExchangeBody(), handler);
        java.io.IOException cut = new java.io.IOException("cut");
        failing.completeExceptionally(cut);
        assertTrue(answer.isCompletedExceptionally());
        assertEquals(cut, answer.handle((r, t) -> t).get());
        // The exchange is over: the handler the JDK may keep (an idle connection keeps its first exchange) lets go.
        assertThrows(IllegalStateException.class, () -> handler.apply(null));
    }

    /**
     * A caller that gives up after the response's headers have arrived, before its future handed the response over
     * (here: while the body handler runs), leaves a body no one will read. It is released: the connection closes,
     * which is how a server streaming that answer (a 2026-07-28 call) learns that the call was cancelled. Without
     * sender threads ({@code sendAsync}) and with them ({@code send}). The JDK's own cancel mostly closes the
     * connection too, not always: without the release the case with sender threads failed in 2 of 14 runs on JDK 17
     * and 25, with it none of 12 (checked).
     */
    @ParameterizedTest(name = "sender threads: {0}")
    @ValueSource(booleans = {false, true})
    void aCancelAfterTheHeadersBeforeTheHandOverClosesTheConnection(boolean senderThreads) throws Exception {
        ExecutorService senders = senderThreads ? Executors.newCachedThreadPool() : null;
        try (ServerSocket streaming = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            HttpClient client = new ThrottleAwareHttpClient(
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), wait -> { }, senders);
            CompletableFuture<CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>>> answer =
                    new CompletableFuture<>();
            HttpResponse.BodyHandler<Flow.Publisher<List<ByteBuffer>>> givingUp = info -> {
                answer.join().cancel(true); // the headers are in; the caller gives up before taking the response
                return HttpResponse.BodySubscribers.ofPublisher(); // as the SDK takes a body
            };
            answer.complete(client.sendAsync(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + streaming.getLocalPort() + "/mcp")).build(), givingUp));
            try (Socket accepted = streaming.accept()) {
                accepted.setSoTimeout(10_000);
                InputStream in = accepted.getInputStream();
                ThreadPerResponseAvoidanceTest.readRequestHead(in);
                OutputStream out = accepted.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread writer = new Thread(() -> keepStreaming(out), "streaming-server");
                writer.setDaemon(true);
                writer.start();
                assertEquals(-1, ThreadPerResponseAvoidanceTest.drain(in),
                        "the client closed the connection of the response it gave up on");
                assertTrue(answer.join().isCancelled());
            }
        } finally {
            if (senders != null) {
                senders.shutdownNow();
            }
        }
    }

    /** Writes an SSE event every 25 ms, as a server streaming a call's answer does, until the connection fails. */
    private static void keepStreaming(OutputStream out) {
        byte[] event = "data: working\n\n".getBytes(StandardCharsets.US_ASCII);
        try {
            while (true) {
                out.write((Integer.toHexString(event.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(event);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(25);
            }
        } catch (IOException | InterruptedException closed) {
            // the client went away (or the test ended): the stream is over
        }
    }

    /** Against a real server: the body's end is noticed, the response and the 429 watch are unchanged. */
    @Test
    void realExchangesKeepTheirAnswerAndTheEndOfTheirBodyIsNoticed() throws Exception {
        List<Duration> throttles = new CopyOnWriteArrayList<>();
        try (TestMcpServer server = TestMcpServer.builder().build().start()) {
            HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpClient client = new ThrottleAwareHttpClient(jdk, throttles::add);
            HttpRequest post = HttpRequest.newBuilder(URI.create(server.endpoint()))
                    .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString(PING)).build();
            ExchangeBody body = new ExchangeBody();
            HttpResponse<String> response = jdk.sendAsync(post, body.watching(HttpResponse.BodyHandlers.ofString()))
                    .get(10, TimeUnit.SECONDS);
            assertTrue(body.ended(), "the end of the body was noticed");
            HttpResponse<String> through = client.sendAsync(post, HttpResponse.BodyHandlers.ofString())
                    .get(10, TimeUnit.SECONDS);
            assertEquals(response.statusCode(), through.statusCode());
            assertEquals(List.of(), throttles);
        }
    }

    @Test
    void retryAfterIsReadAsSecondsOrAsADate() {
        assertEquals(Duration.ofSeconds(7), ThrottleAwareHttpClient.retryAfter(headers("7")));
        assertEquals(ThrottleAwareHttpClient.DEFAULT_RETRY_AFTER, ThrottleAwareHttpClient.retryAfter(headers("soon")));
        assertEquals(Duration.ZERO, ThrottleAwareHttpClient.retryAfter(headers("Mon, 01 Jan 2001 00:00:00 GMT")));
    }

    private static HttpHeaders headers(String retryAfter) {
        return HttpHeaders.of(Map.of("Retry-After", List.of(retryAfter)), (k, v) -> true);
    }
}
