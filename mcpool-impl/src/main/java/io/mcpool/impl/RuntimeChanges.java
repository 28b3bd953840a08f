package io.mcpool.impl;

import io.mcpool.InvalidConfigException.Violation;
import io.mcpool.InvalidConfigException;
import io.mcpool.PoolConfig;
import io.mcpool.internal.Redactor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Which {@link PoolConfig} properties may change while a pool runs. Everything that shapes a
 * session when it is created (where it connects, with which TLS settings and timeouts) is fixed for
 * the pool's life: changing it would leave the pool holding sessions of two different kinds. The
 * credentials ({@code bearerToken}, {@code authProvider}) are read per request, so they may be
 * rotated, but not added or removed (whether a pool has them decides how its sessions and tool
 * listings are set up).
 */
final class RuntimeChanges {

    /** The fixed properties, each with how to read it. Secrets are compared but never shown. */
    private static final Map<String, Function<PoolConfig, Object>> FIXED = Map.ofEntries(
            Map.entry("name", PoolConfig::name),
            Map.entry("transport", PoolConfig::transport),
            Map.entry("protocol", PoolConfig::protocol),
            Map.entry("endpoint", PoolConfig::endpoint),
            Map.entry("sseEndpoint", PoolConfig::sseEndpoint),
            Map.entry("command", PoolConfig::command),
            Map.entry("args", PoolConfig::args),
            Map.entry("env", PoolConfig::env),
            Map.entry("headers", PoolConfig::headers),
            Map.entry("transportFactory", PoolConfig::transportFactory),
            Map.entry("warmupHook", PoolConfig::warmupHook),
            Map.entry("connectTimeout", PoolConfig::connectTimeout),
            Map.entry("requestTimeout", PoolConfig::requestTimeout),
            Map.entry("clientName", PoolConfig::clientName),
            Map.entry("clientVersion", PoolConfig::clientVersion),
            Map.entry("retryCount", PoolConfig::retryCount),
            Map.entry("retryBaseDelay", PoolConfig::retryBaseDelay),
            Map.entry("retryMaxDelay", PoolConfig::retryMaxDelay),
            Map.entry("failureThreshold", PoolConfig::failureThreshold),
            Map.entry("recoveryTimeout", PoolConfig::recoveryTimeout),
            Map.entry("gracefulDegradation", PoolConfig::gracefulDegradation),
            Map.entry("abandonedTimeout", PoolConfig::abandonedTimeout),
            Map.entry("tenantHeader", PoolConfig::tenantHeader),
            Map.entry("rateLimit", PoolConfig::rateLimit),
            Map.entry("rateLimitBurst", PoolConfig::rateLimitBurst),
            Map.entry("rateLimitMode", PoolConfig::rateLimitMode),
            Map.entry("rateLimitPerTenant", PoolConfig::rateLimitPerTenant),
            Map.entry("limitsBackend", PoolConfig::limitsBackend),
            Map.entry("rateLimitBackendFailure", PoolConfig::rateLimitBackendFailure),
            Map.entry("tenantCapBackendFailure", PoolConfig::tenantCapBackendFailure),
            Map.entry("tenantLeaseTtl", PoolConfig::tenantLeaseTtl),
            Map.entry("autoScaler", PoolConfig::autoScaler),
            Map.entry("tls", PoolConfig::tls),
            Map.entry("proxy", PoolConfig::proxy),
            // A selector made from proxy is new on every call: compare what it was made from.
            Map.entry("proxySelector", c -> c.proxy() != null ? c.proxy() : c.proxySelector()),
            Map.entry("showFullEndpoint", PoolConfig::showFullEndpoint),
            // What sessions advertise, and who answers, is set when they are made.
            Map.entry("clientCapabilities", PoolConfig::clientCapabilities),
            Map.entry("elicitationHandler", PoolConfig::elicitationHandler),
            Map.entry("samplingHandler", PoolConfig::samplingHandler),
            Map.entry("rootsHandler", PoolConfig::rootsHandler));

    private RuntimeChanges() {
    }

