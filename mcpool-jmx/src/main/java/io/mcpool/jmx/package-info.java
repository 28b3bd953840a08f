/**
 * JMX management of mcpool pools: {@link io.mcpool.jmx.McpPoolJmx} registers an
 * {@link io.mcpool.jmx.McpPoolMXBean} per pool ({@code io.mcpool:type=McpPool,name=<pool>}) and an
 * {@link io.mcpool.jmx.McpPoolManagerMXBean} per set of pools
 * ({@code io.mcpool:type=McpPoolManager,name=<manager>}). Only JMX open types cross the wire, so
 * JConsole needs no mcpool jar.
 */
package io.mcpool.jmx;
