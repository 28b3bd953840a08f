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
 *   <li>{@link io.mcpool.testkit.TestRedisServer}: a {@code redis-server} process of the test's own.</li>
 *   <li>{@link io.mcpool.testkit.ClusterScenario}: the cluster-wide limits proofs, with application instances
 *       ({@link io.mcpool.testkit.ClusterNode}) in JVMs of their own ({@link io.mcpool.testkit.ChildJvm}).</li>
 * </ul>
 */
package io.mcpool.testkit;
