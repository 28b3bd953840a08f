package io.mcpool.impl.transport;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Function;

/**
 * The pool's client as one streamable-HTTP session sees it: the SSE answer of each of its {@code POST}s is a
 * {@link ResumableStream}, so a server that ends it early with an event id (MCP 2025-11-25 resumability, SSE polling)
 * is followed with {@code GET} and {@code Last-Event-ID} until the answer comes. MCP Java SDK 2.2.0 ignores the
 * {@code retry:} field and never resumes: such a call would wait for its timeout. The SDK's {@code GET} listening
 * stream (server-to-client messages outside requests, {@code notifications/tools/list_changed} among them) is resumed
 * the same way each time the server ends it after an event id; the SDK does not open it again.
 */
public final class StreamResumption extends ForwardingHttpClient {

    /**
     * The {@code data} of the JSON-RPC error answer that ends a stream the pool could not resume: {@value #LOST_KEY}
     * {@code =} {@value #LOST_VALUE}. No server sends it; the pool reads it as the session's transport failing.
     */
    public static final String LOST_KEY = "mcpool";
    /** See {@link #LOST_KEY}. */
    public static final String LOST_VALUE = "response-stream-lost";

    private final long requestTimeoutNanos;
    private final Function<HttpRequest, Map<String, List<String>>> resumeHeaders;

    /**
     * @param failure what a request failed with
     * @return true when it is the pool's answer to a request whose response stream was lost (not the server's)
     */
    public static boolean isLostStream(Throwable failure) {
        return failure instanceof io.modelcontextprotocol.spec.McpError error && error.getJsonRpcError() != null
                && error.getJsonRpcError().data() instanceof java.util.Map<?, ?> data
                && LOST_VALUE.equals(data.get(LOST_KEY));
    }

    /**
     * @param pools          the pool's client
     * @param requestTimeout the pool's request timeout: no resume starts later than this after the POST
     * @param resumeHeaders  the headers of a GET resuming a request's stream, asked when it is sent (the session's
     *                       credentials of that moment: {@link SessionHeaders#resuming(HttpRequest)})
     */
    StreamResumption(HttpClient pools, Duration requestTimeout,
            Function<HttpRequest, Map<String, List<String>>> resumeHeaders) {
        super(pools);
        this.requestTimeoutNanos = requestTimeout.toNanos();
        this.resumeHeaders = resumeHeaders;
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return super.sendAsync(request, resumable(request, handler));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        return super.sendAsync(request, resumable(request, handler), pushPromiseHandler);
    }

    /**
     * @return the handler of a {@code POST}'s answer, or of the SDK's {@code GET} listening stream, whose SSE body is
     *     resumed when the server ends it early; other requests' handlers as they are
     */
    private <T> HttpResponse.BodyHandler<T> resumable(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        boolean post = "POST".equals(request.method());
        if (!post && !("GET".equals(request.method()) && request.headers().firstValue("Last-Event-ID").isEmpty())) {
            return handler; // a DELETE; a GET that resumes something itself
        }
        long deadline = System.nanoTime() + requestTimeoutNanos;
        return info -> {
            HttpResponse.BodySubscriber<T> body = handler.apply(info);
            if (info.statusCode() / 100 != 2 || !info.headers().firstValue("Content-Type").orElse("")
                    .toLowerCase(Locale.ROOT).contains("text/event-stream")) {
                return body; // a JSON answer, 202, an error, a GET refused with 405: nothing to resume
            }
            Function<Flow.Subscriber<? super List<ByteBuffer>>, ResumableStream> resumable = sdk -> post
                    ? new ResumableStream(sdk, request, delegate(), deadline, resumeHeaders)
                    : ResumableStream.listening(sdk, request, delegate(), resumeHeaders);
            PublisherBody read = PublisherBody.of(body);
            if (read != null) { // the JDK keeps its own subscriber; the SDK reads the resumable stream of its body
                return PublisherBody.typed(read.then(jdk -> reader -> jdk.subscribe(resumable.apply(reader))));
            }
            return new ReadThrough<>(body, resumable.apply(body));
        };
    }
}
