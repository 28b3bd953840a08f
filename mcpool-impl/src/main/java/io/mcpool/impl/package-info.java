/**
 * The pool implementation behind {@link io.mcpool.McpPool}: one Commons Pool 2
 * {@code GenericKeyedObjectPool} of MCP Java SDK clients per pool. Applications reach it through
 * {@link io.mcpool.McpPool#create(io.mcpool.PoolConfig)}; nothing here is API.
 */
package io.mcpool.impl;
