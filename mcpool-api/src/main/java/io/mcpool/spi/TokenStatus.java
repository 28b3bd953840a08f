package io.mcpool.spi;

import java.time.Instant;
import java.util.List;

/**
 * What may be shown of one identity's cached token (JMX, health, logs): never the token itself. An
 * {@link AuthProvider} that caches tokens lists them in {@link AuthProvider#tokens()}.
 *
 * @param issuer      the authorization server that issued it
 * @param resource    the resource (server) it was issued for
 * @param tenant      the tenant identity it belongs to; {@code ""} for the pool's default identity
 * @param scopes      the scopes it was requested or granted with
 * @param expiresAt   when it expires, or null when the server did not say
 * @param refreshable whether a refresh token is held for it
 */
public record TokenStatus(String issuer, String resource, String tenant, List<String> scopes, Instant expiresAt,
        boolean refreshable) {

    /** Freezes the scopes. */
    public TokenStatus {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }
}
