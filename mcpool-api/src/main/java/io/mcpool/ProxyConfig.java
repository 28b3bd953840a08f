package io.mcpool;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An HTTP proxy for a pool's HTTP client: every request goes through {@link #host()}:{@link #port()}
 * ({@code CONNECT} for {@code https}), except to the hosts of {@link #nonProxyHosts()}. For other rules,
 * give the pool a {@link java.net.ProxySelector} instead ({@link PoolConfig.Builder#proxySelector}).
 * Validated by {@link PoolConfig.Builder#build()}.
 *
 * @param host          the proxy's host name or address
 * @param port          its port, 1..65535
 * @param nonProxyHosts hosts reached directly: a name or address, or a pattern with a leading or trailing
 *                      {@code *} ({@code *.internal.example}, {@code 10.*}), case ignored
 */
public record ProxyConfig(String host, int port, List<String> nonProxyHosts) {

    private static final Pattern HOST_PATTERN = Pattern.compile("\\*?[A-Za-z0-9.:\\[\\]_-]+\\*?|\\*");

    /** Copies the list. */
    public ProxyConfig {
        nonProxyHosts = nonProxyHosts == null ? List.of() : List.copyOf(nonProxyHosts);
    }

    /** @return a builder: no host (required), port 3128, no exceptions */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a selector that sends requests through this proxy, except to {@link #nonProxyHosts()} */
    public ProxySelector proxySelector() {
        Proxy proxy = new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(host, port));
        return new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return List.of(bypasses(uri.getHost()) ? Proxy.NO_PROXY : proxy);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
                // Nothing to learn: there is one proxy.
            }

            @Override
            public String toString() {
                return ProxyConfig.this.toString();
            }
        };
    }

    /**
     * @param requestHost a request's host
     * @return true when it is reached directly
     */
    public boolean bypasses(String requestHost) {
        if (requestHost == null) {
            return false;
        }
        String h = requestHost.toLowerCase(Locale.ROOT);
        for (String pattern : nonProxyHosts) {
            String p = pattern.toLowerCase(Locale.ROOT);
            if (p.equals("*") || p.equals(h)
                    || (p.startsWith("*") && p.endsWith("*") && p.length() > 1 && h.contains(p.substring(1, p.length() - 1)))
                    || (p.startsWith("*") && !p.endsWith("*") && h.endsWith(p.substring(1)))
                    || (p.endsWith("*") && !p.startsWith("*") && h.startsWith(p.substring(0, p.length() - 1)))) {
                return true;
            }
        }
        return false;
    }

    /** @return a violation for each bad component, named {@code proxy.<component>} */
    List<InvalidConfigException.Violation> violations() {
        List<InvalidConfigException.Violation> v = new ArrayList<>();
        if (host == null || host.isBlank() || host.chars().anyMatch(Character::isWhitespace) || host.contains("/")) {
            v.add(new InvalidConfigException.Violation("proxy.host", String.valueOf(host),
                    "must be a host name or address (no scheme, no path)"));
        }
        if (port < 1 || port > 65535) {
            v.add(new InvalidConfigException.Violation("proxy.port", String.valueOf(port), "must be between 1 and 65535"));
        }
        for (String pattern : nonProxyHosts) {
            if (pattern == null || !HOST_PATTERN.matcher(pattern).matches()) {
                v.add(new InvalidConfigException.Violation("proxy.nonProxyHosts", String.valueOf(pattern),
                        "each must be a host name or address, optionally with a leading or trailing '*'"));
            }
        }
        return v;
    }

    /** Builds a {@link ProxyConfig}. */
    public static final class Builder {
        private String host;
        private int port = 3128;
        private List<String> nonProxyHosts = List.of();

        private Builder() {
        }

        /**
         * @param host the proxy's host
         * @param port its port
         * @return this
         */
        public Builder address(String host, int port) {
            this.host = host;
            this.port = port;
            return this;
        }

        /**
         * @param hosts hosts reached directly (patterns with a leading or trailing {@code *})
         * @return this
         */
        public Builder nonProxyHosts(List<String> hosts) {
            this.nonProxyHosts = hosts;
            return this;
        }

        /** @return the settings (checked with the pool's configuration) */
        public ProxyConfig build() {
            return new ProxyConfig(host, port, nonProxyHosts);
        }
    }
}
