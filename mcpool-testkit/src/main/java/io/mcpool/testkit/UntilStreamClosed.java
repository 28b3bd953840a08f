package io.mcpool.testkit;

import io.modelcontextprotocol.modern.server.McpSyncNotifier;
import io.modelcontextprotocol.modern.server.McpSyncResponse;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@code until-cancelled} tool on the 2026-07-28 server over HTTP, where a client cancels a request by closing
 * its response stream (no {@code notifications/cancelled}). A servlet learns of a closed connection only when it
 * writes to it, so the call answers with an event stream and writes a {@code notifications/message} every
 * {@link #HEARTBEAT_MILLIS} ms while the tool runs on a thread of its own. The write that fails is seen by
 * {@link ClosedStreamWatch}, which records the cancellation and wakes the tool, as a real server would stop.
 */
final class UntilStreamClosed {

    static final long HEARTBEAT_MILLIS = 25;

    private UntilStreamClosed() {
    }

    /**
     * @param tool    runs the tool (it waits for its cancellation in {@link Cancellations})
     * @param convert the tool's result as the 2026-07-28 result
     */
    static <O> McpSyncResponse<O> respond(Supplier<McpSchema.CallToolResult> tool,
            Function<McpSchema.CallToolResult, O> convert) {
        return McpSyncResponse.streaming(notifier -> convert.apply(whileRunning(tool, notifier)));
    }

    private static McpSchema.CallToolResult whileRunning(Supplier<McpSchema.CallToolResult> tool,
            McpSyncNotifier notifier) {
        CompletableFuture<McpSchema.CallToolResult> done = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try {
                done.complete(tool.get());
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        }, "until-cancelled");
        worker.setDaemon(true);
        worker.start();
        for (int beat = 1; ; beat++) {
            try {
                return done.get(HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillRunning) {
                notifier.notify("notifications/message", Map.of("level", "debug", "data", "working " + beat));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return done.join();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
            }
        }
    }
}
