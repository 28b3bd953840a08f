package io.mcpool;

/**
 * Which MCP revision a pool speaks to its endpoint now: the {@code mcpool.protocol.era} metric and the JMX attribute
 * {@code ProtocolEra}. Each session's exact version is in {@link SessionInfo#protocolVersion()}.
 *
 * @see Protocol the setting that decides it
 */
public enum ProtocolEra {
    /** Not known yet: the pool is set to {@link Protocol#AUTO} and has not asked the server. */
    UNKNOWN,
    /** A session-based revision (up to 2025-11-25): {@code initialize}, one server-side session per pooled session. */
    SESSION_BASED,
    /** The stateless revision 2026-07-28: no {@code initialize}, no server-side session; leases share one client. */
    STATELESS_2026_07_28
}
