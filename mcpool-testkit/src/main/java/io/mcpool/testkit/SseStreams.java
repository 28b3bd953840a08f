package io.mcpool.testkit;

import io.modelcontextprotocol.json.McpJsonMapper;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SSE streams of an SSE-mode {@link TestMcpServer}: each open stream is one live session in the ledger,
 * its responses to paged or failing {@code tools/list} requests are rewritten on the way out, and a heartbeat
 * notices clients that left.
 */
final class SseStreams {

    private final SessionLedger sessions;

    private final int epoch;

    private final SseSessionRewrites rewrites;

    private final SseHeartbeat heartbeat = new SseHeartbeat();

    private final AtomicLong opened = new AtomicLong();

    SseStreams(McpJsonMapper json, SessionLedger sessions, int epoch) {
        this.sessions = sessions;
        this.epoch = epoch;
        this.rewrites = new SseSessionRewrites(json);
    }

    /** Registers a {@code tools/list} rewrite for the response that will travel in {@code sessionId}'s stream. */
    void expect(String sessionId, ToolsListRewrite rewrite) {
        if (sessionId != null) {
            rewrites.expect(sessionId, rewrite);
        }
    }

    /** Serves one SSE stream request through the SDK servlet and keeps track of the stream until it ends. */
    void serve(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String stream = "sse-stream-" + opened.incrementAndGet();
        sessions.opened(epoch, stream);
        SseSessionRewrites.Stream rewriter = rewrites.forStream();
        SseStreamResponse sse = new SseStreamResponse(response, rewriter);
        AtomicBoolean over = new AtomicBoolean();
        Runnable ended = () -> {
            if (over.compareAndSet(false, true)) {
                sessions.closed(epoch, stream);
                rewrites.forget(rewriter.sessionId());
            }
        };
        try {
            chain.doFilter(request, sse);
        } finally {
            if (request.isAsyncStarted() && sse.events() != null) {
                Runnable unwatch = heartbeat.watch(sse.events(), request.getAsyncContext(), ended);
                whenStreamEnds(request, () -> {
                    unwatch.run();
                    ended.run();
                });
            } else {
                ended.run();
            }
        }
    }

    void shutdown() {
        heartbeat.shutdown();
    }

    private static void whenStreamEnds(HttpServletRequest request, Runnable ended) {
        try {
            request.getAsyncContext().addListener(new AsyncListener() {
                @Override
                public void onComplete(AsyncEvent event) {
                    ended.run();
                }

                @Override
                public void onTimeout(AsyncEvent event) {
                    ended.run();
                }

                @Override
                public void onError(AsyncEvent event) {
                    ended.run();
                }

                @Override
                public void onStartAsync(AsyncEvent event) {
                    // a stream is not restarted
                }
            });
        } catch (IllegalStateException alreadyOver) {
            ended.run();
        }
    }
}
