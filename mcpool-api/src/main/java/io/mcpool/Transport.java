package io.mcpool;

import io.mcpool.spi.TransportFactory;

/**
 * How the pool talks to the MCP server.
 *
 * <p>A {@link TransportFactory} set on {@link PoolConfig} replaces the built-in transports; the
 * {@code Transport} value then only labels the pool in metrics and JMX.
 */
public enum Transport {
    /** A child process per session, JSON-RPC over its stdin/stdout. */
    STDIO,
    /** The legacy HTTP+SSE transport (an SSE stream plus a POST endpoint). */
    SSE,
    /** Streamable HTTP (MCP 2025-03-26 and later). */
    STREAMABLE_HTTP
}
