package io.mcpool.impl;

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
 */
final class SessionLease implements PooledSession {

    /** Bounds a paginated listing, so a server that repeats a cursor cannot loop us forever. */
    private static final int MAX_PAGES = 10_000;

    private final DefaultMcpPool pool;
    private final ManagedSession session;
    private final McpTransportContext context;
    private final long borrowedNanos;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean invalidated;

    SessionLease(DefaultMcpPool pool, ManagedSession session, Map<String, String> headers, long borrowedNanos) {
        this.pool = pool;
        this.session = session;
        this.context = headers.isEmpty() ? McpTransportContext.EMPTY
                : McpTransportContext.create(Map.of(SessionHeaders.LEASE_HEADERS, Map.copyOf(headers)));
        this.borrowedNanos = borrowedNanos;
    }

    McpTransportContext transportContext() {
        if (closed.get()) {
            throw closedError();
        }
        return context;
    }

    ManagedSession session() {
        return session;
    }

    long borrowedNanos() {
        return borrowedNanos;
    }

    boolean isInvalidated() {
        return invalidated;
    }

    @Override
    public String sessionId() {
        ensureOpen();
        return session.id();
    }

    @Override
    public SessionKey key() {
        return session.key();
    }

    @Override
    public McpSchema.CallToolResult callTool(String name, Map<String, Object> arguments) {
        Objects.requireNonNull(name, "name");
        return callTool(new McpSchema.CallToolRequest(name, arguments == null ? Map.of() : arguments));
    }

    @Override
    public McpSchema.CallToolResult callTool(McpSchema.CallToolRequest request) {
        return call(c -> c.callTool(request));
    }

    @Override
    public List<McpSchema.Tool> listTools() {
        return call(c -> paginate(c::listTools, McpSchema.ListToolsResult::tools, McpSchema.ListToolsResult::nextCursor));
    }

    @Override
    public void ping() {
        call(McpSyncClient::ping);
    }

    @Override
    public List<McpSchema.Resource> listResources() {
        return call(c -> paginate(c::listResources, McpSchema.ListResourcesResult::resources,
                McpSchema.ListResourcesResult::nextCursor));
    }

    @Override
    public McpSchema.ReadResourceResult readResource(String uri) {
        Objects.requireNonNull(uri, "uri");
        return call(c -> c.readResource(new McpSchema.ReadResourceRequest(uri)));
    }

    @Override
    public List<McpSchema.Prompt> listPrompts() {
        return call(c -> paginate(c::listPrompts, McpSchema.ListPromptsResult::prompts,
                McpSchema.ListPromptsResult::nextCursor));
    }

    @Override
    public McpSchema.GetPromptResult getPrompt(String name, Map<String, Object> arguments) {
        Objects.requireNonNull(name, "name");
        return call(c -> c.getPrompt(new McpSchema.GetPromptRequest(name, arguments == null ? Map.of() : arguments)));
    }

    @Override
    public McpSyncClient client() {
        ensureOpen();
        return session.client();
    }

    @Override
    public void invalidate() {
        ensureOpen();
        invalidated = true;
    }

    @Override
    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            pool.release(this);
        }
    }

    private <T> T call(Function<McpSyncClient, T> action) {
        ensureOpen();
        try {
            return action.apply(session.client());
        } catch (RuntimeException e) {
            if (Failures.leavesSessionUsable(e)) {
                throw e;
            }
            session.markBroken(e);
            pool.onLeaseError(this, e);
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

    private void ensureOpen() {
        if (closed.get()) {
            throw closedError();
        }
    }

    private IllegalStateException closedError() {
        return new IllegalStateException("This lease on session " + session.id() + " of pool '" + pool.name()
                + "' is closed; borrow a new session");
    }

    @Override
    public String toString() {
        return "PooledSession{" + session.id() + ", " + session.key() + (closed.get() ? ", closed" : "") + '}';
    }

}
