package io.mcpool.impl;

import io.mcpool.PoolConfig;
import io.mcpool.event.DestroyReason;
import java.time.Duration;

/**
 * The pool's decisions about one session, as pure functions of what is known about it now: may it
 * be lent, may it go back to idle, should the evictor retire it. No I/O and no pool state beyond the
 * {@link Facts} given; each answer is a {@link DestroyReason}, or null for "keep it".
 */
final class SessionRules {

    /**
     * What the rules need to know about the pool at one instant.
     *
     * @param nowNanos       {@link System#nanoTime()} now
     * @param generation     the pool's current generation
     * @param idleFlushNanos sessions idle since before this were flushed
     * @param config         the configuration in force
     */
    record Facts(long nowNanos, long generation, long idleFlushNanos, PoolConfig config) {
    }

    private SessionRules() {
    }

    /** The cheap checks made before every lend (the health probe runs in housekeeping instead). */
    static DestroyReason unlendable(ManagedSession session, Facts facts) {
        if (session.isBroken() || !session.isProcessAlive()) {
            return DestroyReason.BROKEN;
        }
        if (!session.isLent() && session.idleSinceNanos() - facts.idleFlushNanos() < 0) {
            return DestroyReason.FLUSHED;
        }
        if (session.generation() < facts.generation()) {
            return DestroyReason.STALE_GENERATION;
        }
        if (session.isExpired(facts.nowNanos(), facts.config().maxSessionLifetime().toNanos())) {
            return DestroyReason.MAX_LIFETIME;
        }
        return null;
    }

    /**
     * What becomes of a session whose lease came back.
     *
     * @param invalidated  the holder called {@code invalidate()}
     * @param poolOpen     the pool still lends
     * @param degraded     the pool serves without its warm set
     * @param openSessions sessions open and staying open (not already retiring)
     */
    static DestroyReason onReturn(ManagedSession session, Facts facts, boolean invalidated, boolean poolOpen,
            boolean degraded, int openSessions) {
        if (invalidated) {
            return DestroyReason.INVALIDATED_BY_USER;
        }
        if (!poolOpen) {
            return DestroyReason.SHUTDOWN;
        }
        DestroyReason unusable = unlendable(session, facts);
        if (unusable != null) {
            return unusable;
        }
        if (session.isShortLived() && degraded) {
            return DestroyReason.DEGRADED;
        }
        if (openSessions > facts.config().maxSessions()) {
            return DestroyReason.RESIZE;
        }
        return null;
    }

    /** @return whether the session reached its recycle point (see {@link ManagedSession#isRecycleDue}) */
    static boolean recycleDue(ManagedSession session, Facts facts) {
        PoolConfig c = facts.config();
        return session.isRecycleDue(facts.nowNanos(), c.maxSessionLifetime().toNanos(), c.recycleWindow().toNanos());
    }

    /**
     * The evictor's question for one idle session.
     *
     * @param freshShared shared sessions open and not due for recycling: a due shared session is
     *                    retired only while these keep the warm floor
     * @param heldOfKey   sessions of the session's key, lent and idle: an idle timeout never takes the
     *                    shared partition below its floor
     */
    static DestroyReason whenIdle(ManagedSession session, Facts facts, int freshShared, int heldOfKey) {
        DestroyReason reason = unlendable(session, facts);
        if (reason != null) {
            return reason;
        }
        PoolConfig c = facts.config();
        boolean shared = session.key().isShared();
        if (recycleDue(session, facts) && (!shared || freshShared >= c.minSessions())) {
            return DestroyReason.MAX_LIFETIME;
        }
        Duration idleTimeout = shared ? c.idleTimeout() : c.keyIdleTimeout();
        boolean aboveFloor = !shared || heldOfKey > c.minSessions();
        if (!idleTimeout.isZero() && session.idleNanos(facts.nowNanos()) >= idleTimeout.toNanos() && aboveFloor) {
            return DestroyReason.IDLE_TIMEOUT;
        }
        return null;
    }
}
