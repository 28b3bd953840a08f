package io.mcpool.spi;

import io.mcpool.McpPool;
import io.mcpool.PoolConfig;

/**
 * Found by {@link java.util.ServiceLoader} to implement {@link McpPool#create(PoolConfig)}.
 * {@code mcpool-impl} registers one; applications never call it.
 */
public interface McpPoolProvider {

    /**
     * @param config a validated configuration
     * @return a new, not yet started pool
     */
    McpPool create(PoolConfig config);
}
