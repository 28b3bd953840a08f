package io.mcpool.impl.transport;

import io.mcpool.SessionKey;
import io.mcpool.spi.AuthProvider;
import io.modelcontextprotocol.client.transport.HttpRequestSnapshot;
import io.modelcontextprotocol.client.transport.customizer.McpHttpClientTransportAuthorizationErrorHandler;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.modern.client.transport.McpHttpAuthorizationErrorHandler;
import io.modelcontextprotocol.modern.client.transport.McpHttpRequest;
import io.modelcontextprotocol.modern.client.transport.McpHttpResponseInfo;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Hands a streamable-HTTP server's {@code 401}/{@code 403} to the pool's current {@link AuthProvider}, which
 * renews or widens the credentials and says whether the request is sent again, for both MCP revisions. At most two resends per
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
        return resend(auth, key, request.requestUri(), response.statusCode(), response.headers(), request.headers());
    }

    /**
     * The same for the pool's one transport of the stateless revision 2026-07-28, whose requests belong to many
     * partitions: the refused request's own partition (from its transport context) is the identity renewed, so
     * a tenant's refusal renews that tenant's credentials only, and the resent request carries them.
     *
     * @param auth the pool's current credentials
     * @return the handler for {@link ModernHttp#transport}
     */
    static McpHttpAuthorizationErrorHandler modern(CurrentCredentials auth) {
        return new McpHttpAuthorizationErrorHandler() {
            @Override
            public Mono<Boolean> handle(McpHttpRequest request, McpHttpResponseInfo response,
                    McpTransportContext context) {
                return resend(auth, ModernHttp.keyOf(context), request.uri(), response.statusCode(),
                        response.headers(), request.headers());
            }

            @Override
            public int maxRetries() {
                return MAX_RESENDS;
            }
        };
    }

    /** @return whether the provider renewed the credentials of {@code key} and the refused request is to be resent */
    private static Mono<Boolean> resend(CurrentCredentials auth, SessionKey key, URI uri, int status,
            HttpHeaders response, HttpHeaders request) {
        // Renewing a token is blocking I/O: off the HTTP client's threads.
        return Mono.fromCallable(() -> {
            AuthProvider provider = auth.provider();
            return provider != null && provider.onAuthorizationError(key, uri, status,
                    response.firstValue("WWW-Authenticate").orElse(null),
                    request.firstValue("Authorization").orElse(null));
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public int maxRetries() {
        return MAX_RESENDS;
    }
}
