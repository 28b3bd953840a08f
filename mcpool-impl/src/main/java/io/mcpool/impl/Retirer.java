package io.mcpool.impl;

import io.mcpool.SessionKey;
import io.mcpool.event.DestroyReason;
import io.mcpool.impl.commons.CommonsPoolAdapter;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Takes sessions out of the pool's life: puts a taken session back as idle, or destroys it now or
 * in the background, and counts those on their way out. Also frees a slot of {@code maxSessions} by
 * closing another key's longest-idle session, so one key's idle sessions cannot starve the rest.
 */
final class Retirer {

    private final CommonsPoolAdapter<ManagedSession, CreationRequest> sessions;
    private final CapacityGate capacity;
    private final PoolResources resources;
    private final PoolLifecycle lifecycle;
    private final LiveSessions live;
    /** Sessions taken out to be destroyed in the background: still holding a slot, no longer lendable. */
    private final AtomicInteger retiring = new AtomicInteger();

    Retirer(CommonsPoolAdapter<ManagedSession, CreationRequest> sessions, CapacityGate capacity,
            PoolResources resources, PoolLifecycle lifecycle, LiveSessions live) {
        this.sessions = sessions;
        this.capacity = capacity;
        this.resources = resources;
        this.lifecycle = lifecycle;
        this.live = live;
    }

    /** Puts a taken session back as idle; closes it when the pool no longer takes it back. */
    void giveBack(ManagedSession session) {
        if (!sessions.giveBack(session.key(), session)) {
            session.retire(DestroyReason.SHUTDOWN);
            destroyNow(session);
        }
    }

    /** Destroys a taken session on this thread: when this returns, it is closed and its slot free. */
    void destroyNow(ManagedSession session) {
        sessions.destroy(session.key(), session);
    }

    /** Destroys a taken session off the caller's thread (closing stdio costs ~100 ms), with its reason. */
    void retireAsync(ManagedSession session, DestroyReason reason) {
        session.retire(reason);
        retiring.incrementAndGet();
        Runnable destroy = () -> {
            try {
                destroyNow(session);
            } finally {
                retiring.decrementAndGet();
            }
        };
        if (lifecycle.isClosed()) {
            destroy.run();
        } else {
            resources.runClose(destroy);
        }
    }

    /**
     * Sessions open (or being created) and staying open: the capacity gate's count less those already
     * on their way out. Commons Pool's active count would not do: it also counts creations that are
     * about to be refused by the gate.
     */
    int openSessions() {
        return capacity.open() - retiring.get();
    }

    /**
     * Frees a slot for a session of {@code key} by closing the longest-idle session of another key.
     *
     * @return true when one was closed (its slot is free now, for whoever takes it first)
     */
    boolean reclaimIdleBesides(SessionKey key) {
        ManagedSession idle = live.longestIdleKeyBesides(key, System.nanoTime()).map(sessions::takeIdle).orElse(null);
        if (idle == null) {
            return false;
        }
        idle.retire(DestroyReason.RECLAIMED);
        destroyNow(idle);
        return true;
    }

    /**
     * Takes an idle session of {@code key} out and retires it in the background.
     *
     * @return false when none was idle
     */
    boolean retireOneIdle(SessionKey key, DestroyReason reason) {
        ManagedSession idle = sessions.takeIdle(key);
        if (idle == null) {
            return false;
        }
        retireAsync(idle, reason);
        return true;
    }
}
