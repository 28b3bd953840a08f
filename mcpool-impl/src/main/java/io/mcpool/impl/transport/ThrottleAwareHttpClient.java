package io.mcpool.impl.transport;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The pool's shared {@link HttpClient}, seen through a wrapper that does these things for the SDK
 * transports, which otherwise see no difference:
 *
 * <ul>
 *   <li>It notices HTTP 429 answers and reports their {@code Retry-After}, so the pool can pause
 *       borrowing for as long as the server asked.</li>
 *   <li>It keeps one session's close from cutting another session's call. Closing an SDK transport
 *       cancels the futures of its exchanges, finished ones included. The JDK client returns a
 *       connection to its pool as soon as a response body is read, and only later marks the exchange
 *       finished; a cancel in between closes the connection, by then carrying another session's
 *       request ("HTTP/1.1 header parser received no bytes"). On JDK 25, whose client completes
 *       its futures on the ForkJoin common pool, that window is wide enough to hit under load. So a
 *       cancel reaches the JDK exchange only while its response body is still being read (an SSE
 *       stream, say).</li>
 *   <li>A cancel that comes after the response's headers but before the future handed the response over
 *       releases its body, so the JDK closes the connection instead of reading a body no one will take (and the
 *       server, whose streamed answer is the call, stops): {@link ExchangeBody}.</li>
 *   <li>Given sender threads, it runs each exchange as a blocking {@code send} on one of them, where the JDK would
 *       start a new thread for every response ({@link ThreadPerResponseAvoidance}).</li>
 *   <li>It gives the JDK a body handler that lets go of the pool's once the exchange has its answer
 *       ({@code ReleasableHandler}): the JDK may keep an exchange's handler as long as an idle connection lives,
 *       and the pool's would keep a closed pool and its client from becoming garbage.</li>
 * </ul>
 *
 * <p>A body read through the JDK's own {@code ofPublisher()} subscriber (as the SDK reads every body) keeps that
 * subscriber, which the JDK trusts to hand over its body without a thread hand-off; what the pool's layers above do
 * to such a body, they do to its publisher ({@link PublisherBody}), applied here as the response is handed over.
 */
public final class ThrottleAwareHttpClient extends ForwardingHttpClient {

    /** What a missing or unreadable {@code Retry-After} counts as. */
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

    private final Consumer<Duration> onThrottle;
    /** Where exchanges run as blocking sends; null to use {@code sendAsync}. */
    private final Executor senders;

    /**
     * @param delegate   the real client
     * @param onThrottle told the server's {@code Retry-After} of every 429 answer
     */
    public ThrottleAwareHttpClient(HttpClient delegate, Consumer<Duration> onThrottle) {
        this(delegate, onThrottle, null);
    }

    /**
     * @param delegate   the real client
     * @param onThrottle told the server's {@code Retry-After} of every 429 answer
     * @param senders    threads to run each exchange on as a blocking {@code send}, or null to use the JDK's
     *                   {@code sendAsync}; see {@link #jdkStartsAThreadPerResponse()}
     */
    public ThrottleAwareHttpClient(HttpClient delegate, Consumer<Duration> onThrottle, Executor senders) {
        super(delegate);
        this.onThrottle = onThrottle;
        this.senders = senders;
    }

    /**
     * @return whether this JVM's {@code HttpClient.sendAsync} starts a new thread for every response (JDK 17 with
     *     fewer than three processors), so that the pool had better give this client sender threads
     */
    public static boolean jdkStartsAThreadPerResponse() {
        return ThreadPerResponseAvoidance.jdkStartsAThreadPerResponse();
    }

    private <T> HttpResponse.BodyHandler<T> watching(HttpResponse.BodyHandler<T> handler) {
        return info -> {
            if (info.statusCode() == 429) {
                onThrottle.accept(retryAfter(info.headers()));
            }
            return handler.apply(info);
        };
    }

    /** @return the {@code Retry-After} of a response: delta-seconds or an HTTP date */
    static Duration retryAfter(HttpHeaders headers) {
        Optional<String> value = headers.firstValue("Retry-After");
        if (value.isEmpty()) {
            return DEFAULT_RETRY_AFTER;
        }
        String v = value.get().trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException unreadable) {
                return DEFAULT_RETRY_AFTER;
            }
        }
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        ReleasableHandler<T> released = new ReleasableHandler<>(watching(handler));
        try {
            return delegate().send(request, released);
        } finally {
            released.release();
        }
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        ExchangeBody body = new ExchangeBody();
        ReleasableHandler<T> watched = new ReleasableHandler<>(body.watching(watching(handler)));
        if (senders != null) {
            ThreadPerResponseAvoidance.Exchange<T> exchange =
                    new ThreadPerResponseAvoidance.Exchange<>(delegate(), request, watched, body);
            if (ThreadPerResponseAvoidance.start(senders, exchange)) {
                return exchange;
            }
        }
        return cancelOnlyWhileReading(delegate().sendAsync(request, watched), body, watched);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        ExchangeBody body = new ExchangeBody();
        ReleasableHandler<T> watched = new ReleasableHandler<>(body.watching(watching(handler)));
        return cancelOnlyWhileReading(delegate().sendAsync(request, watched, pushPromiseHandler), body, watched);
    }

    /**
     * @return the exchange's answer, whose {@code cancel} cancels the JDK exchange only while the body has not
     *     ended (afterwards the exchange's connection may already serve another one), and releases the body of a
     *     response it never handed over ({@link ExchangeBody}); the response is the one {@link ExchangeBody#handedOver}
     *     makes; once the exchange completes, {@code handler} is released
     */
    static <T> CompletableFuture<HttpResponse<T>> cancelOnlyWhileReading(CompletableFuture<HttpResponse<T>> exchange,
            ExchangeBody body, ReleasableHandler<T> handler) {
        CompletableFuture<HttpResponse<T>> answer = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                // Cancelled first: whatever the exchange completes with afterwards is not handed over.
                boolean cancelled = super.cancel(mayInterruptIfRunning);
                boolean released = cancelled && body.abandon();
                if (!released && !body.ended()) {
                    exchange.cancel(mayInterruptIfRunning);
                }
                return cancelled;
            }
        };
        exchange.whenComplete((response, failure) -> {
            handler.release();
            if (failure != null) {
                answer.completeExceptionally(failure);
            } else {
                answer.complete(body.handedOver(response));
            }
        });
        return answer;
    }
}
