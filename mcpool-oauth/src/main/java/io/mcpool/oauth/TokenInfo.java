package io.mcpool.oauth;

import java.time.Instant;
import java.util.List;

/**
 * What may be shown about a cached token (for JMX, health or logs): never the token itself.
 *
 * @param issuer    the authorization server that issued it
 * @param resource  the resource it was issued for (its audience)
 * @param tenant    the tenant identity it belongs to ({@code ""} for the default identity)
 * @param scopes    the scopes it was requested or granted with
 * @param expiresAt when it expires, or {@code null} when the server did not say
 * @param refreshable whether a refresh token is held for it
 */
public record TokenInfo(String issuer, String resource, String tenant, List<String> scopes, Instant expiresAt,
        boolean refreshable) {

    /**
     * Freezes the scopes.
     *
     * @param issuer      the issuer
     * @param resource    the resource
     * @param tenant      the tenant
     * @param scopes      the scopes
     * @param expiresAt   the expiry, or {@code null}
     * @param refreshable whether a refresh token is held
     */
    public TokenInfo {
        scopes = List.copyOf(scopes);
    }
}
