package io.mcpool.testkit;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * What a test server learns of cancellation. The SDK's session-based server ignores
 * {@code notifications/cancelled} (its tool handlers cannot see one), so the test servers read it off the
 * wire before the SDK does: every cancellation is recorded, and an {@code until-cancelled} call waiting
 * under its {@code tag} is woken, so that the tool stops as a real server's would. Over HTTP a cancellation
 * travels on another connection than its request and may arrive first: like a careful server, this one keeps
 * such a cancellation and honours it when the request comes. Thread-safe.
 */
final class Cancellations {

    /** The tool that runs until its call is cancelled (or its {@code millis} pass). */
    static final String TOOL = "until-cancelled";

    private static final TypeRef<Object> ANY = new TypeRef<>() {
    };

    /** Calls seen, by session and request id: their tool and tag. Bounded: the oldest are forgotten. */
    private final Map<String, String[]> calls = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String[]> eldest) {
            return size() > 10_000;
        }
    };

    /** Cancellations of requests not seen yet, by session and request id: their reason. */
    private final Map<String, String> early = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 10_000;
        }
    };

    private final Map<String, CompletableFuture<String>> waiting = new ConcurrentHashMap<>();

    private final List<RecordedCancellation> seen = new ArrayList<>();

    private final Consumer<RecordedCancellation> onCancelled;

    /** @param onCancelled told of each cancellation as it arrives (the stdio server writes it to its events file) */
    Cancellations(Consumer<RecordedCancellation> onCancelled) {
        this.onCancelled = onCancelled;
    }

    /**
     * Reads one inbound body (a message or a batch) for {@code tools/call}s and cancellations.
     *
     * @param sessionId the session it came on, or null
     */
    void observe(McpJsonMapper json, String text, String sessionId) {
        if (!text.contains("tools/call") && !text.contains("notifications/cancelled")) {
            return; // most traffic: not parsed twice
        }
        Object parsed;
        try {
            parsed = json.readValue(text, ANY);
        } catch (java.io.IOException | RuntimeException e) {
            return; // the SDK will reject it
        }
        for (Object item : parsed instanceof List<?> batch ? batch : List.of(parsed)) {
            if (item instanceof Map<?, ?> message) {
                observe(message, sessionId);
            }
        }
    }

    private void observe(Map<?, ?> message, String sessionId) {
        Map<?, ?> params = message.get("params") instanceof Map<?, ?> p ? p : Map.of();
        if ("tools/call".equals(message.get("method")) && message.get("id") != null) {
            Map<?, ?> args = params.get("arguments") instanceof Map<?, ?> a ? a : Map.of();
            Object tag = TOOL.equals(params.get("name")) ? args.get("tag") : null;
            String[] call = {String.valueOf(params.get("name")), tag == null ? null : tag.toString()};
            String key = key(sessionId, message.get("id"));
            String overtaken;
            synchronized (calls) {
                calls.put(key, call);
                overtaken = early.remove(key);
            }
            if (overtaken != null) {
                cancelled(message.get("id"), overtaken.isEmpty() ? null : overtaken, sessionId, call);
            }
        } else if ("notifications/cancelled".equals(message.get("method")) && params.get("requestId") != null) {
            Object id = params.get("requestId");
            Object reason = params.get("reason");
            String key = key(sessionId, id);
            String[] call;
            synchronized (calls) {
                call = calls.get(key);
                if (call == null) {
                    early.put(key, reason == null ? "" : reason.toString());
                    return;
                }
            }
            cancelled(id, reason == null ? null : reason.toString(), sessionId, call);
        }
    }

    private void cancelled(Object id, String reason, String sessionId, String[] call) {
        RecordedCancellation c = new RecordedCancellation(id.toString(), reason, sessionId, call[0], call[1]);
        synchronized (seen) {
            seen.add(c);
        }
        onCancelled.accept(c);
        if (c.tag() != null) {
            signal(c.tag()).complete(c.reason() == null ? "" : c.reason());
        }
    }

    /**
     * Records that the client closed the response stream of a 2026-07-28 {@code tools/call} (its way of cancelling
     * over HTTP; such a request has no session), and wakes an {@code until-cancelled} call. Once per request.
     */
    void streamClosed(String requestId) {
        String[] call;
        synchronized (calls) {
            call = calls.remove(key(null, requestId));
        }
        if (call != null) {
            cancelled(requestId, RecordedCancellation.STREAM_CLOSED, null, call);
        }
    }

    /**
     * Waits, as the {@code until-cancelled} tool, for the cancellation of the call with {@code tag}.
     *
     * @return the reason the client gave, or null when {@code max} passed first
     */
    String await(String tag, Duration max) {
        CompletableFuture<String> signal = signal(tag);
        try {
            return signal.get(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } finally {
            waiting.remove(tag, signal);
        }
    }

    List<RecordedCancellation> seen() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    void reset() {
        synchronized (seen) {
            seen.clear();
        }
    }

    private CompletableFuture<String> signal(String tag) {
        return waiting.computeIfAbsent(tag, t -> new CompletableFuture<>());
    }

    private static String key(String sessionId, Object requestId) {
        return sessionId + "|" + requestId;
    }
}
