package io.mcpool.oauth;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.token.BearerTokenError;
import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Bearer challenge of a {@code WWW-Authenticate} header: error and scope as Nimbus parses them (RFC 6750), and
 * the {@code resource_metadata} parameter of RFC 9728, which Nimbus does not know.
 *
 * @param error            the {@code error} code, or {@code null}
 * @param scope            the {@code scope}, or {@code null}
 * @param resourceMetadata the protected-resource metadata URL, or {@code null}
 */
record Challenge(String error, Scope scope, URI resourceMetadata) {

    static final Challenge NONE = new Challenge(null, null, null);

    /** {@code resource_metadata="..."} or {@code resource_metadata=token} (RFC 9110 auth-param). */
    private static final Pattern RESOURCE_METADATA = Pattern.compile(
            "(?:^|[\\s,])resource_metadata\\s*=\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^\\s,]+))",
            Pattern.CASE_INSENSITIVE);

    static Challenge parse(String header) {
        if (header == null || header.isBlank()) {
            return NONE;
        }
        String bearer = bearerPart(header);
        if (bearer == null) {
            return NONE;
        }
        String error = null;
        Scope scope = null;
        try {
            BearerTokenError parsed = BearerTokenError.parse(bearer);
            error = parsed.getCode();
            scope = parsed.getScope();
        } catch (ParseException | RuntimeException unparsable) {
            // keep what the regex below can still find
        }
        URI metadata = null;
        Matcher m = RESOURCE_METADATA.matcher(bearer);
        if (m.find()) {
            String value = m.group(1) != null ? m.group(1).replaceAll("\\\\(.)", "$1") : m.group(2);
            try {
                metadata = URI.create(value);
            } catch (IllegalArgumentException bad) {
                metadata = null;
            }
        }
        return new Challenge(error, scope == null || scope.isEmpty() ? null : scope, metadata);
    }

    /** The Bearer challenge among several schemes (e.g. {@code Basic realm="x", Bearer scope="y"}), or null. */
    private static String bearerPart(String header) {
        Matcher m = Pattern.compile("(?i)(?:^|,\\s*)Bearer(?:\\s|$)").matcher(header);
        if (!m.find()) {
            return null;
        }
        // From "Bearer" on; a scheme after it (rare) may add parameters Nimbus ignores.
        return header.substring(m.start()).replaceFirst("^,\\s*", "");
    }

    boolean insufficientScope() {
        return BearerTokenError.INSUFFICIENT_SCOPE.getCode().equals(error);
    }
}
