package io.mcpool.internal;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Keeps secrets out of logs, {@code toString()}, exceptions, metrics and JMX: masks the values of
 * credential headers, the user-info and credential-looking query parameters of URLs, configuration
 * properties that hold secrets, and environment values.
 *
 * <p>Internal to mcpool: its modules share it, applications should not rely on it. The rule for
 * which names hold secrets lives here only ({@link #isSensitiveName}); every module asks it.
 */
public final class Redactor {

    /** What a masked value is replaced with. */
    public static final String MASK = "****";

    /**
     * The one list of what marks a name (header, query parameter, configuration property,
     * environment variable) as holding a secret: a name that contains one of these, with
     * {@code _} read as {@code -}, case ignored. Not a bare {@code key} or {@code session}: those
     * would mask {@code max-sessions-per-key}; the exact names below cover {@code ?key=}.
     */
    private static final List<String> SECRET_FRAGMENTS = List.of("token", "secret", "passw", "credential", "cookie",
            "auth", "api-key", "apikey", "private-key", "access-key", "subscription-key", "session-id", "sessionid",
            "signature");
    /** Names that hold a secret only when they are the whole name (query parameters mostly). */
    private static final Set<String> SECRET_NAMES = Set.of("key", "sig", "code");

    private Redactor() {
    }

    /**
     * @param name an HTTP header, query parameter, configuration property or environment variable name
     * @return true when its value may be a credential and must never be shown
     */
    public static boolean isSensitiveName(String name) {
        if (name == null) {
            return false;
        }
        String n = name.toLowerCase(Locale.ROOT).replace('_', '-');
        if (SECRET_NAMES.contains(n)) {
            return true;
        }
        for (String fragment : SECRET_FRAGMENTS) {
            if (n.contains(fragment)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param headers header names and values
     * @return a copy whose sensitive values are {@link #MASK}ed, in the same order
     */
    public static Map<String, String> redactHeaders(Map<String, String> headers) {
        Map<String, String> out = new LinkedHashMap<>();
        headers.forEach((k, v) -> out.put(k, isSensitiveName(k) ? MASK : v));
        return out;
    }

    /**
     * @param env environment variables
     * @return a copy with every value masked: environment values are too often secrets to guess
     */
    public static Map<String, String> redactEnvironment(Map<String, String> env) {
        Map<String, String> out = new LinkedHashMap<>();
        env.keySet().forEach(k -> out.put(k, MASK));
        return out;
    }

    /**
     * @param url a URL, possibly with user-info or credential query parameters
     * @return the URL with user-info and sensitive query values masked; {@code null} for {@code null}
     */
    public static String redactUrl(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = URI.create(url);
            if (uri.getRawUserInfo() == null && uri.getRawQuery() == null) {
                return url;
            }
            StringBuilder sb = new StringBuilder();
            if (uri.getScheme() != null) {
                sb.append(uri.getScheme()).append("://");
            }
            if (uri.getRawUserInfo() != null) {
                sb.append(MASK).append('@');
            }
            if (uri.getHost() != null) {
                sb.append(uri.getHost());
            }
            if (uri.getPort() >= 0) {
                sb.append(':').append(uri.getPort());
            }
            if (uri.getRawPath() != null) {
                sb.append(uri.getRawPath());
            }
            if (uri.getRawQuery() != null) {
                sb.append('?').append(redactQuery(uri.getRawQuery()));
            }
            return sb.toString();
        } catch (IllegalArgumentException notAUri) {
            // Unparseable: show only what cannot carry a secret.
            int q = url.indexOf('?');
            return (q >= 0 ? url.substring(0, q) + "?" + MASK : url).replaceAll("//[^/@]*@", "//" + MASK + "@");
        }
    }

    private static String redactQuery(String query) {
        StringBuilder sb = new StringBuilder();
        for (String pair : query.split("&")) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            sb.append(eq < 0 || !isSensitiveName(name) ? pair : name + "=" + MASK);
        }
        return sb.toString();
    }
}
