package io.mcpool.cdi;

import io.mcpool.McpPool;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import java.util.Set;
import java.util.function.Supplier;

/**
 * An optional integration (MicroProfile Metrics, MicroProfile Health, JMX). Implementations are
 * loaded by class name only when the API they use is on the application's class path, so a missing
 * API never breaks class loading of the rest of the extension.
 */
interface Integration {

    /** Undoes nothing. */
    Runnable NOTHING = () -> { };

    /**
     * Adds bean classes before the container discovers beans.
     *
     * @param bbd         the event
     * @param beanManager to create annotated types
     */
    default void addTypes(BeforeBeanDiscovery bbd, BeanManager beanManager) {
    }

    /**
     * Adds beans while the container discovers them.
     *
     * @param abd       the event
     * @param registry  the pools, available once the deployment is validated
     * @param poolNames the configured pools
     */
    default void addBeans(AfterBeanDiscovery abd, Supplier<PoolRegistry> registry, Set<String> poolNames) {
    }

    /**
     * Called for every pool instance created, before it starts.
     *
     * @param pool        the pool
     * @param beanManager to look up what the integration needs
     * @return what undoes it when the pool is shut down or discarded
     */
    default Runnable bind(McpPool pool, BeanManager beanManager) {
        return NOTHING;
    }
}
