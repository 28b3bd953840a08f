package io.mcpool.cluster.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import java.time.Duration;

/** The Redis blocks of docs/cluster.md, so that they keep compiling (the tests run the same calls). */
final class ClusterDocSnippets {

    private ClusterDocSnippets() {
    }

    static McpPool setup() {
        RedisClient redis = RedisClient.create(RedisURI.builder().withHost("redis.example.com").withPort(6379)
                .withTimeout(Duration.ofSeconds(2)).build());
        redis.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
        RedisLimits limits = RedisLimits.of(redis);                  // close it after the pools that use it
        McpPool pool = McpPool.create(PoolConfig.builder()
                .name("github")                                   // the same on every instance: it names the shared state
                .endpoint("https://mcp.example.com/mcp")
                .tenantHeader("X-Tenant-ID")
                .rateLimit(10).rateLimitBurst(5).rateLimitPerTenant(true)   // 10/s per tenant, across the cluster
                .maxConcurrentPerTenant(4)                                  // 4 leases per tenant, across the cluster
                .limitsBackend(limits)
                .build());
        return pool;
    }
}
