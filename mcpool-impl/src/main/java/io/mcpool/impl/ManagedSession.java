package io.mcpool.impl;

import io.mcpool.SessionInfo;
import io.mcpool.SessionKey;
import io.mcpool.SessionState;
import io.mcpool.event.DestroyReason;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.common.McpTransportContext;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One pooled MCP session: the SDK client, who holds it, and what decides its retirement. This is
 * the object the {@code GenericKeyedObjectPool} manages.
 *
 * <p>The client asks {@link #transportContext()} before every request; that is how a lease's
 * headers reach the wire, and how requests through a closed lease's client are refused.
 */
final class ManagedSession {

    private final String id;
    private final SessionKey key;
    private final long generation;
    private final long createdNanos;
    /** Where in the first half of the recycle window this session is retired: random per session. */
    private final double recycleJitter;
    private final AtomicLong borrowCount = new AtomicLong();

    private volatile McpSyncClient client;
    private volatile McpAsyncClient asyncClient;
    private volatile PoolManagedTransport transport;
    private volatile io.modelcontextprotocol.modern.client.McpSyncClient modern;
    private volatile Runnable modernPing;
    private volatile io.modelcontextprotocol.modern.client.McpAsyncClient modernAsync;
    private volatile InputRounds inputRounds;
    private volatile String protocolVersion;
    private volatile Process process;
    private volatile ModernStdio modernStdio;
    private volatile SessionLease lease;
    /** The roots handler that last answered the server's {@code roots/list} on this session, or null. */
    private volatile io.mcpool.spi.RootsHandler rootsAnsweredBy;
    private final AtomicInteger internalUse = new AtomicInteger();
    private volatile Throwable brokenBy;
    private volatile DestroyReason retireReason;
    private volatile boolean validating;
    private volatile boolean closing;
    private volatile boolean endedByServer;
    private volatile boolean shortLived;
    private final java.util.concurrent.atomic.AtomicBoolean destroyed = new java.util.concurrent.atomic.AtomicBoolean();
    /** When the session last became idle: its creation finished, or its last lease came back. */
    private volatile long idleSinceNanos;

    ManagedSession(String id, SessionKey key, long generation, long createdNanos, double recycleJitter) {
        this.id = id;
        this.key = key;
        this.generation = generation;
        this.createdNanos = createdNanos;
        this.recycleJitter = recycleJitter;
        this.idleSinceNanos = createdNanos;
    }

    String id() {
        return id;
    }

    SessionKey key() {
        return key;
    }

    long generation() {
        return generation;
    }

    McpSyncClient client() {
        return client;
    }

    void client(McpSyncClient client) {
        this.client = client;
    }

    /** @return the SDK's asynchronous client inside {@link #client()}, for calls that must not block */
    McpAsyncClient asyncClient() {
        McpAsyncClient a = asyncClient;
        if (a == null) {
            a = SdkAsyncClient.of(client);
            asyncClient = a;
        }
        return a;
    }

    /** @return the pool's wrapper of the session's transport, or null before the client is built */
    PoolManagedTransport transport() {
        return transport;
    }

    void transport(PoolManagedTransport transport) {
        this.transport = transport;
    }

    /**
     * Makes this a handle on the pool's shared 2026-07-28 client.
     *
     * @param client its client of the stateless revision
     * @param ping   what {@code ping} sends on that revision ({@code server/discover}, never answered from a cache)
     */
    void stateless(io.modelcontextprotocol.modern.client.McpSyncClient client, Runnable ping, String version) {
        this.modern = client;
        this.modernPing = ping;
        this.protocolVersion = version;
    }

    /** @return true for a handle of the stateless revision 2026-07-28 (no session on the server) */
    boolean isStateless() {
        return modern != null;
    }

    /** @return its client of the stateless revision, or null for a session-based session */
    io.modelcontextprotocol.modern.client.McpSyncClient modernClient() {
        return modern;
    }

    /** @return its async client of the stateless revision (deadline-bound and asynchronous calls), or null */
    io.modelcontextprotocol.modern.client.McpAsyncClient modernAsyncClient() {
        return modernAsync;
    }

    /** @param client the async client of the stateless revision for this handle's deadline-bound and async calls */
    void modernAsyncClient(io.modelcontextprotocol.modern.client.McpAsyncClient client) {
        this.modernAsync = client;
    }

    /** @param rounds what answers the input rounds of this handle's requests (the lease's handlers, else the pool's) */
    void answersInputWith(InputRounds rounds) {
        this.inputRounds = rounds;
    }

    /** @return what answers the input rounds of this handle's requests */
    InputRounds inputRounds() {
        return inputRounds;
    }

    void pingStateless() {
        modernPing.run();
    }

    /** @param version the session-based revision the server agreed to in {@code initialize} */
    void protocolVersion(String version) {
        this.protocolVersion = version;
    }

    /** @return the MCP revision spoken, or null before it is known */
    String protocolVersion() {
        return protocolVersion;
    }

    /** @return the stdio server process, or null for other transports */
    Process process() {
        return process;
    }

    void process(Process process) {
        this.process = process;
    }

    /** @return the server process of a 2026-07-28 stdio session, or null */
    ModernStdio modernStdio() {
        return modernStdio;
    }

    /** @param stdio the server process this session speaks 2026-07-28 to, or null once it is closed */
    void modernStdio(ModernStdio stdio) {
        this.modernStdio = stdio;
        this.process = stdio == null ? null : stdio.process();
    }

    /** @return false when a stdio server process is known to have died */
    boolean isProcessAlive() {
        Process p = process;
        return p == null || p.isAlive();
    }

    /** Called by the SDK client before each request. */
    McpTransportContext transportContext() {
        SessionLease current = lease;
        if (current != null) {
            return current.transportContext();
        }
        if (internalUse.get() > 0) {
            return McpTransportContext.EMPTY;
        }
        throw new IllegalStateException("Session " + id + " is not lent out: the lease this McpSyncClient came from "
                + "was closed. Borrow a session from the pool instead of keeping a lease's client.");
    }

    /** Runs pool-internal work (initialize, warm-up, probes, close) on the client outside any lease. */
    void beginInternalUse() {
        internalUse.incrementAndGet();
    }

    void endInternalUse() {
        internalUse.decrementAndGet();
    }

    void attach(SessionLease lease) {
        borrowCount.incrementAndGet();
        this.lease = lease;
    }

    void detach(long nowNanos) {
        this.lease = null;
        this.idleSinceNanos = nowNanos;
    }

    /** Marks the end of the session's creation: it is idle from now on. */
    void created(long nowNanos) {
        this.idleSinceNanos = nowNanos;
    }

    long idleSinceNanos() {
        return idleSinceNanos;
    }

    /** @return the lease holding the session now, or null: where the server's requests to the client go */
    SessionLease lease() {
        return lease;
    }

    /** @return the roots handler that last answered the server's {@code roots/list} here, or null */
    io.mcpool.spi.RootsHandler rootsAnsweredBy() {
        return rootsAnsweredBy;
    }

    /** @param handler the roots handler whose roots the server now holds, or null when it knows they are stale */
    void rootsAnsweredBy(io.mcpool.spi.RootsHandler handler) {
        this.rootsAnsweredBy = handler;
    }

    boolean isLent() {
        return lease != null;
    }

    void markBroken(Throwable cause) {
        if (brokenBy == null) {
            brokenBy = cause;
        }
    }

    boolean isBroken() {
        return brokenBy != null;
    }

    /** Records why the session is about to be destroyed; the first reason given wins. */
    void retire(DestroyReason reason) {
        if (retireReason == null) {
            retireReason = reason;
        }
    }

    DestroyReason retireReason() {
        return retireReason;
    }

    /** @return true once the session has lived {@code lifetimeNanos} (0 = unlimited) */
    boolean isExpired(long nowNanos, long lifetimeNanos) {
        return lifetimeNanos > 0 && nowNanos - createdNanos >= lifetimeNanos;
    }

    /**
     * @return true once the session reached its recycle point: a random point in the first half of
     *     the recycle window, so sessions created together spread out, and the second half is left for
     *     opening the replacement before the session expires
     */
    boolean isRecycleDue(long nowNanos, long lifetimeNanos, long windowNanos) {
        return lifetimeNanos > 0
                && nowNanos - createdNanos >= lifetimeNanos - windowNanos + (long) (windowNanos / 2 * recycleJitter);
    }

    void validating(boolean validating) {
        this.validating = validating;
    }

    void closing() {
        this.closing = true;
    }

    boolean isClosing() {
        return closing;
    }

    /** The server side ended this session (its stdio process exited, its transport ended) before the pool closed it. */
    void endedByServer() {
        this.endedByServer = true;
    }

    /** @return whether the server side ended it before the pool began to close it, whatever happened next */
    boolean wasEndedByServer() {
        return endedByServer;
    }

    /** @return true the first time only: a session is destroyed once, however many paths reach it */
    boolean markDestroyed() {
        return destroyed.compareAndSet(false, true);
    }

    /** Marks a session made for a borrower while the pool was degraded: it is closed on return. */
    void shortLived() {
        this.shortLived = true;
    }

    boolean isShortLived() {
        return shortLived;
    }

    long idleNanos(long nowNanos) {
        return lease != null ? 0 : nowNanos - idleSinceNanos;
    }

    SessionInfo info(long nowNanos) {
        SessionState state = closing ? SessionState.CLOSING
                : lease != null ? SessionState.LENT
                : validating ? SessionState.VALIDATING
                : SessionState.IDLE;
        return new SessionInfo(id, key, state, Duration.ofNanos(nowNanos - createdNanos),
                Duration.ofNanos(idleNanos(nowNanos)), borrowCount.get(), generation, protocolVersion);
    }

    @Override
    public String toString() {
        return "session " + id + " (" + key + ", generation " + generation + ")";
    }
}
