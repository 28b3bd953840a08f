/**
 * LangChain4j on mcpool: {@link io.mcpool.langchain4j.McpPoolToolProvider}, a {@code ToolProvider}
 * that offers pooled MCP servers' tools from the pools' caches and runs each call on a borrowed
 * session; {@link io.mcpool.langchain4j.PooledMcpClient}, LangChain4j's {@code McpClient} backed by a
 * pool, for code written against LangChain4j's MCP client; and
 * {@link io.mcpool.langchain4j.InvocationBorrowOptions}, which carries an AI service call's borrow
 * options (tenant, headers) to its tool calls.
 */
package io.mcpool.langchain4j;
