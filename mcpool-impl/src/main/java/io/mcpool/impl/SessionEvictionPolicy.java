package io.mcpool.impl;

import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.EvictionConfig;
import org.apache.commons.pool2.impl.EvictionPolicy;

/**
 * Decides, for each idle session the evictor visits, whether to retire it: broken, from an older
 * generation, near the end of its lifetime, or idle too long above the warm floor. The evictor only
 * visits idle sessions, so a lent session is never touched here.
 */
final class SessionEvictionPolicy implements EvictionPolicy<ManagedSession> {

    private final DefaultMcpPool pool;

    SessionEvictionPolicy(DefaultMcpPool pool) {
        this.pool = pool;
    }

    @Override
    public boolean evict(EvictionConfig config, PooledObject<ManagedSession> underTest, int idleCount) {
        return pool.shouldEvictIdle(underTest.getObject());
    }
}
