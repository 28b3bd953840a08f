package io.mcpool.jmx;

import io.mcpool.spi.TokenStatus;
import java.time.Clock;
import java.time.Duration;

/**
 * One identity's cached token as {@link McpPoolMXBean#tokens()} shows it: never the token. JMX clients receive
 * it as a {@code CompositeData} with these items.
 *
 * @param issuer           the authorization server that issued it
 * @param resource         the resource it was issued for
 * @param tenant           the tenant identity; empty for the pool's default identity
 * @param scopes           its scopes, space-separated
 * @param expiresAt        when it expires (ISO-8601, UTC), or empty when the server did not say
 * @param secondsToExpiry  seconds until it expires (negative once expired), or -1 when unknown
 * @param refreshable      whether a refresh token is held for it
 */
public record TokenRow(String issuer, String resource, String tenant, String scopes, String expiresAt,
        long secondsToExpiry, boolean refreshable) {

    static TokenRow of(TokenStatus t, Clock clock) {
        return new TokenRow(t.issuer(), t.resource(), t.tenant() == null ? "" : t.tenant(), String.join(" ", t.scopes()),
                t.expiresAt() == null ? "" : t.expiresAt().toString(),
                t.expiresAt() == null ? -1 : Duration.between(clock.instant(), t.expiresAt()).toSeconds(),
                t.refreshable());
    }
}
