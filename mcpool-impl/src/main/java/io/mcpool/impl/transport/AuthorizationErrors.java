package io.mcpool.impl.transport;

import io.mcpool.SessionKey;
import io.mcpool.spi.AuthProvider;
import io.modelcontextprotocol.client.transport.HttpRequestSnapshot;
import io.modelcontextprotocol.client.transport.customizer.McpHttpClientTransportAuthorizationErrorHandler;
import io.modelcontextprotocol.common.McpTransportContext;
import java.net.http.HttpResponse;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Hands a streamable-HTTP server's {@code 401}/{@code 403} to the pool's current {@link AuthProvider}, which
 * renews or widens the credentials and says whether the request is sent again. At most two resends per
 * request: a {@code 401}, then a step-up {@code 403 insufficient_scope}.
 */
final class AuthorizationErrors implements McpHttpClientTransportAuthorizationErrorHandler {

    private static final int MAX_RESENDS = 2;

    private final CurrentCredentials auth;
    private final SessionKey key;

    AuthorizationErrors(CurrentCredentials auth, SessionKey key) {
        this.auth = auth;
        this.key = key;
    }

    @Override
    public Publisher<Boolean> handle(HttpRequestSnapshot request, HttpResponse.ResponseInfo response,
            McpTransportContext context) {
        // Renewing a token is blocking I/O: off the HTTP client's threads.
        return Mono.fromCallable(() -> {
            AuthProvider provider = auth.provider();
            return provider != null && provider.onAuthorizationError(key, request.requestUri(), response.statusCode(),
                response.headers().firstValue("WWW-Authenticate").orElse(null),
                    request.headers().firstValue("Authorization").orElse(null));
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public int maxRetries() {
        return MAX_RESENDS;
    }
}
