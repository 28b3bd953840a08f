package io.mcpool.oauth;

import io.modelcontextprotocol.client.transport.customizer.McpHttpClientTransportAuthorizationErrorHandler;
import io.modelcontextprotocol.client.transport.customizer.McpSyncHttpClientRequestCustomizer;
import java.util.Objects;
import org.reactivestreams.Publisher;

/**
 * Plugs a {@link McpAuthorization} into the MCP Java SDK's HTTP client transports
 * ({@code HttpClientStreamableHttpTransport}, {@code HttpClientSseClientTransport}): the request customizer puts
 * the identity's token on every request, the authorization error handler reacts to {@code 401}/{@code 403} and has
 * the SDK send the request again.
 *
 * <p>Threads: the SDK 2.1.0 runs the customizer on the thread that sends the request (the caller's for
 * {@code McpSyncClient} calls, a Reactor or HTTP client thread for the SDK's own requests) and the error handler on
 * Reactor's bounded-elastic threads. The customizer blocks only while the identity's token is renewed: once per
 * expiry per identity, for the time of one token request.
 */
public final class McpSdkAuthorization {

    private McpSdkAuthorization() {
    }

    /**
     * @param authorization the OAuth client
     * @param tenant        the identity of the transport's requests, {@code null} for the default one
     * @return a customizer that sets {@code Authorization} on each request (and removes nothing else)
     */
    public static McpSyncHttpClientRequestCustomizer requestCustomizer(McpAuthorization authorization,
            String tenant) {
        Objects.requireNonNull(authorization, "authorization");
        return (builder, method, uri, body, context) -> authorization.headersFor(uri, tenant)
                .forEach(builder::setHeader);
    }

    /**
     * @param authorization the OAuth client
     * @param tenant        the identity of the transport's requests, {@code null} for the default one
     * @param maxRetries    how many times one request may be sent again after authorization errors (2 lets a
     *                      {@code 401} be followed by a step-up)
     * @return a handler that answers "retry" when {@link McpAuthorization#onUnauthorized} does
     */
    public static McpHttpClientTransportAuthorizationErrorHandler errorHandler(McpAuthorization authorization,
            String tenant, int maxRetries) {
        Objects.requireNonNull(authorization, "authorization");
        if (maxRetries < 1) {
            throw new IllegalArgumentException("maxRetries must be >= 1, was " + maxRetries);
        }
        McpHttpClientTransportAuthorizationErrorHandler sync = McpHttpClientTransportAuthorizationErrorHandler
                .fromSync((request, response, context) -> authorization.onUnauthorized(request.requestUri(), tenant,
                        response.statusCode(), response.headers().firstValue("WWW-Authenticate").orElse(null),
                        request.headers().firstValue("Authorization").orElse(null)));
        return new McpHttpClientTransportAuthorizationErrorHandler() {
            @Override
            public Publisher<Boolean> handle(io.modelcontextprotocol.client.transport.HttpRequestSnapshot request,
                    java.net.http.HttpResponse.ResponseInfo response,
                    io.modelcontextprotocol.common.McpTransportContext context) {
                return sync.handle(request, response, context);
            }

            @Override
            public int maxRetries() {
                return maxRetries;
            }
        };
    }

    /**
     * The same with at most two retries per request.
     *
     * @param authorization the OAuth client
     * @param tenant        the identity of the transport's requests, {@code null} for the default one
     * @return the handler
     */
    public static McpHttpClientTransportAuthorizationErrorHandler errorHandler(McpAuthorization authorization,
            String tenant) {
        return errorHandler(authorization, tenant, 2);
    }
}
