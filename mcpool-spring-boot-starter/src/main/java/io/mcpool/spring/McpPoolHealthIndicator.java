package io.mcpool.spring;

import io.mcpool.CircuitState;
import io.mcpool.McpPool;
import io.mcpool.PoolMetrics;
import io.mcpool.PoolState;
import io.mcpool.config.PoolSettings;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of one pool: UP when it runs with its {@code min-sessions} warm and the breaker guarding
 * session creation is not open; also UP for a {@code lazy-start} pool not started yet; DOWN otherwise.
 * An optional pool ({@code mcpool.<pool>.health.readiness=false}) reports its status the same way, with
 * {@code optional=true}; {@link OptionalPoolsReadiness} keeps it out of the {@code readiness} group, so
 * it cannot make the application unready. Details carry counts and states only, never configuration
 * values.
 */
final class McpPoolHealthIndicator implements HealthIndicator {

    private final McpPool pool;
    private final PoolSettings settings;

    McpPoolHealthIndicator(McpPool pool, PoolSettings settings) {
        this.pool = pool;
        this.settings = settings;
    }

    @Override
    public Health health() {
        PoolState state = pool.state();
        Health.Builder b = Health.unknown().withDetail("state", state.name());
        boolean up;
        if (state == PoolState.RUNNING) {
            PoolMetrics m = pool.metrics();
            up = m.ready() && m.circuitState() != CircuitState.OPEN;
            b.withDetail("ready", m.ready())
                    .withDetail("circuit", m.circuitState().name())
                    .withDetail("degraded", m.degraded())
                    .withDetail("active", m.active())
                    .withDetail("idle", m.idle())
                    .withDetail("maxSessions", m.maxSessions())
                    .withDetail("waiters", m.waiters());
        } else if (state == PoolState.NEW && settings.lazyStart()) {
            b.withDetail("lazyStart", true);
            up = true;
        } else {
            up = false;
        }
        if (!settings.readiness()) {
            b.withDetail("optional", true);
        }
        return (up ? b.up() : b.down()).build();
    }
}
