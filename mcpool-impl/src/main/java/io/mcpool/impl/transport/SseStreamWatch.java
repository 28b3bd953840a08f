package io.mcpool.impl.transport;

import io.modelcontextprotocol.spec.McpTransportException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The pool's client as one HTTP+SSE session sees it: it tells the pool when the session's event stream ends.
 *
 * <p>In the HTTP+SSE transport the {@code GET} event stream is the session: every answer comes on it. When the server
 * closes it (a restart, a session it dropped) the SDK's {@code HttpClientSseClientTransport} only logs it; its
 * client goes on sending requests whose answers can never arrive (they fail with "Session not found", or wait for the
 * request timeout). Reporting the end lets the pool retire the session before anyone borrows it.
 */
final class SseStreamWatch extends ForwardingHttpClient {

    private final Consumer<Throwable> ended;

    /**
     * @param pools the pool's client
     * @param ended told once the session's event stream has ended, with what ended it
     */
    SseStreamWatch(HttpClient pools, Consumer<Throwable> ended) {
        super(pools);
        this.ended = ended;
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return super.sendAsync(request, isEventStream(request) ? watched(handler) : handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        return super.sendAsync(request, isEventStream(request) ? watched(handler) : handler, pushPromiseHandler);
    }

    private static boolean isEventStream(HttpRequest request) {
        return "GET".equals(request.method())
                && request.headers().firstValue("Accept").orElse("").contains("text/event-stream");
    }

    private <T> HttpResponse.BodyHandler<T> watched(HttpResponse.BodyHandler<T> handler) {
        return info -> {
            HttpResponse.BodySubscriber<T> body = handler.apply(info);
            if (info.statusCode() / 100 != 2) {
                return body; // no stream was opened: the SDK fails the connect itself
            }
            return EndNoticingSubscriber.around(body, failure -> ended.accept(failure != null ? failure
                    : new McpTransportException("the server ended the session's SSE stream: it restarted or "
                            + "dropped the session")));
        };
    }
}
