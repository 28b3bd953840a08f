package io.mcpool.event;

import io.mcpool.CircuitState;
import io.mcpool.McpPool;
import io.mcpool.SessionKey;
import java.time.Duration;
import java.time.Instant;

/**
 * Something that happened in a pool. Every event names its pool and time; {@link #type()} allows
 * filtering without {@code instanceof}. Events carry no secret.
 */
public sealed interface PoolEvent {

    /** @return the pool's name */
    String poolName();

    /** @return when it happened */
    Instant timestamp();

    /** @return which kind of event this is */
    Type type();

    /** The kinds of {@link PoolEvent}. */
    enum Type {
        /** {@link PoolStarted} */
        POOL_STARTED,
        /** {@link PoolReady} */
        POOL_READY,
        /** {@link PoolShutdown} */
        POOL_SHUTDOWN,
        /** {@link PoolResized} */
        POOL_RESIZED,
        /** {@link SessionCreated} */
        SESSION_CREATED,
        /** {@link SessionCreationFailed} */
        SESSION_CREATION_FAILED,
        /** {@link SessionDestroyed} */
        SESSION_DESTROYED,
        /** {@link SessionBorrowed} */
        SESSION_BORROWED,
        /** {@link SessionReturned} */
        SESSION_RETURNED,
        /** {@link ToolCalled} */
        TOOL_CALLED,
        /** {@link BorrowTimedOut} */
        BORROW_TIMED_OUT,
        /** {@link ToolsRefreshed} */
        TOOLS_REFRESHED,
        /** {@link SchemaChanged} */
        SCHEMA_CHANGED,
        /** {@link ToolsListChanged} */
        TOOLS_LIST_CHANGED,
        /** {@link CircuitStateChanged} */
        CIRCUIT_STATE_CHANGED,
        /** {@link PoolDegraded} */
        POOL_DEGRADED,
        /** {@link PoolRecovered} */
        POOL_RECOVERED,
        /** {@link ServerRestartDetected} */
        SERVER_RESTART_DETECTED,
        /** {@link LeakSuspected} */
        LEAK_SUSPECTED,
        /** {@link RateLimited} */
        RATE_LIMITED,
        /** {@link Autoscaled} */
        AUTOSCALED
    }

    /**
     * The pool started and pre-warmed what it could.
     *
     * @param poolName     the pool
     * @param timestamp    when
     * @param warmSessions sessions open after the warm-up
     */
    record PoolStarted(String poolName, Instant timestamp, int warmSessions) implements PoolEvent {
        @Override
        public Type type() {
            return Type.POOL_STARTED;
        }
    }

    /**
     * {@code minSessions} are warm: {@link McpPool#isReady()} turned true.
     *
     * @param poolName  the pool
     * @param timestamp when
     */
    record PoolReady(String poolName, Instant timestamp) implements PoolEvent {
        @Override
        public Type type() {
            return Type.POOL_READY;
        }
    }

    /**
     * The pool shut down.
     *
     * @param poolName     the pool
     * @param timestamp    when
     * @param leasesOutstanding leases not returned within {@code drainTimeout}; closed when they come back
     */
    record PoolShutdown(String poolName, Instant timestamp, int leasesOutstanding) implements PoolEvent {
        @Override
        public Type type() {
            return Type.POOL_SHUTDOWN;
        }
    }

    /**
     * {@link McpPool#resize(int, int)} changed the limits.
     *
     * @param poolName  the pool
     * @param timestamp when
     * @param oldMin    previous minSessions
     * @param oldMax    previous maxSessions
     * @param newMin    new minSessions
     * @param newMax    new maxSessions
     */
    record PoolResized(String poolName, Instant timestamp, int oldMin, int oldMax, int newMin, int newMax)
            implements PoolEvent {
        @Override
        public Type type() {
            return Type.POOL_RESIZED;
        }
    }

    /**
     * A session was created and initialized.
     *
     * @param poolName     the pool
     * @param timestamp    when
     * @param sessionId    the new session
     * @param key          its partition
     * @param creationTime how long connect + initialize + warm-up took
     */
    record SessionCreated(String poolName, Instant timestamp, String sessionId, SessionKey key,
            Duration creationTime) implements PoolEvent {
        @Override
        public Type type() {
            return Type.SESSION_CREATED;
        }
    }

