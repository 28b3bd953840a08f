package io.mcpool.impl.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.testkit.TestMcpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

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
        AtomicBoolean bodyRead = new AtomicBoolean();
        CompletableFuture<HttpResponse<String>> answer = ThrottleAwareHttpClient.cancelOnlyWhileReading(exchange, bodyRead);
        bodyRead.set(true);
        assertTrue(answer.cancel(true));
        assertTrue(answer.isCancelled(), "the caller's answer is cancelled");
        assertFalse(exchange.isCancelled(), "the finished exchange is left alone");
    }

    /** While the body is still being read (an SSE stream, say), a cancel closes the exchange as before. */
    @Test
    void aCancelWhileTheBodyIsReadCancelsTheExchange() {
        CompletableFuture<HttpResponse<String>> exchange = new CompletableFuture<>();
        CompletableFuture<HttpResponse<String>> answer = ThrottleAwareHttpClient.cancelOnlyWhileReading(exchange,
                new AtomicBoolean());
        answer.cancel(true);
        assertTrue(exchange.isCancelled());
    }

    @Test
    void answersAndFailuresPassThroughUnchanged() throws Exception {
        CompletableFuture<HttpResponse<String>> failing = new CompletableFuture<>();
        CompletableFuture<HttpResponse<String>> answer = ThrottleAwareHttpClient.cancelOnlyWhileReading(failing,
                new AtomicBoolean());
        java.io.IOException cut = new java.io.IOException("cut");
        failing.completeExceptionally(cut);
        assertTrue(answer.isCompletedExceptionally());
        assertEquals(cut, answer.handle((r, t) -> t).get());
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
            AtomicBoolean bodyRead = new AtomicBoolean();
            HttpResponse<String> response = jdk.sendAsync(post,
                    ThrottleAwareHttpClient.noticingEnd(HttpResponse.BodyHandlers.ofString(), bodyRead))
                    .get(10, TimeUnit.SECONDS);
            assertTrue(bodyRead.get(), "the end of the body was noticed");
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
