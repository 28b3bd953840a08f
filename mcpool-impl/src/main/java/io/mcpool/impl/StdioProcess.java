package io.mcpool.impl;

import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.spec.McpClientTransport;
import java.lang.reflect.Field;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the child process behind an SDK {@link StdioClientTransport}. The SDK does not expose it,
 * yet the pool needs it: a killed stdio server is otherwise not detected (calls hang until the
 * request timeout and the client still says it is initialized), and a server that ignores SIGTERM
 * must still be killed when its session is destroyed. Read once per session, after it connected.
 */
final class StdioProcess {

    private static final Logger LOG = LoggerFactory.getLogger(StdioProcess.class);
    private static final Field PROCESS = processField();

    private StdioProcess() {
    }

    static Optional<Process> of(McpClientTransport transport) {
        if (PROCESS == null || !(transport instanceof StdioClientTransport)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable((Process) PROCESS.get(transport));
        } catch (IllegalAccessException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Field processField() {
        try {
            Field f = StdioClientTransport.class.getDeclaredField("process");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("This MCP SDK's StdioClientTransport hides its process; dead stdio servers will only be noticed "
                    + "by failed requests", e);
            return null;
        }
    }
}
