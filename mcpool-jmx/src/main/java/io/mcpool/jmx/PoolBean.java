package io.mcpool.jmx;

import io.mcpool.FlushMode;
import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.PoolMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * {@link McpPoolMXBean} over one pool: settings are read from its configuration and written with
 * {@code reconfigure}; its metrics are added from the table by {@link MetricsMBean}.
 */
final class PoolBean implements McpPoolMXBean {

    private final McpPool pool;

    PoolBean(McpPool pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    /** @return the pool's metrics now, which the table's attributes show */
    PoolMetrics metrics() {
        return pool.metrics();
    }

    private PoolConfig config() {
        return pool.config();
    }

    /**
     * Derives the change from the configuration in force; {@code build()} validates it and the pool
     * refuses it whole, so a bad value leaves the pool as it was. Synchronized so that two JMX
     * clients setting different attributes do not undo each other's change.
     */
    private synchronized void change(String what, UnaryOperator<PoolConfig.Builder> edit) {
        JmxErrors.run(what, () -> pool.reconfigure(edit.apply(pool.config().toBuilder()).build()));
    }

    @Override
    public String getName() {
        return pool.name();
    }

    @Override
    public String getEndpoint() {
        return config().redactedEndpoint();
    }

    @Override
    public String getTransport() {
        return String.valueOf(config().transport());
    }

    @Override
    public String getProtocol() {
        return String.valueOf(config().protocol());
    }

    @Override
    public String getProtocolVersion() {
        return pool.debugSnapshot().stream().map(io.mcpool.SessionInfo::protocolVersion)
                .filter(java.util.Objects::nonNull).findFirst().orElse("");
    }

    @Override
    public String getLimitsBackend() {
        io.mcpool.spi.LimitsBackend backend = config().limitsBackend();
        return backend == null ? "local" : backend.name() + ": " + backend.describe();
    }

    @Override
    public String getState() {
        return pool.state().name();
    }

    @Override
    public boolean isStarted() {
        return pool.isStarted();
    }

    @Override
    public int getMinSessions() {
        return config().minSessions();
    }

    @Override
    public void setMinSessions(int minSessions) {
        change("MinSessions=" + minSessions, b -> b.minSessions(minSessions));
    }

    @Override
    public int getMaxSessions() {
        return config().maxSessions();
    }

    @Override
    public void setMaxSessions(int maxSessions) {
        change("MaxSessions=" + maxSessions, b -> b.maxSessions(maxSessions));
    }

    @Override
    public long getBorrowTimeoutMillis() {
        return Units.millis(config().borrowTimeout());
    }

    @Override
    public void setBorrowTimeoutMillis(long borrowTimeoutMillis) {
        change("BorrowTimeoutMillis=" + borrowTimeoutMillis,
                b -> b.borrowTimeout(Duration.ofMillis(borrowTimeoutMillis)));
    }

    @Override
    public long getToolCacheTtlSeconds() {
        return Units.secondsRoundedUp(config().toolCacheTtl());
    }

    @Override
    public void setToolCacheTtlSeconds(long toolCacheTtlSeconds) {
        change("ToolCacheTtlSeconds=" + toolCacheTtlSeconds,
                b -> b.toolCacheTtl(Duration.ofSeconds(toolCacheTtlSeconds)));
    }

    @Override
    public long getHealthCheckIntervalSeconds() {
        return Units.secondsRoundedUp(config().healthCheckInterval());
    }

    @Override
    public void setHealthCheckIntervalSeconds(long healthCheckIntervalSeconds) {
        change("HealthCheckIntervalSeconds=" + healthCheckIntervalSeconds,
                b -> b.healthCheckInterval(Duration.ofSeconds(healthCheckIntervalSeconds)));
    }

    @Override
    public void resize(int minSessions, int maxSessions) {
        synchronized (this) {
            JmxErrors.run("resize(" + minSessions + ", " + maxSessions + ")", () -> pool.resize(minSessions, maxSessions));
        }
    }

    @Override
    public void invalidateToolsCache() {
        JmxErrors.run("invalidateToolsCache", pool::invalidateToolsCache);
    }

    @Override
    public void evictIdleSessions() {
        JmxErrors.run("evictIdleSessions", () -> pool.flush(FlushMode.IDLE));
    }

    @Override
    public void softEvictSessions() {
        JmxErrors.run("softEvictSessions", () -> pool.flush(FlushMode.GRACEFUL));
    }

    @Override
    public void suspend() {
        JmxErrors.run("suspend", pool::suspend);
    }

    @Override
    public void resume() {
        JmxErrors.run("resume", pool::resume);
    }

    @Override
    public List<ToolRow> toolMetrics() {
        return JmxErrors.call("toolMetrics", () -> pool.toolMetrics().stream().map(ToolRow::of).toList());
    }

    @Override
    public List<TokenRow> tokens() {
        return JmxErrors.call("tokens", () -> {
            var auth = pool.config().authProvider();
            return auth == null ? List.<TokenRow>of()
                    : auth.tokens().stream().map(t -> TokenRow.of(t, java.time.Clock.systemUTC())).toList();
        });
    }

    @Override
    public List<SessionRow> debugSnapshot() {
        return JmxErrors.call("debugSnapshot", () -> pool.debugSnapshot().stream().map(SessionRow::of).toList());
    }

}
