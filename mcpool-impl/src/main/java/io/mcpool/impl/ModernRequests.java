package io.mcpool.impl;

import io.mcpool.BorrowOptions;
import io.mcpool.impl.transport.ModernHttp;
import io.mcpool.spi.McpOperation;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.modern.client.McpAsyncClient;
import io.modelcontextprotocol.modern.client.McpInvalidResultException;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * One lease's requests on a handle of the stateless revision 2026-07-28. Without a deadline of its own a request
 * goes through the handle's sync client ({@link ModernCalls}), as before. With one it goes through the handle's
 * async client, bounded by the {@link Deadline}: when the deadline passes, or the caller is interrupted, the
 * request's subscription is cancelled, which closes its HTTP response stream. That is how a client cancels a
 * request in 2026-07-28 over streamable HTTP (the server must take the disconnect as the cancellation; no
 * {@code notifications/cancelled} is sent), so the server stops the work and the handle stays as good as it was.
 * Asynchronous tool calls use {@link #callTool(McpAsyncClient, McpSchema.CallToolRequest, InputRounds)} the same way.
 *
 * <p>On the async client, as on the sync one, a request's input rounds are answered by the handlers of the lease that
 * made it (else the pool's), each round sent once and the whole exchange bounded by the deadline
 * ({@link InputRounds#resolveAsync}); its log messages reach that lease's {@code loggingListener}, named in the
 * request's transport context ({@link #context}), since the client serves many leases at once.
 */
final class ModernRequests {

    private final ManagedSession handle;
    private final Deadline deadline;
    private final McpTransportContext context;
    private final BorrowOptions lease;

    private ModernRequests(ManagedSession handle, Deadline deadline, BorrowOptions lease) {
        this.handle = handle;
        this.deadline = deadline;
        this.lease = lease;
        this.context = deadline == null ? null : context(handle, lease);
    }

    /**
     * @param handle   a handle of the stateless revision
     * @param deadline the call's own deadline, or null
     * @param lease    the options of the lease making the requests
     */
    static ModernRequests of(ManagedSession handle, Deadline deadline, BorrowOptions lease) {
        return new ModernRequests(handle, deadline, lease);
    }

    /**
     * @return the transport context of a request of {@code handle}'s lease on the async client: its partition, the
     *     lease's headers, and the lease whose {@code loggingListener} hears the request's log messages
     *     ({@link ModernLogs})
     */
    static McpTransportContext context(ManagedSession handle, BorrowOptions lease) {
        return ModernLogs.with(ModernHttp.context(handle.key(), lease.headers()), lease);
    }

    /**
     * @param rounds what answers the server's input rounds: the handlers of the lease that made the call (else the
     *     pool's), its progress listener hearing the call's progress
     * @return the tool call on an async client of the revision, its result in the session-based type
     */
    static Mono<McpSchema.CallToolResult> callTool(McpAsyncClient client, McpSchema.CallToolRequest request,
            InputRounds rounds) {
        McpAsyncClient.ToolSpec call = client.tool(request.name())
                .arguments(request.arguments() == null ? Map.of() : request.arguments());
        Map<String, Object> meta = ModernCalls.withoutProgressToken(request.meta());
        McpAsyncClient.ToolSpec withMeta = meta.isEmpty() ? call : call.meta(meta);
        java.util.function.Consumer<io.modelcontextprotocol.modern.McpSchema.ProgressParams> progress =
                ModernCalls.progressTo(rounds.progressListener());
        McpAsyncClient.ToolSpec first = progress == null ? withMeta
                : withMeta.progress(p -> Mono.fromRunnable(() -> progress.accept(p)));
        return rounds.resolveAsync(McpOperation.TOOLS_CALL + " " + request.name(), (answers, state) -> InputRounds.round(
                first, answers, state, McpAsyncClient.ToolSpec::inputResponses, McpAsyncClient.ToolSpec::requestState)
                .callOnce()).map(result -> ModernCalls.convert(result, McpSchema.CallToolResult.class));
    }

    McpSchema.CallToolResult callTool(McpSchema.CallToolRequest request, Map<String, Object> meta) {
        if (deadline == null) {
            return ModernCalls.callTool(handle.modernClient(), request, meta, handle.inputRounds());
        }
        McpSchema.CallToolRequest sent = meta.isEmpty() ? request
                : new McpSchema.CallToolRequest(request.name(), request.arguments(), meta);
        return await(callTool(async(), sent, rounds()), McpOperation.TOOLS_CALL + " " + request.name());
    }

    ListingCache.Answer<List<McpSchema.Tool>> listTools(Map<String, Object> meta) {
        if (deadline == null) {
            return ModernCalls.listTools(handle.modernClient(), meta);
        }
        return ModernCalls.listTools(cursor -> await(page(async().tools(), cursor, meta), McpOperation.TOOLS_LIST));
    }

    ListingCache.Answer<List<McpSchema.Resource>> listResources(Map<String, Object> meta) {
        if (deadline == null) {
            return ModernCalls.listResources(handle.modernClient(), meta);
        }
        return ModernCalls.listing(cursor -> await(page(async().resources(), cursor, meta), McpOperation.RESOURCES_LIST),
                io.modelcontextprotocol.modern.McpSchema.ListResourcesResult::resources,
                io.modelcontextprotocol.modern.McpSchema.ListResourcesResult::nextCursor, McpSchema.Resource.class);
    }

    ListingCache.Answer<List<McpSchema.ResourceTemplate>> listResourceTemplates(Map<String, Object> meta) {
        if (deadline == null) {
            return ModernCalls.listResourceTemplates(handle.modernClient(), meta);
        }
        return ModernCalls.listing(cursor -> await(page(async().resourceTemplates(), cursor, meta),
                McpOperation.RESOURCES_TEMPLATES_LIST),
                io.modelcontextprotocol.modern.McpSchema.ListResourceTemplatesResult::resourceTemplates,
                io.modelcontextprotocol.modern.McpSchema.ListResourceTemplatesResult::nextCursor,
                McpSchema.ResourceTemplate.class);
    }

    ListingCache.Answer<List<McpSchema.Prompt>> listPrompts(Map<String, Object> meta) {
        if (deadline == null) {
            return ModernCalls.listPrompts(handle.modernClient(), meta);
        }
        return ModernCalls.listing(cursor -> await(page(async().prompts(), cursor, meta), McpOperation.PROMPTS_LIST),
                io.modelcontextprotocol.modern.McpSchema.ListPromptsResult::prompts,
                io.modelcontextprotocol.modern.McpSchema.ListPromptsResult::nextCursor, McpSchema.Prompt.class);
    }

    ListingCache.Answer<McpSchema.ReadResourceResult> readResource(String uri, Map<String, Object> meta) {
        if (deadline == null) {
            return ModernCalls.readResource(handle.modernClient(), uri, meta, handle.inputRounds());
        }
        McpAsyncClient.ResourceSpec read = async().resource(uri);
        McpAsyncClient.ResourceSpec first = meta.isEmpty() ? read : read.meta(meta);
        String what = McpOperation.RESOURCES_READ + " " + uri;
        boolean[] tookRounds = {false};
        io.modelcontextprotocol.modern.McpSchema.ReadResourceOutcome result = await(rounds().resolveAsync(what,
                (answers, state) -> {
                    tookRounds[0] |= answers != null || state != null;
                    return InputRounds.round(first, answers, state, McpAsyncClient.ResourceSpec::inputResponses,
                            McpAsyncClient.ResourceSpec::requestState).readOnce();
                }), McpOperation.RESOURCES_READ);
        return ModernCalls.readAnswer(result, tookRounds[0]);
    }

    McpSchema.GetPromptResult getPrompt(String name, Map<String, Object> arguments, Map<String, Object> meta) {
        if (deadline == null) {
            return ModernCalls.getPrompt(handle.modernClient(), name, arguments, meta, handle.inputRounds());
        }
        Map<String, String> args = new LinkedHashMap<>();
        arguments.forEach((k, v) -> args.put(k, v == null ? null : String.valueOf(v)));
        McpAsyncClient.PromptSpec get = async().prompt(name).arguments(args);
        McpAsyncClient.PromptSpec first = meta.isEmpty() ? get : get.meta(meta);
        String what = McpOperation.PROMPTS_GET + " " + name;
        return ModernCalls.convert(await(rounds().resolveAsync(what, (answers, state) -> InputRounds.round(first, answers,
                state, McpAsyncClient.PromptSpec::inputResponses, McpAsyncClient.PromptSpec::requestState).getOnce()),
                what), McpSchema.GetPromptResult.class);
    }

    /** {@code server/discover}, as {@code ping} on this revision. */
    void ping() {
        if (deadline == null) {
            handle.pingStateless();
            return;
        }
        // The async client keeps no discover cache. A result without ttlMs, which the SDK refuses, still answered.
        await(async().discover().onErrorResume(McpInvalidResultException.class, answered -> Mono.empty()),
                McpOperation.PING);
    }

    /** @return rounds answered by this lease's handlers, else the pool's */
    private InputRounds rounds() {
        return handle.inputRounds().of(lease);
    }

    private McpAsyncClient async() {
        McpAsyncClient client = handle.modernAsyncClient();
        if (client == null) {
            throw new IllegalStateException("Handle " + handle.id() + " has no asynchronous 2026-07-28 client");
        }
        return client;
    }

    private <T> T await(Mono<T> request, String what) {
        return deadline.await(request, context, what);
    }

    private static <R extends io.modelcontextprotocol.modern.McpSchema.CacheableResult> Mono<R> page(
            McpAsyncClient.ListSpec<R> list, String cursor, Map<String, Object> meta) {
        McpAsyncClient.ListSpec<R> spec = cursor == null ? list : list.cursor(cursor);
        return (meta.isEmpty() ? spec : spec.meta(meta)).list();
    }
}
