/**
 * Cluster-wide rate limits and tenant caps kept in Redis: {@link io.mcpool.cluster.redis.RedisLimits},
 * set with {@code PoolConfig.Builder.limitsBackend(..)}.
 */
package io.mcpool.cluster.redis;
