/**
 * Several pools behind one entry point: {@link io.mcpool.manager.McpPoolManager} picks a pool per call
 * by a {@link io.mcpool.manager.SelectionStrategy} and fails over between them.
 */
package io.mcpool.manager;
