/**
 * Cluster-wide rate limits and tenant caps kept in Hazelcast: {@link io.mcpool.cluster.hazelcast.HazelcastLimits},
 * set with {@code PoolConfig.Builder.limitsBackend(..)}.
 */
package io.mcpool.cluster.hazelcast;
