package io.mcpool.impl.transport;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * A reader of a response body that passes on everything it gets, and reports the end of the body (before passing it on)
 * to {@code onEnd}, with the failure that ended it, or {@code null} when the body was read to its end; and, where
 * asked, the body's subscription (before passing it on) to {@code onStart}.
 */
final class EndNoticingSubscriber implements Flow.Subscriber<List<ByteBuffer>> {
    private final Flow.Subscriber<? super List<ByteBuffer>> reader;
    private final Consumer<Throwable> onEnd;
    private final Consumer<Flow.Subscription> onStart;

    EndNoticingSubscriber(Flow.Subscriber<? super List<ByteBuffer>> reader, Consumer<Throwable> onEnd,
            Consumer<Flow.Subscription> onStart) {
        this.reader = reader;
        this.onEnd = onEnd;
        this.onStart = onStart;
    }

    /** @return a body subscriber that is {@code body} in every way but one: its end is reported to {@code onEnd} */
    static <T> HttpResponse.BodySubscriber<T> around(HttpResponse.BodySubscriber<T> body, Consumer<Throwable> onEnd) {
        return around(body, onEnd, subscription -> { });
    }

    /**
     * @return a body subscriber that is {@code body} in every way but one: its subscription is reported to
     *     {@code onStart} and its end to {@code onEnd}
     */
    static <T> HttpResponse.BodySubscriber<T> around(HttpResponse.BodySubscriber<T> body, Consumer<Throwable> onEnd,
            Consumer<Flow.Subscription> onStart) {
        return new ReadThrough<>(body, new EndNoticingSubscriber(body, onEnd, onStart));
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        onStart.accept(subscription);
        reader.onSubscribe(subscription);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        reader.onNext(item);
    }

    @Override
    public void onError(Throwable throwable) {
        onEnd.accept(throwable);
        reader.onError(throwable);
    }

    @Override
    public void onComplete() {
        onEnd.accept(null);
        reader.onComplete();
    }
}
