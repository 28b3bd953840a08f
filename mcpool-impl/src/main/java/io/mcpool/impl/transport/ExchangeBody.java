package io.mcpool.impl.transport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLSession;

/**
 * The response body of one exchange of the pool's {@link ThrottleAwareHttpClient}: whether it has ended, and the
 * release of a body whose response the caller will never take.
 *
 * <p>A caller may give up on an exchange (cancel its future) after the response's headers have arrived but before
 * the future has handed the response over: the JDK hands a response to the future a step later, on another thread
 * (the default {@code CompletableFuture} executor for {@code sendAsync}, the caller's wake-up for {@code send}). The
 * JDK then reads a body that no one will subscribe to: its connection stays open, and a server streaming that
 * response (a 2026-07-28 call's, which a client cancels by closing it) keeps working until it ends on its own.
 * Such a body is cancelled here, which makes the JDK close the connection; one read to its end is never touched
 * (its connection may already carry another exchange), and one that failed is cancelled too: the JDK's own cancel
 * of the exchange was seen (JDK 25) to fail the body yet leave its connection open.
 *
 * <p>A body the SDK reads through the JDK's own {@code ofPublisher()} subscriber (every body of the SDK's streamable
 * HTTP transport) is watched without wrapping that subscriber, which would cost a thread hand-off per exchange
 * ({@link PublisherBody}): its start is seen when its publisher is ready, its end by the SDK's subscriber of the
 * publisher in the response {@link #handedOver handed over}, and a body given up on is released by subscribing to it
 * and cancelling.
 */
final class ExchangeBody {

    /** How far the body has come. */
    private enum End { NOT_YET, FAILED, READ }

    /** {@link End#READ}: read to its end, its connection may already serve another exchange. */
    private volatile End end = End.NOT_YET;
    /** Guarded by {@code this}, as are {@link #publisher} and {@link #abandoned}. */
    private Flow.Subscription subscription;
    /** The JDK's body publisher, once ready, of a body read through the JDK's own subscriber. */
    private Flow.Publisher<List<ByteBuffer>> publisher;
    private boolean abandoned;
    /** For a body read through the JDK's own subscriber: what is done to its publisher before the SDK reads it. */
    private volatile UnaryOperator<Flow.Publisher<List<ByteBuffer>>> transform;

    /** @return whether the body has ended: read to its end, or failed */
    boolean ended() {
        return end != End.NOT_YET;
    }

    /** Records that the body has ended (as {@link #watching}'s subscriber does): read to its end when no failure. */
    void ended(Throwable failure) {
        end = failure == null ? End.READ : End.FAILED;
    }

    /**
     * @return {@code handler}, its body subscriber noting this body's subscription and its end (before passing them
     *     on); a body read through the JDK's own subscriber keeps that subscriber, and is watched as
     *     {@link #handedOver} hands it over
     */
    <T> HttpResponse.BodyHandler<T> watching(HttpResponse.BodyHandler<T> handler) {
        return info -> {
            HttpResponse.BodySubscriber<T> body = handler.apply(info);
            PublisherBody read = PublisherBody.of(body);
            if (read == null) {
                return EndNoticingSubscriber.around(body, this::ended, this::started);
            }
            transform = read.transform();
            read.jdk().getBody().thenAccept(this::ready);
            return PublisherBody.typed(read.jdk());
        };
    }

    /**
     * @return the response the caller gets: for a body read through the JDK's own subscriber, one whose body is what
     *     the pool's layers make of the JDK's, with its end noticed; any other response as it is
     */
    @SuppressWarnings("unchecked")
    <T> HttpResponse<T> handedOver(HttpResponse<T> response) {
        UnaryOperator<Flow.Publisher<List<ByteBuffer>>> layers = transform;
        if (layers == null) {
            return response;
        }
        // The body of the JDK's own ofPublisher() subscriber.
        Flow.Publisher<List<ByteBuffer>> jdk = (Flow.Publisher<List<ByteBuffer>>) response.body();
        Flow.Publisher<List<ByteBuffer>> noticed = reader -> jdk.subscribe(
                new EndNoticingSubscriber(reader, this::ended, subscription -> { }));
        return new WithBody<>(response, (T) layers.apply(noticed));
    }

    /** The JDK's publisher of a body read through its own subscriber is ready: released at once when given up. */
    private void ready(Flow.Publisher<List<ByteBuffer>> body) {
        boolean release;
        synchronized (this) {
            publisher = body;
            release = abandoned;
        }
        if (release) {
            release(body);
        }
    }

    /** Cancels a body no one has read: subscribes to it and cancels at once, which makes the JDK close it. */
    private static void release(Flow.Publisher<List<ByteBuffer>> body) {
        body.subscribe(new Flow.Subscriber<List<ByteBuffer>>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.cancel();
            }

            @Override
            public void onNext(List<ByteBuffer> item) {
            }

            @Override
            public void onError(Throwable throwable) {
            }

            @Override
            public void onComplete() {
            }
        });
    }

    /** The body starts (before it can have ended): released at once when the caller has already given up. */
    private void started(Flow.Subscription body) {
        boolean release;
        synchronized (this) {
            subscription = body;
            release = abandoned;
        }
        if (release) {
            body.cancel();
        }
    }

    /**
     * Called once the caller's future was cancelled before it handed the response over: the body, now or when its
     * headers arrive, is cancelled unless it was read to its end.
     *
     * @return whether the body had started, so that it is released here and nothing else need end the exchange
     *     (the JDK's own cancel of an exchange whose body has started was seen to leave the connection open)
     */
    boolean abandon() {
        Flow.Subscription body;
        Flow.Publisher<List<ByteBuffer>> unread;
        synchronized (this) {
            abandoned = true;
            body = subscription;
            unread = publisher;
        }
        if (unread != null) {
            release(unread); // never handed over, so nothing has read it
            return true;
        }
        if (body == null) {
            return false;
        }
        if (end != End.READ) {
            body.cancel();
        }
        return true;
    }

    /** A response as the JDK gave it, but for its body. */
    private static final class WithBody<T> implements HttpResponse<T> {
        private final HttpResponse<T> response;
        private final T body;

        WithBody(HttpResponse<T> response, T body) {
            this.response = response;
            this.body = body;
        }

        @Override
        public int statusCode() {
            return response.statusCode();
        }

        @Override
        public HttpRequest request() {
            return response.request();
        }

        @Override
        public Optional<HttpResponse<T>> previousResponse() {
            return response.previousResponse();
        }

        @Override
        public HttpHeaders headers() {
            return response.headers();
        }

        @Override
        public T body() {
            return body;
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return response.sslSession();
        }

        @Override
        public URI uri() {
            return response.uri();
        }

        @Override
        public HttpClient.Version version() {
            return response.version();
        }

        @Override
        public String toString() {
            return response.toString();
        }
    }
}
