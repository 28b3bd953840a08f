package io.mcpool.config;

import io.mcpool.PoolConfig;

/**
 * A pool's validated configuration as read by {@link PoolConfigReader}.
 *
 * @param name      the pool's name
 * @param config    the {@link PoolConfig} built from the configuration keys; objects the application
 *                  supplies (auth provider, health probe, warm-up hook, transport factory) are added
 *                  when the pool is created
 * @param lazyStart {@code mcpool.<pool>.lazy-start}: start at first use instead of at application start
 * @param readiness {@code mcpool.<pool>.health.readiness}: whether the pool counts towards the
 *                  application's readiness ({@code false} marks an optional pool)
 */
public record PoolSettings(String name, PoolConfig config, boolean lazyStart, boolean readiness) {
}
