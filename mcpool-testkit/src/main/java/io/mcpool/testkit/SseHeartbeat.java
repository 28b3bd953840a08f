package io.mcpool.testkit;

import jakarta.servlet.AsyncContext;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Notices SSE clients that went away. Jetty reads nothing from a connection while its response is streaming,
 * so a client's close is seen only when a write fails: every {@link #INTERVAL} each open stream gets an SSE
 * comment (which clients ignore), and a stream that no longer takes it is completed.
 */
final class SseHeartbeat {

    /** Short, so that {@code liveSessions()} follows a client's close within about half a second. */
    static final Duration INTERVAL = Duration.ofMillis(200);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "mcpool-testkit-sse-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Watches one stream until it ends or fails.
     *
     * @param onDead run once when a heartbeat finds the client gone (after the stream was completed)
     * @return a handle that stops watching
     */
    Runnable watch(SseEventWriter stream, AsyncContext context, Runnable onDead) {
        AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
        task.set(timer.scheduleWithFixedDelay(() -> {
            if (!stream.heartbeat()) {
                task.get().cancel(false);
                try {
                    context.complete();
                } catch (IllegalStateException alreadyComplete) {
                    // the SDK or Jetty completed it first
                }
                onDead.run();
            }
        }, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS));
        return () -> task.get().cancel(false);
    }

    void shutdown() {
        timer.shutdownNow();
    }
}
