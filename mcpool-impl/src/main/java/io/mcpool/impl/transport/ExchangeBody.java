package io.mcpool.impl.transport;

import java.net.http.HttpResponse;
import java.util.concurrent.Flow;

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
 */
final class ExchangeBody {

    /** How far the body has come. */
    private enum End { NOT_YET, FAILED, READ }

    /** {@link End#READ}: read to its end, its connection may already serve another exchange. */
    private volatile End end = End.NOT_YET;
    /** Guarded by {@code this}, as is {@link #abandoned}. */
    private Flow.Subscription subscription;
    private boolean abandoned;

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
     *     on)
     */
    <T> HttpResponse.BodyHandler<T> watching(HttpResponse.BodyHandler<T> handler) {
        return info -> new EndNoticingSubscriber<>(handler.apply(info), this::ended, this::started);
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
        synchronized (this) {
            abandoned = true;
            body = subscription;
        }
        if (body == null) {
            return false;
        }
        if (end != End.READ) {
            body.cancel();
        }
        return true;
    }
}
