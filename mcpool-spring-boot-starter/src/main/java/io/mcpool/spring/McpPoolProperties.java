package io.mcpool.spring;

import io.mcpool.LimitsFailurePolicy;
import io.mcpool.McpPoolVersion;
import io.mcpool.RateLimitMode;
import io.mcpool.Protocol;
import io.mcpool.TenantLimitMode;
import io.mcpool.Transport;
import io.mcpool.spi.ClientCapability;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keys of one pool, {@code mcpool.<pool>.*}, as a JavaBean: the value type of the {@code mcpool}
 * map in the starter's configuration metadata ({@code META-INF/spring-configuration-metadata.json}),
 * from which IDEs complete {@code mcpool.<pool>.} with every key, its type, description and default.
 * The starter does not bind it: values are read, converted and validated by the one mapping shared with
 * the MicroProfile Config integration ({@code mcpool-config}), and {@code ConfigurationMetadataTest}
 * fails when a key of that mapping is missing here or differs in type or default.
 */
public class McpPoolProperties {

    /** The server URL (http or https), e.g. {@code http://host:8080/mcp} for streamable HTTP or the base URL for SSE. May hold credentials; it is shown masked everywhere. */
    private String endpoint;

    /** Whether logs, health data and JMX show the endpoint's path too (credentials still masked) instead of only its scheme, host and port. */
    private boolean showFullEndpoint = false;

    /** The transport: {@code stdio}, {@code sse} or {@code streamable-http}. */
    private Transport transport = Transport.STREAMABLE_HTTP;

    /** The SSE stream path appended to the base URL, for the {@code sse} transport. */
    private String sseEndpoint = "/sse";

    /** The executable started per session, for the {@code stdio} transport. */
    private String command;

    /** The arguments of {@code command}, comma-separated. */
    private List<String> args = new ArrayList<>();

    /** A stdio command line, comma-separated, command first; sets {@code transport=stdio}. */
    private List<String> stdio = new ArrayList<>();

    /** Extra environment variables of the stdio process, one key per variable: {@code env.<NAME>=value}. */
    private Map<String, String> env = new LinkedHashMap<>();

    /** Static HTTP headers sent on every request, one key per header: {@code headers.<Name>=value}. */
    private Map<String, String> headers = new LinkedHashMap<>();

    /** A static token sent as {@code Authorization: Bearer <token>} by shared sessions. A secret: never shown. */
    private String bearerToken;

    /** Sessions of the shared partition kept open at all times (pre-warmed at start), 0..max-sessions. */
    private int minSessions = 1;

    /** Most sessions open at once, across all keys, 1..10000. */
    private int maxSessions = 10;

    /** How long a borrow waits for a free session, 1 ms..1 day. */
    private Duration borrowTimeout = Duration.ofSeconds(30);

    /** The bound on one session creation: HTTP connect and the MCP initialize, 1 ms..1 hour. */
    private Duration connectTimeout = Duration.ofSeconds(10);

    /** The bound on one MCP request, 1 ms..1 day. */
    private Duration requestTimeout = Duration.ofSeconds(30);

    /** How long shutdown waits for lent sessions to come back. */
    private Duration drainTimeout = Duration.ofSeconds(30);

    /** How long a fetched tool list is served from cache; 0 disables caching. */
    private Duration toolCacheTtl = Duration.ofMinutes(5);

    /** How long a session above min-sessions may sit idle before it is closed; 0 = never. */
    private Duration idleTimeout = Duration.ofMinutes(10);

    /** The age after which a session is retired; 0 = unlimited. */
    private Duration maxSessionLifetime = Duration.ofMinutes(30);

    /** How long before max-session-lifetime an idle session may be replaced. */
    private Duration recycleWindow = Duration.ofMinutes(1);

    /** How often idle sessions are checked; 0 disables idle checks. */
    private Duration healthCheckInterval = Duration.ofSeconds(30);

    /** The bound on one health probe of an idle session. */
    private Duration healthProbeTimeout = Duration.ofSeconds(5);

    /** The client name sent in the MCP initialize request. */
    private String clientName = "mcpool";

    /** The client version sent in the MCP initialize request; defaults to the mcpool version. */
    private String clientVersion = McpPoolVersion.VERSION;

    /** How many times a failed session creation is retried (with backoff) before it fails. */
    private int retryCount = 2;

