package io.mcpool.spring;

import io.mcpool.PoolConfig;

/**
 * Changes a pool's configuration before the pool is built, after its {@code mcpool.<pool>.*}
 * properties and the application's SPI beans have been applied, like Spring Boot's own
 * {@code *Customizer} beans. A customizer bean qualified with {@link McpPoolName @McpPoolName("x")}
 * customizes pool {@code x} only; an unqualified one customizes every pool. Customizers run in
 * {@link org.springframework.core.annotation.Order @Order} order; the result is validated as any
 * configuration is, and a refusal fails startup naming the pool.
 *
 * <pre>{@code
 * @Bean
 * McpPoolConfigCustomizer clientName() {
 *     return (pool, builder) -> builder.clientName("orders-service");
 * }
 * }</pre>
 */
@FunctionalInterface
public interface McpPoolConfigCustomizer {

    /**
     * @param poolName the pool, the {@code <pool>} of its {@code mcpool.<pool>.*} keys
     * @param builder  its configuration so far; change it in place
     */
    void customize(String poolName, PoolConfig.Builder builder);
}
