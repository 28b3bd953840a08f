package io.mcpool.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts and records the JSON-RPC requests a {@link TestMcpServer} receives. Thread-safe. */
final class TrafficRecorder {

    private final AtomicInteger initialize = new AtomicInteger();

    private final AtomicInteger toolsList = new AtomicInteger();

    private final AtomicInteger toolsCall = new AtomicInteger();

    private final AtomicInteger ping = new AtomicInteger();

    private final List<RecordedRequest> requests = new ArrayList<>();

    /** Records one inbound message; notifications and responses are not requests and are skipped. */
    void record(InboundMessage message, String sessionId, Map<String, String> headers) {
        if (!message.isRequest()) {
            return;
        }
        switch (message.method()) {
            case "initialize" -> initialize.incrementAndGet();
            case "tools/list" -> toolsList.incrementAndGet();
            case "tools/call" -> toolsCall.incrementAndGet();
            case "ping" -> ping.incrementAndGet();
            default -> {
                // other methods are recorded, not counted
            }
        }
        RecordedRequest recorded = new RecordedRequest(message.method(), message.toolName(), sessionId, headers,
                message.meta());
        synchronized (requests) {
            requests.add(recorded);
        }
    }

    int initializeCount() {
        return initialize.get();
    }

    int toolsListCount() {
        return toolsList.get();
    }

    int toolsCallCount() {
        return toolsCall.get();
    }

    int pingCount() {
        return ping.get();
    }

    List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    void reset() {
        initialize.set(0);
        toolsList.set(0);
        toolsCall.set(0);
        ping.set(0);
        synchronized (requests) {
            requests.clear();
        }
    }
}
