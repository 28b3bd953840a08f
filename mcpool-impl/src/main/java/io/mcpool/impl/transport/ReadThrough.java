package io.mcpool.impl.transport;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A body subscriber whose body is the SDK's subscriber's, and whose bytes go to what reads them for it (and passes them
 * on to the SDK's subscriber as it sees fit).
 *
 * @param <T> the SDK's body type
 */
final class ReadThrough<T> implements HttpResponse.BodySubscriber<T> {
    private final HttpResponse.BodySubscriber<T> sdk;
    private final Flow.Subscriber<List<ByteBuffer>> reader;

    ReadThrough(HttpResponse.BodySubscriber<T> sdk, Flow.Subscriber<List<ByteBuffer>> reader) {
        this.sdk = sdk;
        this.reader = reader;
    }

    @Override
    public CompletionStage<T> getBody() {
        return sdk.getBody();
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        reader.onSubscribe(subscription);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        reader.onNext(item);
    }

    @Override
    public void onError(Throwable throwable) {
        reader.onError(throwable);
    }

    @Override
    public void onComplete() {
        reader.onComplete();
    }
}
