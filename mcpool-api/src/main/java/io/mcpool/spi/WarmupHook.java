package io.mcpool.spi;

import io.mcpool.SessionKey;
import io.modelcontextprotocol.client.McpSyncClient;

/**
 * Runs on every new session right after {@code initialize}, before the session is lent or counted
 * as warm: e.g. set a logging level or read a resource the application needs.
 */
@FunctionalInterface
public interface WarmupHook {

    /**
     * @param client the new session's initialized client
     * @param key    the partition the session is for
     * @throws Exception to fail the creation; the session is closed and the failure reported
     */
    void warmUp(McpSyncClient client, SessionKey key) throws Exception;
}
