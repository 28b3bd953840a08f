package io.mcpool.impl;

import io.mcpool.SessionKey;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The SDK clients of closed 2026-07-28 handles over HTTP, kept per partition for the next handles of that
 * partition. Making a handle's client sends nothing, but a new client knows no tool: before its first call of a tool
 * it lists the server's tools ({@code tools/list}) to learn which arguments that tool mirrors into HTTP headers. With
 * more partitions (tenants) than sessions, handles close and open all the time, and every new one would list before
 * its first call. A client serves one handle at a time, is passed on only within its partition (the tool catalog it
 * holds is that partition's), and only from a handle that closed idle and unbroken, so no caller still holds it; the
 * SDK asks the server again when a call's headers no longer match the tool. At most {@value #PER_PARTITION} are kept
 * per partition and {@value #MAX_SPARES} in all; beyond that those of the partition used longest ago are dropped
 * first.
 */
final class SpareClients {

    /** Most clients kept for one partition. */
    static final int PER_PARTITION = 2;
    /** Most clients kept in all. */
    static final int MAX_SPARES = 256;

    /** A client and the handle it serves now. */
    static final class Bound {
        private final Duration timeout;
        private volatile ManagedSession session;
        private McpSyncClient client;

        private Bound(Duration timeout) {
            this.timeout = timeout;
        }

        /** @return the handle this client serves now */
        ManagedSession session() {
            return session;
        }
    }

    /** Per partition, its spare clients; in order of use, the partition used longest ago first. */
    private final LinkedHashMap<SessionKey, ArrayDeque<Bound>> spare = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<ManagedSession, Bound> live = new ConcurrentHashMap<>();
    private int spareCount;

    /**
     * @param session a new handle
     * @param timeout the client's request timeout (a spare made with another is not taken)
     * @param make    makes a client for a binding, when no spare of the partition fits
     * @return the handle's client
     */
    McpSyncClient bind(ManagedSession session, Duration timeout, Function<Bound, McpSyncClient> make) {
        Bound bound = null;
        synchronized (spare) {
            ArrayDeque<Bound> of = spare.get(session.key());
            if (of != null) {
                bound = of.pollLast();
                spareCount--;
                if (of.isEmpty()) {
                    spare.remove(session.key());
                }
            }
        }
        if (bound == null || !bound.timeout.equals(timeout)) {
            bound = new Bound(timeout);
            bound.client = make.apply(bound);
        }
        bound.session = session;
        live.put(session, bound);
        return bound.client;
    }

    /** @param session a handle that closed idle and unbroken: its client waits for the next of its partition */
    void release(ManagedSession session) {
        Bound bound = live.remove(session);
        if (bound == null) {
            return;
        }
        synchronized (spare) {
            ArrayDeque<Bound> of = spare.computeIfAbsent(session.key(), k -> new ArrayDeque<>());
            if (of.size() >= PER_PARTITION) {
                return;
            }
            of.addLast(bound);
            spareCount++;
            while (spareCount > MAX_SPARES) {
                Iterator<Map.Entry<SessionKey, ArrayDeque<Bound>>> eldest = spare.entrySet().iterator();
                Map.Entry<SessionKey, ArrayDeque<Bound>> oldest = eldest.next();
                oldest.getValue().pollFirst();
                spareCount--;
                if (oldest.getValue().isEmpty()) {
                    eldest.remove();
                }
            }
        }
    }

    /** @param session a handle whose client is not to be passed on */
    void forget(ManagedSession session) {
        live.remove(session);
    }

    /** @return how many clients wait for a handle of their partition */
    int spares() {
        synchronized (spare) {
            return spareCount;
        }
    }
}
