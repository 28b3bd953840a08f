package io.mcpool.cdi;

import java.util.function.Supplier;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Liveness of one pool, {@code mcpool-<pool>}: UP while the pool can recover by itself (not started
 * yet, starting, running, or its last start failed and the next use tries again); DOWN once it is
 * shut down (by an operator or {@code shutdown()}) while the application still runs, since only a
 * restart brings it back. A server outage alone never makes it DOWN: restarting the application
 * would not help.
 */
final class PoolLivenessCheck implements HealthCheck {

    private final String pool;
    private final Supplier<PoolRegistry> registry;

    PoolLivenessCheck(String pool, Supplier<PoolRegistry> registry) {
        this.pool = pool;
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        PoolHandle.Status status = registry.get().handle(pool).status();
        return HealthCheckResponse.named("mcpool-" + pool)
                .withData("state", status.label())
                .status(status != PoolHandle.Status.STOPPED)
                .build();
    }
}
