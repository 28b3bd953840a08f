package io.mcpool.impl;

import io.mcpool.spi.McpOperation;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A lease's reads of its server: the listings of resources, resource templates and prompts, resource contents and
 * prompts, in both revisions. What a 2026-07-28 server lets clients reuse is served from the pool's
 * {@link ListingCache} while fresh; everything else is sent through {@link SessionLease#call} (retries,
 * interceptors, cancellation), so a reused answer is not a request: no interceptor, span or retry sees it.
 */
final class LeaseReads {

    private LeaseReads() {
    }

    static List<McpSchema.Resource> listResources(SessionLease lease, Deadline deadline) {
        McpTransportContext context = lease.transportContext();
        String method = McpOperation.RESOURCES_LIST;
        return reusable(lease, method, "", () -> lease.call(method, null, (s, meta) -> ListingCache.Answer.once(
                Paging.all(cursor -> deadline == null
                        ? (meta.isEmpty() ? s.client().listResources(cursor) : s.client().listResources(cursor, meta))
                        : deadline.await(s.asyncClient().listResources(cursor, meta), context, method),
                        McpSchema.ListResourcesResult::resources, McpSchema.ListResourcesResult::nextCursor)),
                ModernRequests::listResources, () -> true, deadline));
    }

    static List<McpSchema.ResourceTemplate> listResourceTemplates(SessionLease lease, Deadline deadline) {
        McpTransportContext context = lease.transportContext();
        String method = McpOperation.RESOURCES_TEMPLATES_LIST;
        return reusable(lease, method, "", () -> lease.call(method, null, (s, meta) -> ListingCache.Answer.once(
                Paging.all(cursor -> deadline == null ? (meta.isEmpty() ? s.client().listResourceTemplates(cursor)
                                : s.client().listResourceTemplates(cursor, meta))
                        : deadline.await(s.asyncClient().listResourceTemplates(cursor, meta), context, method),
                        McpSchema.ListResourceTemplatesResult::resourceTemplates,
                        McpSchema.ListResourceTemplatesResult::nextCursor)),
                ModernRequests::listResourceTemplates, () -> true, deadline));
    }

    static McpSchema.ReadResourceResult readResource(SessionLease lease, String uri, Deadline deadline) {
        Objects.requireNonNull(uri, "uri");
        McpTransportContext context = lease.transportContext();
        String method = McpOperation.RESOURCES_READ;
        return reusable(lease, method, uri, () -> lease.call(method, uri, (s, meta) -> {
            McpSchema.ReadResourceRequest request = meta.isEmpty() ? new McpSchema.ReadResourceRequest(uri)
                    : new McpSchema.ReadResourceRequest(uri, meta);
            return ListingCache.Answer.once(deadline == null ? s.client().readResource(request)
                    : deadline.await(s.asyncClient().readResource(request), context, method));
        }, (m, meta) -> m.readResource(uri, meta), () -> true, deadline));
    }

    static List<McpSchema.Prompt> listPrompts(SessionLease lease, Deadline deadline) {
        McpTransportContext context = lease.transportContext();
        String method = McpOperation.PROMPTS_LIST;
        return reusable(lease, method, "", () -> lease.call(method, null, (s, meta) -> ListingCache.Answer.once(
                Paging.all(cursor -> deadline == null
                        ? (meta.isEmpty() ? s.client().listPrompts(cursor) : s.client().listPrompts(cursor, meta))
                        : deadline.await(s.asyncClient().listPrompts(cursor, meta), context, method),
                        McpSchema.ListPromptsResult::prompts, McpSchema.ListPromptsResult::nextCursor)),
                ModernRequests::listPrompts, () -> true, deadline));
    }

    /** {@code prompts/get}: never reused (the revision does not make it cacheable). */
    static McpSchema.GetPromptResult getPrompt(SessionLease lease, String name, Map<String, Object> arguments,
            Deadline deadline) {
        Objects.requireNonNull(name, "name");
        McpTransportContext context = lease.transportContext();
        Map<String, Object> args = arguments == null ? Map.of() : arguments;
        return lease.call(McpOperation.PROMPTS_GET, name, (s, meta) -> {
            McpSchema.GetPromptRequest request = meta.isEmpty() ? new McpSchema.GetPromptRequest(name, args)
                    : new McpSchema.GetPromptRequest(name, args, meta);
            return deadline == null ? s.client().getPrompt(request)
                    : deadline.await(s.asyncClient().getPrompt(request), context, McpOperation.PROMPTS_GET + " " + name);
        }, (m, meta) -> m.getPrompt(name, args, meta), () -> true, deadline);
    }

    /** @return an answer of a 2026-07-28 server this lease may reuse, else {@code send}'s */
    static <T> T reusable(SessionLease lease, String method, String param, Supplier<ListingCache.Answer<T>> send) {
        lease.transportContext(); // a closed lease is served nothing
        ManagedSession held = lease.session();
        if (held != null && !held.isStateless()) {
            return send.get().value(); // a session-based server's answers are never kept: nothing to look up
        }
        return lease.lender().reusable(lease.options(), lease.key(), method, param, send);
    }
}
