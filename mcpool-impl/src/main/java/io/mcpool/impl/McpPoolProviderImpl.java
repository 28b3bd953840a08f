package io.mcpool.impl;

import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.spi.McpPoolProvider;

/** Registers {@link DefaultMcpPool} with {@link McpPool#create(PoolConfig)} through the ServiceLoader. */
public final class McpPoolProviderImpl implements McpPoolProvider {

    /** Called by the ServiceLoader. */
    public McpPoolProviderImpl() {
    }

    @Override
    public McpPool create(PoolConfig config) {
        return new DefaultMcpPool(config);
    }
}
