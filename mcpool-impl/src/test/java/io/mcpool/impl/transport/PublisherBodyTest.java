package io.mcpool.impl.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bodies read through the JDK's own {@code ofPublisher()} subscriber, as the SDK reads every body: through the pool's
 * layers the JDK still gets its own subscriber (a wrapped one costs a thread hand-off per exchange), and the body the
 * caller reads is the same; any other subscriber is wrapped as before. Against a real HTTP server (the JDK's).
 */
class PublisherBodyTest {

    private static final String SSE = "id: 1\nevent: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}\n\n";
    private static final String JSON = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}";
    private static final Class<?> JDK_PUBLISHING = HttpResponse.BodySubscribers.ofPublisher().getClass();

    private HttpServer server;
    private URI sse;
    private URI json;
    private final HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/sse", exchange -> answer(exchange, "text/event-stream", SSE));
        server.createContext("/json", exchange -> answer(exchange, "application/json", JSON));
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        sse = URI.create(base + "/sse");
        json = URI.create(base + "/json");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, String type, String body)
            throws java.io.IOException {
        exchange.getRequestBody().readAllBytes();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The layers a session's streamable-HTTP transport sends through, above a client noting what the JDK is given. */
    @ParameterizedTest(name = "{0} answer")
    @ValueSource(strings = {"sse", "json"})
    void theJdkIsGivenItsOwnSubscriberThroughThePoolsLayers(String kind) throws Exception {
        List<Class<?>> given = new CopyOnWriteArrayList<>();
        HttpClient layers = new StreamResumption(new ThrottleAwareHttpClient(noting(given), wait -> { }),
                Duration.ofSeconds(10), request -> request.headers().map());
        HttpResponse<Flow.Publisher<List<ByteBuffer>>> response = layers.sendAsync(post(kind.equals("sse") ? sse : json),
                HttpResponse.BodyHandlers.ofPublisher()).get(10, TimeUnit.SECONDS);
        assertEquals(List.of(JDK_PUBLISHING), given, "the JDK got its own subscriber, not a wrapper");
        assertEquals(kind.equals("sse") ? SSE : JSON, read(response.body()));
    }

    /** @return the JDK's client, noting the class of each body subscriber it is given */
    private HttpClient noting(List<Class<?>> given) {
        return new ForwardingHttpClient(jdk) {
            @Override
            public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
                    HttpResponse.BodyHandler<T> handler) {
                return delegate().sendAsync(request, info -> {
                    HttpResponse.BodySubscriber<T> body = handler.apply(info);
                    given.add(body.getClass());
                    return body;
                });
            }
        };
    }

    /** A body read through the JDK's own subscriber: its end is noticed as its reader reads it to the end. */
    @Test
    void theEndOfAPublisherBodyIsNoticedAsItIsRead() throws Exception {
        ExchangeBody body = new ExchangeBody();
        HttpResponse<Flow.Publisher<List<ByteBuffer>>> response = body.handedOver(jdk.sendAsync(post(sse),
                body.watching(HttpResponse.BodyHandlers.ofPublisher())).get(10, TimeUnit.SECONDS));
        assertFalse(body.ended(), "nothing has read the body yet");
        assertEquals(SSE, read(response.body()));
        assertTrue(body.ended(), "the end of the body was noticed");
    }

    /** Another kind of subscriber (a string) is wrapped as before, and reads the same SSE answer. */
    @Test
    void anotherSubscriberReadsTheResumableStreamThroughAWrapper() throws Exception {
        HttpClient layers = new StreamResumption(new ThrottleAwareHttpClient(jdk, wait -> { }), Duration.ofSeconds(10),
                request -> request.headers().map());
        assertEquals(SSE, layers.sendAsync(post(sse), HttpResponse.BodyHandlers.ofString())
                .get(10, TimeUnit.SECONDS).body());
    }

    private static HttpRequest post(URI uri) {
        return HttpRequest.newBuilder(uri).header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")).build();
    }

    /** @return the body's bytes as text, read to the end as the SDK reads it */
    private static String read(Flow.Publisher<List<ByteBuffer>> body) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CompletableFuture<String> done = new CompletableFuture<>();
        body.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(List<ByteBuffer> item) {
                for (ByteBuffer buffer : item) {
                    byte[] chunk = new byte[buffer.remaining()];
                    buffer.get(chunk);
                    bytes.write(chunk, 0, chunk.length);
                }
            }

            @Override
            public void onError(Throwable throwable) {
                done.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                done.complete(bytes.toString(StandardCharsets.UTF_8));
            }
        });
        return done.get(10, TimeUnit.SECONDS);
    }
}
