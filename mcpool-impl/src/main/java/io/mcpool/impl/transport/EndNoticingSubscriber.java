package io.mcpool.impl.transport;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * A body subscriber that is the SDK's in every way but one: it reports the end of the body (before passing it on)
 * to {@code onEnd}, with the failure that ended it, or {@code null} when the body was read to its end; and, where
 * asked, the body's subscription (before passing it on) to {@code onStart}.
 *
 * @param <T> the body type
 */
final class EndNoticingSubscriber<T> implements HttpResponse.BodySubscriber<T> {
    private final HttpResponse.BodySubscriber<T> delegate;
    private final Consumer<Throwable> onEnd;
    private final Consumer<Flow.Subscription> onStart;

    EndNoticingSubscriber(HttpResponse.BodySubscriber<T> delegate, Consumer<Throwable> onEnd) {
        this(delegate, onEnd, subscription -> { });
    }

    EndNoticingSubscriber(HttpResponse.BodySubscriber<T> delegate, Consumer<Throwable> onEnd,
            Consumer<Flow.Subscription> onStart) {
        this.delegate = delegate;
        this.onEnd = onEnd;
        this.onStart = onStart;
    }

    @Override
    public CompletionStage<T> getBody() {
        return delegate.getBody();
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        onStart.accept(subscription);
        delegate.onSubscribe(subscription);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        delegate.onNext(item);
    }

    @Override
    public void onError(Throwable throwable) {
        onEnd.accept(throwable);
        delegate.onError(throwable);
    }

    @Override
    public void onComplete() {
        onEnd.accept(null);
        delegate.onComplete();
    }
}
