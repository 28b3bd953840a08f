package io.mcpool.impl;

import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpSyncClient;
import java.lang.reflect.Field;

/**
 * Finds the asynchronous client inside an SDK {@link McpSyncClient}. MCP Java SDK 2.2.0 builds every
 * {@code McpSyncClient} around an {@link McpAsyncClient} but offers no way to reach it, nor to build a
 * sync client around an async one; and a pooled session must keep its {@code McpSyncClient} (the
 * {@code PooledSession.client()} escape hatch returns it). Calls with a deadline of their own, and calls
 * that must not block, go through the async client of the same session: the same connection, the same
 * initialization, the same request ids. The field is read once per session; should an SDK upgrade rename
 * it, such calls fail with a message that says so (and the pool's tests catch it before a release).
 */
final class SdkAsyncClient {

    private static final Field DELEGATE = delegateField();

    private SdkAsyncClient() {
    }

    /**
     * @param client a session's sync client
     * @return the async client it delegates to
     * @throws IllegalStateException when this SDK version hides it differently
     */
    static McpAsyncClient of(McpSyncClient client) {
        if (DELEGATE == null) {
            throw unsupported(null);
        }
        try {
            return (McpAsyncClient) DELEGATE.get(client);
        } catch (IllegalAccessException | RuntimeException e) {
            throw unsupported(e);
        }
    }

    private static Field delegateField() {
        for (Field f : McpSyncClient.class.getDeclaredFields()) {
            if (f.getType() == McpAsyncClient.class) {
                try {
                    f.setAccessible(true);
                    return f;
                } catch (RuntimeException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static IllegalStateException unsupported(Exception cause) {
        return new IllegalStateException("This MCP Java SDK's McpSyncClient does not hold its McpAsyncClient as "
                + "mcpool expects (tested with 2.2.0): calls with CallOptions and asynchronous calls cannot be made; "
                + "use the calls without CallOptions, or the SDK version in mcpool's BOM", cause);
    }
}