    static void checkOnlyRuntimePropertiesDiffer(PoolConfig current, PoolConfig changed) {
        List<Violation> violations = new ArrayList<>();
        FIXED.forEach((property, read) -> {
            if (!Objects.equals(read.apply(current), read.apply(changed))) {
                violations.add(new Violation(property, shown(property, changed),
                        "cannot change while the pool runs; create a new pool"));
            }
        });
        rotatable(violations, "bearerToken", current.bearerToken(), changed.bearerToken());
        rotatable(violations, "authProvider", current.authProvider(), changed.authProvider());
        if (!violations.isEmpty()) {
            throw new InvalidConfigException(current.name(), violations);
        }
    }

    private static void rotatable(List<Violation> violations, String property, Object current, Object changed) {
        if ((current == null) != (changed == null)) {
            violations.add(new Violation(property, changed == null ? "null" : Redactor.MASK, current == null
                    ? "cannot be added while the pool runs (only rotated); create a new pool"
                    : "cannot be removed while the pool runs (only rotated); create a new pool"));
        }
    }

    private static String shown(String property, PoolConfig config) {
        return switch (property) {
            case "headers", "env" -> Redactor.MASK;
            case "endpoint" -> config.redactedEndpoint();
            case "sseEndpoint" -> config.showFullEndpoint() ? config.sseEndpoint() : Redactor.MASK;
            case "args" -> String.valueOf(Redactor.redactArgs(config.args()));
            case "proxySelector" -> String.valueOf(config.proxySelector());
            case "limitsBackend" -> config.limitsBackend() == null ? "local" : config.limitsBackend().name();
            default -> String.valueOf(FIXED.get(property).apply(config));
        };
    }

    /** @return the changed runtime properties as {@code name old -> new}, for the log */
    static String describe(PoolConfig old, PoolConfig changed) {
        List<String> parts = new ArrayList<>();
        diff(parts, "minSessions", old.minSessions(), changed.minSessions());
        diff(parts, "maxSessions", old.maxSessions(), changed.maxSessions());
        diff(parts, "borrowTimeout", old.borrowTimeout(), changed.borrowTimeout());
        diff(parts, "toolCacheTtl", old.toolCacheTtl(), changed.toolCacheTtl());
        diff(parts, "drainTimeout", old.drainTimeout(), changed.drainTimeout());
        diff(parts, "idleTimeout", old.idleTimeout(), changed.idleTimeout());
        diff(parts, "maxSessionLifetime", old.maxSessionLifetime(), changed.maxSessionLifetime());
        diff(parts, "recycleWindow", old.recycleWindow(), changed.recycleWindow());
        diff(parts, "healthCheckInterval", old.healthCheckInterval(), changed.healthCheckInterval());
        diff(parts, "healthProbeTimeout", old.healthProbeTimeout(), changed.healthProbeTimeout());
        diff(parts, "leakDetectionThreshold", old.leakDetectionThreshold(), changed.leakDetectionThreshold());
        diff(parts, "maxSessionsPerKey", old.maxSessionsPerKey(), changed.maxSessionsPerKey());
        diff(parts, "maxConcurrentPerTenant", old.maxConcurrentPerTenant(), changed.maxConcurrentPerTenant());
        diff(parts, "warmupConcurrency", old.warmupConcurrency(), changed.warmupConcurrency());
        diff(parts, "tenantLimitMode", old.tenantLimitMode(), changed.tenantLimitMode());
        diff(parts, "keyIdleTimeout", old.keyIdleTimeout(), changed.keyIdleTimeout());
        if (!Objects.equals(old.bearerToken(), changed.bearerToken())) {
            parts.add("bearerToken rotated");
        }
        if (old.authProvider() != changed.authProvider()) {
            parts.add("authProvider replaced");
        }
        return parts.isEmpty() ? "nothing changed" : String.join(", ", parts);
    }

    private static void diff(List<String> parts, String name, Object old, Object changed) {
        if (!Objects.equals(old, changed)) {
            parts.add(name + " " + old + " -> " + changed);
        }
    }
}
