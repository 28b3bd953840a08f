package io.mcpool.impl.transport;

import java.net.http.HttpResponse;

/**
 * The body handler the JDK is given for one exchange of the pool's client: it lets go of the pool's handler once the
 * exchange has its answer.
 *
 * <p>The JDK may keep an exchange's handler long after the exchange: on JDK 17 a connection opened with a connect
 * timeout keeps the exchange that opened it (its connect timer's), and an idle connection lives in the client's
 * connection pool until the server closes it or the JDK's keep-alive timeout (20 minutes) ends it. The pool's handler
 * reaches the SDK transport, the pool and the JDK client's own facade; held from the client's selector thread, they
 * kept a closed pool, its client, the client's threads and its idle connections alive for as long. Released, this
 * handler holds nothing of the pool's: a closed pool's client becomes garbage, and the JDK then ends its threads and
 * closes its connections.
 *
 * @param <T> the body's type
 */
final class ReleasableHandler<T> implements HttpResponse.BodyHandler<T> {

    private volatile HttpResponse.BodyHandler<T> handler;

    /** @param handler the pool's handler, until {@link #release()} */
    ReleasableHandler(HttpResponse.BodyHandler<T> handler) {
        this.handler = handler;
    }

    @Override
    public HttpResponse.BodySubscriber<T> apply(HttpResponse.ResponseInfo responseInfo) {
        HttpResponse.BodyHandler<T> now = handler;
        if (now == null) {
            // Released once the exchange had its answer: the JDK asks for a handler only before that.
            throw new IllegalStateException("this exchange has been answered; its body handler is released");
        }
        return now.apply(responseInfo);
    }

    /** The exchange has its answer (or failed): the JDK will not ask for the handler again. */
    void release() {
        handler = null;
    }
}
