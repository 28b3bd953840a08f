package io.mcpool.cluster.hazelcast;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ClientConnectionStrategyConfig;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.mcpool.McpPool;
import io.mcpool.PoolConfig;

/** The Java blocks of docs/cluster.md, so that they keep compiling (the tests run the same calls). */
final class ClusterDocSnippets {

    private ClusterDocSnippets() {
    }

    static McpPool setup(Config config) {
        HazelcastInstance hazelcast = Hazelcast.newHazelcastInstance(config);   // or HazelcastClient.newHazelcastClient(..)
        McpPool pool = McpPool.create(PoolConfig.builder()
                .name("github")                                   // the same on every instance: it names the shared state
                .endpoint("https://mcp.example.com/mcp")
                .tenantHeader("X-Tenant-ID")
                .rateLimit(10).rateLimitBurst(5).rateLimitPerTenant(true)   // 10/s per tenant, across the cluster
                .maxConcurrentPerTenant(4)                                  // 4 leases per tenant, across the cluster
                .limitsBackend(HazelcastLimits.of(hazelcast))
                .build());
        return pool;
    }

    static ClientConfig failFast() {
        ClientConfig client = new ClientConfig();
        client.getConnectionStrategyConfig().setReconnectMode(ClientConnectionStrategyConfig.ReconnectMode.ASYNC);
        client.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(-1);
        client.setProperty("hazelcast.client.invocation.timeout.seconds", "2");
        return client;
    }
}
