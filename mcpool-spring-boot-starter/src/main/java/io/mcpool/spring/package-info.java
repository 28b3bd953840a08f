/**
 * Spring Boot auto-configuration for mcpool: pools from {@code mcpool.<pool>.*} properties (described
 * for IDEs by {@link io.mcpool.spring.McpPoolProperties}), injected with
 * {@link io.mcpool.spring.McpPoolName} or {@code @Qualifier("<pool>")}, given the application's SPI
 * beans and {@link io.mcpool.spring.McpPoolConfigCustomizer}s, Actuator health (optional pools left out
 * of the readiness group) and Micrometer metrics, closed after the web server's graceful shutdown.
 */
package io.mcpool.spring;
