package io.mcpool.impl.transport;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.TypeRef;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SSE response body of one streamable-HTTP {@code POST}, as the SDK reads it: the server's stream, and, when the
 * server ends it before the JSON-RPC response after giving event ids (MCP 2025-11-25, "Resumability and
 * Redelivery"), the streams of the {@code GET}s with {@code Last-Event-ID} that resume it, sent after the server's
 * {@code retry:} delay. The SDK (which ignores {@code retry:} and never resumes) sees one stream that ends after the
 * answer.
 *
 * <p>Bounded: no more resumes once the pool's {@code requestTimeout} for the request has passed or
 * {@value #MAX_FRUITLESS} resumes in a row brought no event; none after a {@code GET} that could not connect. A stream
 * that cannot be resumed (no event id, the {@code GET} refused, the bounds reached) fails the request at once instead
 * of at its timeout: with the stream's own failure while the SDK has seen no event of it (the SDK then fails the
 * request itself, as before), else with a JSON-RPC error answer to the request saying why (after its first event the
 * SDK only logs a failed stream, and the request would wait for its timeout).
 *
 * <p>On the ordinary path (the answer arrives on the {@code POST}'s stream) it only counts demand and lets the
 * {@link SseScanner} read the bytes beside the SDK.
 *
 * <p>The same serves the SDK's {@code GET} listening stream of a session ({@link #listening(Flow.Subscriber,
 * HttpRequest, HttpClient, Function)}), which has no answer to wait for: each time the server ends it after an event id
 * (SSE polling), it is resumed after the {@code retry:} delay with {@code Last-Event-ID}, for as long as the SDK reads
 * it; it ends for the SDK as before when it ends without an event id, or a resume is refused or cannot connect.
 *
 * <p>It reads the body the JDK gives, and gives the SDK's reader (a subscriber of the body publisher of the JDK's
 * {@code ofPublisher()}, see {@link PublisherBody}, or the SDK's body subscriber itself) what the SDK is to see.
 */
final class ResumableStream implements Flow.Subscriber<List<ByteBuffer>> {

    private static final Logger LOG = LoggerFactory.getLogger(ResumableStream.class);
    /** Resumes in a row that may bring no event before the stream is given up. */
    static final int MAX_FRUITLESS = 3;
    /** The wait before resuming when the server sent no {@code retry:}. */
    static final long DEFAULT_RETRY_MILLIS = 1000;
    /** The POST's headers not sent on the GET that resumes it (the others are: session, version, lease headers). */
    private static final Set<String> NOT_COPIED = Set.of("content-type", "content-length", "accept", "last-event-id");
    private static final byte[] EVENT_END = "\nevent: mcpool-discarded\n\n".getBytes(StandardCharsets.US_ASCII);

    private final Flow.Subscriber<? super List<ByteBuffer>> sdk;
    private final HttpRequest post;
    private final HttpClient client;
    private final long deadlineNanos;
    /** True for the session's listening stream: no answer, no deadline, no bound on resumes that bring nothing. */
    private final boolean listening;
    private final Function<HttpRequest, Map<String, List<String>>> resumeHeaders;
    private final SseScanner scanner = new SseScanner();
    private final Object lock = new Object();
    private final AtomicLong demand = new AtomicLong();
    private final AtomicBoolean tailDelivered = new AtomicBoolean();
    private Flow.Subscription upstream; // guarded by lock
    private volatile boolean cancelled;
    private volatile List<ByteBuffer> tail;
    private volatile boolean cutMidEvent;
    private int fruitless;
    private volatile boolean resumed;
    private long eventsAtResume = -1;
    private volatile Throwable firstFailure;

    /**
     * @param sdk           the SDK's reader of the POST's body
     * @param post          the POST (its URI and headers are those of the GETs)
     * @param client        the pool's client, to send the GETs
     * @param deadlineNanos after this {@link System#nanoTime()} no resume is started
     * @param resumeHeaders the headers of each GET, asked as it is sent: the POST's, with the credentials of that moment
     */
    ResumableStream(Flow.Subscriber<? super List<ByteBuffer>> sdk, HttpRequest post, HttpClient client,
            long deadlineNanos, Function<HttpRequest, Map<String, List<String>>> resumeHeaders) {
        this(sdk, post, client, deadlineNanos, resumeHeaders, false);
    }

    private ResumableStream(Flow.Subscriber<? super List<ByteBuffer>> sdk, HttpRequest request, HttpClient client,
            long deadlineNanos, Function<HttpRequest, Map<String, List<String>>> resumeHeaders, boolean listening) {
        this.sdk = sdk;
        this.post = request;
        this.client = client;
        this.deadlineNanos = deadlineNanos;
        this.resumeHeaders = resumeHeaders;
        this.listening = listening;
    }

