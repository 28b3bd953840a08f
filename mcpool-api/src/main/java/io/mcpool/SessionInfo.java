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
 */
public record SessionInfo(String id, SessionKey key, SessionState state, Duration age, Duration idleTime,
        long borrowCount, long generation) {
}
