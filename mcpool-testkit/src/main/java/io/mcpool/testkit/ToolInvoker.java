package io.mcpool.testkit;

import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;

/**
 * Runs a {@link TestTool} call the way a server under test behaves: first the configured tool latency,
 * and, for a server that serialises its work, under one global lock.
 */
final class ToolInvoker {

    private final Supplier<Duration> latency;

    private final Lock serialLock;

    private final Runs runs;

    /** Told when a call starts running (after the serial lock is taken) and when it is done. */
    interface Runs {
        /** Nobody listens. */
        Runs NONE = new Runs() {
            @Override
            public void started(String tool) {
            }

            @Override
            public void finished(String tool) {
            }
        };

        /** @param tool the tool whose call starts running */
        void started(String tool);

        /** @param tool the tool whose call is done (before the serial lock is let go) */
        void finished(String tool);
    }

    /**
     * @param latency    read on every call, so a knob changed at run time takes effect at once
     * @param serialLock held for the whole call (latency included), or {@code null} for concurrent calls
     * @param runs       told when each call starts and ends running
     */
    ToolInvoker(Supplier<Duration> latency, Lock serialLock, Runs runs) {
        this.latency = latency;
        this.serialLock = serialLock;
        this.runs = runs;
    }

    McpSchema.CallToolResult invoke(TestTool tool, McpSchema.CallToolRequest request, Map<String, String> headers) {
        return invoke(tool, request.arguments(), headers);
    }

    /**
     * Runs one call of {@code tool}.
     *
     * @param arguments the call's arguments, {@code null} for none
     * @param headers   the HTTP headers of the carrying request, lower-case names; empty on stdio
     */
    McpSchema.CallToolResult invoke(TestTool tool, Map<String, Object> arguments, Map<String, String> headers) {
        Map<String, Object> args = arguments == null ? Map.of() : arguments;
        if (serialLock == null) {
            return run(tool, args, headers);
        }
        serialLock.lock();
        try {
            return run(tool, args, headers);
        } finally {
            serialLock.unlock();
        }
    }

    private McpSchema.CallToolResult run(TestTool tool, Map<String, Object> arguments, Map<String, String> headers) {
        String name = tool.tool().name();
        runs.started(name);
        try {
            Sleep.of(latency.get());
            return tool.body().call(arguments, headers);
        } finally {
            runs.finished(name);
        }
    }
}
