package io.mcpool;

import io.mcpool.InvalidConfigException.Violation;
import io.mcpool.internal.Redactor;
import io.mcpool.spi.AuthProvider;
import io.mcpool.spi.ClientCapability;
import io.mcpool.spi.ElicitationHandler;
import io.mcpool.spi.HealthProbe;
import io.mcpool.spi.LimitsBackend;
import io.mcpool.spi.RootsHandler;
import io.mcpool.spi.SamplingHandler;
import io.mcpool.spi.TransportFactory;
import io.mcpool.spi.WarmupHook;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The immutable configuration of one {@link McpPool}. Built with {@link #builder()}; {@link Builder#build()}
 * validates every property and refuses bad input with an {@link InvalidConfigException} that names
 * each property, the value and the allowed range.
 *
 * <p>{@link #toString()} never shows a secret: the bearer token, credential headers, environment
 * values, URL user-info and the TLS store passwords are masked.
 *
 * @see <a href="../../../../docs/configuration.md">docs/configuration.md</a> for every property
 */
public final class PoolConfig {

    /** Largest {@code maxSessions} accepted. */
    public static final int MAX_SESSIONS_LIMIT = 10_000;


    private final String name;
    private final Transport transport;
    private final Protocol protocol;
    private final String endpoint;
    private final String sseEndpoint;
    private final String command;
    private final List<String> args;
    private final Map<String, String> env;
    private final Map<String, String> headers;
    private final String bearerToken;
    private final AuthProvider authProvider;
    private final TransportFactory transportFactory;
    private final HealthProbe healthProbe;
    private final WarmupHook warmupHook;
    private final int minSessions;
    private final int maxSessions;
    private final Duration borrowTimeout;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Duration toolCacheTtl;
    private final Duration drainTimeout;
    private final Duration idleTimeout;
    private final Duration maxSessionLifetime;
    private final Duration recycleWindow;
    private final Duration healthCheckInterval;
    private final Duration healthProbeTimeout;
    private final String clientName;
    private final String clientVersion;
    private final int retryCount;
    private final Duration retryBaseDelay;
    private final Duration retryMaxDelay;
    private final int failureThreshold;
    private final Duration recoveryTimeout;
    private final boolean gracefulDegradation;
    private final Duration leakDetectionThreshold;
    private final Duration abandonedTimeout;
    private final String tenantHeader;
    private final boolean showFullEndpoint;
    private final int maxSessionsPerKey;
    private final int maxConcurrentPerTenant;
    private final int warmupConcurrency;
    private final TenantLimitMode tenantLimitMode;
    private final Duration keyIdleTimeout;
    private final double rateLimit;
    private final int rateLimitBurst;
    private final RateLimitMode rateLimitMode;
    private final boolean rateLimitPerTenant;
    private final LimitsBackend limitsBackend;
    private final LimitsFailurePolicy rateLimitBackendFailure;
    private final LimitsFailurePolicy tenantCapBackendFailure;
    private final Duration tenantLeaseTtl;
    private final AutoScalerConfig autoScaler;
    private final TlsConfig tls;
    private final ProxyConfig proxy;
    private final ProxySelector proxySelector;
    private final ElicitationHandler elicitationHandler;
    private final SamplingHandler samplingHandler;
    private final RootsHandler rootsHandler;
    private final Set<ClientCapability> clientCapabilities;

    private PoolConfig(Builder b) {
        this.name = b.name;
        this.transport = b.transport;
        this.protocol = b.protocol;
        this.endpoint = b.endpoint;
        this.sseEndpoint = b.sseEndpoint;
        this.command = b.command;
        this.args = List.copyOf(b.args);
        this.env = Collections.unmodifiableMap(new LinkedHashMap<>(b.env));
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
        this.bearerToken = b.bearerToken;
        this.authProvider = b.authProvider;
        this.transportFactory = b.transportFactory;
        this.healthProbe = b.healthProbe;
        this.warmupHook = b.warmupHook;
        this.minSessions = b.minSessions;
        this.maxSessions = b.maxSessions;
        this.borrowTimeout = b.borrowTimeout;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.toolCacheTtl = b.toolCacheTtl;
        this.drainTimeout = b.drainTimeout;
        this.idleTimeout = b.idleTimeout;
        this.maxSessionLifetime = b.maxSessionLifetime;
        this.recycleWindow = b.recycleWindow;
        this.healthCheckInterval = b.healthCheckInterval;
        this.healthProbeTimeout = b.healthProbeTimeout;
        this.clientName = b.clientName;
        this.clientVersion = b.clientVersion;
        this.retryCount = b.retryCount;
        this.retryBaseDelay = b.retryBaseDelay;
        this.retryMaxDelay = b.retryMaxDelay;
        this.failureThreshold = b.failureThreshold;
        this.recoveryTimeout = b.recoveryTimeout;
        this.gracefulDegradation = b.gracefulDegradation;
        this.leakDetectionThreshold = b.leakDetectionThreshold;
        this.abandonedTimeout = b.abandonedTimeout;
        this.tenantHeader = b.tenantHeader;
        this.showFullEndpoint = b.showFullEndpoint;
        this.maxSessionsPerKey = b.maxSessionsPerKey == 0 ? b.maxSessions : b.maxSessionsPerKey;
        this.maxConcurrentPerTenant = b.maxConcurrentPerTenant;
        this.warmupConcurrency = b.warmupConcurrency;
        this.tenantLimitMode = b.tenantLimitMode;
        this.keyIdleTimeout = b.keyIdleTimeout;
        this.rateLimit = b.rateLimit;
        this.rateLimitBurst = b.rateLimitBurst == 0 ? (int) Math.max(1, Math.ceil(b.rateLimit)) : b.rateLimitBurst;
        this.rateLimitMode = b.rateLimitMode;
        this.rateLimitPerTenant = b.rateLimitPerTenant;
        this.limitsBackend = b.limitsBackend;
        this.rateLimitBackendFailure = b.rateLimitBackendFailure;
        this.tenantCapBackendFailure = b.tenantCapBackendFailure;
        this.tenantLeaseTtl = b.tenantLeaseTtl;
        this.autoScaler = b.autoScaler;
        this.tls = b.tls;
        this.proxy = b.proxy;
        this.proxySelector = b.proxySelector;
        this.elicitationHandler = b.elicitationHandler;
        this.samplingHandler = b.samplingHandler;
        this.rootsHandler = b.rootsHandler;
        EnumSet<ClientCapability> advertised = b.clientCapabilities.isEmpty() ? EnumSet.noneOf(ClientCapability.class)
                : EnumSet.copyOf(b.clientCapabilities);
        if (b.elicitationHandler != null) {
            advertised.add(ClientCapability.ELICITATION_FORM);
        }
        if (b.samplingHandler != null) {
            advertised.add(ClientCapability.SAMPLING);
        }
        if (b.rootsHandler != null) {
            advertised.add(ClientCapability.ROOTS);
        }
        this.clientCapabilities = Collections.unmodifiableSet(advertised);
    }

    /** @return a builder with every default set */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this configuration, to derive a changed copy */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** @return the pool's name: used in logs, thread names, metrics tags, JMX and MP Config keys */
    public String name() {
        return name;
    }

    /** @return the transport; ignored for creation when a {@link #transportFactory()} is set */
    public Transport transport() {
        return transport;
    }

    /**
     * @return which MCP revision the pool speaks to the endpoint: {@link Protocol#LEGACY} (the default),
     *     {@link Protocol#STATELESS_2026_07_28}, or {@link Protocol#AUTO} (asks the server once)
     */
    public Protocol protocol() {
        return protocol;
    }

    /**
     * @return the server URL for {@link Transport#STREAMABLE_HTTP} (the full MCP endpoint, e.g.
     *     {@code http://host:8080/mcp}) or {@link Transport#SSE} (the base URL); {@code null} for stdio.
     *     May hold credentials: show {@link #redactedEndpoint()} instead.
     */
    public String endpoint() {
        return endpoint;
    }

    /**
     * @return the endpoint as logs, messages, JMX and health data show it: only scheme, host and port
     *     ({@code https://host:8443}), since hosted servers often carry their key in the path; the path
     *     too, with user-info and credential query values masked, when {@link #showFullEndpoint()}. For
     *     stdio, the command.
     */
    public String redactedEndpoint() {
        if (transport == Transport.STDIO && endpoint == null) {
            return command;
        }
        return showFullEndpoint ? Redactor.redactUrl(endpoint) : Redactor.originOf(endpoint);
    }

    /**
     * @return true when logs, messages, JMX and health data may show the endpoint's path (user-info and
     *     credential query values still masked); default false: only scheme, host and port
     */
    public boolean showFullEndpoint() {
        return showFullEndpoint;
    }

    /**
     * Masks this configuration's secrets in a text about the pool (an exception's message, a line its
     * stdio server printed): the bearer token, values of credential headers, environment values of
     * 8 characters or more, values of secret-named stdio arguments, the TLS store passwords, the endpoint's user-info and
     * credential query values, and (unless {@link #showFullEndpoint()}) its longer path segments; then
     * anything credential-shaped ({@link Redactor#redactText(String)}).
     *
     * @param text a text, possibly null
     * @return the text, safe to log and show
     */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        List<String> secrets = new ArrayList<>();
        if (bearerToken != null) {
            secrets.add(bearerToken);
        }
        headers.forEach((k, v) -> {
            if (Redactor.isSensitiveName(k)) {
                secrets.add(v);
            }
        });
        env.values().stream().filter(v -> v != null && v.length() >= 8).forEach(secrets::add);
        List<String> shownArgs = Redactor.redactArgs(args);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg != null && !arg.equals(shownArgs.get(i))) {
                int eq = arg.indexOf('=');
                secrets.add(eq >= 0 && shownArgs.get(i).endsWith("=" + Redactor.MASK) ? arg.substring(eq + 1) : arg);
            }
        }
        secrets.addAll(endpointSecrets(endpoint));
        if (tls != null) {
            secrets.add(tls.trustStorePassword());
            secrets.add(tls.keyStorePassword());
            secrets.removeIf(Objects::isNull);
        }
        // Longest first, so that a secret containing another is masked whole.
        secrets.sort((a, b) -> Integer.compare(b == null ? 0 : b.length(), a == null ? 0 : a.length()));
        return Redactor.redactText(text, secrets);
    }

    private List<String> endpointSecrets(String url) {
        List<String> secrets = new ArrayList<>();
        if (url == null) {
            return secrets;
        }
        try {
            URI uri = new URI(url);
            if (uri.getRawUserInfo() != null) {
                secrets.add(uri.getRawUserInfo());
                int colon = uri.getRawUserInfo().indexOf(':');
                if (colon >= 0) {
                    secrets.add(uri.getRawUserInfo().substring(colon + 1));
                }
            }
            if (uri.getRawQuery() != null) {
                for (String pair : uri.getRawQuery().split("&")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0 && Redactor.isSensitiveName(pair.substring(0, eq))) {
                        secrets.add(pair.substring(eq + 1));
                    }
                }
            }
            if (!showFullEndpoint && uri.getRawPath() != null) {
                for (String segment : uri.getRawPath().split("/")) {
                    if (segment.length() >= 12) {
                        secrets.add(segment);
                    }
                }
            }
        } catch (URISyntaxException notAUrl) {
            secrets.add(url);
        }
        return secrets;
    }

    /** @return the SSE stream path appended to the base URL for {@link Transport#SSE} */
    public String sseEndpoint() {
        return sseEndpoint;
    }

    /** @return the executable started per session for {@link Transport#STDIO} */
    public String command() {
        return command;
    }

    /** @return the arguments of {@link #command()} */
    public List<String> args() {
        return args;
    }

    /** @return extra environment variables for the stdio process (added to this JVM's environment) */
    public Map<String, String> env() {
        return env;
    }

    /** @return static HTTP headers sent on every request of every session */
    public Map<String, String> headers() {
        return headers;
    }

    /**
     * @return a static bearer token sent as {@code Authorization: Bearer ...} by shared sessions, or null; read
     *     per request, so {@code reconfigure} can rotate it
     */
    public String bearerToken() {
        return bearerToken;
    }

    /** @return the provider of per-session credentials, or null */
    public AuthProvider authProvider() {
        return authProvider;
    }

    /** @return the factory that replaces the built-in transports, or null */
    public TransportFactory transportFactory() {
        return transportFactory;
    }

    /** @return the health probe, or null for MCP {@code ping} */
    public HealthProbe healthProbe() {
        return healthProbe;
    }

    /** @return the hook run on each new session after {@code initialize}, or null */
    public WarmupHook warmupHook() {
        return warmupHook;
    }

    /** @return sessions of the shared partition kept open at all times (pre-warmed by start) */
    public int minSessions() {
        return minSessions;
    }

    /** @return most sessions open at once, across all keys */
    public int maxSessions() {
        return maxSessions;
    }

    /** @return how long {@code borrow} waits for a free session */
    public Duration borrowTimeout() {
        return borrowTimeout;
    }

    /** @return the bound on one session creation: HTTP connect and the MCP {@code initialize} */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** @return the bound on one MCP request */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** @return how long a fetched tool list is served from cache; zero disables caching */
    public Duration toolCacheTtl() {
        return toolCacheTtl;
    }

    /** @return how long {@code shutdown} waits for lent sessions to come back */
    public Duration drainTimeout() {
        return drainTimeout;
    }

    /** @return how long a session above {@code minSessions} may sit idle before it is closed; zero = never */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** @return the age after which a session is retired; zero = unlimited */
    public Duration maxSessionLifetime() {
        return maxSessionLifetime;
    }

    /** @return how long before {@code maxSessionLifetime} an idle session may be replaced */
    public Duration recycleWindow() {
        return recycleWindow;
    }

    /** @return how often idle sessions are checked; zero disables idle checks */
    public Duration healthCheckInterval() {
        return healthCheckInterval;
    }

    /** @return the bound on one health probe */
    public Duration healthProbeTimeout() {
        return healthProbeTimeout;
    }

    /** @return the client name sent in {@code initialize} */
    public String clientName() {
        return clientName;
    }

    /** @return the client version sent in {@code initialize} */
    public String clientVersion() {
        return clientVersion;
    }

    /** @return how many times a failed session creation is retried (with backoff) before it fails */
    public int retryCount() {
        return retryCount;
    }

    /** @return the first retry's delay; each next one doubles */
    public Duration retryBaseDelay() {
        return retryBaseDelay;
    }

    /** @return the cap on one retry delay, jitter included */
    public Duration retryMaxDelay() {
        return retryMaxDelay;
    }

    /** @return consecutive failed creation attempts that open the circuit breaker */
    public int failureThreshold() {
        return failureThreshold;
    }

    /** @return how long the breaker stays open before one probe creation is let through */
    public Duration recoveryTimeout() {
        return recoveryTimeout;
    }

    /** @return true to start degraded (instead of failing) when the warm-up fails, and recover in the background */
    public boolean gracefulDegradation() {
        return gracefulDegradation;
    }

    /** @return a lease held longer than this is reported once with the stack of its borrow; zero = off */
    public Duration leakDetectionThreshold() {
        return leakDetectionThreshold;
    }

    /**
     * @return a lease unused (no MCP call) for this long is reclaimed: its session is closed under the
     *     holder, whose later calls fail. Zero (the default) = never. A last resort for applications
     *     that lose leases; prefer {@link #leakDetectionThreshold()} to find them.
     */
    public Duration abandonedTimeout() {
        return abandonedTimeout;
    }

    /**
     * @return the header that names a borrow's tenant when {@link BorrowOptions#tenant()} is not set
     *     (e.g. {@code X-Tenant-ID}), or null
     */
    public String tenantHeader() {
        return tenantHeader;
    }

    /** @return most sessions open at once for one key (tenant + affinity key); defaults to maxSessions */
    public int maxSessionsPerKey() {
        return maxSessionsPerKey;
    }

    /**
     * @return most sessions the pool opens at once to reach or keep {@code minSessions} (start-up and top-up);
     *     0 (the default) for as many as its creation workers run at once, {@code min(maxSessions, 16)}
     */
    public int warmupConcurrency() {
        return warmupConcurrency;
    }

    /** @return most leases one tenant may hold at once across its keys; zero = no cap */
    public int maxConcurrentPerTenant() {
        return maxConcurrentPerTenant;
    }

    /** @return what a borrow over the tenant cap does */
    public TenantLimitMode tenantLimitMode() {
        return tenantLimitMode;
    }

    /** @return how long an idle session of a tenant or affinity key is kept (the shared partition uses idleTimeout) */
    public Duration keyIdleTimeout() {
        return keyIdleTimeout;
    }

    /** @return borrows allowed per second (a token bucket); zero = no rate limit */
    public double rateLimit() {
        return rateLimit;
    }

    /** @return how many borrows may go at once after a quiet spell (the bucket's size) */
    public int rateLimitBurst() {
        return rateLimitBurst;
    }

    /** @return what a borrow without a permit does */
    public RateLimitMode rateLimitMode() {
        return rateLimitMode;
    }

    /** @return true for one bucket per tenant (the shared partition has its own) instead of one per pool */
    public boolean rateLimitPerTenant() {
        return rateLimitPerTenant;
    }

    /**
     * @return where the rate limits and tenant caps keep their state: null (the default) for this
     *     instance's memory, or a distributed backend so that they hold across every instance sharing it
     */
    public LimitsBackend limitsBackend() {
        return limitsBackend;
    }

    /** @return what a borrow does when the backend cannot be reached for a rate limit (default FAIL_OPEN) */
    public LimitsFailurePolicy rateLimitBackendFailure() {
        return rateLimitBackendFailure;
    }

    /** @return what a borrow does when the backend cannot be reached for a tenant cap (default FAIL_CLOSED) */
    public LimitsFailurePolicy tenantCapBackendFailure() {
        return tenantCapBackendFailure;
    }

    /**
     * @return how long a cluster-wide tenant slot outlives an instance that stopped renewing it (it died):
     *     the time after which a dead instance's slots come back; live instances renew every third of it
     */
    public Duration tenantLeaseTtl() {
        return tenantLeaseTtl;
    }

    /** @return the autoscaler's settings, or null when the floor is fixed */
    public AutoScalerConfig autoScaler() {
        return autoScaler;
    }

    /** @return the TLS settings of the pool's HTTP client (trust, client certificate), or null for the JDK's */
    public TlsConfig tls() {
        return tls;
    }

    /** @return the HTTP proxy of the pool's HTTP client, or null (see also {@link #proxySelector()}) */
    public ProxyConfig proxy() {
        return proxy;
    }

    /**
     * @return the proxy selector of the pool's HTTP client: the one given, else {@link #proxy()}'s, else
     *     null (direct connections)
     */
    public ProxySelector proxySelector() {
        return proxySelector != null ? proxySelector : proxy == null ? null : proxy.proxySelector();
    }

    /**
     * @return the pool-wide answer to a server's {@code elicitation/create} request, or null; a borrow's own
     *     handler takes precedence for requests made during its calls
     */
    public ElicitationHandler elicitationHandler() {
        return elicitationHandler;
    }

    /** @return the pool-wide answer to a server's {@code sampling/createMessage} request, or null */
    public SamplingHandler samplingHandler() {
        return samplingHandler;
    }

    /** @return the pool-wide answer to a server's {@code roots/list} request, or null */
    public RootsHandler rootsHandler() {
        return rootsHandler;
    }

    /**
     * @return the client capabilities the pool's sessions advertise: those declared with
     *     {@link Builder#clientCapabilities} plus those of the pool-wide handlers set (elicitation handler:
     *     {@link ClientCapability#ELICITATION_FORM}); empty by default
     */
    public Set<ClientCapability> clientCapabilities() {
        return clientCapabilities;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("PoolConfig{name=").append(name)
                .append(", transport=").append(transport)
                .append(", protocol=").append(protocol);
        if (transport == Transport.STDIO) {
            sb.append(", command=").append(command).append(", args=").append(Redactor.redactArgs(args))
                    .append(", env=").append(Redactor.redactEnvironment(env));
        } else {
            sb.append(", endpoint=").append(redactedEndpoint());
            if (transport == Transport.SSE && showFullEndpoint) {
                sb.append(", sseEndpoint=").append(sseEndpoint);
            }
        }
        return sb.append(", headers=").append(Redactor.redactHeaders(headers))
                .append(", bearerToken=").append(bearerToken == null ? "none" : Redactor.MASK)
                .append(", authProvider=").append(authProvider == null ? "none" : authProvider.getClass().getName())
                .append(", transportFactory=")
                .append(transportFactory == null ? "built-in" : transportFactory.getClass().getName())
                .append(", minSessions=").append(minSessions)
                .append(", maxSessions=").append(maxSessions)
                .append(", borrowTimeout=").append(borrowTimeout)
                .append(", connectTimeout=").append(connectTimeout)
                .append(", requestTimeout=").append(requestTimeout)
                .append(", toolCacheTtl=").append(toolCacheTtl)
                .append(", drainTimeout=").append(drainTimeout)
                .append(", idleTimeout=").append(idleTimeout)
                .append(", maxSessionLifetime=").append(maxSessionLifetime)
                .append(", recycleWindow=").append(recycleWindow)
                .append(", healthCheckInterval=").append(healthCheckInterval)
                .append(", healthProbeTimeout=").append(healthProbeTimeout)
                .append(", retryCount=").append(retryCount)
                .append(", retryBaseDelay=").append(retryBaseDelay)
                .append(", retryMaxDelay=").append(retryMaxDelay)
                .append(", failureThreshold=").append(failureThreshold)
                .append(", recoveryTimeout=").append(recoveryTimeout)
                .append(", gracefulDegradation=").append(gracefulDegradation)
                .append(", leakDetectionThreshold=").append(leakDetectionThreshold)
                .append(", abandonedTimeout=").append(abandonedTimeout)
                .append(", tenantHeader=").append(tenantHeader)
                .append(", showFullEndpoint=").append(showFullEndpoint)
                .append(", maxSessionsPerKey=").append(maxSessionsPerKey)
                .append(", maxConcurrentPerTenant=").append(maxConcurrentPerTenant)
                .append(", warmupConcurrency=").append(warmupConcurrency)
                .append(", tenantLimitMode=").append(tenantLimitMode)
                .append(", keyIdleTimeout=").append(keyIdleTimeout)
                .append(", rateLimit=").append(rateLimit)
                .append(", rateLimitBurst=").append(rateLimitBurst)
                .append(", rateLimitMode=").append(rateLimitMode)
                .append(", rateLimitPerTenant=").append(rateLimitPerTenant)
                .append(", limitsBackend=").append(limitsBackend == null ? "local" : limitsBackend.name())
                .append(", rateLimitBackendFailure=").append(rateLimitBackendFailure)
                .append(", tenantCapBackendFailure=").append(tenantCapBackendFailure)
                .append(", tenantLeaseTtl=").append(tenantLeaseTtl)
                .append(", autoScaler=").append(autoScaler)
                .append(", tls=").append(tls == null ? "JDK default" : tls)
                .append(", proxy=").append(proxySelector != null ? proxySelector.getClass().getName()
                        : proxy == null ? "none" : proxy)
                .append(", clientCapabilities=").append(clientCapabilities)
                .append('}').toString();
    }

    /**
     * Builds a {@link PoolConfig}. Setters accept anything; {@link #build()} checks everything at
     * once and lists every problem.
     */
    public static final class Builder {
        String name = "default";
        Transport transport = Transport.STREAMABLE_HTTP;
        Protocol protocol = Protocol.LEGACY;
        String endpoint;
        String sseEndpoint = "/sse";
        String command;
        List<String> args = new ArrayList<>();
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, String> headers = new LinkedHashMap<>();
        String bearerToken;
        AuthProvider authProvider;
        TransportFactory transportFactory;
        HealthProbe healthProbe;
        WarmupHook warmupHook;
        int minSessions = 1;
        int maxSessions = 10;
        Duration borrowTimeout = Duration.ofSeconds(30);
        Duration connectTimeout = Duration.ofSeconds(10);
        Duration requestTimeout = Duration.ofSeconds(30);
        Duration toolCacheTtl = Duration.ofMinutes(5);
        Duration drainTimeout = Duration.ofSeconds(30);
        Duration idleTimeout = Duration.ofMinutes(10);
        Duration maxSessionLifetime = Duration.ofMinutes(30);
        Duration recycleWindow = Duration.ofMinutes(1);
        Duration healthCheckInterval = Duration.ofSeconds(30);
        Duration healthProbeTimeout = Duration.ofSeconds(5);
        String clientName = "mcpool";
        String clientVersion = McpPoolVersion.VERSION;
        int retryCount = 2;
        Duration retryBaseDelay = Duration.ofMillis(100);
        Duration retryMaxDelay = Duration.ofSeconds(5);
        int failureThreshold = 5;
        Duration recoveryTimeout = Duration.ofSeconds(30);
        boolean gracefulDegradation;
        Duration leakDetectionThreshold = Duration.ZERO;
        Duration abandonedTimeout = Duration.ZERO;
        String tenantHeader;
        boolean showFullEndpoint;
        int maxSessionsPerKey;
        int maxConcurrentPerTenant;
        int warmupConcurrency;
        TenantLimitMode tenantLimitMode = TenantLimitMode.FAIL_FAST;
        Duration keyIdleTimeout = Duration.ofMinutes(5);
        double rateLimit;
        int rateLimitBurst;
        RateLimitMode rateLimitMode = RateLimitMode.WAIT;
        boolean rateLimitPerTenant;
        LimitsBackend limitsBackend;
        LimitsFailurePolicy rateLimitBackendFailure = LimitsFailurePolicy.FAIL_OPEN;
        LimitsFailurePolicy tenantCapBackendFailure = LimitsFailurePolicy.FAIL_CLOSED;
        Duration tenantLeaseTtl = Duration.ofSeconds(10);
        AutoScalerConfig autoScaler;
        TlsConfig tls;
        ProxyConfig proxy;
        ProxySelector proxySelector;
        ElicitationHandler elicitationHandler;
        SamplingHandler samplingHandler;
        RootsHandler rootsHandler;
        Set<ClientCapability> clientCapabilities = EnumSet.noneOf(ClientCapability.class);

        private Builder() {
        }

        private Builder(PoolConfig c) {
            name = c.name;
            transport = c.transport;
            protocol = c.protocol;
            endpoint = c.endpoint;
            sseEndpoint = c.sseEndpoint;
            command = c.command;
            args = new ArrayList<>(c.args);
            env = new LinkedHashMap<>(c.env);
            headers = new LinkedHashMap<>(c.headers);
            bearerToken = c.bearerToken;
            authProvider = c.authProvider;
            transportFactory = c.transportFactory;
            healthProbe = c.healthProbe;
            warmupHook = c.warmupHook;
            minSessions = c.minSessions;
            maxSessions = c.maxSessions;
            borrowTimeout = c.borrowTimeout;
            connectTimeout = c.connectTimeout;
            requestTimeout = c.requestTimeout;
            toolCacheTtl = c.toolCacheTtl;
            drainTimeout = c.drainTimeout;
            idleTimeout = c.idleTimeout;
            maxSessionLifetime = c.maxSessionLifetime;
            recycleWindow = c.recycleWindow;
            healthCheckInterval = c.healthCheckInterval;
            healthProbeTimeout = c.healthProbeTimeout;
            clientName = c.clientName;
            clientVersion = c.clientVersion;
            retryCount = c.retryCount;
            retryBaseDelay = c.retryBaseDelay;
            retryMaxDelay = c.retryMaxDelay;
            failureThreshold = c.failureThreshold;
            recoveryTimeout = c.recoveryTimeout;
            gracefulDegradation = c.gracefulDegradation;
            leakDetectionThreshold = c.leakDetectionThreshold;
            abandonedTimeout = c.abandonedTimeout;
            tenantHeader = c.tenantHeader;
            showFullEndpoint = c.showFullEndpoint;
            maxSessionsPerKey = c.maxSessionsPerKey == c.maxSessions ? 0 : c.maxSessionsPerKey;
            maxConcurrentPerTenant = c.maxConcurrentPerTenant;
            warmupConcurrency = c.warmupConcurrency;
            tenantLimitMode = c.tenantLimitMode;
            keyIdleTimeout = c.keyIdleTimeout;
            rateLimit = c.rateLimit;
            rateLimitBurst = c.rateLimitBurst;
            rateLimitMode = c.rateLimitMode;
            rateLimitPerTenant = c.rateLimitPerTenant;
            limitsBackend = c.limitsBackend;
            rateLimitBackendFailure = c.rateLimitBackendFailure;
            tenantCapBackendFailure = c.tenantCapBackendFailure;
            tenantLeaseTtl = c.tenantLeaseTtl;
            autoScaler = c.autoScaler;
            tls = c.tls;
            proxy = c.proxy;
            proxySelector = c.proxySelector;
            elicitationHandler = c.elicitationHandler;
            samplingHandler = c.samplingHandler;
            rootsHandler = c.rootsHandler;
            clientCapabilities = EnumSet.noneOf(ClientCapability.class);
            clientCapabilities.addAll(c.clientCapabilities);
        }

        /** @param name the pool's name, {@code [A-Za-z0-9][A-Za-z0-9._-]{0,63}}; default {@code default} */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** @param transport the transport; default {@link Transport#STREAMABLE_HTTP} */
        public Builder transport(Transport transport) {
            this.transport = transport;
            return this;
        }

        /**
         * @param protocol which MCP revision to speak: {@link Protocol#LEGACY} (default), {@link Protocol#AUTO} or
         *     {@link Protocol#STATELESS_2026_07_28}
         */
        public Builder protocol(Protocol protocol) {
            this.protocol = protocol;
            return this;
        }

        /** @param endpoint the server URL (http or https); see {@link PoolConfig#endpoint()} */
        public Builder endpoint(String endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /** @param sseEndpoint the SSE stream path for {@link Transport#SSE}; default {@code /sse} */
        public Builder sseEndpoint(String sseEndpoint) {
            this.sseEndpoint = sseEndpoint;
            return this;
        }

        /**
         * Selects {@link Transport#STDIO} with a command line.
         *
         * @param command the executable
         * @param args    its arguments
         * @return this
         */
        public Builder stdio(String command, String... args) {
            this.transport = Transport.STDIO;
            this.command = command;
            this.args = new ArrayList<>(List.of(args));
            return this;
        }

        /**
         * Selects {@link Transport#STDIO} with a command line given as a list (command first).
         *
         * @param commandLine the executable followed by its arguments
         * @return this
         */
        public Builder stdio(List<String> commandLine) {
            Objects.requireNonNull(commandLine, "commandLine");
            this.transport = Transport.STDIO;
            this.command = commandLine.isEmpty() ? null : commandLine.get(0);
            this.args = commandLine.isEmpty() ? new ArrayList<>() : new ArrayList<>(commandLine.subList(1, commandLine.size()));
            return this;
        }

        /** @param command the stdio executable */
        public Builder command(String command) {
            this.command = command;
            return this;
        }

        /** @param args the stdio arguments, replacing any set before */
        public Builder args(List<String> args) {
            this.args = new ArrayList<>(Objects.requireNonNull(args, "args"));
            return this;
        }

        /** @param env extra environment variables of the stdio process, replacing any set before */
        public Builder env(Map<String, String> env) {
            this.env = new LinkedHashMap<>(Objects.requireNonNull(env, "env"));
            return this;
        }

        /**
         * @param name  an environment variable of the stdio process
         * @param value its value
         * @return this
         */
        public Builder env(String name, String value) {
            this.env.put(name, value);
            return this;
        }

        /** @param headers static headers sent on every request, replacing any set before */
        public Builder headers(Map<String, String> headers) {
            this.headers = new LinkedHashMap<>(Objects.requireNonNull(headers, "headers"));
            return this;
        }

        /**
         * @param name  a static header sent on every request
         * @param value its value
         * @return this
         */
        public Builder header(String name, String value) {
            this.headers.put(name, value);
            return this;
        }

        /** @param bearerToken a static token sent as {@code Authorization: Bearer <token>} by shared sessions */
        public Builder bearerToken(String bearerToken) {
            this.bearerToken = bearerToken;
            return this;
        }

        /** @param authProvider supplies credentials for each session created, by key */
        public Builder authProvider(AuthProvider authProvider) {
            this.authProvider = authProvider;
            return this;
        }

        /** @param transportFactory replaces the built-in transports */
        public Builder transportFactory(TransportFactory transportFactory) {
            this.transportFactory = transportFactory;
            return this;
        }

        /** @param healthProbe replaces MCP {@code ping} as the health check of idle sessions */
        public Builder healthProbe(HealthProbe healthProbe) {
            this.healthProbe = healthProbe;
            return this;
        }

        /**
         * @param elicitationHandler answers the server's elicitation requests (form mode; URL mode too when
         *     {@link ClientCapability#ELICITATION_URL} is declared) for borrows that set none of their own;
         *     setting one advertises {@link ClientCapability#ELICITATION_FORM}
         * @return this
         */
        public Builder elicitationHandler(ElicitationHandler elicitationHandler) {
            this.elicitationHandler = elicitationHandler;
            return this;
        }

        /**
         * @param samplingHandler answers the server's {@code sampling/createMessage} requests for borrows that
         *     set none of their own; setting one advertises {@link ClientCapability#SAMPLING}
         * @return this
         */
        public Builder samplingHandler(SamplingHandler samplingHandler) {
            this.samplingHandler = samplingHandler;
            return this;
        }

        /**
         * @param rootsHandler answers the server's {@code roots/list} requests for borrows that set none of
         *     their own; setting one advertises {@link ClientCapability#ROOTS}
         * @return this
         */
        public Builder rootsHandler(RootsHandler rootsHandler) {
            this.rootsHandler = rootsHandler;
            return this;
        }

        /**
         * Declares client capabilities the pool's sessions advertise even without a pool-wide handler, so
         * that borrows may bring their own handlers ({@code BorrowOptions.Builder.samplingHandler} etc.); and
         * {@link ClientCapability#ELICITATION_URL}, which is only ever advertised when declared. Replaces any
         * declared before.
         *
         * @param capabilities the capabilities to advertise
         * @return this
         */
        public Builder clientCapabilities(ClientCapability... capabilities) {
            this.clientCapabilities = EnumSet.noneOf(ClientCapability.class);
            for (ClientCapability c : capabilities) {
                this.clientCapabilities.add(Objects.requireNonNull(c, "clientCapabilities"));
            }
            return this;
        }

        /** @param warmupHook run on each new session after {@code initialize}; a failure fails the creation */
        public Builder warmupHook(WarmupHook warmupHook) {
            this.warmupHook = warmupHook;
            return this;
        }

        /** @param minSessions 0..maxSessions; default 1 */
        public Builder minSessions(int minSessions) {
            this.minSessions = minSessions;
            return this;
        }

        /** @param maxSessions 1..{@value PoolConfig#MAX_SESSIONS_LIMIT}; default 10 */
        public Builder maxSessions(int maxSessions) {
            this.maxSessions = maxSessions;
            return this;
        }

        /** @param borrowTimeout 1 ms..1 day; default 30 s */
        public Builder borrowTimeout(Duration borrowTimeout) {
            this.borrowTimeout = borrowTimeout;
            return this;
        }

        /** @param connectTimeout 1 ms..1 hour; default 10 s */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /** @param requestTimeout 1 ms..1 day; default 30 s */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        /** @param toolCacheTtl 0 (no cache)..7 days; default 5 min */
        public Builder toolCacheTtl(Duration toolCacheTtl) {
            this.toolCacheTtl = toolCacheTtl;
            return this;
        }

        /** @param drainTimeout 0..1 hour; default 30 s */
        public Builder drainTimeout(Duration drainTimeout) {
            this.drainTimeout = drainTimeout;
            return this;
        }

        /** @param idleTimeout 0 (never) or 1 s..7 days; default 10 min */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
            return this;
        }

        /** @param maxSessionLifetime 0 (unlimited) or 1 s..30 days; default 30 min */
        public Builder maxSessionLifetime(Duration maxSessionLifetime) {
            this.maxSessionLifetime = maxSessionLifetime;
            return this;
        }

        /** @param recycleWindow 0..less than maxSessionLifetime; default 1 min */
        public Builder recycleWindow(Duration recycleWindow) {
            this.recycleWindow = recycleWindow;
            return this;
        }

        /** @param healthCheckInterval 0 (off) or 100 ms..1 day; default 30 s */
        public Builder healthCheckInterval(Duration healthCheckInterval) {
            this.healthCheckInterval = healthCheckInterval;
            return this;
        }

        /** @param healthProbeTimeout 1 ms..1 hour; default 5 s */
        public Builder healthProbeTimeout(Duration healthProbeTimeout) {
            this.healthProbeTimeout = healthProbeTimeout;
            return this;
        }

        /** @param clientName the client name sent in {@code initialize}; default {@code mcpool} */
        public Builder clientName(String clientName) {
            this.clientName = clientName;
            return this;
        }

        /** @param clientVersion the client version sent in {@code initialize} */
        public Builder clientVersion(String clientVersion) {
            this.clientVersion = clientVersion;
            return this;
        }

        /** @param retryCount 0..10 retries of a failed session creation; default 2 */
        public Builder retryCount(int retryCount) {
            this.retryCount = retryCount;
            return this;
        }

        /** @param retryBaseDelay 1 ms..1 min, the first retry's delay (doubling after); default 100 ms */
        public Builder retryBaseDelay(Duration retryBaseDelay) {
            this.retryBaseDelay = retryBaseDelay;
            return this;
        }

        /** @param retryMaxDelay retryBaseDelay..10 min, the cap on one delay, jitter included; default 5 s */
        public Builder retryMaxDelay(Duration retryMaxDelay) {
            this.retryMaxDelay = retryMaxDelay;
            return this;
        }

        /** @param failureThreshold 1..1000 consecutive creation failures that open the breaker; default 5 */
        public Builder failureThreshold(int failureThreshold) {
            this.failureThreshold = failureThreshold;
            return this;
        }

        /** @param recoveryTimeout 100 ms..1 hour the breaker stays open before one probe; default 30 s */
        public Builder recoveryTimeout(Duration recoveryTimeout) {
            this.recoveryTimeout = recoveryTimeout;
            return this;
        }

        /** @param gracefulDegradation start degraded instead of failing when the warm-up fails; default false */
        public Builder gracefulDegradation(boolean gracefulDegradation) {
            this.gracefulDegradation = gracefulDegradation;
            return this;
        }

        /** @param leakDetectionThreshold 0 (off) or 100 ms..1 day; default off */
        public Builder leakDetectionThreshold(Duration leakDetectionThreshold) {
            this.leakDetectionThreshold = leakDetectionThreshold;
            return this;
        }

        /** @param abandonedTimeout 0 (off) or 1 s..1 day; default off */
        public Builder abandonedTimeout(Duration abandonedTimeout) {
            this.abandonedTimeout = abandonedTimeout;
            return this;
        }

        /**
         * @param show true to let logs, messages, JMX and health data show the endpoint's path (user-info
         *     and credential query values are still masked); default false: only scheme, host and port,
         *     since hosted servers often carry their key in the path ({@code https://host/mcp/<key>/sse})
         * @return this
         */
        public Builder showFullEndpoint(boolean show) {
            this.showFullEndpoint = show;
            return this;
        }

        /** @param tenantHeader a header naming the borrow's tenant (e.g. {@code X-Tenant-ID}); default none */
        public Builder tenantHeader(String tenantHeader) {
            this.tenantHeader = tenantHeader;
            return this;
        }

        /** @param maxSessionsPerKey 1..maxSessions, or 0 for maxSessions (the default) */
        public Builder maxSessionsPerKey(int maxSessionsPerKey) {
            this.maxSessionsPerKey = maxSessionsPerKey;
            return this;
        }

        /**
         * How many sessions the pool opens at once to reach {@code minSessions} at start-up and to keep it
         * afterwards. Fewer at once spares a server that is slow to {@code initialize} (or a machine with few
         * cores) at the cost of a longer start; the breaker still lets one probe through when half-open, and each
         * creation keeps its own retry budget. May change while the pool runs.
         *
         * @param warmupConcurrency 1..maxSessions, or 0 (the default) for as many as the pool's creation workers
         *     run at once, {@code min(maxSessions, 16)}
         * @return this
         */
        public Builder warmupConcurrency(int warmupConcurrency) {
            this.warmupConcurrency = warmupConcurrency;
            return this;
        }

        /** @param maxConcurrentPerTenant 0 (no cap, the default)..maxSessions leases per tenant */
        public Builder maxConcurrentPerTenant(int maxConcurrentPerTenant) {
            this.maxConcurrentPerTenant = maxConcurrentPerTenant;
            return this;
        }

        /** @param tenantLimitMode FAIL_FAST (default) or WAIT */
        public Builder tenantLimitMode(TenantLimitMode tenantLimitMode) {
            this.tenantLimitMode = tenantLimitMode;
            return this;
        }

        /** @param keyIdleTimeout 1 s..7 days; default 5 min */
        public Builder keyIdleTimeout(Duration keyIdleTimeout) {
            this.keyIdleTimeout = keyIdleTimeout;
            return this;
        }

        /** @param rateLimit 0 (off, the default) or 0.001..100000 borrows per second */
        public Builder rateLimit(double rateLimit) {
            this.rateLimit = rateLimit;
            return this;
        }

        /** @param rateLimitBurst 1..1000000, or 0 for ceil(rateLimit) (the default) */
        public Builder rateLimitBurst(int rateLimitBurst) {
            this.rateLimitBurst = rateLimitBurst;
            return this;
        }

        /** @param rateLimitMode WAIT (default) or REJECT */
        public Builder rateLimitMode(RateLimitMode rateLimitMode) {
            this.rateLimitMode = rateLimitMode;
            return this;
        }

        /** @param rateLimitPerTenant one bucket per tenant instead of one per pool; default false */
        public Builder rateLimitPerTenant(boolean rateLimitPerTenant) {
            this.rateLimitPerTenant = rateLimitPerTenant;
            return this;
        }

        /**
         * @param limitsBackend where rate limits and tenant caps keep their state; null (the default) for
         *     this instance's memory. The pool does not close it.
         */
        public Builder limitsBackend(LimitsBackend limitsBackend) {
            this.limitsBackend = limitsBackend;
            return this;
        }

        /** @param policy FAIL_OPEN (the default: per-instance limit, a WARN) or FAIL_CLOSED when the backend is away */
        public Builder rateLimitBackendFailure(LimitsFailurePolicy policy) {
            this.rateLimitBackendFailure = policy;
            return this;
        }

        /** @param policy FAIL_CLOSED (the default: refuse) or FAIL_OPEN when the backend is away */
        public Builder tenantCapBackendFailure(LimitsFailurePolicy policy) {
            this.tenantCapBackendFailure = policy;
            return this;
        }

        /** @param ttl 1 s..10 min (default 10 s): a dead instance's cluster-wide tenant slots come back after it */
        public Builder tenantLeaseTtl(Duration ttl) {
            this.tenantLeaseTtl = ttl;
            return this;
        }

        /** @param autoScaler the autoscaler's settings, or null (the default) for a fixed floor */
        public Builder autoScaler(AutoScalerConfig autoScaler) {
            this.autoScaler = autoScaler;
            return this;
        }

        /** @param tls trust store, client certificate and hostname verification; null (the default) for the JDK's */
        public Builder tls(TlsConfig tls) {
            this.tls = tls;
            return this;
        }

        /** @param proxy an HTTP proxy and the hosts reached without it; null (the default) for none */
        public Builder proxy(ProxyConfig proxy) {
            this.proxy = proxy;
            return this;
        }

        /** @param proxySelector chooses the proxy of each request (instead of {@link #proxy}); null for none */
        public Builder proxySelector(ProxySelector proxySelector) {
            this.proxySelector = proxySelector;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the configuration
         * @throws InvalidConfigException listing every property that is out of range
         */
        public PoolConfig build() {
            List<Violation> v = PoolConfigCheck.violations(this);
            if (!v.isEmpty()) {
                throw new InvalidConfigException(name == null ? "(unnamed)" : name, v);
            }
            return new PoolConfig(this);
        }
    }
}
