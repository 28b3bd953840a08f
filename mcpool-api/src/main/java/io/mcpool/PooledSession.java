package io.mcpool;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A lease on one pooled MCP session: exclusive use of the session until {@link #close()}, which
 * gives it back. Use it in try-with-resources.
 *
 * <p>After {@code close()} every method throws {@link IllegalStateException}, including requests
 * made through the {@link #client()} escape hatch; {@code close()} itself may be called again
 * harmlessly. A lease is meant for one thread at a time.
 *
 * <p>Every request has an overload taking {@link CallOptions}, for a deadline of its own: when it passes,
 * the call fails with {@link CallTimeoutException} and the server is sent {@code notifications/cancelled}
 * (on the stateless revision 2026-07-28 over HTTP, the request's response stream is closed instead).
 * A caller interrupted while it waits cancels the request on the server the same way. Either leaves the
 * session usable when its transport is healthy. {@link #callToolAsync} sends a tool call without
 * holding the calling thread.
 *
 * <p>A failure that leaves the session unusable (transport error, timeout, lost server session)
 * retires the session when the lease is closed; a tool error ({@code CallToolResult.isError()}) or
 * a JSON-RPC error from the server does not.
 *
 * <h2 id="reuse">Reused answers</h2>
 * A server of the stateless revision 2026-07-28 says how long its listings and resource contents may be
 * reused ({@code ttlMs}) and by whom ({@code cacheScope}). The pool keeps such answers of
 * {@code tools/list}, {@code prompts/list}, {@code resources/list}, {@code resources/templates/list} and
 * {@code resources/read} (per URI) for the leases of all its borrowers, never longer than its
 * {@code toolCacheTtl}: a {@code private} answer is served only to borrowers of the tenant that fetched it,
 * a {@code public} one to every borrower; an answer without {@code ttlMs} (or 0), one that needed input
 * rounds, and every answer of a session-based server are never reused. A change the server reports on
 * {@code subscriptions/listen} forgets the answers it concerns. A borrower that sends headers of its own
 * (other than the pool's {@code tenantHeader}) is served and leaves only {@code public} answers.
 */
public interface PooledSession extends AutoCloseable {

    /** @return the pool's id of the underlying session (stable across leases) */
    String sessionId();

    /** @return the partition the session was created for */
    SessionKey key();

    /**
     * Calls a tool.
     *
     * @param name      the tool
     * @param arguments its arguments (may be empty)
     * @return the result; {@code isError()} reports a tool-level failure
     */
    McpSchema.CallToolResult callTool(String name, Map<String, Object> arguments);

    /**
     * Calls a tool with a full request (e.g. with {@code _meta}).
     *
     * @param request the request
     * @return the result
     */
    McpSchema.CallToolResult callTool(McpSchema.CallToolRequest request);

    /**
     * Calls a tool within a deadline of its own.
     *
     * @param name      the tool
     * @param arguments its arguments (may be empty)
     * @param options   the call's deadline ({@link CallOptions#none()} for the pool's {@code requestTimeout})
     * @return the result; {@code isError()} reports a tool-level failure
     * @throws CallTimeoutException when the deadline passed first (the server was told to cancel)
     */
    McpSchema.CallToolResult callTool(String name, Map<String, Object> arguments, CallOptions options);

    /**
     * Calls a tool with a full request, within a deadline of its own.
     *
     * @param request the request
     * @param options the call's deadline
     * @return the result
     * @throws CallTimeoutException when the deadline passed first (the server was told to cancel)
     */
    McpSchema.CallToolResult callTool(McpSchema.CallToolRequest request, CallOptions options);

    /**
     * Sends a tool call and returns at once: no thread waits while the tool runs. The lease stays
     * yours: make no other call on it, and do not close it, before the future completes.
     *
     * <p>Cancelling the future (or completing it yourself) cancels the call: the server is sent
     * {@code notifications/cancelled} (2026-07-28 over HTTP: the request's response stream is closed). A deadline in {@code options} fails the future with
     * {@link CallTimeoutException}. Unlike the blocking calls, a failed asynchronous call is not repeated
     * on a fresh session. Stages you chain without an executor run on the transport's I/O thread: give
     * blocking work an executor of its own.
     *
     * @param request the request
     * @param options the call's deadline
     * @return the result, or the failure
     * @throws IllegalStateException when the lease is closed
     */
    CompletableFuture<McpSchema.CallToolResult> callToolAsync(McpSchema.CallToolRequest request, CallOptions options);

    /**
     * {@link #callToolAsync(McpSchema.CallToolRequest, CallOptions)} without per-call options.
     *
     * @param name      the tool
     * @param arguments its arguments (may be empty)
     * @return the result, or the failure
     */
    default CompletableFuture<McpSchema.CallToolResult> callToolAsync(String name, Map<String, Object> arguments) {
        java.util.Objects.requireNonNull(name, "name");
        return callToolAsync(new McpSchema.CallToolRequest(name, arguments == null ? Map.of() : arguments),
                CallOptions.none());
    }

    /**
     * @return every tool of the server, all pages followed; not the pool's cached list (see
     *     {@link McpPool#listTools()}). From a server of the stateless revision 2026-07-28, reused for as long as its
     *     answer's {@code ttlMs} allows (see <a href="#reuse">reused answers</a>).
     */
    List<McpSchema.Tool> listTools();

    /**
     * @param options the deadline for the whole listing, every page included
     * @return every tool of the server, all pages followed (reused as {@link #listTools()} says)
     * @throws CallTimeoutException when the deadline passed first
     */
    List<McpSchema.Tool> listTools(CallOptions options);

    /** Sends MCP {@code ping}. */
    void ping();

    /**
     * Sends MCP {@code ping} within a deadline.
     *
     * @param options the deadline
     * @throws CallTimeoutException when the deadline passed first
     */
    void ping(CallOptions options);

    /** @return every resource of the server, all pages followed (reused: see <a href="#reuse">reused answers</a>) */
    List<McpSchema.Resource> listResources();

    /**
     * @param options the deadline for the whole listing, every page included
     * @return every resource of the server, all pages followed
     * @throws CallTimeoutException when the deadline passed first
     */
    List<McpSchema.Resource> listResources(CallOptions options);

    /**
     * @return every resource template of the server, all pages followed (reused: see
     *     <a href="#reuse">reused answers</a>)
     */
    List<McpSchema.ResourceTemplate> listResourceTemplates();

    /**
     * @param options the deadline for the whole listing, every page included
     * @return every resource template of the server, all pages followed
     * @throws CallTimeoutException when the deadline passed first
     */
    List<McpSchema.ResourceTemplate> listResourceTemplates(CallOptions options);

    /**
     * @param uri the resource URI
     * @return its contents (reused: see <a href="#reuse">reused answers</a>)
     */
    McpSchema.ReadResourceResult readResource(String uri);

    /**
     * @param uri     the resource URI
     * @param options the deadline
     * @return its contents
     * @throws CallTimeoutException when the deadline passed first
     */
    McpSchema.ReadResourceResult readResource(String uri, CallOptions options);

    /** @return every prompt of the server, all pages followed (reused: see <a href="#reuse">reused answers</a>) */
    List<McpSchema.Prompt> listPrompts();

    /**
     * @param options the deadline for the whole listing, every page included
     * @return every prompt of the server, all pages followed
     * @throws CallTimeoutException when the deadline passed first
     */
    List<McpSchema.Prompt> listPrompts(CallOptions options);

    /**
     * @param name      the prompt
     * @param arguments its arguments (may be empty)
     * @return the rendered prompt
     */
    McpSchema.GetPromptResult getPrompt(String name, Map<String, Object> arguments);

    /**
     * @param name      the prompt
     * @param arguments its arguments (may be empty)
     * @param options   the deadline
     * @return the rendered prompt
     * @throws CallTimeoutException when the deadline passed first
     */
    McpSchema.GetPromptResult getPrompt(String name, Map<String, Object> arguments, CallOptions options);

    /**
     * The escape hatch: the SDK client behind this lease, for what this interface does not cover.
     * Requests made through it after the lease is closed fail with {@link IllegalStateException}
     * while the session sits in the pool. The client belongs to the session, not the lease: do not
     * keep it past {@link #close()} (once the session is lent again, a kept reference would act
     * under the new lease), and do not close it: close the lease.
     *
     * @return the underlying client
     * @throws UnsupportedOperationException when the endpoint speaks the stateless revision 2026-07-28, which has
     *     no session-based client: use {@link #modernClient()}
     */
    McpSyncClient client();

    /**
     * The SDK's client of the stateless MCP revision 2026-07-28, for what this interface does not cover, when the
     * pool speaks that revision to its endpoint ({@code protocol} {@code 2026-07-28}, or {@code auto} against such a
     * server). It is a handle on the pool's shared HTTP client that carries this lease's headers and identity on each
     * request; use it only while the lease is open. Its own {@code discover()} and {@code listTools()} caches are
     * per lease handle: prefer the pool's {@code listTools()}, which honours {@code ttlMs} and {@code cacheScope}.
     *
     * @return the 2026-07-28 client of this lease
     * @throws UnsupportedOperationException when the endpoint speaks a session-based revision: use {@link #client()}
     * @throws IllegalStateException         if the lease is closed
     */
    default io.modelcontextprotocol.modern.client.McpSyncClient modernClient() {
        throw new UnsupportedOperationException("This lease speaks a session-based MCP revision: use client()");
    }

    /**
     * @return the MCP revision this lease speaks: a session-based one such as {@code 2025-11-25}, or the stateless
     *     {@code 2026-07-28}
     */
    default String protocolVersion() {
        return io.modelcontextprotocol.spec.ProtocolVersions.MCP_2025_11_25;
    }

    /**
     * Marks the session as unusable: it is destroyed instead of returned when the lease closes.
     * Use it when you know better than the pool that the session is broken.
     */
    void invalidate();

    /** @return true once {@link #close()} was called */
    boolean isClosed();

    /** Gives the session back to the pool (or retires it). Idempotent. */
    @Override
    void close();
}
