package io.mcpool.impl.transport;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.UnaryOperator;

/**
 * A response body read the way the SDK reads every body, through the JDK's own
 * {@code HttpResponse.BodySubscribers.ofPublisher()}, with what the pool's transport does to it ({@link ResumableStream},
 * {@link ExchangeBody}) done to the publisher the SDK subscribes to rather than by a subscriber wrapped around the
 * JDK's.
 *
 * <p>Why: the JDK trusts its own body subscribers to hand over their body at once and asks for it where the response
 * arrived, but asks any other subscriber on the client's executor ({@code ResponseSubscribers.getBodyAsync} in the JDK's
 * sources): a wrapped subscriber costs one more thread hand-off on every exchange. Measured with the bench CLI on two
 * cores (performance.md 12k): a pooled call made about 1.6 more context switches than a dedicated client's, and a
 * pooled session alone at one thread 2,326-2,378 calls/s with the pool's wrappers against 2,741 without them.
 *
 * <p>The pool's {@link ThrottleAwareHttpClient}, beneath every other layer of the pool's client, gives the JDK the
 * JDK's own subscriber ({@link #jdk()}) and applies {@link #transform()} to the body of the response it hands over.
 * Where nothing beneath unwraps it, this is an ordinary body subscriber with the same effect.
 */
final class PublisherBody implements HttpResponse.BodySubscriber<Flow.Publisher<List<ByteBuffer>>> {

    /** The class of the JDK's {@code ofPublisher()} subscriber. */
    private static final Class<?> JDK_PUBLISHING = HttpResponse.BodySubscribers.ofPublisher().getClass();

    private final HttpResponse.BodySubscriber<Flow.Publisher<List<ByteBuffer>>> jdk;
    private final UnaryOperator<Flow.Publisher<List<ByteBuffer>>> transform;

    private PublisherBody(HttpResponse.BodySubscriber<Flow.Publisher<List<ByteBuffer>>> jdk,
            UnaryOperator<Flow.Publisher<List<ByteBuffer>>> transform) {
        this.jdk = jdk;
        this.transform = transform;
    }

    /**
     * @return {@code body} as a publisher body: itself when it is one; the JDK's {@code ofPublisher()} subscriber with
     *     nothing done to its body; null for any other subscriber (whatever the pool does to it wraps it)
     */
    @SuppressWarnings("unchecked")
    static PublisherBody of(HttpResponse.BodySubscriber<?> body) {
        if (body instanceof PublisherBody known) {
            return known;
        }
        if (body != null && body.getClass() == JDK_PUBLISHING) {
            return new PublisherBody((HttpResponse.BodySubscriber<Flow.Publisher<List<ByteBuffer>>>) body,
                    UnaryOperator.identity());
        }
        return null;
    }

    /** @return this body with {@code next} done to its publisher after what is done to it already */
    PublisherBody then(UnaryOperator<Flow.Publisher<List<ByteBuffer>>> next) {
        UnaryOperator<Flow.Publisher<List<ByteBuffer>>> first = transform;
        return new PublisherBody(jdk, body -> next.apply(first.apply(body)));
    }

    /** @return the JDK's own subscriber, which the JDK trusts */
    HttpResponse.BodySubscriber<Flow.Publisher<List<ByteBuffer>>> jdk() {
        return jdk;
    }

    /** @return what is done to the JDK's body publisher before the SDK subscribes to it */
    UnaryOperator<Flow.Publisher<List<ByteBuffer>>> transform() {
        return transform;
    }

    /**
     * @param <T>  the body type the caller's handler was declared with: a body publisher, as {@code body} reads one
     * @param body this or {@link #jdk()}
     * @return {@code body}, typed as the handler it is returned from
     */
    @SuppressWarnings("unchecked")
    static <T> HttpResponse.BodySubscriber<T> typed(
            HttpResponse.BodySubscriber<Flow.Publisher<List<ByteBuffer>>> body) {
        return (HttpResponse.BodySubscriber<T>) (HttpResponse.BodySubscriber<?>) body;
    }

    @Override
    public CompletionStage<Flow.Publisher<List<ByteBuffer>>> getBody() {
        return jdk.getBody().thenApply(transform);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        jdk.onSubscribe(subscription);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        jdk.onNext(item);
    }

    @Override
    public void onError(Throwable throwable) {
        jdk.onError(throwable);
    }

    @Override
    public void onComplete() {
        jdk.onComplete();
    }
}
