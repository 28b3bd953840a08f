package io.mcpool.jmx;

import io.mcpool.SessionInfo;
import io.mcpool.SessionKey;

/**
 * One session as {@link McpPoolMXBean#debugSnapshot()} shows it. JMX clients receive it as a
 * {@code CompositeData} with these items; it holds no secret.
 *
 * @param id          the pool's id of the session, stable for its life
 * @param tenant      the tenant it was created for, empty for the shared partition
 * @param affinityKey its affinity key, empty when none
 * @param state       {@code IDLE}, {@code LENT}, {@code VALIDATING} or {@code CLOSING}
 * @param ageMillis   milliseconds since it was created
 * @param idleMillis  milliseconds since it was last returned (0 while lent)
 * @param borrowCount how many times it was lent
 * @param generation  the pool generation it was created in; sessions of older generations are retired
 * @param protocolVersion the MCP version it speaks ({@code 2026-07-28}: a handle of the stateless revision), empty
 *                    when not known
 */
public record SessionRow(String id, String tenant, String affinityKey, String state, long ageMillis,
        long idleMillis, long borrowCount, long generation, String protocolVersion) {

    static SessionRow of(SessionInfo info) {
        SessionKey key = info.key() == null ? SessionKey.SHARED : info.key();
        return new SessionRow(info.id(), orEmpty(key.tenant()), orEmpty(key.affinityKey()),
                String.valueOf(info.state()), Units.millis(info.age()), Units.millis(info.idleTime()),
                info.borrowCount(), info.generation(), orEmpty(info.protocolVersion()));
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
