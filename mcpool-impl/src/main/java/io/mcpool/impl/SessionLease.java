package io.mcpool.impl;

import io.mcpool.BorrowOptions;
import io.mcpool.McpPoolException;
import io.mcpool.PooledSession;
import io.mcpool.SessionKey;
import io.mcpool.impl.transport.SessionHeaders;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A lease: exclusive use of one {@link ManagedSession} until {@link #close()}. Every call checks the
 * lease is open and classifies failures: anything but a JSON-RPC error from the server marks the
 * session broken, so it is destroyed on return instead of lent again.
 *
 * <p>Operations that are safe to repeat (listings, reads, {@code ping}, and tool calls that are
 * annotated idempotent or read-only, or that the borrower vouched for) are retried once on a fresh
 * session after a session-level failure; the lease then holds the fresh session.
 */
final class SessionLease implements PooledSession {

    /** Bounds a paginated listing, so a server that repeats a cursor cannot loop us forever. */
    private static final int MAX_PAGES = 10_000;

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
    public McpSchema.CallToolResult callTool(McpSchema.CallToolRequest request) {
        return call(c -> c.callTool(request), () -> options.retryToolCalls() || lender.isSafeToRepeat(request.name()));
    }

    @Override
    public List<McpSchema.Tool> listTools() {
        return call(c -> paginate(c::listTools, McpSchema.ListToolsResult::tools, McpSchema.ListToolsResult::nextCursor),
                () -> true);
    }

    @Override
    public void ping() {
        call(McpSyncClient::ping, () -> true);
    }

    @Override
    public List<McpSchema.Resource> listResources() {
        return call(c -> paginate(c::listResources, McpSchema.ListResourcesResult::resources,
                McpSchema.ListResourcesResult::nextCursor), () -> true);
    }

    @Override
    public McpSchema.ReadResourceResult readResource(String uri) {
        Objects.requireNonNull(uri, "uri");
        return call(c -> c.readResource(new McpSchema.ReadResourceRequest(uri)), () -> true);
    }

    @Override
    public List<McpSchema.Prompt> listPrompts() {
        return call(c -> paginate(c::listPrompts, McpSchema.ListPromptsResult::prompts,
                McpSchema.ListPromptsResult::nextCursor), () -> true);
    }

    @Override
    public McpSchema.GetPromptResult getPrompt(String name, Map<String, Object> arguments) {
        Objects.requireNonNull(name, "name");
        return call(c -> c.getPrompt(new McpSchema.GetPromptRequest(name, arguments == null ? Map.of() : arguments)),
                () -> true);
    }

    @Override
    public McpSyncClient client() {
        ManagedSession s = current();
        lender.used(s);
        return s.client();
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
    private interface SafeToRepeat {
        boolean get();
    }

    private <T> T call(Function<McpSyncClient, T> action, SafeToRepeat safeToRepeat) {
        ManagedSession first = current();
        try {
            return run(first, action);
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
            return run(fresh, action);
        }
    }

    private <T> T run(ManagedSession target, Function<McpSyncClient, T> action) {
        lender.used(target);
        try {
            return action.apply(target.client());
        } catch (RuntimeException e) {
            if (!Failures.leavesSessionUsable(e)) {
                target.markBroken(e);
                lender.leaseFailed(target, e);
            }
            throw e;
        }
    }

    private static <R, T> List<T> paginate(Function<String, R> page, Function<R, List<T>> items,
            Function<R, String> nextCursor) {
        List<T> all = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < MAX_PAGES; pages++) {
            R result = page.apply(cursor);
            List<T> batch = items.apply(result);
            if (batch != null) {
                all.addAll(batch);
            }
            String next = nextCursor.apply(result);
            if (next == null || next.isEmpty() || next.equals(cursor)) {
                return all;
            }
            cursor = next;
        }
        throw new McpPoolException("The server returned more than " + MAX_PAGES
                + " pages for one listing; stopped following nextCursor");
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
