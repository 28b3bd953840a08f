/**
 * The service-provider interface between {@code mcpool-api} and an implementation. Applications
 * use {@link io.mcpool.McpPool#create(io.mcpool.PoolConfig)} instead.
 */
package io.mcpool.spi;
