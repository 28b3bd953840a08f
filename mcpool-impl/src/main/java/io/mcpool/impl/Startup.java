package io.mcpool.impl;

import io.mcpool.PoolClosedException;
import io.mcpool.PoolConfig;
import io.mcpool.PoolMetrics;
import io.mcpool.PoolState;
import io.mcpool.SessionCreationException;
import io.mcpool.event.PoolEvent;
import io.mcpool.impl.commons.CommonsPoolAdapter;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order in which a pool starts: the evictor, the warm-up of {@code minSessions} (a failure shuts the
 * pool down, unless graceful degradation lets it serve degraded), then the periodic maintenance and the
 * autoscaler. The autoscaler's moves of the warm floor go through the pool's own reconfigure.
 */
final class Startup {

    private static final Logger LOG = LoggerFactory.getLogger(Startup.class);
    /** How often the warm floor is checked, besides after every session destroyed. */
    private static final Duration MAINTENANCE_PERIOD = Duration.ofSeconds(1);

    private final String poolName;
    private final Supplier<PoolConfig> config;
    private final PoolLifecycle lifecycle;
    private final CommonsPoolAdapter<?, ?> sessions;
    private final Housekeeper housekeeper;
    private final Readiness readiness;
    private final PoolResources resources;
    private final PoolStats stats;
    private final PoolEvents events;
    private final MetricsReader metrics;
    private final Consumer<PoolConfig> reconfigure;
    private final Runnable shutdown;

    Startup(String poolName, Supplier<PoolConfig> config, PoolLifecycle lifecycle, CommonsPoolAdapter<?, ?> sessions,
            Housekeeper housekeeper, Readiness readiness, PoolResources resources, PoolStats stats, PoolEvents events,
            MetricsReader metrics, Consumer<PoolConfig> reconfigure, Runnable shutdown) {
        this.poolName = poolName;
        this.config = config;
        this.lifecycle = lifecycle;
        this.sessions = sessions;
        this.housekeeper = housekeeper;
        this.readiness = readiness;
        this.resources = resources;
        this.stats = stats;
        this.events = events;
        this.metrics = metrics;
        this.reconfigure = reconfigure;
        this.shutdown = shutdown;
    }

    /** Starts the pool; a second call does nothing, a call after shutdown fails. */
    void run() {
        if (!lifecycle.beginStart()) {
            if (!lifecycle.isOpen() && lifecycle.state() != PoolState.NEW) {
                throw lifecycle.notRestartable();
            }
            return;
        }
        metrics.started();
        PoolConfig c = config.get();
        sessions.startEvictor(PooledSessions.settings(c).evictionPeriod());
        Throwable warmupFailure = housekeeper.warmUp(c.minSessions());
        if (warmupFailure != null && !c.gracefulDegradation()) {
            LOG.error("Pool '{}' could not warm up {} sessions; shutting it down: {}", poolName, c.minSessions(),
                    c.redact(warmupFailure.getMessage()));
            shutdown.run();
            throw new SessionCreationException("Pool '" + poolName + "' failed to start: "
                    + (warmupFailure instanceof SessionCreationException sce ? sce.getMessage() : warmupFailure),
                    warmupFailure instanceof SessionCreationException ? warmupFailure.getCause() : warmupFailure);
        }
        if (!lifecycle.finishStart()) {
            throw new PoolClosedException("Pool '" + poolName + "' was shut down while starting");
        }
        if (warmupFailure != null) {
            readiness.degrade(warmupFailure);
        }
        resources.housekeepEvery(MAINTENANCE_PERIOD, housekeeper::maintain);
        if (c.autoScaler() != null) {
            Supplier<PoolMetrics> snapshot = metrics::read;
            new AutoScaler(c.autoScaler(), stats, snapshot, this::autoscale).scheduleOn(resources, poolName);
        }
        int warm = sessions.idle();
        LOG.info("Pool '{}' started: {} to {}, {} sessions warm (min={}, max={})", poolName, c.transport(),
                c.redactedEndpoint(), warm, c.minSessions(), c.maxSessions());
        events.fire(() -> new PoolEvent.PoolStarted(poolName, Instant.now(), warm));
        housekeeper.checkReady();
    }

    /** The autoscaler's decision: a new floor; going down also closes the surplus idle sessions now. */
    private void autoscale(int from, int to, String reason) {
        reconfigure.accept(config.get().toBuilder().minSessions(to).build());
        LOG.info("Pool '{}' autoscaled the warm floor {} -> {}: {}", poolName, from, to, reason);
        events.fire(() -> new PoolEvent.Autoscaled(poolName, Instant.now(), from, to, reason));
        if (to < from) {
            housekeeper.retireSurplusShared(to);
        }
    }
}