    /**
     * A session could not be created.
     *
     * @param poolName  the pool
     * @param timestamp when
     * @param key       the partition it was for
     * @param cause     why
     */
    record SessionCreationFailed(String poolName, Instant timestamp, SessionKey key, Throwable cause)
            implements PoolEvent {
        @Override
        public Type type() {
            return Type.SESSION_CREATION_FAILED;
        }
    }

    /**
     * A session was closed.
     *
     * @param poolName  the pool
     * @param timestamp when
     * @param sessionId the session
     * @param key       its partition
     * @param reason    why
     */
    record SessionDestroyed(String poolName, Instant timestamp, String sessionId, SessionKey key,
            DestroyReason reason) implements PoolEvent {
        @Override
        public Type type() {
            return Type.SESSION_DESTROYED;
        }
    }

    /**
     * A session was lent.
     *
     * @param poolName  the pool
     * @param timestamp when
     * @param sessionId the session
     * @param key       its partition
     * @param waited    how long the borrower waited
     */
    record SessionBorrowed(String poolName, Instant timestamp, String sessionId, SessionKey key, Duration waited)
            implements PoolEvent {
        @Override
        public Type type() {
            return Type.SESSION_BORROWED;
        }
    }

    /**
     * A lease was closed and its session given back (or retired, when {@code broken}).
     *
     * @param poolName  the pool
     * @param timestamp when
     * @param sessionId the session
     * @param key       its partition
     * @param held      how long the lease was held
     * @param broken    true when the session was retired instead of returned to idle
     */
    record SessionReturned(String poolName, Instant timestamp, String sessionId, SessionKey key, Duration held,
            boolean broken) implements PoolEvent {
        @Override
        public Type type() {
            return Type.SESSION_RETURNED;
        }
    }

    /**
     * A {@code tools/call} made through a lease (or {@code McpPool.callTool}) finished: how long it took
     * as the caller saw it (a repeat on a fresh session included), and how it ended.
     *
     * @param poolName  the pool
     * @param timestamp when it finished
     * @param sessionId the session that answered (or last tried)
     * @param key       its partition
     * @param tool      the tool's name
     * @param duration  from the request sent to the result (or failure) received
     * @param outcome   how it ended
     */
    record ToolCalled(String poolName, Instant timestamp, String sessionId, SessionKey key, String tool,
            Duration duration, ToolOutcome outcome) implements PoolEvent {
        @Override
        public Type type() {
            return Type.TOOL_CALLED;
        }

        /** @return true unless the tool answered normally */
        public boolean failed() {
            return outcome != ToolOutcome.OK;
        }
    }

    /** How a {@code tools/call} ended. */
    enum ToolOutcome {
        /** The tool answered normally. */
        OK,
        /** The tool answered with a result marked {@code isError}: the call worked, the tool reported a failure. */
        TOOL_ERROR,
        /** No result: a JSON-RPC error, a timeout, a transport failure, an interruption. */
        FAILED
    }

    /**
     * A borrow gave up waiting.
     *
     * @param poolName  the pool
     * @param timestamp when
     * @param key       the partition asked for
     * @param waited    how long it waited
     */
    record BorrowTimedOut(String poolName, Instant timestamp, SessionKey key, Duration waited) implements PoolEvent {
        @Override
        public Type type() {
            return Type.BORROW_TIMED_OUT;
        }
    }

    /**
     * The tool list was fetched upstream (all pages).
     *
     * @param poolName   the pool
     * @param timestamp  when
     * @param toolCount  how many tools
     * @param schemaHash SHA-256 of the tool definitions
     */
    record ToolsRefreshed(String poolName, Instant timestamp, int toolCount, String schemaHash) implements PoolEvent {
        @Override
        public Type type() {
            return Type.TOOLS_REFRESHED;
        }
    }

    /**
     * A refreshed tool list differs from the previous one.
     *
     * @param poolName     the pool
     * @param timestamp    when
     * @param previousHash SHA-256 of the previous definitions
     * @param newHash      SHA-256 of the new definitions
     * @param toolCount    how many tools now
     */
    record SchemaChanged(String poolName, Instant timestamp, String previousHash, String newHash, int toolCount)
            implements PoolEvent {
        @Override
        public Type type() {
            return Type.SCHEMA_CHANGED;
        }
    }

