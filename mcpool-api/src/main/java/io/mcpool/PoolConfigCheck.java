package io.mcpool;

import io.mcpool.InvalidConfigException.Violation;
import io.mcpool.internal.Redactor;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The rules a {@link PoolConfig.Builder} is checked against when it builds: every property's range and the
 * properties that depend on each other. Each broken rule is one {@link Violation} naming the property and what it
 * allows; {@link PoolConfig.Builder#build()} refuses the configuration with all of them at once.
 */
final class PoolConfigCheck {

    /** What a pool's name may be: it appears in metric tags, JMX object names and property keys. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private PoolConfigCheck() {
    }

    /**
     * @param b the builder to check
     * @return every rule {@code b} breaks, in the order of the properties; empty when it may be built
     */
    static List<Violation> violations(PoolConfig.Builder b) {
        List<Violation> v = new ArrayList<>();
        if (b.name == null || !NAME.matcher(b.name).matches()) {
            v.add(new Violation("name", String.valueOf(b.name),
                    "must be 1-64 characters of letters, digits, '.', '_' or '-', starting with a letter or digit"));
        }
        if (b.transport == null) {
            v.add(new Violation("transport", "null", "must be one of STDIO, SSE, STREAMABLE_HTTP"));
        } else if (b.transportFactory == null) {
            checkTransport(v, b);
        }
        checkProtocol(v, b);
        checkRange(v, "minSessions", b.minSessions, 0, PoolConfig.MAX_SESSIONS_LIMIT);
        checkRange(v, "maxSessions", b.maxSessions, 1, PoolConfig.MAX_SESSIONS_LIMIT);
        if (b.minSessions > b.maxSessions && b.maxSessions >= 1) {
            v.add(new Violation("minSessions", String.valueOf(b.minSessions),
                    "must not exceed maxSessions (" + b.maxSessions + ")"));
        }
        checkDuration(v, "borrowTimeout", b.borrowTimeout, Duration.ofMillis(1), Duration.ofDays(1), false);
        checkDuration(v, "connectTimeout", b.connectTimeout, Duration.ofMillis(1), Duration.ofHours(1), false);
        checkDuration(v, "requestTimeout", b.requestTimeout, Duration.ofMillis(1), Duration.ofDays(1), false);
        checkDuration(v, "toolCacheTtl", b.toolCacheTtl, Duration.ZERO, Duration.ofDays(7), false);
        checkDuration(v, "drainTimeout", b.drainTimeout, Duration.ZERO, Duration.ofHours(1), false);
        checkDuration(v, "idleTimeout", b.idleTimeout, Duration.ofSeconds(1), Duration.ofDays(7), true);
        checkDuration(v, "maxSessionLifetime", b.maxSessionLifetime, Duration.ofSeconds(1), Duration.ofDays(30), true);
        checkDuration(v, "recycleWindow", b.recycleWindow, Duration.ZERO, Duration.ofDays(30), false);
        if (b.maxSessionLifetime != null && b.recycleWindow != null && !b.maxSessionLifetime.isZero()
                && b.recycleWindow.compareTo(b.maxSessionLifetime) >= 0) {
            v.add(new Violation("recycleWindow", b.recycleWindow.toString(),
                    "must be shorter than maxSessionLifetime (" + b.maxSessionLifetime + ")"));
        }
        checkDuration(v, "healthCheckInterval", b.healthCheckInterval, Duration.ofMillis(100), Duration.ofDays(1), true);
        checkDuration(v, "healthProbeTimeout", b.healthProbeTimeout, Duration.ofMillis(1), Duration.ofHours(1), false);
        checkHeaders(v, b);
        if (b.bearerToken != null && (b.bearerToken.isBlank() || b.bearerToken.chars().anyMatch(Character::isWhitespace))) {
            v.add(new Violation("bearerToken", Redactor.MASK, "must be non-blank and contain no whitespace"));
        }
        checkRange(v, "retryCount", b.retryCount, 0, 10);
        checkDuration(v, "retryBaseDelay", b.retryBaseDelay, Duration.ofMillis(1), Duration.ofMinutes(1), false);
        checkDuration(v, "retryMaxDelay", b.retryMaxDelay, Duration.ofMillis(1), Duration.ofMinutes(10), false);
        if (b.retryBaseDelay != null && b.retryMaxDelay != null && b.retryMaxDelay.compareTo(b.retryBaseDelay) < 0) {
            v.add(new Violation("retryMaxDelay", b.retryMaxDelay.toString(),
                    "must not be shorter than retryBaseDelay (" + b.retryBaseDelay + ")"));
        }
        checkRange(v, "failureThreshold", b.failureThreshold, 1, 1000);
        checkDuration(v, "recoveryTimeout", b.recoveryTimeout, Duration.ofMillis(100), Duration.ofHours(1), false);
        checkDuration(v, "leakDetectionThreshold", b.leakDetectionThreshold, Duration.ofMillis(100), Duration.ofDays(1), true);
        checkDuration(v, "abandonedTimeout", b.abandonedTimeout, Duration.ofSeconds(1), Duration.ofDays(1), true);
        if (b.tenantHeader != null && !HeaderRules.isValidName(b.tenantHeader)) {
            v.add(new Violation("tenantHeader", b.tenantHeader, "must be a valid HTTP header name"));
        } else if (b.tenantHeader != null && Redactor.isSensitiveName(b.tenantHeader)) {
            v.add(new Violation("tenantHeader", b.tenantHeader, "names a credential header (its values would be "
                    + "masked everywhere and dropped on failover); use a header that only names the tenant, "
                    + "e.g. X-Tenant-ID"));
        }
        if (b.maxSessionsPerKey != 0) {
            checkRange(v, "maxSessionsPerKey", b.maxSessionsPerKey, 1, Math.max(1, b.maxSessions));
        }
        checkRange(v, "maxConcurrentPerTenant", b.maxConcurrentPerTenant, 0, Math.max(1, b.maxSessions));
        checkRange(v, "warmupConcurrency", b.warmupConcurrency, 0, Math.max(1, b.maxSessions));
        if (b.tenantLimitMode == null) {
            v.add(new Violation("tenantLimitMode", "null", "must be FAIL_FAST or WAIT"));
        }
        checkDuration(v, "keyIdleTimeout", b.keyIdleTimeout, Duration.ofSeconds(1), Duration.ofDays(7), false);
        if (b.rateLimit != 0 && !(b.rateLimit >= 0.001 && b.rateLimit <= 100_000)) {
            v.add(new Violation("rateLimit", String.valueOf(b.rateLimit), "must be 0 (off) or between 0.001 and 100000"));
        }
        if (b.rateLimitBurst != 0) {
            checkRange(v, "rateLimitBurst", b.rateLimitBurst, 1, 1_000_000);
        }
        if (b.rateLimitMode == null) {
            v.add(new Violation("rateLimitMode", "null", "must be WAIT or REJECT"));
        }
        if (b.rateLimitBackendFailure == null) {
            v.add(new Violation("rateLimitBackendFailure", "null", "must be FAIL_OPEN or FAIL_CLOSED"));
        }
        if (b.tenantCapBackendFailure == null) {
            v.add(new Violation("tenantCapBackendFailure", "null", "must be FAIL_OPEN or FAIL_CLOSED"));
        }
        checkDuration(v, "tenantLeaseTtl", b.tenantLeaseTtl, Duration.ofSeconds(1), Duration.ofMinutes(10), false);
        if (b.autoScaler != null) {
            checkAutoScaler(v, b);
        }
        if (b.tls != null) {
            v.addAll(b.tls.violations());
        }
        if (b.proxy != null) {
            v.addAll(b.proxy.violations());
            if (b.proxySelector != null) {
                v.add(new Violation("proxySelector", b.proxySelector.getClass().getName(),
                        "must not be set together with proxy; choose one"));
            }
        }
        if (b.clientName == null || b.clientName.isBlank()) {
            v.add(new Violation("clientName", String.valueOf(b.clientName), "must be non-blank"));
        }
        if (b.clientVersion == null || b.clientVersion.isBlank()) {
            v.add(new Violation("clientVersion", String.valueOf(b.clientVersion), "must be non-blank"));
        }
        return v;
    }

    private static void checkProtocol(List<Violation> v, PoolConfig.Builder b) {
        if (b.protocol == null) {
            v.add(new Violation("protocol", "null", "must be one of " + Protocol.allowed()));
        } else if (b.protocol != Protocol.LEGACY && (b.transport == Transport.SSE || b.transportFactory != null)) {
            v.add(new Violation("protocol", b.protocol.toString(), "must be legacy with "
                    + (b.transportFactory != null ? "a transportFactory" : "transport " + b.transport)
                    + ": auto and 2026-07-28 need transport STREAMABLE_HTTP or STDIO without a transportFactory"));
        }
    }

    private static void checkTransport(List<Violation> v, PoolConfig.Builder b) {
        switch (b.transport) {
            case STDIO -> {
                if (b.command == null || b.command.isBlank()) {
                    v.add(new Violation("command", String.valueOf(b.command),
                            "is required for transport STDIO (the executable to start)"));
                }
                if (b.args.stream().anyMatch(Objects::isNull)) {
                    v.add(new Violation("args", String.valueOf(b.args), "must not contain null"));
                }
                b.env.forEach((k, val) -> {
                    if (k == null || k.isEmpty() || k.contains("=") || val == null) {
                        v.add(new Violation("env", String.valueOf(k), "names must be non-empty without '=', values non-null"));
                    }
                });
            }
            case SSE, STREAMABLE_HTTP -> {
                checkUrl(v, b);
                if (b.transport == Transport.SSE && (b.sseEndpoint == null || !b.sseEndpoint.startsWith("/"))) {
                    v.add(new Violation("sseEndpoint", String.valueOf(b.sseEndpoint), "must be a path starting with '/'"));
                }
            }
        }
    }

    private static void checkAutoScaler(List<Violation> v, PoolConfig.Builder b) {
        AutoScalerConfig a = b.autoScaler;
        checkRange(v, "autoScaler.minFloor", a.minFloor(), 0, Math.max(0, a.maxFloor()));
        checkRange(v, "autoScaler.maxFloor", a.maxFloor(), Math.max(0, a.minFloor()), Math.max(0, b.maxSessions));
        checkDuration(v, "autoScaler.interval", a.interval(), Duration.ofMillis(100), Duration.ofHours(1), false);
        checkDuration(v, "autoScaler.scaleUpWait", a.scaleUpWait(), Duration.ofMillis(1), Duration.ofMinutes(1), false);
        if (!(a.scaleDownIdleRatio() > 0 && a.scaleDownIdleRatio() <= 1)) {
            v.add(new Violation("autoScaler.scaleDownIdleRatio", String.valueOf(a.scaleDownIdleRatio()),
                    "must be above 0 and at most 1"));
        }
        checkRange(v, "autoScaler.step", a.step(), 1, Math.max(1, b.maxSessions));
        checkDuration(v, "autoScaler.cooldown", a.cooldown(), Duration.ZERO, Duration.ofHours(1), false);
    }

    private static void checkUrl(List<Violation> v, PoolConfig.Builder b) {
        if (b.endpoint == null || b.endpoint.isBlank()) {
            v.add(new Violation("endpoint", String.valueOf(b.endpoint),
                    "is required for transport " + b.transport + " (an http:// or https:// URL)"));
            return;
        }
        try {
            URI uri = new URI(b.endpoint);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                v.add(new Violation("endpoint", shownEndpoint(b),
                        "has scheme '" + scheme + "'; only http and https are supported (use transport STDIO for local commands)"));
            } else if (uri.getHost() == null) {
                v.add(new Violation("endpoint", shownEndpoint(b), "has no host"));
            }
        } catch (URISyntaxException e) {
            // Not e.getMessage(): the JDK's message repeats the whole input, password and all.
            v.add(new Violation("endpoint", shownEndpoint(b), "is not a valid URL: " + e.getReason()
                    + (e.getIndex() >= 0 ? " at index " + e.getIndex() : "")));
        }
    }

    private static String shownEndpoint(PoolConfig.Builder b) {
        return b.showFullEndpoint ? Redactor.redactUrl(b.endpoint) : Redactor.originOf(b.endpoint);
    }

    private static void checkHeaders(List<Violation> v, PoolConfig.Builder b) {
        b.headers.forEach((k, val) -> {
            if (!HeaderRules.isValidName(k)) {
                v.add(new Violation("headers", String.valueOf(k), "header names must be HTTP tokens"));
            } else if (!HeaderRules.isValidValue(val)) {
                v.add(new Violation("headers", k, "header values must be non-null without CR or LF"));
            }
        });
    }

    private static void checkRange(List<Violation> v, String property, int value, int min, int max) {
        if (value < min || value > max) {
            v.add(new Violation(property, String.valueOf(value), "must be between " + min + " and " + max));
        }
    }

    private static void checkDuration(List<Violation> v, String property, Duration value, Duration min,
            Duration max, boolean zeroAllowed) {
        if (value == null) {
            v.add(new Violation(property, "null", "is required"));
        } else if (zeroAllowed && value.isZero()) {
            return;
        } else if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            v.add(new Violation(property, value.toString(), "must be between " + min + " and " + max
                    + (zeroAllowed ? " (or 0 to disable)" : "")));
        }
    }
}