    /** The first retry's delay; each next one doubles. */
    private Duration retryBaseDelay = Duration.ofMillis(100);

    /** The cap on one retry delay, jitter included. */
    private Duration retryMaxDelay = Duration.ofSeconds(5);

    /** Consecutive failed creation attempts that open the circuit breaker. */
    private int failureThreshold = 5;

    /** How long the breaker stays open before one probe creation is let through. */
    private Duration recoveryTimeout = Duration.ofSeconds(30);

    /** Whether to start degraded (instead of failing) when the warm-up fails, and recover in the background. */
    private boolean gracefulDegradation = false;

    /** A lease held longer than this is reported once with the stack of its borrow; 0 = off. */
    private Duration leakDetectionThreshold = Duration.ZERO;

    /** A lease unused (no MCP call) for this long is reclaimed: its session is closed under the holder, whose later calls fail; 0 = never. */
    private Duration abandonedTimeout = Duration.ZERO;

    /** The header that carries the tenant of a borrow (e.g. {@code X-Tenant-ID}), if any. */
    private String tenantHeader;

    /** The MCP revision spoken to the endpoint: {@code legacy}, {@code auto} or {@code 2026-07-28}. */
    private Protocol protocol = Protocol.LEGACY;

    /**
     * Client capabilities the sessions advertise without a pool-wide handler bean, so that borrows may bring their
     * own handlers: {@code elicitation-form}, {@code elicitation-url}, {@code sampling}, {@code roots}
     * (comma-separated). A handler bean advertises its capability by itself.
     */
    private Set<ClientCapability> clientCapabilities = Set.of();

    /** Most sessions open at once for one key (tenant + affinity key); 0 = max-sessions. */
    private int maxSessionsPerKey = 0;

    /** Most leases one tenant may hold at once across its keys; 0 = no cap. */
    private int maxConcurrentPerTenant = 0;

    /**
     * Most sessions opened at once to reach and keep {@code min-sessions}: 1..max-sessions, or 0 for as many as the
     * pool's creation workers run at once ({@code min(max-sessions, 16)}).
     */
    private int warmupConcurrency = 0;

    /** What a borrow over the tenant cap does: {@code fail-fast} or {@code wait}. */
    private TenantLimitMode tenantLimitMode = TenantLimitMode.FAIL_FAST;

    /** How long an idle session of a tenant or affinity key is kept. */
    private Duration keyIdleTimeout = Duration.ofMinutes(5);

    /** Borrows allowed per second (a token bucket); 0 = no rate limit. */
    private double rateLimit = 0;

    /** How many borrows may go at once after a quiet spell (the bucket's size); 0 = rate-limit rounded up, at least 1. */
    private int rateLimitBurst = 0;

    /** What a borrow without a permit does: {@code wait} or {@code reject}. */
    private RateLimitMode rateLimitMode = RateLimitMode.WAIT;

    /** Whether each tenant has its own bucket instead of one per pool. */
    private boolean rateLimitPerTenant = false;

    /** What a borrow does when the limits backend cannot be reached for a rate limit. */
    private LimitsFailurePolicy rateLimitBackendFailure = LimitsFailurePolicy.FAIL_OPEN;

    /** What a borrow does when the limits backend cannot be reached for a tenant cap. */
    private LimitsFailurePolicy tenantCapBackendFailure = LimitsFailurePolicy.FAIL_CLOSED;

    /** With a distributed limits backend, the time after which a dead instance's tenant slots come back. */
    private Duration tenantLeaseTtl = Duration.ofSeconds(10);

    /** Whether the pool starts at its first use instead of at application start. */
    private boolean lazyStart = false;

    /** @return {@code endpoint} */
    public String getEndpoint() {
        return endpoint;
    }

    /** @param endpoint {@code endpoint} */
    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    /** @return {@code show-full-endpoint} */
    public boolean isShowFullEndpoint() {
        return showFullEndpoint;
    }

    /** @param showFullEndpoint {@code show-full-endpoint} */
    public void setShowFullEndpoint(boolean showFullEndpoint) {
        this.showFullEndpoint = showFullEndpoint;
    }

    /** @return {@code transport} */
    public Transport getTransport() {
        return transport;
    }

    /** @param transport {@code transport} */
    public void setTransport(Transport transport) {
        this.transport = transport;
    }

