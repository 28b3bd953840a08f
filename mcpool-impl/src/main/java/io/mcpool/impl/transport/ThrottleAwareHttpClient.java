package io.mcpool.impl.transport;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
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
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The pool's shared {@link HttpClient}, seen through a wrapper that notices HTTP 429 answers and
 * reports their {@code Retry-After}, so the pool can pause borrowing for as long as the server
 * asked. The SDK transports never see the difference: every call is delegated unchanged.
 */
public final class ThrottleAwareHttpClient extends HttpClient {

    /** What a missing or unreadable {@code Retry-After} counts as. */
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

    private final HttpClient delegate;
    private final Consumer<Duration> onThrottle;

    /**
     * @param delegate   the real client
     * @param onThrottle told the server's {@code Retry-After} of every 429 answer
     */
    public ThrottleAwareHttpClient(HttpClient delegate, Consumer<Duration> onThrottle) {
        this.delegate = delegate;
        this.onThrottle = onThrottle;
    }

    /** @return the real client, e.g. to close it */
    public HttpClient delegate() {
        return delegate;
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
        return delegate.send(request, watching(handler));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return delegate.sendAsync(request, watching(handler));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        return delegate.sendAsync(request, watching(handler), pushPromiseHandler);
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }
}
