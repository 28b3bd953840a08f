package io.mcpool.impl;

import io.mcpool.PoolConfig;
import io.mcpool.Transport;
import io.mcpool.event.PoolEvent;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generations (Vibur's model): every session is born into the pool's current generation, and a
 * session of an older one is never lent again. A server restart, seen by any one session, moves the
 * pool to the next generation once, so one restart costs one failure instead of one per idle
 * session. A flush marks the instant before which idle sessions are not lent.
 */
final class Generations {

    private static final Logger LOG = LoggerFactory.getLogger(Generations.class);

    private final String poolName;
    private final Supplier<PoolConfig> config;
    private final PoolStats stats;
    private final PoolEvents events;
    private final Runnable retireOldIdle;
    private final AtomicLong generation = new AtomicLong();
    /** Sessions idle since before this instant were flushed: they are never lent again. */
    private volatile long idleFlushNanos = System.nanoTime();

    /**
     * @param retireOldIdle retires the idle sessions that may no longer be lent, off the caller's
     *     thread; run after each restart seen
     */
    Generations(String poolName, Supplier<PoolConfig> config, PoolStats stats, PoolEvents events,
            Runnable retireOldIdle) {
        this.poolName = poolName;
        this.config = config;
        this.stats = stats;
        this.events = events;
        this.retireOldIdle = retireOldIdle;
    }

    /** @return what {@link SessionRules} need to know now */
    SessionRules.Facts facts() {
        return new SessionRules.Facts(System.nanoTime(), generation.get(), idleFlushNanos, config.get());
    }

    long current() {
        return generation.get();
    }

    long idleFlushNanos() {
        return idleFlushNanos;
    }

    /** Idle sessions from before now are not lent any more (flush IDLE). */
    void flushIdle() {
        idleFlushNanos = System.nanoTime();
    }

    /** Idle sessions from before now and every lent session when it comes back are retired (flush GRACEFUL). */
    void flushAll() {
        idleFlushNanos = System.nanoTime();
        generation.incrementAndGet();
    }

    /**
     * One session found the server restarted or gone: the first to report a generation moves the pool
     * on, the others of that generation are already counted. Not for plain stdio, where each session
     * has a server process of its own.
     */
    void serverGone(ManagedSession session, Throwable cause) {
        PoolConfig c = config.get();
        if (c.transport() == Transport.STDIO && c.transportFactory() == null) {
            return;
        }
        long seen = session.generation();
        if (!generation.compareAndSet(seen, seen + 1)) {
            return;
        }
        stats.reconnects.increment();
        LOG.warn("Pool '{}': {} found the server restarted or gone ({}); retiring the idle sessions of generation {}",
                poolName, session, Failures.describe(cause), seen);
        events.fire(() -> new PoolEvent.ServerRestartDetected(poolName, Instant.now(), session.id(), seen + 1, cause));
        retireOldIdle.run();
    }
}