    /**
     * The server sent {@code notifications/tools/list_changed} (on a 2026-07-28 endpoint: on the pool's
     * {@code subscriptions/listen} stream, or that stream was listened to again after it dropped); the tool cache
     * was invalidated.
     *
     * @param poolName  the pool
     * @param timestamp when
     * @param sessionId the session it arrived on, or {@code null} when it came on a 2026-07-28 endpoint's
     *                  {@code subscriptions/listen} stream
     */
    record ToolsListChanged(String poolName, Instant timestamp, String sessionId) implements PoolEvent {
        @Override
        public Type type() {
            return Type.TOOLS_LIST_CHANGED;
        }
    }

    /**
     * The circuit breaker guarding session creation changed state.
     *
     * @param poolName  the pool
     * @param timestamp when
     * @param from      the previous state
     * @param to        the new state
     */
    record CircuitStateChanged(String poolName, Instant timestamp, CircuitState from, CircuitState to)
            implements PoolEvent {
        @Override
        public Type type() {
            return Type.CIRCUIT_STATE_CHANGED;
        }
    }

    /**
     * The warm-up failed and the pool runs degraded ({@code gracefulDegradation}): leases get
     * short-lived sessions while the warm set is rebuilt in the background.
     *
     * @param poolName  the pool
     * @param timestamp when
     * @param cause     why the warm-up failed
     */
    record PoolDegraded(String poolName, Instant timestamp, Throwable cause) implements PoolEvent {
        @Override
        public Type type() {
            return Type.POOL_DEGRADED;
        }
    }

    /**
     * A degraded pool has its {@code minSessions} warm again.
     *
     * @param poolName  the pool
     * @param timestamp when
     * @param degradedFor how long it was degraded
     */
    record PoolRecovered(String poolName, Instant timestamp, Duration degradedFor) implements PoolEvent {
        @Override
        public Type type() {
            return Type.POOL_RECOVERED;
        }
    }

    /**
     * A session found the server restarted or gone; idle sessions of older generations are retired
     * instead of lent.
     *
     * @param poolName      the pool
     * @param timestamp     when
     * @param sessionId     the session that noticed
     * @param newGeneration the generation new sessions belong to
     * @param cause         what the session saw
     */
    record ServerRestartDetected(String poolName, Instant timestamp, String sessionId, long newGeneration,
            Throwable cause) implements PoolEvent {
        @Override
        public Type type() {
            return Type.SERVER_RESTART_DETECTED;
        }
    }

    /**
     * A lease has been held longer than {@code leakDetectionThreshold}.
     *
     * @param poolName   the pool
     * @param timestamp  when
     * @param sessionId  the session
     * @param key        its partition
     * @param held       how long it has been held
     * @param borrowSite where it was borrowed (its stack trace)
     */
    record LeakSuspected(String poolName, Instant timestamp, String sessionId, SessionKey key, Duration held,
            Throwable borrowSite) implements PoolEvent {
        @Override
        public Type type() {
            return Type.LEAK_SUSPECTED;
        }
    }

    /**
     * A borrow waited for, or was refused, a rate-limit permit (the pool's bucket, or a server's
     * {@code Retry-After}).
     *
     * @param poolName  the pool
     * @param timestamp when
     * @param key       the partition asked for
     * @param waited    how long it waited (zero when refused at once)
     * @param rejected  true when the borrow was refused
     */
    record RateLimited(String poolName, Instant timestamp, SessionKey key, Duration waited, boolean rejected)
            implements PoolEvent {
        @Override
        public Type type() {
            return Type.RATE_LIMITED;
        }
    }

    /**
     * The autoscaler moved the warm floor.
     *
     * @param poolName  the pool
     * @param timestamp when
     * @param fromFloor the previous {@code minSessions}
     * @param toFloor   the new {@code minSessions}
     * @param reason    what it saw
     */
    record Autoscaled(String poolName, Instant timestamp, int fromFloor, int toFloor, String reason)
            implements PoolEvent {
        @Override
        public Type type() {
            return Type.AUTOSCALED;
        }
    }
}
