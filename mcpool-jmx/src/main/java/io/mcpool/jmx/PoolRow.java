package io.mcpool.jmx;

import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.PoolMetrics;

/**
 * One pool as {@link McpPoolManagerMXBean#getPools()} shows it. JMX clients receive it as a
 * {@code CompositeData} with these items; it holds no secret.
 *
 * @param name         the pool's name
 * @param transport    {@code STDIO}, {@code SSE} or {@code STREAMABLE_HTTP}
 * @param endpoint     the server URL (or stdio command) with credentials masked
 * @param state        {@code NEW}, {@code STARTING}, {@code RUNNING}, {@code CLOSING} or {@code CLOSED}
 * @param started      true after {@code start()} and before shutdown
 * @param ready        the warm floor is reached and the pool runs
 * @param degraded     the pool serves without its warm set
 * @param circuitState {@code CLOSED}, {@code HALF_OPEN} or {@code OPEN}
 * @param active       sessions lent out now
 * @param idle         sessions free now
 * @param total        sessions open now
 * @param waiters      borrowers waiting now
 * @param minSessions  the warm floor
 * @param maxSessions  the cap
 * @param borrowCount  leases handed out since start
 * @param errors       failures seen by leases since start
 */
public record PoolRow(String name, String transport, String endpoint, String state, boolean started, boolean ready,
        boolean degraded, String circuitState, int active, int idle, int total, int waiters, int minSessions,
        int maxSessions, long borrowCount, long errors) {

    static PoolRow of(McpPool pool, PoolMetrics m) {
        PoolConfig c = pool.config();
        return new PoolRow(pool.name(), String.valueOf(c.transport()), c.redactedEndpoint(), pool.state().name(),
                pool.isStarted(),
                m.ready(), m.degraded(), String.valueOf(m.circuitState()), m.active(), m.idle(), m.total(),
                m.waiters(), m.minSessions(), m.maxSessions(), m.borrowCount(), m.errors());
    }
}
