package io.mcpool.testkit;

import java.util.HashSet;
import java.util.Set;

/**
 * The MCP sessions open on a {@link TestMcpServer} and their high-water mark. A session is opened before the
 * client can learn of it and closed before the client can learn that it is gone, so the count never
 * lags behind what clients believe they hold.
 *
 * <p>Each start of the server is an epoch. A request still in flight on a stopped server may finish after
 * {@link #closeAll()}; a session it opens belongs to a server that no longer exists and is not counted.
 */
final class SessionLedger {

    private final Set<String> open = new HashSet<>();

    /** Open sessions whose client completed the handshake, so it knew the session's id. */
    private final Set<String> known = new HashSet<>();

    private int max;

    private int epoch;

    /** @return the epoch of the server starting now; pass it to {@link #opened(int, String)} */
    synchronized int epoch() {
        return epoch;
    }

    synchronized void opened(int serverEpoch, String sessionId) {
        if (serverEpoch == epoch && open.add(sessionId)) {
            max = Math.max(max, open.size());
        }
    }

    /** The client sent {@code notifications/initialized} in the session: it had learned the session's id. */
    synchronized void handshakeDone(int serverEpoch, String sessionId) {
        if (serverEpoch == epoch && open.contains(sessionId)) {
            known.add(sessionId);
        }
    }

    synchronized void closed(int serverEpoch, String sessionId) {
        if (serverEpoch == epoch) {
            open.remove(sessionId);
            known.remove(sessionId);
        }
    }

    /** Every session ends, as on a server stop; sessions opened by the stopped server from now on are ignored. */
    synchronized void closeAll() {
        open.clear();
        known.clear();
        epoch++;
    }

    synchronized int live() {
        return open.size();
    }

    synchronized int liveKnown() {
        return known.size();
    }

    synchronized int max() {
        return max;
    }

    /** Starts a new high-water mark from the sessions open now. */
    synchronized void resetMax() {
        max = open.size();
    }
}
