package io.mcpool.impl.transport;

import io.mcpool.PoolConfig;
import io.mcpool.SessionKey;
import io.mcpool.spi.AuthProvider;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The credentials of one request, read from the pool's <em>current</em> configuration each time: the static
 * bearer token (the pool's own identity: shared-partition sessions only), then the {@link AuthProvider}'s
 * headers. A {@code reconfigure} that rotates the token or replaces the provider therefore reaches the next
 * request of every session, with no session recreated; a replaced provider takes its token cache with it.
 */
final class CurrentCredentials {

    private final Supplier<PoolConfig> config;

    /** @param config the pool's current configuration */
    CurrentCredentials(Supplier<PoolConfig> config) {
        this.config = config;
    }

    /** @return the credential headers of a request of a session of {@code key} to {@code uri}; never null */
    Map<String, String> headers(SessionKey key, URI uri) {
        PoolConfig c = config.get();
        Map<String, String> headers = new LinkedHashMap<>(bearer(c, key));
        AuthProvider auth = c.authProvider();
        if (auth != null) {
            Map<String, String> provided;
            try {
                provided = auth.headers(key, uri);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("AuthProvider " + auth.getClass().getName() + " failed for " + key, e);
            }
            if (provided == null) {
                throw new IllegalStateException("AuthProvider " + auth.getClass().getName() + " returned null for "
                        + key + "; return an empty map for no headers");
            }
            headers.putAll(provided);
        }
        return headers;
    }

    /** @return the static bearer token's header for a session of {@code key}, or none */
    static Map<String, String> bearer(PoolConfig c, SessionKey key) {
        // The static token is the pool's own identity: it is never lent to a tenant's session.
        return c.bearerToken() != null && key.tenant() == null
                ? Map.of("Authorization", "Bearer " + c.bearerToken()) : Map.of();
    }

    /** @return the current provider, or null (then a refused request is not sent again) */
    AuthProvider provider() {
        return config.get().authProvider();
    }
}
