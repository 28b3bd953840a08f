package io.mcpool.impl;

import io.mcpool.SessionCreationException;
import io.mcpool.SessionInfo;
import io.mcpool.SessionKey;
import io.mcpool.event.DestroyReason;
import io.mcpool.event.PoolEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every session the pool has open, lent or idle, and what happens when one is born, lost or closed:
 * the counters, the events, the log lines. It is the {@link SessionFactory}'s listener.
 */
final class LiveSessions implements SessionFactory.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(LiveSessions.class);

    private final String poolName;
    private final PoolStats stats;
    private final PoolEvents events;
    private final Readiness readiness;
    private final PoolLifecycle lifecycle;
    private final PoolResources resources;
    private final BiConsumer<ManagedSession, Throwable> serverGone;
    private final Runnable toolsChanged;
    private final Runnable retireDeadIdle;
    private final Runnable afterDestroy;
    private final Set<ManagedSession> live = ConcurrentHashMap.newKeySet();

    /**
     * @param serverGone     a session found the server restarted or gone (it no longer knows the session)
     * @param toolsChanged   the tool list cache is out of date
     * @param retireDeadIdle a stdio server process died under an idle session: retire it now
     * @param afterDestroy   a session closed: keep the warm floor, or release what a closed pool still holds
     */
    LiveSessions(String poolName, PoolStats stats, PoolEvents events, Readiness readiness, PoolLifecycle lifecycle,
            PoolResources resources, BiConsumer<ManagedSession, Throwable> serverGone, Runnable toolsChanged,
            Runnable retireDeadIdle, Runnable afterDestroy) {
        this.poolName = poolName;
        this.stats = stats;
        this.events = events;
        this.readiness = readiness;
        this.lifecycle = lifecycle;
        this.resources = resources;
        this.serverGone = serverGone;
        this.toolsChanged = toolsChanged;
        this.retireDeadIdle = retireDeadIdle;
        this.afterDestroy = afterDestroy;
    }

    @Override
    public void created(ManagedSession session, Duration took, CreationRequest request) {
        if (readiness.isDegraded() && request.purpose() != CreationRequest.Purpose.WARM) {
            // Made for a borrower while degraded: lent once, then closed, until the warm set is back.
            session.shortLived();
        }
        live.add(session);
        stats.sessionsCreated.increment();
        LOG.debug("Pool '{}': created {} in {} ms", poolName, session, took.toMillis());
        events.fire(() -> new PoolEvent.SessionCreated(poolName, Instant.now(), session.id(), session.key(), took));
        Process process = session.process();
        if (process != null) {
            process.onExit().thenRun(() -> processExited(session, process));
        }
    }

    /**
     * A stdio server process died. Its session is broken: never lent again, and if it is lent, its
     * client is closed so that the holder's pending request fails now instead of at requestTimeout.
     */
    private void processExited(ManagedSession session, Process process) {
        if (session.isClosing()) {
            return;
        }
        session.endedByServer();
        session.markBroken(new java.io.IOException("the stdio server process " + process.pid()
                + " exited with code " + process.exitValue()));
        LOG.warn("Pool '{}': the server process of {} exited (code {}); replacing the session", poolName, session,
                process.exitValue());
        resources.runInBackground(() -> {
            if (session.isLent()) {
                try {
                    if (session.client() != null) {
                        session.client().close();
                    }
                } catch (RuntimeException e) {
                    LOG.debug("Pool '{}': closing the client of the dead {} failed", poolName, session, e);
                }
            } else {
                retireDeadIdle.run();
            }
        });
    }

    @Override
    public void creationFailed(SessionKey key, SessionCreationException error) {
        stats.creationFailures.increment();
        events.fire(() -> new PoolEvent.SessionCreationFailed(poolName, Instant.now(), key, error));
    }

    @Override
    public void lost(ManagedSession session, Throwable cause) {
        if (session.isClosing()) {
            return;
        }
        session.endedByServer();
        session.markBroken(cause);
        LOG.debug("Pool '{}': the server no longer knows {}", poolName, session);
        serverGone.accept(session, cause);
    }

    @Override
    public void transportFailed(ManagedSession session, Throwable failure) {
        if (session.isClosing()) {
            return;
        }
        // Broken only: a restart is noticed by the lease that made the call (or a creation that fails),
        // not by an idle probe or a creation still under way.
        session.markBroken(failure);
    }

    @Override
    public void toolsChanged(ManagedSession session) {
        toolsChanged.run();
        events.fire(() -> new PoolEvent.ToolsListChanged(poolName, Instant.now(), session.id()));
    }

    @Override
    public void destroyed(ManagedSession session) {
        live.remove(session);
        stats.sessionsDestroyed.increment();
        DestroyReason reason = session.retireReason() != null ? session.retireReason()
                : session.isLent() ? DestroyReason.ABANDONED
                : lifecycle.isOpen() ? DestroyReason.RECLAIMED : DestroyReason.SHUTDOWN;
        if (reason == DestroyReason.MAX_LIFETIME) {
            stats.recycled.increment();
        }
        LOG.debug("Pool '{}': destroyed {} ({})", poolName, session, reason);
        events.fire(() -> new PoolEvent.SessionDestroyed(poolName, Instant.now(), session.id(), session.key(), reason));
        afterDestroy.run();
    }

    int size() {
        return live.size();
    }

    /** @return how many sessions match {@code filter} */
    int count(Predicate<ManagedSession> filter) {
        return (int) live.stream().filter(filter).count();
    }

    /** @return the key, other than {@code key}, of the session idle the longest; empty when none is idle */
    Optional<SessionKey> longestIdleKeyBesides(SessionKey key, long nowNanos) {
        return live.stream()
                .filter(s -> !s.key().equals(key) && !s.isLent())
                .max(Comparator.comparingLong(s -> s.idleNanos(nowNanos)))
                .map(ManagedSession::key);
    }

    List<SessionInfo> snapshot(long nowNanos) {
        return live.stream().map(s -> s.info(nowNanos)).sorted(Comparator.comparing(SessionInfo::id)).toList();
    }
}
