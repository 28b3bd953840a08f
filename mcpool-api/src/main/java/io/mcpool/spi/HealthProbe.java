package io.mcpool.spi;

import io.modelcontextprotocol.client.McpSyncClient;

/**
 * Checks that an idle session still works. The default probe is MCP {@code ping}. The pool bounds
 * each probe by {@code healthProbeTimeout} and never probes a session that is lent out.
 */
@FunctionalInterface
public interface HealthProbe {

    /**
     * @param client the idle session's client
     * @throws Exception when the session is unhealthy; it is then destroyed and replaced
     */
    void probe(McpSyncClient client) throws Exception;
}
