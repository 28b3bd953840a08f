package io.mcpool.impl;

import io.mcpool.PoolConfig;
import io.mcpool.event.DestroyReason;
import io.mcpool.spi.HealthProbe;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health probe of one idle session (run by the evictor): a {@code ping}, or the configured
 * {@link HealthProbe}, bounded by {@code healthProbeTimeout}. A session that fails it is retired.
 */
final class HealthProber {

    private static final Logger LOG = LoggerFactory.getLogger(HealthProber.class);

    private final String poolName;
    private final Supplier<PoolConfig> config;
    private final PoolLifecycle lifecycle;
    private final PoolResources resources;
    private final PoolStats stats;
    private final Function<ManagedSession, DestroyReason> unlendable;

    /** @param unlendable why a session may no longer be lent, or null (see {@link SessionRules#unlendable}) */
    HealthProber(String poolName, Supplier<PoolConfig> config, PoolLifecycle lifecycle, PoolResources resources,
            PoolStats stats, Function<ManagedSession, DestroyReason> unlendable) {
        this.poolName = poolName;
        this.config = config;
        this.lifecycle = lifecycle;
        this.resources = resources;
        this.stats = stats;
        this.unlendable = unlendable;
    }

    /** @return whether the idle session may stay; false retires it (its reason recorded) */
    boolean probe(ManagedSession session) {
        if (!lifecycle.isRunning() || session.isStateless()) {
            return true; // a handle of the stateless revision has no session to keep alive
        }
        PoolConfig c = config.get();
        HealthProbe healthProbe = c.healthProbe();
        session.validating(true);
        session.beginInternalUse();
        try {
            CompletableFuture<Void> check = CompletableFuture.runAsync(() -> {
                try {
                    if (healthProbe != null) {
                        healthProbe.probe(session.client());
                    } else {
                        session.client().ping();
                    }
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }, resources.workers());
            stats.healthChecks.increment();
            check.get(c.healthProbeTimeout().toNanos(), TimeUnit.NANOSECONDS);
            if (!session.isProcessAlive()) {
                throw new ExecutionException(new IllegalStateException("the stdio server process has exited"));
            }
            // A flush or a restart seen while the probe ran: the evictor retires the session now, it is
            // the only one that may (see Housekeeper.retireUnlendableIdle).
            DestroyReason meanwhile = unlendable.apply(session);
            if (meanwhile != null) {
                session.retire(meanwhile);
                return false;
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            LOG.warn("Pool '{}': health probe of {} failed; replacing it: {}", poolName, session, Failures.describe(cause));
            stats.healthCheckFailures.increment();
            session.markBroken(cause);
            session.retire(DestroyReason.HEALTH_CHECK_FAILED);
            return false;
        } finally {
            session.endInternalUse();
            session.validating(false);
        }
    }
}