    /**
     * @param sdk           the SDK's reader of its listening {@code GET}'s body
     * @param get           that {@code GET} (its URI and headers are those of the resuming ones)
     * @param client        the pool's client, to send the resuming {@code GET}s
     * @param resumeHeaders the headers of each resuming {@code GET}, asked as it is sent
     * @return the body the SDK reads: the stream, and every resume of it
     */
    static ResumableStream listening(Flow.Subscriber<? super List<ByteBuffer>> sdk, HttpRequest get,
            HttpClient client, Function<HttpRequest, Map<String, List<String>>> resumeHeaders) {
        return new ResumableStream(sdk, get, client, 0, resumeHeaders, true);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        synchronized (lock) {
            upstream = subscription;
        }
        sdk.onSubscribe(new Splice());
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        received(item);
    }

    @Override
    public void onError(Throwable throwable) {
        ended(throwable);
    }

    @Override
    public void onComplete() {
        ended(null);
    }

    private void received(List<ByteBuffer> item) {
        demand.decrementAndGet();
        scanner.scan(item);
        sdk.onNext(item);
    }

    /** One stream (the POST's or a resuming GET's) ended, with {@code failure} or (null) cleanly. */
    private void ended(Throwable failure) {
        synchronized (lock) {
            upstream = null;
        }
        if (cancelled) {
            return;
        }
        if (failure != null && !resumed) {
            firstFailure = failure; // how the listening stream ended before any resume, for the SDK if none succeeds
        }
        if (scanner.responseSeen() && !listening || listening && scanner.lastEventId() == null) {
            if (failure == null) {
                sdk.onComplete();
            } else {
                sdk.onError(failure);
            }
            return;
        }
        String lastId = scanner.lastEventId();
        long delayMillis = scanner.retryMillis() >= 0 ? scanner.retryMillis() : DEFAULT_RETRY_MILLIS;
        fruitless = eventsAtResume == scanner.events() && !listening ? fruitless + 1 : 0;
        if (lastId == null) {
            giveUp("the server ended the response stream before answering, with no event id to resume it from",
                    failure);
        } else if (fruitless >= MAX_FRUITLESS) {
            giveUp("the server ended the response stream before answering, and " + MAX_FRUITLESS
                    + " resumes with Last-Event-ID in a row brought nothing", failure);
        } else if (failure instanceof java.net.ConnectException) {
            giveUp("the server ended the response stream before answering, and resuming it with Last-Event-ID "
                    + "could not connect", failure);
        } else if (!listening && System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis) >= deadlineNanos) {
            giveUp("the server ended the response stream before answering, and its retry delay (" + delayMillis
                    + " ms) reaches past the request timeout", failure);
        } else {
            eventsAtResume = scanner.events();
            cutMidEvent |= !scanner.betweenEvents();
            scanner.startOver();
            LOG.debug("Resuming the response stream of {} after {} ms from event {}", post.uri(), delayMillis, lastId);
            CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS, Runnable::run)
                    .execute(() -> resume(lastId));
        }
    }

    private void resume(String lastId) {
        if (cancelled) {
            return;
        }
        HttpRequest.Builder get = HttpRequest.newBuilder(post.uri()).GET();
        post.timeout().ifPresent(get::timeout);
        post.version().ifPresent(get::version);
        Map<String, List<String>> headers;
        try { // the same URI, so the same endpoint: the session's credentials of this moment go along
            headers = resumeHeaders.apply(post);
        } catch (RuntimeException e) {
            giveUp("the credentials to resume the response stream with could not be had: " + e.getMessage(), e);
            return;
        }
        headers.forEach((name, values) -> {
            if (!NOT_COPIED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> get.header(name, value));
            }
        });
        get.header("Accept", "text/event-stream").header("Last-Event-ID", lastId);
        AtomicBoolean opened = new AtomicBoolean();
        resumed = true;
        client.sendAsync(get.build(), info -> {
            String type = info.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
            if (info.statusCode() / 100 == 2 && type.contains("text/event-stream")) {
                opened.set(true);
                return new Continuation();
            }
            return HttpResponse.BodySubscribers.replacing(null);
        }).whenComplete((response, failure) -> {
            Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause != null && !opened.get()) {
                ended(cause);
            } else if (response != null && !opened.get()) {
                giveUp("resuming the response stream with Last-Event-ID was refused: HTTP " + response.statusCode(),
                        null);
            }
        });
    }

    /**
     * Ends the SDK's stream: with {@code failure} (or an {@link IOException} saying why) while the SDK has seen no
     * event, else with a JSON-RPC error answer to the POST's request. The listening stream ends as it would have without
     * resumes: with {@code failure}, else the one that ended it first, else cleanly.
     */
    private void giveUp(String why, Throwable failure) {
        if (listening) { // the SDK's listening stream ends as it would have without resumes
            LOG.debug("The listening stream of {} ends: {}", post.uri(), why);
            Throwable cause = failure != null ? failure : firstFailure;
            if (cause == null) {
                sdk.onComplete();
            } else {
                sdk.onError(cause);
            }
            return;
        }
        Object id = scanner.dataEvents() == 0 && !resumed ? null : requestId(post);
        if (id == null) {
            sdk.onError(failure != null && !resumed ? failure : new IOException(why, failure));
            return;
        }
        Map<String, Object> answer = Map.of("jsonrpc", "2.0", "id", id, "error", Map.of("code", -32603,
                "message", why + " (" + post.uri() + ")", "data", Map.of(StreamResumption.LOST_KEY,
                        StreamResumption.LOST_VALUE)));
        List<ByteBuffer> bytes = new ArrayList<>(2);
        if (cutMidEvent || !scanner.betweenEvents()) {
            bytes.add(ByteBuffer.wrap(EVENT_END));
        }
        try {
            bytes.add(ByteBuffer.wrap(("event: message\ndata: " + McpJsonDefaults.getMapper().writeValueAsString(answer)
                    + "\n\n").getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            sdk.onError(new IOException(why, failure));
            return;
        }
        LOG.debug("Giving up the response stream of {}: {}", post.uri(), why);
        tail = bytes;
        deliverTail();
    }

    private void deliverTail() {
        List<ByteBuffer> t = tail;
        if (t != null && !cancelled && demand.get() > 0 && tailDelivered.compareAndSet(false, true)) {
            demand.decrementAndGet();
            sdk.onNext(t);
            sdk.onComplete();
        }
    }

    /** @return the JSON-RPC id of the POST's request, read from its body (only when giving up), or null */
    static Object requestId(HttpRequest request) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        AtomicBoolean complete = new AtomicBoolean();
        request.bodyPublisher().ifPresent(publisher -> publisher.subscribe(new Flow.Subscriber<ByteBuffer>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] bytes = new byte[item.remaining()];
                item.get(bytes);
                body.write(bytes, 0, bytes.length);
            }

            @Override
            public void onError(Throwable throwable) {
            }

            @Override
            public void onComplete() {
                complete.set(true);
            }
        }));
        if (!complete.get()) {
            return null;
        }
        try {
            Map<String, Object> message = McpJsonDefaults.getMapper().readValue(body.toString(StandardCharsets.UTF_8),
                    new TypeRef<Map<String, Object>>() { });
            return message.get("id");
        } catch (IOException | RuntimeException notJsonRpc) {
            return null;
        }
    }

    /** What the SDK holds: its demand goes to whichever stream is being read now. */
    private final class Splice implements Flow.Subscription {
        @Override
        public void request(long n) {
            Flow.Subscription current;
            synchronized (lock) {
                demand.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
                current = upstream;
            }
            if (current != null) {
                current.request(n);
            }
            deliverTail();
        }

        @Override
        public void cancel() {
            cancelled = true;
            Flow.Subscription current;
            synchronized (lock) {
                current = upstream;
                upstream = null;
            }
            if (current != null) {
                current.cancel();
            }
        }
    }

    /** The body of a resuming GET: its events continue the SDK's stream. */
    private final class Continuation implements HttpResponse.BodySubscriber<Void> {
        private boolean first = true;

        @Override
        public CompletionStage<Void> getBody() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            long outstanding;
            synchronized (lock) {
                if (cancelled) {
                    outstanding = -1;
                } else {
                    upstream = subscription;
                    outstanding = demand.get();
                }
            }
            if (outstanding < 0) {
                subscription.cancel();
            } else if (outstanding > 0) {
                subscription.request(outstanding);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            if (first && cutMidEvent) {
                // The server's stream stopped inside an event: end that event as one the SDK skips.
                List<ByteBuffer> joined = new ArrayList<>(item.size() + 1);
                joined.add(ByteBuffer.wrap(EVENT_END));
                joined.addAll(item);
                item = joined;
                cutMidEvent = false;
            }
            first = false;
            received(item);
        }

        @Override
        public void onError(Throwable throwable) {
            ended(throwable);
        }

        @Override
        public void onComplete() {
            ended(null);
        }
    }
}
