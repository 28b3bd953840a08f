package io.mcpool.oauth;

import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import java.time.Duration;
import java.time.Instant;

/**
 * An access token with what is needed to use and renew it. {@link #toString()} shows neither token.
 *
 * @param value     the access token
 * @param refresh   the refresh token, or {@code null}
 * @param obtained  when it was received
 * @param expiresAt when it expires, or {@code null} when the server did not say
 * @param scope     the scope granted (the one asked for when the server did not say), or {@code null}
 */
record Token(String value, RefreshToken refresh, Instant obtained, Instant expiresAt, Scope scope) {

    /**
     * Whether to renew before use: within {@code skew} of expiry. The skew is capped at half the lifetime, so a
     * short-lived token is still used for half its life rather than renewed on every request.
     */
    boolean needsRenewal(Instant now, Duration skew) {
        if (expiresAt == null) {
            return false;
        }
        Duration lifetime = Duration.between(obtained, expiresAt);
        Duration ahead = skew.compareTo(lifetime.dividedBy(2)) > 0 ? lifetime.dividedBy(2) : skew;
        return !now.isBefore(expiresAt.minus(ahead));
    }

    boolean grants(Scope wanted) {
        return wanted == null || wanted.isEmpty() || scope != null && scope.containsAll(wanted);
    }

    @Override
    public String toString() {
        return "Token[" + io.mcpool.internal.Redactor.MASK + ", expiresAt=" + expiresAt + ", scope=" + scope
                + (refresh == null ? "" : ", refreshable") + "]";
    }
}
