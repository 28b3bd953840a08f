/**
 * The types an application uses every day: {@link io.mcpool.McpPool} and its
 * {@link io.mcpool.PoolConfig}, {@link io.mcpool.PooledSession} leases and
 * {@link io.mcpool.BorrowOptions}, {@link io.mcpool.PoolMetrics}, and the exceptions under
 * {@link io.mcpool.McpPoolException}. Extension points are in {@code io.mcpool.spi}, several pools
 * behind one entry point in {@code io.mcpool.manager}, events in {@code io.mcpool.event}.
 */
package io.mcpool;
