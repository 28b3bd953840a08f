package io.mcpool.impl;

import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.impl.manager.DefaultMcpPoolManager;
import io.mcpool.manager.McpPoolManager;
import io.mcpool.spi.McpPoolProvider;

/**
 * Registers {@link DefaultMcpPool} with {@link McpPool#create(PoolConfig)} and
 * {@link DefaultMcpPoolManager} with {@link McpPoolManager#create(String)} through the ServiceLoader.
 */
public final class McpPoolProviderImpl implements McpPoolProvider {

    /** Called by the ServiceLoader. */
    public McpPoolProviderImpl() {
    }

    @Override
    public McpPool create(PoolConfig config) {
        return new DefaultMcpPool(config);
    }

    @Override
    public McpPoolManager createManager(String name) {
        return new DefaultMcpPoolManager(name);
    }
}
