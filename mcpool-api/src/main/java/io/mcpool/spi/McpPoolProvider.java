package io.mcpool.spi;

import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.manager.McpPoolManager;

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

    /**
     * Implements {@link McpPoolManager#create(String)}. A default so that providers written before
     * the manager existed still compile; they cannot create one.
     *
     * @param name the manager's name
     * @return a new, not yet started manager without pools
     * @throws UnsupportedOperationException when this provider has no manager
     */
    default McpPoolManager createManager(String name) {
        throw new UnsupportedOperationException(getClass().getName() + " does not implement McpPoolManager; "
                + "use an mcpool-impl version that does");
    }
}
