/**
 * What mcpool buys, measured against real MCP servers: the side-by-side benchmark CLI
 * ({@link io.mcpool.bench.BenchCli}) and, in {@code io.mcpool.bench.jmh}, the JMH benchmarks.
 */
package io.mcpool.bench;
