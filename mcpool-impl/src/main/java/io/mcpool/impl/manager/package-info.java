/**
 * The implementation behind {@link io.mcpool.manager.McpPoolManager}: several pools, one per endpoint,
 * chosen per borrow by a {@link io.mcpool.manager.SelectionStrategy}, with failover on pool-level errors.
 * Applications reach it through {@link io.mcpool.manager.McpPoolManager#create(String)}; nothing here is API
 * except {@link io.mcpool.impl.manager.DefaultMcpPoolManager}'s constructor.
 */
package io.mcpool.impl.manager;
