package io.mcpool.cdi;

import io.mcpool.PoolConfig;

/**
 * A pool's validated configuration as read from MicroProfile Config.
 *
 * @param name      the pool's name
 * @param config    the {@link PoolConfig} built from the configuration keys; beans the application
 *                  supplies (auth provider, health probe, warm-up hook, transport factory) are added
 *                  when the pool is created
 * @param lazyStart {@code mcpool.<pool>.lazy-start}: start at first use instead of at application start
 */
record PoolSettings(String name, PoolConfig config, boolean lazyStart) {
}
