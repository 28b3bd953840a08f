package io.mcpool.impl;

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
 * Asynchronous tool calls use {@link #callTool(McpAsyncClient, McpSchema.CallToolRequest)} the same way.
 */
final class ModernRequests {

    private final ManagedSession handle;
    private final Deadline deadline;
    private final McpTransportContext context;

    private ModernRequests(ManagedSession handle, Deadline deadline, McpTransportContext context) {
        this.handle = handle;
        this.deadline = deadline;
        this.context = context;
    }

    /**
     * @param handle       a handle of the stateless revision
     * @param deadline     the call's own deadline, or null
     * @param leaseHeaders the headers of the lease making the requests
     */
    static ModernRequests of(ManagedSession handle, Deadline deadline, Map<String, String> leaseHeaders) {
        return new ModernRequests(handle, deadline, deadline == null ? null : context(handle, leaseHeaders));
    }

    /** @return the transport context of a request of {@code handle}'s lease: its partition and the lease's headers */
    static McpTransportContext context(ManagedSession handle, Map<String, String> leaseHeaders) {
        return ModernHttp.context(handle.key(), leaseHeaders);
    }

    /** @return the tool call on an async client of the revision, its result in the session-based type */
    static Mono<McpSchema.CallToolResult> callTool(McpAsyncClient client, McpSchema.CallToolRequest request) {
        McpAsyncClient.ToolSpec call = client.tool(request.name())
                .arguments(request.arguments() == null ? Map.of() : request.arguments());
        Map<String, Object> meta = request.meta();
        return (meta == null || meta.isEmpty() ? call : call.meta(meta)).call()
                .map(result -> ModernCalls.convert(result, McpSchema.CallToolResult.class));
    }

    McpSchema.CallToolResult callTool(McpSchema.CallToolRequest request, Map<String, Object> meta) {
        if (deadline == null) {
            return ModernCalls.callTool(handle.modernClient(), request, meta, handle.inputRounds());
        }
        McpSchema.CallToolRequest sent = meta.isEmpty() ? request
                : new McpSchema.CallToolRequest(request.name(), request.arguments(), meta);
        return await(callTool(async(), sent), McpOperation.TOOLS_CALL + " " + request.name());
    }

    ModernCalls.Listing listTools(Map<String, Object> meta) {
        if (deadline == null) {
            return ModernCalls.listTools(handle.modernClient(), meta);
        }
        return ModernCalls.listTools(cursor -> await(page(async().tools(), cursor, meta), McpOperation.TOOLS_LIST));
    }

    List<McpSchema.Resource> listResources(Map<String, Object> meta) {
        if (deadline == null) {
            return ModernCalls.listResources(handle.modernClient(), meta);
        }
        return ModernCalls.all(cursor -> await(page(async().resources(), cursor, meta), McpOperation.RESOURCES_LIST),
                io.modelcontextprotocol.modern.McpSchema.ListResourcesResult::resources,
                io.modelcontextprotocol.modern.McpSchema.ListResourcesResult::nextCursor, McpSchema.Resource.class);
    }

    List<McpSchema.Prompt> listPrompts(Map<String, Object> meta) {
        if (deadline == null) {
            return ModernCalls.listPrompts(handle.modernClient(), meta);
        }
        return ModernCalls.all(cursor -> await(page(async().prompts(), cursor, meta), McpOperation.PROMPTS_LIST),
                io.modelcontextprotocol.modern.McpSchema.ListPromptsResult::prompts,
                io.modelcontextprotocol.modern.McpSchema.ListPromptsResult::nextCursor, McpSchema.Prompt.class);
    }

    McpSchema.ReadResourceResult readResource(String uri, Map<String, Object> meta) {
        if (deadline == null) {
            return ModernCalls.readResource(handle.modernClient(), uri, meta, handle.inputRounds());
        }
        McpAsyncClient.ResourceSpec read = async().resource(uri);
        return ModernCalls.convert(await((meta.isEmpty() ? read : read.meta(meta)).read(), McpOperation.RESOURCES_READ),
                McpSchema.ReadResourceResult.class);
    }

    McpSchema.GetPromptResult getPrompt(String name, Map<String, Object> arguments, Map<String, Object> meta) {
        if (deadline == null) {
            return ModernCalls.getPrompt(handle.modernClient(), name, arguments, meta, handle.inputRounds());
        }
        Map<String, String> args = new LinkedHashMap<>();
        arguments.forEach((k, v) -> args.put(k, v == null ? null : String.valueOf(v)));
        McpAsyncClient.PromptSpec get = async().prompt(name).arguments(args);
        return ModernCalls.convert(await((meta.isEmpty() ? get : get.meta(meta)).get(),
                McpOperation.PROMPTS_GET + " " + name), McpSchema.GetPromptResult.class);
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
