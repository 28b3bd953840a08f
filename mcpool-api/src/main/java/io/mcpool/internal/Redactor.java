package io.mcpool.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /** A URL inside free text. */
    private static final Pattern URL_IN_TEXT = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^\\s'\"<>]+");
    /** {@code Bearer <token>} / {@code Basic <credentials>} inside free text. */
    private static final Pattern SCHEME_CREDENTIAL = Pattern.compile("(?i)\\b(bearer|basic)(\\s+)(?=[A-Za-z0-9._~+/=-]{8,})[^\\s,;'\"]+");
    /** {@code name=value} and {@code name: value} inside free text. */
    private static final Pattern NAMED_VALUE = Pattern.compile("([A-Za-z0-9_.-]+)(=|:[ \\t]*)([^\\s&,;'\"]+)");
    /** The shortest value masked by {@link #redactText(String, Collection)} as a known secret. */
    private static final int SHORTEST_KNOWN_SECRET = 4;

    private Redactor() {
    }

    /**
     * @param url a URL
     * @return only its scheme, host and port ({@code https://host:8443}): paths of hosted servers
     *     often carry the key ({@code https://host/mcp/<key>/sse}); {@code null} for {@code null}
     */
    public static String originOf(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = URI.create(url);
            if (uri.getHost() == null) {
                if (uri.getScheme() == null) {
                    return MASK;
                }
                String rest = uri.getRawSchemeSpecificPart();
                String slashes = rest.startsWith("//") ? "//" : "";
                return uri.getScheme() + ":" + slashes + (rest.length() > slashes.length() ? MASK : "");
            }
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
        } catch (IllegalArgumentException notAUri) {
            int sep = url.indexOf("://");
            if (sep > 0 && url.substring(0, sep).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
                return url.substring(0, sep + 3) + (url.length() > sep + 3 ? MASK : "");
            }
            return MASK;
        }
    }

    /**
     * @param args a command's arguments
     * @return a copy in which the value of every argument named as a secret is masked: {@code --token
     *     <value>}, {@code --api-key=<value>}, {@code API_KEY=<value>}; URLs in arguments keep only
     *     scheme, host and port
     */
    public static List<String> redactArgs(List<String> args) {
        List<String> out = new ArrayList<>(args.size());
        boolean valueOfSecret = false;
        for (String arg : args) {
            if (arg == null) {
                out.add(null);
                valueOfSecret = false;
                continue;
            }
            if (valueOfSecret && !arg.startsWith("-")) {
                out.add(MASK);
                valueOfSecret = false;
                continue;
            }
            int eq = arg.indexOf('=');
            String name = (eq > 0 ? arg.substring(0, eq) : arg).replaceFirst("^-+", "");
            if (eq > 0 && isSensitiveName(name)) {
                out.add(arg.substring(0, eq + 1) + MASK);
                valueOfSecret = false;
            } else if (eq < 0 && arg.startsWith("-") && isSensitiveName(name)) {
                out.add(arg);
                valueOfSecret = true;
            } else {
                out.add(redactText(arg));
                valueOfSecret = false;
            }
        }
        return out;
    }

    /**
     * @param text free text, e.g. an exception's message or a line a server printed
     * @return the text with credential-shaped parts masked: URLs reduced to scheme, host and port,
     *     {@code Bearer}/{@code Basic} credentials, and {@code name=value} or {@code name: value}
     *     where the name holds secrets; {@code null} for {@code null}
     */
    public static String redactText(String text) {
        return redactText(text, List.of());
    }

    /**
     * @param text    free text
     * @param secrets values known to be secret (a pool's token, header values, ...): masked wherever
     *     they appear; values shorter than 4 characters are ignored
     * @return the text with the known secrets and credential-shaped parts masked (see {@link #redactText(String)})
     */
    public static String redactText(String text, Collection<String> secrets) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            if (secret != null && secret.length() >= SHORTEST_KNOWN_SECRET) {
                out = out.replace(secret, MASK);
            }
        }
        out = replaceAll(URL_IN_TEXT, out, m -> originOf(m.group()));
        out = replaceAll(SCHEME_CREDENTIAL, out, m -> m.group(1) + m.group(2) + MASK);
        out = replaceAll(NAMED_VALUE, out, m -> {
            String name = m.group(1);
            boolean colon = m.group(2).startsWith(":");
            // "status code: 429" is not a secret: with a colon, only names that contain a secret fragment.
            boolean secret = colon ? isSensitiveName(name) && !SECRET_NAMES.contains(name.toLowerCase(Locale.ROOT))
                    : isSensitiveName(name);
            String value = m.group(3);
            boolean done = value.equals(MASK) || value.equalsIgnoreCase("bearer") || value.equalsIgnoreCase("basic");
            return secret && !done ? name + m.group(2) + MASK : m.group();
        });
        return out;
    }

    /**
     * @param failure an exception
     * @return one line for a log or message: the exception's type and, if it has one, its root cause's
     *     type and message, with credential-shaped parts masked ({@link #redactText(String)}); no stack
     */
    public static String describe(Throwable failure) {
        String top = failure.getClass().getSimpleName() + (failure.getMessage() == null ? ""
                : ": " + redactText(failure.getMessage()));
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root == failure) {
            return top;
        }
        return top + " (caused by " + root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + redactText(root.getMessage())) + ")";
    }

    private static String replaceAll(Pattern pattern, String text, java.util.function.Function<Matcher, String> with) {
        Matcher m = pattern.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(with.apply(m)));
        }
        m.appendTail(sb);
        return sb.toString();
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
