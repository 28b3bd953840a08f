/**
 * Spring Boot auto-configuration for mcpool: pools from {@code mcpool.<pool>.*} properties, injected
 * with {@link io.mcpool.spring.McpPoolName} or {@code @Qualifier("<pool>")}, Actuator health and
 * Micrometer metrics.
 */
package io.mcpool.spring;