    /** @return {@code sse-endpoint} */
    public String getSseEndpoint() {
        return sseEndpoint;
    }

    /** @param sseEndpoint {@code sse-endpoint} */
    public void setSseEndpoint(String sseEndpoint) {
        this.sseEndpoint = sseEndpoint;
    }

    /** @return {@code command} */
    public String getCommand() {
        return command;
    }

    /** @param command {@code command} */
    public void setCommand(String command) {
        this.command = command;
    }

    /** @return {@code args} */
    public List<String> getArgs() {
        return args;
    }

    /** @param args {@code args} */
    public void setArgs(List<String> args) {
        this.args = args;
    }

    /** @return {@code stdio} */
    public List<String> getStdio() {
        return stdio;
    }

    /** @param stdio {@code stdio} */
    public void setStdio(List<String> stdio) {
        this.stdio = stdio;
    }

    /** @return {@code env} */
    public Map<String, String> getEnv() {
        return env;
    }

    /** @param env {@code env} */
    public void setEnv(Map<String, String> env) {
        this.env = env;
    }

    /** @return {@code headers} */
    public Map<String, String> getHeaders() {
        return headers;
    }

    /** @param headers {@code headers} */
    public void setHeaders(Map<String, String> headers) {
        this.headers = headers;
    }

    /** @return {@code bearer-token} */
    public String getBearerToken() {
        return bearerToken;
    }

    /** @param bearerToken {@code bearer-token} */
    public void setBearerToken(String bearerToken) {
        this.bearerToken = bearerToken;
    }

    /** @return {@code min-sessions} */
    public int getMinSessions() {
        return minSessions;
    }

    /** @param minSessions {@code min-sessions} */
    public void setMinSessions(int minSessions) {
        this.minSessions = minSessions;
    }

    /** @return {@code max-sessions} */
    public int getMaxSessions() {
        return maxSessions;
    }

    /** @param maxSessions {@code max-sessions} */
    public void setMaxSessions(int maxSessions) {
        this.maxSessions = maxSessions;
    }

    /** @return {@code borrow-timeout} */
    public Duration getBorrowTimeout() {
        return borrowTimeout;
    }

    /** @param borrowTimeout {@code borrow-timeout} */
    public void setBorrowTimeout(Duration borrowTimeout) {
        this.borrowTimeout = borrowTimeout;
    }

    /** @return {@code connect-timeout} */
    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    /** @param connectTimeout {@code connect-timeout} */
    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /** @return {@code request-timeout} */
    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    /** @param requestTimeout {@code request-timeout} */
    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    /** @return {@code drain-timeout} */
    public Duration getDrainTimeout() {
        return drainTimeout;
    }

    /** @param drainTimeout {@code drain-timeout} */
    public void setDrainTimeout(Duration drainTimeout) {
        this.drainTimeout = drainTimeout;
    }

    /** @return {@code tool-cache-ttl} */
    public Duration getToolCacheTtl() {
        return toolCacheTtl;
    }

    /** @param toolCacheTtl {@code tool-cache-ttl} */
    public void setToolCacheTtl(Duration toolCacheTtl) {
        this.toolCacheTtl = toolCacheTtl;
    }

    /** @return {@code idle-timeout} */
    public Duration getIdleTimeout() {
        return idleTimeout;
    }

