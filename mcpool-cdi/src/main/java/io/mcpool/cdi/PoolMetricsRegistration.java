package io.mcpool.cdi;

import io.mcpool.CircuitState;
import io.mcpool.McpPool;
import io.mcpool.PoolMetrics;
import io.mcpool.event.PoolEvent;
import io.mcpool.spi.PoolListener;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * One pool's MicroProfile Metrics, every one tagged {@code pool=<name>}:
 * <ul>
 *   <li>gauges read from {@link McpPool#metrics()} at each scrape: the pool's state now, and the
 *       counts the pool keeps that no event reports (MP Metrics has no function counter, so those
 *       are gauges that only grow while the pool lives);</li>
 *   <li>counters and timers fed by the pool's events.</li>
 * </ul>
 * The names are listed in {@code docs/jakarta.md}. In Prometheus output, dots become underscores,
 * counters get {@code _total} and timers {@code _seconds_count/_sum/_max}.
 */
final class PoolMetricsRegistration implements PoolListener {

    private final McpPool pool;
    private final MetricRegistry registry;
    private final Tag poolTag;
    private final List<MetricID> registered = new ArrayList<>();

    private Counter borrows;
    private Counter borrowTimeouts;
    private Counter created;
    private Counter destroyed;
    private Counter creationFailures;
    private Counter broken;
    private Counter toolRefreshes;
    private Counter schemaChanges;
    private Timer borrowWait;
    private Timer creationTime;

    PoolMetricsRegistration(McpPool pool, MetricRegistry registry) {
        this.pool = pool;
        this.registry = registry;
        this.poolTag = new Tag("pool", pool.name());
    }

    /** @return what removes the metrics and the listener again */
    Runnable register() {
        gauge("mcpool.sessions.active", "Sessions lent out now", PoolMetrics::active);
        gauge("mcpool.sessions.idle", "Sessions free now", PoolMetrics::idle);
        gauge("mcpool.sessions.open", "Sessions open now (active + idle)", PoolMetrics::total);
        gauge("mcpool.sessions.min", "The floor of warm sessions (minSessions)", PoolMetrics::minSessions);
        gauge("mcpool.sessions.max", "The cap on open sessions (maxSessions)", PoolMetrics::maxSessions);
        gauge("mcpool.borrow.waiters", "Borrowers waiting for a session now", PoolMetrics::waiters);
        gauge("mcpool.cache.waiters", "Callers waiting on an upstream tools/list now", PoolMetrics::cacheWaiters);
        gaugeDouble("mcpool.cache.hit.ratio", "listTools served from cache / all listTools, 0 to 1", PoolMetrics::cacheHitRate);
        gauge("mcpool.circuit.state", "The breaker guarding session creation: 0 closed, 1 half-open, 2 open",
                m -> circuit(m.circuitState()));
        gauge("mcpool.ready", "1 when minSessions are warm and the pool runs, else 0", m -> m.ready() ? 1 : 0);
        gauge("mcpool.degraded", "1 while the pool serves without its warm set, else 0", m -> m.degraded() ? 1 : 0);
        registered.add(id("mcpool.uptime"));
        registry.gauge(Metadata.builder().withName("mcpool.uptime").withDescription("Time since the pool started")
                .withUnit(MetricUnits.SECONDS).build(), pool, p -> p.metrics().uptime().toMillis() / 1000.0, poolTag);
        // Counts kept by the pool that no event reports: monotonic gauges.
        gauge("mcpool.errors", "Failures seen by leases (transport errors, timeouts, lost sessions) since start", PoolMetrics::errors);
        gauge("mcpool.cache.hits", "listTools served from cache since start", PoolMetrics::cacheHits);
        gauge("mcpool.cache.misses", "listTools that waited for an upstream fetch since start", PoolMetrics::cacheMisses);
        gauge("mcpool.health.checks", "Health probes run on idle sessions since start", PoolMetrics::healthChecks);
        gauge("mcpool.health.check.failures", "Health probes that failed since start", PoolMetrics::healthCheckFailures);
        gauge("mcpool.sessions.recycled", "Sessions retired for reaching their lifetime since start", PoolMetrics::recycledCount);
        gauge("mcpool.retry.attempts", "Session-creation retries since start", PoolMetrics::retryAttempts);
        gauge("mcpool.reconnects", "Server restarts noticed since start", PoolMetrics::reconnectCount);
        gauge("mcpool.leaks.detected", "Leases held longer than the leak detection threshold since start", PoolMetrics::leaksDetected);
        gauge("mcpool.ratelimit.waits", "Borrows that waited for a rate-limit permit (or a server's Retry-After) since start",
                PoolMetrics::rateLimitWaits);
        gauge("mcpool.ratelimit.rejects", "Borrows refused by the rate limit since start", PoolMetrics::rateLimitRejects);
        gauge("mcpool.autoscale.ups", "Times the autoscaler raised the warm floor since start", PoolMetrics::autoscaleUps);
        gauge("mcpool.autoscale.downs", "Times the autoscaler lowered the warm floor since start", PoolMetrics::autoscaleDowns);

        borrows = counter("mcpool.borrows", "Sessions lent");
        borrowTimeouts = counter("mcpool.borrow.timeouts", "Borrows that gave up waiting");
        created = counter("mcpool.sessions.created", "Sessions created");
        destroyed = counter("mcpool.sessions.destroyed", "Sessions closed");
        creationFailures = counter("mcpool.sessions.creation.failures", "Session creations that failed");
        broken = counter("mcpool.sessions.broken", "Leases returned broken (their session was retired)");
        toolRefreshes = counter("mcpool.tools.refreshes", "Upstream tools/list fetches (all pages count as one)");
        schemaChanges = counter("mcpool.tools.schema.changes", "Refreshed tool lists that differed from the previous one");
        borrowWait = timer("mcpool.borrow.wait", "How long borrowers waited for a session");
        creationTime = timer("mcpool.session.creation", "How long a session creation took (connect, initialize, warm-up)");
        pool.addListener(this);
        return () -> {
            pool.removeListener(this);
            registered.forEach(registry::remove);
        };
    }

    @Override
    public void onEvent(PoolEvent event) {
        switch (event.type()) {
            case SESSION_BORROWED -> {
                borrows.inc();
                borrowWait.update(((PoolEvent.SessionBorrowed) event).waited());
            }
            case BORROW_TIMED_OUT -> borrowTimeouts.inc();
            case SESSION_CREATED -> {
                created.inc();
                creationTime.update(((PoolEvent.SessionCreated) event).creationTime());
            }
            case SESSION_DESTROYED -> destroyed.inc();
            case SESSION_CREATION_FAILED -> creationFailures.inc();
            case SESSION_RETURNED -> {
                if (((PoolEvent.SessionReturned) event).broken()) {
                    broken.inc();
                }
            }
            case TOOLS_REFRESHED -> toolRefreshes.inc();
            case SCHEMA_CHANGED -> schemaChanges.inc();
            default -> {
                // other events change no metric
            }
        }
    }

    private static int circuit(CircuitState state) {
        return switch (state) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }

    private void gauge(String name, String description, ToLongFunction<PoolMetrics> value) {
        registered.add(id(name));
        Function<McpPool, Long> read = p -> value.applyAsLong(p.metrics());
        registry.gauge(metadata(name, description), pool, read, poolTag);
    }

    private void gaugeDouble(String name, String description, ToDoubleFunction<PoolMetrics> value) {
        registered.add(id(name));
        Function<McpPool, Double> read = p -> value.applyAsDouble(p.metrics());
        registry.gauge(metadata(name, description), pool, read, poolTag);
    }

    private Counter counter(String name, String description) {
        registered.add(id(name));
        return registry.counter(metadata(name, description), poolTag);
    }

    private Timer timer(String name, String description) {
        registered.add(id(name));
        return registry.timer(metadata(name, description), poolTag);
    }

    private MetricID id(String name) {
        return new MetricID(name, poolTag);
    }

    private static Metadata metadata(String name, String description) {
        return Metadata.builder().withName(name).withDescription(description).build();
    }
}
