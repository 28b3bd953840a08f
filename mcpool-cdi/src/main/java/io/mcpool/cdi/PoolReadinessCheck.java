package io.mcpool.cdi;

import io.mcpool.CircuitState;
import io.mcpool.McpPool;
import io.mcpool.PoolMetrics;
import java.util.function.Supplier;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Readiness of one pool, {@code mcpool-<pool>}: UP when its {@code minSessions} are warm and the
 * breaker guarding session creation is not open. A {@code lazy-start} pool not used yet is UP (it
 * starts when a request needs it); a pool whose start failed, or that is starting or shut down, is
 * DOWN. Never starts a pool. A pool configured with {@code mcpool.<pool>.health.readiness=false} is
 * optional: its check reports the state it found in its data ({@code optional=true},
 * {@code serving=false}) but stays UP, so that one optional server cannot make the application unready.
 */
final class PoolReadinessCheck implements HealthCheck {

    private final String pool;
    private final Supplier<PoolRegistry> registry;

    PoolReadinessCheck(String pool, Supplier<PoolRegistry> registry) {
        this.pool = pool;
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        PoolHandle handle = registry.get().handle(pool);
        PoolHandle.Status status = handle.status();
        HealthCheckResponseBuilder b = HealthCheckResponse.named("mcpool-" + pool)
                .withData("state", status.label());
        boolean up;
        switch (status) {
            case NOT_STARTED -> {
                boolean lazy = handle.settings().lazyStart();
                b.withData("lazy-start", lazy);
                up = lazy;
            }
            case RUNNING -> {
                McpPool p = handle.pool().orElseThrow();
                PoolMetrics m = p.metrics();
                up = m.ready() && m.circuitState() != CircuitState.OPEN;
                b.withData("ready", m.ready())
                        .withData("circuit", m.circuitState().name())
                        .withData("degraded", m.degraded())
                        .withData("active", m.active())
                        .withData("idle", m.idle())
                        .withData("max-sessions", m.maxSessions())
                        .withData("waiters", m.waiters());
            }
            case FAILED -> {
                RuntimeException e = handle.lastFailure().orElse(null);
                if (e != null) {
                    // Health data is served to whoever can reach the endpoint: the pool's secrets and
                    // anything credential-shaped are masked.
                    b.withData("error", handle.settings().config().redact(io.mcpool.internal.Redactor.describe(e)));
                }
                up = false;
            }
            default -> up = false;
        }
        if (!handle.settings().readiness()) {
            b.withData("optional", true).withData("serving", up);
            up = true;
        }
        return b.status(up).build();
    }
}
