package io.mcpool.impl;

import io.mcpool.BorrowOptions;
import io.mcpool.CallOptions;
import io.mcpool.PooledSession;
import io.mcpool.SessionKey;
import io.mcpool.event.PoolEvent;
import io.mcpool.impl.transport.SessionHeaders;
import io.mcpool.spi.McpOperation;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A lease: exclusive use of one {@link ManagedSession} until {@link #close()}. Every call checks the
 * lease is open and classifies failures: anything but a JSON-RPC error from the server marks the
 * session broken, so it is destroyed on return instead of lent again.
 *
 * <p>Operations that are safe to repeat (listings, reads, {@code ping}, and tool calls that are
 * annotated idempotent or read-only, or that the borrower vouched for) are retried once on a fresh
 * session after a session-level failure; the lease then holds the fresh session.
 *
 * <p>A call with a deadline of its own ({@link CallOptions}) goes through the session's async client, bounded
 * by a {@link Deadline}; one without goes through the sync client as before, at no extra cost. A call whose
 * caller gives up is cancelled on the server ({@link Cancellation}); asynchronous tool calls are
 * {@link AsyncToolCall}'s.
 */
final class SessionLease implements PooledSession {

    private final Lender lender;
    private final BorrowOptions options;
    private final SessionKey key;
    private final String tenantSlot;
    private final McpTransportContext context;
    private final long borrowedNanos;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile ManagedSession session;
    private volatile boolean invalidated;
    private volatile LeakDetector.Watch watch;

    SessionLease(Lender lender, ManagedSession session, BorrowOptions options, SessionKey key, String tenantSlot,
            long borrowedNanos) {
        this.lender = lender;
        this.session = session;
        this.options = options;
        this.key = key;
        this.tenantSlot = tenantSlot;
        this.context = options.headers().isEmpty() ? McpTransportContext.EMPTY
                : McpTransportContext.create(Map.of(SessionHeaders.LEASE_HEADERS, options.headers()));
        this.borrowedNanos = borrowedNanos;
    }

    McpTransportContext transportContext() {
        if (closed.get()) {
            throw closedError();
        }
        return context;
    }

    /** @return the session held now, or null after a failed retry lost it */
    ManagedSession session() {
        return session;
    }

    long borrowedNanos() {
        return borrowedNanos;
    }

    /** @return the tenant whose {@code maxConcurrentPerTenant} slot this lease holds, or null */
    String tenantSlot() {
        return tenantSlot;
    }

    Lender lender() {
        return lender;
    }

    /** @return how the lease was borrowed: its handlers and listeners answer the server for it */
    BorrowOptions options() {
        return options;
    }

    boolean isInvalidated() {
        return invalidated;
    }

    void watch(LeakDetector.Watch watch) {
        this.watch = watch;
    }

    @Override
    public String sessionId() {
        return current().id();
    }

    @Override
    public SessionKey key() {
        return key;
    }

    @Override
    public McpSchema.CallToolResult callTool(String name, Map<String, Object> arguments) {
        Objects.requireNonNull(name, "name");
        return callTool(new McpSchema.CallToolRequest(name, arguments == null ? Map.of() : arguments));
    }

    @Override
    public McpSchema.CallToolResult callTool(String name, Map<String, Object> arguments, CallOptions options) {
        Objects.requireNonNull(name, "name");
        return callTool(new McpSchema.CallToolRequest(name, arguments == null ? Map.of() : arguments), options);
    }

    @Override
    public McpSchema.CallToolResult callTool(McpSchema.CallToolRequest request) {
        return callTool(request, (Deadline) null);
    }

    @Override
    public McpSchema.CallToolResult callTool(McpSchema.CallToolRequest request, CallOptions options) {
        return callTool(request, Deadline.of(options, lender.poolName()));
    }

    @Override
    public CompletableFuture<McpSchema.CallToolResult> callToolAsync(McpSchema.CallToolRequest request,
            CallOptions options) {
        return callToolAsync(request, Deadline.of(options, lender.poolName()), null);
    }

    /**
     * @param deadline   the call's own deadline, or null
     * @param afterwards run once the call has finished and been accounted for (the pool's shortcut closes the
     *                   lease), or null
     */
    CompletableFuture<McpSchema.CallToolResult> callToolAsync(McpSchema.CallToolRequest request, Deadline deadline,
            Runnable afterwards) {
        Objects.requireNonNull(request, "request");
        ManagedSession target = current();
        boolean stateless = target.isStateless();
        McpTransportContext sent = stateless ? ModernRequests.context(target, options) : context;
        return AsyncToolCall.send(lender, target, sent, ClientFeatures.askingForProgress(request, options),
                deadline, stateless ? target.inputRounds().of(options) : null, afterwards);
    }

    /** @param deadline the call's own deadline, counted from when it was made (the pool's shortcut: before the borrow) */
    McpSchema.CallToolResult callTool(McpSchema.CallToolRequest toolCall, Deadline deadline) {
        Objects.requireNonNull(toolCall, "request");
        current(); // a closed lease sends nothing, so counts no call
        McpSchema.CallToolRequest request = ClientFeatures.askingForProgress(toolCall, options);
        long start = System.nanoTime();
        PoolEvent.ToolOutcome outcome = PoolEvent.ToolOutcome.FAILED;
        try {
            McpSchema.CallToolResult result = sendToolCall(request, deadline);
            outcome = result != null && Boolean.TRUE.equals(result.isError()) ? PoolEvent.ToolOutcome.TOOL_ERROR
                    : PoolEvent.ToolOutcome.OK;
            return result;
        } finally {
            lender.toolCalled(session, request.name(), System.nanoTime() - start, outcome);
        }
    }

    private McpSchema.CallToolResult sendToolCall(McpSchema.CallToolRequest request, Deadline deadline) {
        return call(McpOperation.TOOLS_CALL, request.name(), (s, meta) -> {
            McpSchema.CallToolRequest sent = meta.isEmpty() ? request
                    : new McpSchema.CallToolRequest(request.name(), request.arguments(), withMeta(request.meta(), meta));
            return deadline == null ? s.client().callTool(sent)
                    : deadline.await(s.asyncClient().callTool(sent), context, "tools/call " + request.name());
        }, (m, meta) -> m.callTool(request, withMeta(request.meta(), meta)),
                () -> options.retryToolCalls() || lender.isSafeToRepeat(request.name()), deadline);
    }

    @Override
    public List<McpSchema.Tool> listTools() {
        return listTools((Deadline) null);
    }

    @Override
    public List<McpSchema.Tool> listTools(CallOptions options) {
        return listTools(Deadline.of(options, lender.poolName()));
    }

    private List<McpSchema.Tool> listTools(Deadline deadline) {
        return LeaseReads.reusable(this, McpOperation.TOOLS_LIST, "", () -> toolListing(deadline));
    }

    /** @return every tool, with the freshness a 2026-07-28 server gave the listing (for the pool's cache) */
    ListingCache.Answer<List<McpSchema.Tool>> toolListing() {
        return toolListing(null);
    }

    private ListingCache.Answer<List<McpSchema.Tool>> toolListing(Deadline deadline) {
        return call(McpOperation.TOOLS_LIST, null, (s, meta) -> new ListingCache.Answer<>(Paging.all(cursor -> deadline == null
                ? (meta.isEmpty() ? s.client().listTools(cursor) : s.client().listTools(cursor, meta))
                : deadline.await(s.asyncClient().listTools(cursor, meta), context, McpOperation.TOOLS_LIST),
                McpSchema.ListToolsResult::tools, McpSchema.ListToolsResult::nextCursor), null, false),
                ModernRequests::listTools, () -> true, deadline);
    }

    @Override
    public void ping() {
        ping((Deadline) null);
    }

    @Override
    public void ping(CallOptions options) {
        ping(Deadline.of(options, lender.poolName()));
    }

    private void ping(Deadline deadline) {
        call(McpOperation.PING, null, (s, meta) -> deadline == null ? s.client().ping()
                : deadline.await(s.asyncClient().ping(), context, McpOperation.PING), (m, meta) -> {
                    m.ping();
                    return null;
                }, () -> true, deadline);
    }

    @Override
    public List<McpSchema.Resource> listResources() {
        return LeaseReads.listResources(this, null);
    }

    @Override
    public List<McpSchema.Resource> listResources(CallOptions options) {
        return LeaseReads.listResources(this, Deadline.of(options, lender.poolName()));
    }

    @Override
    public List<McpSchema.ResourceTemplate> listResourceTemplates() {
        return LeaseReads.listResourceTemplates(this, null);
    }

    @Override
    public List<McpSchema.ResourceTemplate> listResourceTemplates(CallOptions options) {
        return LeaseReads.listResourceTemplates(this, Deadline.of(options, lender.poolName()));
    }

    @Override
    public McpSchema.ReadResourceResult readResource(String uri) {
        return LeaseReads.readResource(this, uri, null);
    }

    @Override
    public McpSchema.ReadResourceResult readResource(String uri, CallOptions options) {
        return LeaseReads.readResource(this, uri, Deadline.of(options, lender.poolName()));
    }

    @Override
    public List<McpSchema.Prompt> listPrompts() {
        return LeaseReads.listPrompts(this, null);
    }

    @Override
    public List<McpSchema.Prompt> listPrompts(CallOptions options) {
        return LeaseReads.listPrompts(this, Deadline.of(options, lender.poolName()));
    }

    @Override
    public McpSchema.GetPromptResult getPrompt(String name, Map<String, Object> arguments) {
        return LeaseReads.getPrompt(this, name, arguments, null);
    }

    @Override
    public McpSchema.GetPromptResult getPrompt(String name, Map<String, Object> arguments, CallOptions options) {
        return LeaseReads.getPrompt(this, name, arguments, Deadline.of(options, lender.poolName()));
    }

    @Override
    public McpSyncClient client() {
        ManagedSession s = current();
        if (s.isStateless()) {
            throw new UnsupportedOperationException("Pool '" + lender.poolName() + "' speaks the stateless MCP revision "
                    + s.protocolVersion() + " to its endpoint, which has no session-based McpSyncClient: use "
                    + "modernClient() for the SDK's " + s.protocolVersion() + " client");
        }
        lender.used(s);
        return s.client();
    }

    @Override
    public io.modelcontextprotocol.modern.client.McpSyncClient modernClient() {
        ManagedSession s = current();
        if (!s.isStateless()) {
            throw new UnsupportedOperationException("Pool '" + lender.poolName() + "' speaks the session-based MCP "
                    + "revision " + s.protocolVersion() + " to its endpoint, which has no 2026-07-28 client: use client()");
        }
        lender.used(s);
        return s.modernClient();
    }

    @Override
    public String protocolVersion() {
        String version = current().protocolVersion();
        return version != null ? version : PooledSession.super.protocolVersion();
    }

    @Override
    public void invalidate() {
        current();
        invalidated = true;
    }

    @Override
    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            LeakDetector.Watch w = watch;
            if (w != null) {
                w.stop();
            }
            lender.release(this);
        }
    }

    /** What decides, only once a call has failed, whether repeating it is safe. */
    @FunctionalInterface
    interface SafeToRepeat {
        boolean get();
    }

    /** One MCP request on the session's client, with the {@code _meta} entries the interceptors add. */
    @FunctionalInterface
    interface Request<T> {
        T send(ManagedSession session, Map<String, Object> meta);
    }

    /** The same request on a handle of the stateless revision 2026-07-28. */
    @FunctionalInterface
    interface StatelessRequest<T> {
        T send(ModernRequests handle, Map<String, Object> meta);
    }

    <T> T call(String method, String target, Request<T> legacy, StatelessRequest<T> stateless,
            SafeToRepeat safeToRepeat, Deadline deadline) {
        ManagedSession first = current();
        // A handle of the stateless revision takes the same request on its clients of that revision.
        Request<T> action = (s, meta) -> s.isStateless()
                ? stateless.send(ModernRequests.of(s, deadline, options), meta) : legacy.send(s, meta);
        try {
            return run(first, method, target, 0, action);
        } catch (RuntimeException failure) {
            if (!first.isBroken() || closed.get() || Failures.isInterruption(failure) || !safeToRepeat.get()) {
                throw failure;
            }
            ManagedSession fresh;
            try {
                fresh = lender.replace(this, first);
            } catch (RuntimeException noFreshSession) {
                session = null;
                failure.addSuppressed(noFreshSession);
                throw failure;
            }
            session = fresh;
            return run(fresh, method, target, 1, action);
        }
    }

    private <T> T run(ManagedSession target, String method, String on, int attempt, Request<T> action) {
        lender.used(target);
        Object before = Cancellation.callStarts(target);
        try {
            Interceptors interceptors = lender.interceptors();
            // Without interceptors (the common case) no wrapping lambda is made per request.
            return interceptors.isEmpty() ? action.send(target, Map.of())
                    : interceptors.around(target, method, on, attempt, meta -> action.send(target, meta));
        } catch (RuntimeException e) {
            Boolean usable = Cancellation.afterFailure(target, before, context, e);
            if (usable == null ? !Failures.leavesSessionUsable(e) : !usable) {
                target.markBroken(e);
                lender.leaseFailed(target, e);
            }
            throw e;
        }
    }

    /** @return the caller's own {@code _meta} with the interceptors' entries added where the caller set none */
    static Map<String, Object> withMeta(Map<String, Object> own, Map<String, Object> added) {
        if (own == null || own.isEmpty()) {
            return added;
        }
        Map<String, Object> all = new HashMap<>(added);
        all.putAll(own);
        return all;
    }

    private ManagedSession current() {
        if (closed.get()) {
            throw closedError();
        }
        ManagedSession s = session;
        if (s == null) {
            throw new IllegalStateException("This lease of pool '" + lender.poolName() + "' lost its session when a retry "
                    + "found no fresh one; close it and borrow again");
        }
        return s;
    }

    private IllegalStateException closedError() {
        ManagedSession s = session;
        return new IllegalStateException("This lease" + (s == null ? "" : " on session " + s.id()) + " of pool '"
                + lender.poolName() + "' is closed; borrow a new session");
    }

    @Override
    public String toString() {
        ManagedSession s = session;
        return "PooledSession{" + (s == null ? "no session" : s.id()) + ", " + key
                + (closed.get() ? ", closed" : "") + '}';
    }
}
