package io.mcpool.spi;

import io.mcpool.SessionKey;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Supplies the credentials of a pool's HTTP requests. It is asked before <em>every</em> request, with the
 * key (tenant, affinity key) of the session that makes it: each tenant's requests carry that tenant's
 * credentials, a token refreshed meanwhile is on the next request, and a session may live longer than
 * any one token. The returned headers (typically {@code Authorization}) are never logged or shown.
 *
 * <p>Called on the thread that makes the request: the borrower's thread for a lease's calls, a thread of
 * the pool for warm-up, health probes and closes. Keep it fast (cache tokens; renew them ahead of expiry)
 * and thread-safe. {@code mcpool-oauth} implements it with the OAuth 2.1 flows of the MCP authorization
 * specification.
 *
 * <p>When the server refuses a request ({@code 401}, or {@code 403} for a missing scope, on streamable
 * HTTP), {@link #onAuthorizationError} decides whether it is sent again, with the headers
 * {@link #headers(SessionKey, URI)} then returns.
 *
 * <p>To rotate credentials without recreating the pool, {@code McpPool.reconfigure} it with another provider
 * (or another static bearer token): the next request of every session uses it, and the old provider's
 * cached tokens go with it. A pool's credentials can be rotated, not added or removed while it runs.
 */
@FunctionalInterface
public interface AuthProvider {

    /**
     * @param key the partition of the session making the request
     * @return headers to send on the request; may be empty, never null
     * @throws Exception when credentials cannot be obtained; the request fails with it as cause
     */
    Map<String, String> headers(SessionKey key) throws Exception;

    /**
     * The headers for one request to {@code requestUri}. Override it to send a credential only to the
     * resource it belongs to; by default, {@link #headers(SessionKey)}.
     *
     * @param key        the partition of the session making the request
     * @param requestUri where the request goes
     * @return headers to send on the request; may be empty, never null
     * @throws Exception when credentials cannot be obtained; the request fails with it as cause
     */
    default Map<String, String> headers(SessionKey key, URI requestUri) throws Exception {
        return headers(key);
    }

    /**
     * The server refused a request. Renew or widen the credentials here (once for every session of the
     * identity: several may report the same refusal) and answer whether to send the request again.
     *
     * @param key               the partition of the session whose request was refused
     * @param requestUri        where the request went
     * @param status            {@code 401} or {@code 403}
     * @param wwwAuthenticate   the response's {@code WWW-Authenticate} header, or null
     * @param sentAuthorization the {@code Authorization} header the refused request carried, or null
     * @return true to send the request again (at most twice: a {@code 401} and then a step-up
     *     {@code 403}); false to fail it. By default false
     * @throws Exception when renewing failed; the request fails
     */
    default boolean onAuthorizationError(SessionKey key, URI requestUri, int status, String wwwAuthenticate,
            String sentAuthorization) throws Exception {
        return false;
    }

    /**
     * What may be shown of the tokens this provider holds, one per identity (issuer, resource, tenant): for
     * JMX and diagnostics. Never a token. By default none (a provider that caches nothing).
     *
     * @return the cached tokens' descriptions; never null
     */
    default List<TokenStatus> tokens() {
        return List.of();
    }
}
