package io.mcpool.oauth;

import io.mcpool.internal.Redactor;
import java.net.InetAddress;
import java.net.URI;
import java.util.Locale;

/** URL rules of the MCP authorization specification: canonical resource URIs, origins, https. */
final class Urls {

    private Urls() {
    }

    /** The resource identifier of a request URL: scheme and host lower case, no default port, query or fragment. */
    static URI canonical(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        if (port == 443 && scheme.equals("https") || port == 80 && scheme.equals("http")) {
            port = -1;
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "" : uri.getRawPath();
        if (path.endsWith("/") && path.length() > 1) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.equals("/")) {
            path = "";
        }
        return URI.create(scheme + "://" + (host.contains(":") ? "[" + host + "]" : host)
                + (port < 0 ? "" : ":" + port) + path);
    }

    /** {@code scheme://host[:port]} of a URL. */
    static String origin(URI uri) {
        URI c = canonical(uri);
        return c.getScheme() + "://" + c.getRawAuthority();
    }

    /**
     * Whether {@code resource} covers {@code request}: same origin and the request's path is the resource's path or
     * below it (at a segment boundary).
     */
    static boolean covers(URI resource, URI request) {
        URI r = canonical(resource);
        URI q = canonical(request);
        if (!origin(r).equals(origin(q))) {
            return false;
        }
        String rp = r.getRawPath() == null ? "" : r.getRawPath();
        String qp = q.getRawPath() == null ? "" : q.getRawPath();
        return rp.isEmpty() || qp.equals(rp) || qp.startsWith(rp + "/");
    }

    /**
     * Authorization server endpoints must be https, except on a loopback address (local development and tests).
     *
     * @throws OAuthException when the URL is neither
     */
    static URI requireSecure(URI uri, String what) {
        if (uri == null || uri.getHost() == null) {
            throw new OAuthException(what + " is not an absolute URL: " + (uri == null ? null : safe(uri)));
        }
        if ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme())
                && isLoopback(uri.getHost())) {
            return uri;
        }
        throw new OAuthException(what + " must be an https URL (http only on a loopback address), was " + safe(uri));
    }

    static boolean isLoopback(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false; // a name: do not resolve it here
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** A URL fit for messages: user-info and credential-like query values masked. */
    static String safe(URI uri) {
        return Redactor.redactUrl(uri.toString());
    }
}
