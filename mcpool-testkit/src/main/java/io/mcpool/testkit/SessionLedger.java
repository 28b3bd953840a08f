package io.mcpool.testkit;

import java.util.HashSet;
import java.util.Set;

/**
 * The MCP sessions open on a {@link TestMcpServer} and their high-water mark. A session is opened before the
 * client can learn of it and closed before the client can learn that it is gone, so the count never
 * lags behind what clients believe they hold.
 */
final class SessionLedger {

    private final Set<String> open = new HashSet<>();

    private int max;

    synchronized void opened(String sessionId) {
        if (open.add(sessionId)) {
            max = Math.max(max, open.size());
        }
    }

    synchronized void closed(String sessionId) {
        open.remove(sessionId);
    }

    /** Every session ends, as on a server stop. */
    synchronized void closeAll() {
        open.clear();
    }

    synchronized int live() {
        return open.size();
    }

    synchronized int max() {
        return max;
    }

    /** Starts a new high-water mark from the sessions open now. */
    synchronized void resetMax() {
        max = open.size();
    }
}
