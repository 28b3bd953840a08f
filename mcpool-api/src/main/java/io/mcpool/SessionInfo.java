package io.mcpool;

import java.time.Duration;

/**
 * One session as seen by {@link McpPool#debugSnapshot()}. Holds no secret.
 *
 * @param id          the pool's id of the session (stable for its life)
 * @param key         the partition it was created for
 * @param state       where it is in its life
 * @param age         time since it was created
 * @param idleTime    time since it was last returned (zero while lent)
 * @param borrowCount how many times it was lent
 * @param generation  the pool generation it was created in; older generations are retired
 * @param protocolVersion the MCP revision it speaks: a session-based one (e.g. {@code 2025-11-25}) or the stateless
 *                    {@code 2026-07-28}; null when not known
 */
public record SessionInfo(String id, SessionKey key, SessionState state, Duration age, Duration idleTime,
        long borrowCount, long generation, String protocolVersion) {

    /** The stateless MCP revision: no {@code initialize}, no session on the server. */
    public static final String STATELESS_REVISION = "2026-07-28";

    /** A session whose revision is not known (the form before revisions were shown). */
    public SessionInfo(String id, SessionKey key, SessionState state, Duration age, Duration idleTime,
            long borrowCount, long generation) {
        this(id, key, state, age, idleTime, borrowCount, generation, null);
    }

    /**
     * @return true when it speaks the stateless revision 2026-07-28: then it is a handle on the pool's shared client
     *     (no server-side session, nothing opened on the server when it was made)
     */
    public boolean isStateless() {
        return STATELESS_REVISION.equals(protocolVersion);
    }
}