    /** @param idleTimeout {@code idle-timeout} */
    public void setIdleTimeout(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    /** @return {@code max-session-lifetime} */
    public Duration getMaxSessionLifetime() {
        return maxSessionLifetime;
    }

    /** @param maxSessionLifetime {@code max-session-lifetime} */
    public void setMaxSessionLifetime(Duration maxSessionLifetime) {
        this.maxSessionLifetime = maxSessionLifetime;
    }

    /** @return {@code recycle-window} */
    public Duration getRecycleWindow() {
        return recycleWindow;
    }

    /** @param recycleWindow {@code recycle-window} */
    public void setRecycleWindow(Duration recycleWindow) {
        this.recycleWindow = recycleWindow;
    }

    /** @return {@code health-check-interval} */
    public Duration getHealthCheckInterval() {
        return healthCheckInterval;
    }

    /** @param healthCheckInterval {@code health-check-interval} */
    public void setHealthCheckInterval(Duration healthCheckInterval) {
        this.healthCheckInterval = healthCheckInterval;
    }

    /** @return {@code health-probe-timeout} */
    public Duration getHealthProbeTimeout() {
        return healthProbeTimeout;
    }

    /** @param healthProbeTimeout {@code health-probe-timeout} */
    public void setHealthProbeTimeout(Duration healthProbeTimeout) {
        this.healthProbeTimeout = healthProbeTimeout;
    }

    /** @return {@code client-name} */
    public String getClientName() {
        return clientName;
    }

    /** @param clientName {@code client-name} */
    public void setClientName(String clientName) {
        this.clientName = clientName;
    }

    /** @return {@code client-version} */
    public String getClientVersion() {
        return clientVersion;
    }

    /** @param clientVersion {@code client-version} */
    public void setClientVersion(String clientVersion) {
        this.clientVersion = clientVersion;
    }

    /** @return {@code retry-count} */
    public int getRetryCount() {
        return retryCount;
    }

    /** @param retryCount {@code retry-count} */
    public void setRetryCount(int retryCount) {
        this.retryCount = retryCount;
    }

    /** @return {@code retry-base-delay} */
    public Duration getRetryBaseDelay() {
        return retryBaseDelay;
    }

    /** @param retryBaseDelay {@code retry-base-delay} */
    public void setRetryBaseDelay(Duration retryBaseDelay) {
        this.retryBaseDelay = retryBaseDelay;
    }

    /** @return {@code retry-max-delay} */
    public Duration getRetryMaxDelay() {
        return retryMaxDelay;
    }

    /** @param retryMaxDelay {@code retry-max-delay} */
    public void setRetryMaxDelay(Duration retryMaxDelay) {
        this.retryMaxDelay = retryMaxDelay;
    }

    /** @return {@code failure-threshold} */
    public int getFailureThreshold() {
        return failureThreshold;
    }

    /** @param failureThreshold {@code failure-threshold} */
    public void setFailureThreshold(int failureThreshold) {
        this.failureThreshold = failureThreshold;
    }

    /** @return {@code recovery-timeout} */
    public Duration getRecoveryTimeout() {
        return recoveryTimeout;
    }

    /** @param recoveryTimeout {@code recovery-timeout} */
    public void setRecoveryTimeout(Duration recoveryTimeout) {
        this.recoveryTimeout = recoveryTimeout;
    }

    /** @return {@code graceful-degradation} */
    public boolean isGracefulDegradation() {
        return gracefulDegradation;
    }

    /** @param gracefulDegradation {@code graceful-degradation} */
    public void setGracefulDegradation(boolean gracefulDegradation) {
        this.gracefulDegradation = gracefulDegradation;
    }

    /** @return {@code leak-detection-threshold} */
    public Duration getLeakDetectionThreshold() {
        return leakDetectionThreshold;
    }

    /** @param leakDetectionThreshold {@code leak-detection-threshold} */
    public void setLeakDetectionThreshold(Duration leakDetectionThreshold) {
        this.leakDetectionThreshold = leakDetectionThreshold;
    }

    /** @return {@code abandoned-timeout} */
    public Duration getAbandonedTimeout() {
        return abandonedTimeout;
    }

    /** @param abandonedTimeout {@code abandoned-timeout} */
    public void setAbandonedTimeout(Duration abandonedTimeout) {
        this.abandonedTimeout = abandonedTimeout;
    }

    /** @return {@code tenant-header} */
    public String getTenantHeader() {
        return tenantHeader;
    }

    /** @param tenantHeader {@code tenant-header} */
    public void setTenantHeader(String tenantHeader) {
        this.tenantHeader = tenantHeader;
    }

    /** @return {@code client-capabilities} */
    public Set<ClientCapability> getClientCapabilities() {
        return clientCapabilities;
    }

    /** @param clientCapabilities {@code client-capabilities} */
    public void setClientCapabilities(Set<ClientCapability> clientCapabilities) {
        this.clientCapabilities = clientCapabilities;
    }

    /** @return {@code protocol} */
    public Protocol getProtocol() {
        return protocol;
    }

    /** @param protocol {@code protocol} */
    public void setProtocol(Protocol protocol) {
        this.protocol = protocol;
    }

    /** @return {@code max-sessions-per-key} */
    public int getMaxSessionsPerKey() {
        return maxSessionsPerKey;
    }

    /** @param maxSessionsPerKey {@code max-sessions-per-key} */
    public void setMaxSessionsPerKey(int maxSessionsPerKey) {
        this.maxSessionsPerKey = maxSessionsPerKey;
    }

    /** @return {@code warmup-concurrency} */
    public int getWarmupConcurrency() {
        return warmupConcurrency;
    }

    /** @param warmupConcurrency {@code warmup-concurrency} */
    public void setWarmupConcurrency(int warmupConcurrency) {
        this.warmupConcurrency = warmupConcurrency;
    }

    /** @return {@code max-concurrent-per-tenant} */
    public int getMaxConcurrentPerTenant() {
        return maxConcurrentPerTenant;
    }

    /** @param maxConcurrentPerTenant {@code max-concurrent-per-tenant} */
    public void setMaxConcurrentPerTenant(int maxConcurrentPerTenant) {
        this.maxConcurrentPerTenant = maxConcurrentPerTenant;
    }

    /** @return {@code tenant-limit-mode} */
    public TenantLimitMode getTenantLimitMode() {
        return tenantLimitMode;
    }

    /** @param tenantLimitMode {@code tenant-limit-mode} */
    public void setTenantLimitMode(TenantLimitMode tenantLimitMode) {
        this.tenantLimitMode = tenantLimitMode;
    }

    /** @return {@code key-idle-timeout} */
    public Duration getKeyIdleTimeout() {
        return keyIdleTimeout;
    }

    /** @param keyIdleTimeout {@code key-idle-timeout} */
    public void setKeyIdleTimeout(Duration keyIdleTimeout) {
        this.keyIdleTimeout = keyIdleTimeout;
    }

    /** @return {@code rate-limit} */
    public double getRateLimit() {
        return rateLimit;
    }

    /** @param rateLimit {@code rate-limit} */
    public void setRateLimit(double rateLimit) {
        this.rateLimit = rateLimit;
    }

    /** @return {@code rate-limit-burst} */
    public int getRateLimitBurst() {
        return rateLimitBurst;
    }

    /** @param rateLimitBurst {@code rate-limit-burst} */
    public void setRateLimitBurst(int rateLimitBurst) {
        this.rateLimitBurst = rateLimitBurst;
    }

    /** @return {@code rate-limit-mode} */
    public RateLimitMode getRateLimitMode() {
        return rateLimitMode;
    }

    /** @param rateLimitMode {@code rate-limit-mode} */
    public void setRateLimitMode(RateLimitMode rateLimitMode) {
        this.rateLimitMode = rateLimitMode;
    }

    /** @return {@code rate-limit-per-tenant} */
    public boolean isRateLimitPerTenant() {
        return rateLimitPerTenant;
    }

    /** @param rateLimitPerTenant {@code rate-limit-per-tenant} */
    public void setRateLimitPerTenant(boolean rateLimitPerTenant) {
        this.rateLimitPerTenant = rateLimitPerTenant;
    }

    /** @return {@code rate-limit-backend-failure} */
    public LimitsFailurePolicy getRateLimitBackendFailure() {
        return rateLimitBackendFailure;
    }

    /** @param rateLimitBackendFailure {@code rate-limit-backend-failure} */
    public void setRateLimitBackendFailure(LimitsFailurePolicy rateLimitBackendFailure) {
        this.rateLimitBackendFailure = rateLimitBackendFailure;
    }

    /** @return {@code tenant-cap-backend-failure} */
    public LimitsFailurePolicy getTenantCapBackendFailure() {
        return tenantCapBackendFailure;
    }

    /** @param tenantCapBackendFailure {@code tenant-cap-backend-failure} */
    public void setTenantCapBackendFailure(LimitsFailurePolicy tenantCapBackendFailure) {
        this.tenantCapBackendFailure = tenantCapBackendFailure;
    }

    /** @return {@code tenant-lease-ttl} */
    public Duration getTenantLeaseTtl() {
        return tenantLeaseTtl;
    }

    /** @param tenantLeaseTtl {@code tenant-lease-ttl} */
    public void setTenantLeaseTtl(Duration tenantLeaseTtl) {
        this.tenantLeaseTtl = tenantLeaseTtl;
    }

    /** @return {@code lazy-start} */
    public boolean isLazyStart() {
        return lazyStart;
    }

    /** @param lazyStart {@code lazy-start} */
    public void setLazyStart(boolean lazyStart) {
        this.lazyStart = lazyStart;
    }

    /** The pool's part in the application's health: {@code mcpool.<pool>.health.*}. */
    private final Health health = new Health();

    /** The autoscaler of the warm floor, {@code mcpool.<pool>.auto-scaler.*}; unset: the floor is fixed at min-sessions. */
    private AutoScaler autoScaler;

    /** Trust store and client certificate of HTTPS servers, {@code mcpool.<pool>.tls.*}; unset: the JDK's trust. */
    private Tls tls;

    /** The HTTP proxy, {@code mcpool.<pool>.proxy.*}; unset: no proxy. */
    private Proxy proxy;

    /** @return {@code tls.*} */
    public Tls getTls() {
        return tls;
    }

    /** @param tls {@code tls.*} */
    public void setTls(Tls tls) {
        this.tls = tls;
    }

    /** @return {@code proxy.*} */
    public Proxy getProxy() {
        return proxy;
    }

    /** @param proxy {@code proxy.*} */
    public void setProxy(Proxy proxy) {
        this.proxy = proxy;
    }

    /** @return {@code health.*} */
    public Health getHealth() {
        return health;
    }

    /** @return {@code auto-scaler.*} */
    public AutoScaler getAutoScaler() {
        return autoScaler;
    }

    /** @param autoScaler {@code auto-scaler.*} */
    public void setAutoScaler(AutoScaler autoScaler) {
        this.autoScaler = autoScaler;
    }

    /** {@code mcpool.<pool>.health.*}. */
    public static class Health {

        /**
         * Whether the pool counts towards the application's readiness; {@code false} makes it optional:
         * the readiness group leaves it out and a failed start is logged instead of failing startup.
         */
        private boolean readiness = true;

        /** @return {@code health.readiness} */
        public boolean isReadiness() {
            return readiness;
        }

        /** @param readiness {@code health.readiness} */
        public void setReadiness(boolean readiness) {
            this.readiness = readiness;
        }
    }

    /** {@code mcpool.<pool>.auto-scaler.*}: components not set keep these defaults. */
    public static class AutoScaler {

        /** The lowest floor, 0..max-floor. */
        private int minFloor = 1;

        /** The highest floor, min-floor..max-sessions. */
        private int maxFloor = 10;

        /** How often it samples and decides, 100 ms..1 hour. */
        private Duration interval = Duration.ofSeconds(5);

        /** Smoothed borrow wait above which it scales up, 1 ms..1 min. */
        private Duration scaleUpWait = Duration.ofMillis(50);

        /** Smoothed idle share above which it scales down, (0, 1]. */
        private double scaleDownIdleRatio = 0.5;

        /** Sessions added or removed per decision, 1..max-sessions. */
        private int step = 1;

        /** Least time between two decisions, 0..1 hour. */
        private Duration cooldown = Duration.ofSeconds(30);

        /** @return {@code min-floor} */
        public int getMinFloor() {
            return minFloor;
        }

        /** @param minFloor {@code min-floor} */
        public void setMinFloor(int minFloor) {
            this.minFloor = minFloor;
        }

        /** @return {@code max-floor} */
        public int getMaxFloor() {
            return maxFloor;
        }

        /** @param maxFloor {@code max-floor} */
        public void setMaxFloor(int maxFloor) {
            this.maxFloor = maxFloor;
        }

        /** @return {@code interval} */
        public Duration getInterval() {
            return interval;
        }

        /** @param interval {@code interval} */
        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        /** @return {@code scale-up-wait} */
        public Duration getScaleUpWait() {
            return scaleUpWait;
        }

        /** @param scaleUpWait {@code scale-up-wait} */
        public void setScaleUpWait(Duration scaleUpWait) {
            this.scaleUpWait = scaleUpWait;
        }

        /** @return {@code scale-down-idle-ratio} */
        public double getScaleDownIdleRatio() {
            return scaleDownIdleRatio;
        }

        /** @param scaleDownIdleRatio {@code scale-down-idle-ratio} */
        public void setScaleDownIdleRatio(double scaleDownIdleRatio) {
            this.scaleDownIdleRatio = scaleDownIdleRatio;
        }

        /** @return {@code step} */
        public int getStep() {
            return step;
        }

        /** @param step {@code step} */
        public void setStep(int step) {
            this.step = step;
        }

        /** @return {@code cooldown} */
        public Duration getCooldown() {
            return cooldown;
        }

        /** @param cooldown {@code cooldown} */
        public void setCooldown(Duration cooldown) {
            this.cooldown = cooldown;
        }
    }

    /** {@code mcpool.<pool>.tls.*}: the trust store and the client certificate of HTTPS servers; unset: the JDK's trust. */
    public static class Tls {

        /** Path of the key store holding the certificates to trust; unset: the JDK's default trust. */
        private String trustStore;

        /** Type of the trust store: PKCS12 or JKS. */
        private String trustStoreType = "PKCS12";

        /** Password of the trust store (a secret: never logged). */
        private String trustStorePassword;

        /** Path of the key store with the client certificate and key, for servers that require mutual TLS. */
        private String keyStore;

        /** Type of the client key store: PKCS12 or JKS. */
        private String keyStoreType = "PKCS12";

        /** Password of the client key store (a secret: never logged). */
        private String keyStorePassword;

        /** Turns hostname verification off (logged as a WARN); for tests only. */
        private boolean insecureDisableHostnameVerification;

        /** @return {@code trust-store} */
        public String getTrustStore() {
            return trustStore;
        }

        /** @param trustStore {@code trust-store} */
        public void setTrustStore(String trustStore) {
            this.trustStore = trustStore;
        }

        /** @return {@code trust-store-type} */
        public String getTrustStoreType() {
            return trustStoreType;
        }

        /** @param trustStoreType {@code trust-store-type} */
        public void setTrustStoreType(String trustStoreType) {
            this.trustStoreType = trustStoreType;
        }

        /** @return {@code trust-store-password} */
        public String getTrustStorePassword() {
            return trustStorePassword;
        }

        /** @param trustStorePassword {@code trust-store-password} */
        public void setTrustStorePassword(String trustStorePassword) {
            this.trustStorePassword = trustStorePassword;
        }

        /** @return {@code key-store} */
        public String getKeyStore() {
            return keyStore;
        }

        /** @param keyStore {@code key-store} */
        public void setKeyStore(String keyStore) {
            this.keyStore = keyStore;
        }

        /** @return {@code key-store-type} */
        public String getKeyStoreType() {
            return keyStoreType;
        }

        /** @param keyStoreType {@code key-store-type} */
        public void setKeyStoreType(String keyStoreType) {
            this.keyStoreType = keyStoreType;
        }

        /** @return {@code key-store-password} */
        public String getKeyStorePassword() {
            return keyStorePassword;
        }

        /** @param keyStorePassword {@code key-store-password} */
        public void setKeyStorePassword(String keyStorePassword) {
            this.keyStorePassword = keyStorePassword;
        }

        /** @return {@code insecure-disable-hostname-verification} */
        public boolean isInsecureDisableHostnameVerification() {
            return insecureDisableHostnameVerification;
        }

        /** @param insecureDisableHostnameVerification {@code insecure-disable-hostname-verification} */
        public void setInsecureDisableHostnameVerification(boolean insecureDisableHostnameVerification) {
            this.insecureDisableHostnameVerification = insecureDisableHostnameVerification;
        }
    }

    /** {@code mcpool.<pool>.proxy.*}: the HTTP proxy the pool's requests go through; unset: no proxy. */
    public static class Proxy {

        /** The proxy's host (required when proxy.* is set). */
        private String host;

        /** The proxy's port. */
        private int port = 3128;

        /** Hosts reached directly, not through the proxy (a leading or trailing * matches any part). */
        private List<String> nonProxyHosts;

        /** @return {@code host} */
        public String getHost() {
            return host;
        }

        /** @param host {@code host} */
        public void setHost(String host) {
            this.host = host;
        }

        /** @return {@code port} */
        public int getPort() {
            return port;
        }

        /** @param port {@code port} */
        public void setPort(int port) {
            this.port = port;
        }

        /** @return {@code non-proxy-hosts} */
        public List<String> getNonProxyHosts() {
            return nonProxyHosts;
        }

        /** @param nonProxyHosts {@code non-proxy-hosts} */
        public void setNonProxyHosts(List<String> nonProxyHosts) {
            this.nonProxyHosts = nonProxyHosts;
        }
    }
}
