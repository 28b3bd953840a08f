/** The demo and, later, the benchmarks: what mcpool buys, measured against real MCP servers. */
package io.mcpool.bench;
