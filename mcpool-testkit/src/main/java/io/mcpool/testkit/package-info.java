/**
 * Real MCP servers for tests, no mocks.
 *
 * <ul>
 *   <li>{@link io.mcpool.testkit.TestMcpServer}: the MCP Java SDK server on Jetty in the test's JVM (streamable
 *       HTTP, stateless HTTP or HTTP+SSE), with latency and fault knobs, request counters and recordings, and
 *       live-session accounting.</li>
 *   <li>{@link io.mcpool.testkit.StdioTestServer}: the same tools over stdio in a child JVM.</li>
 *   <li>{@link io.mcpool.testkit.ServerEverything}: the reference {@code @modelcontextprotocol/server-everything}
 *       under Node.js, over stdio, streamable HTTP or SSE.</li>
 * </ul>
 */
package io.mcpool.testkit;
