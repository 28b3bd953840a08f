package io.mcpool.impl;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The lease's operations on an endpoint of the stateless revision 2026-07-28. The pool's data model stays the
 * session-based {@code io.modelcontextprotocol.spec.McpSchema}: requests are read from it and results converted to
 * it through their JSON form, which carries the same fields in both revisions (what only 2026-07-28 has, such as
 * {@code resultType}, {@code ttlMs} and {@code cacheScope}, is dropped; listings and reads keep their freshness in
 * a {@link ListingCache.Answer}).
 */
final class ModernCalls {

    private static final McpJsonMapper JSON = McpJsonDefaults.getMapper();

    private ModernCalls() {
    }

    /** @param rounds what answers the server's input rounds (the lease's handlers, else the pool's) */
    static McpSchema.CallToolResult callTool(McpSyncClient client, McpSchema.CallToolRequest request,
            Map<String, Object> meta, InputRounds rounds) {
        McpSyncClient.ToolSpec call = client.tool(request.name())
                .arguments(request.arguments() == null ? Map.of() : request.arguments());
        // The SDK's specs are immutable: each setter returns a new one. The SDK client sets the progressToken itself
        // (it refuses one in _meta) when asked to report progress: to the lease's listener here.
        Map<String, Object> sent = withoutProgressToken(meta);
        McpSyncClient.ToolSpec withMeta = sent.isEmpty() ? call : call.meta(sent);
        Consumer<io.modelcontextprotocol.modern.McpSchema.ProgressParams> progress = progressTo(rounds.progressListener());
        McpSyncClient.ToolSpec first = progress == null ? withMeta : withMeta.progress(progress);
        return convert(rounds.resolve("tools/call " + request.name(), (answers, state) -> InputRounds.round(first,
                answers, state, McpSyncClient.ToolSpec::inputResponses, McpSyncClient.ToolSpec::requestState).callOnce()),
                McpSchema.CallToolResult.class);
    }

    /** @return {@code meta} (may be null) without a {@code progressToken}: the SDK client sets its own, refusing ours */
    static Map<String, Object> withoutProgressToken(Map<String, Object> meta) {
        Map<String, Object> sent = meta == null ? new LinkedHashMap<>() : new LinkedHashMap<>(meta);
        sent.remove("progressToken");
        return sent;
    }

    /** @return what hands a call's progress to a lease's {@code listener} as the session-based type; null for none */
    static Consumer<io.modelcontextprotocol.modern.McpSchema.ProgressParams> progressTo(
            Consumer<McpSchema.ProgressNotification> listener) {
        return listener == null ? null : p -> listener.accept(convert(p, McpSchema.ProgressNotification.class));
    }

    static ListingCache.Answer<List<McpSchema.Tool>> listTools(McpSyncClient client, Map<String, Object> meta) {
        return listTools(cursor -> page(client.tools(), cursor, meta));
    }

    /** @param pages fetches the page at a cursor (null: the first) */
    static ListingCache.Answer<List<McpSchema.Tool>> listTools(
            Function<String, io.modelcontextprotocol.modern.McpSchema.ListToolsResult> pages) {
        return listing(pages, io.modelcontextprotocol.modern.McpSchema.ListToolsResult::tools,
                io.modelcontextprotocol.modern.McpSchema.ListToolsResult::nextCursor, McpSchema.Tool.class);
    }

    /**
     * @param pages fetches the page at a cursor (null: the first)
     * @return every page's items, fresh for the shortest {@code ttlMs} of the pages (zero when a page had none), public
     *     when every page said {@code cacheScope: public}
     */
    static <R extends io.modelcontextprotocol.modern.McpSchema.CacheableResult, M, T> ListingCache.Answer<List<T>> listing(
            Function<String, R> pages, Function<R, List<M>> items, Function<R, String> nextCursor, Class<T> type) {
        Duration[] freshFor = {null};
        boolean[] publicScope = {true};
        List<T> all = Paging.all(pages, page -> {
            Duration ttl = freshness(page);
            freshFor[0] = freshFor[0] == null || ttl.compareTo(freshFor[0]) < 0 ? ttl : freshFor[0];
            publicScope[0] &= page.cacheScope() == io.modelcontextprotocol.modern.McpSchema.CacheScope.PUBLIC;
            return convertAll(items.apply(page), type);
        }, nextCursor);
        // Unmodifiable: a kept listing is handed to every caller it serves.
        return new ListingCache.Answer<>(List.copyOf(all), freshFor[0] == null ? Duration.ZERO : freshFor[0],
                publicScope[0]);
    }

    /** @return how long the server lets {@code result} be reused: zero when it gave no {@code ttlMs} */
    static Duration freshness(io.modelcontextprotocol.modern.McpSchema.CacheableResult result) {
        return result.ttlMs() == null || result.ttlMs() <= 0 ? Duration.ZERO : Duration.ofMillis(result.ttlMs());
    }

    /**
     * @return the result of a {@code resources/read} as the session-based type, reusable as its server says unless it
     *     took input rounds (results of requests sent again with answers or state are never reused)
     */
    static ListingCache.Answer<McpSchema.ReadResourceResult> readAnswer(
            io.modelcontextprotocol.modern.McpSchema.ReadResourceOutcome outcome, boolean tookRounds) {
        McpSchema.ReadResourceResult read = convert(outcome, McpSchema.ReadResourceResult.class);
        if (tookRounds || !(outcome instanceof io.modelcontextprotocol.modern.McpSchema.CacheableResult result)) {
            return ListingCache.Answer.once(read);
        }
        if (read.contents() != null) {
            // Unmodifiable contents: a kept read is handed to every caller it serves.
            read = new McpSchema.ReadResourceResult(List.copyOf(read.contents()), read.meta());
        }
        return new ListingCache.Answer<>(read, freshness(result),
                result.cacheScope() == io.modelcontextprotocol.modern.McpSchema.CacheScope.PUBLIC);
    }

    static ListingCache.Answer<List<McpSchema.Resource>> listResources(McpSyncClient client, Map<String, Object> meta) {
        return listing(cursor -> page(client.resources(), cursor, meta),
                io.modelcontextprotocol.modern.McpSchema.ListResourcesResult::resources,
                io.modelcontextprotocol.modern.McpSchema.ListResourcesResult::nextCursor, McpSchema.Resource.class);
    }

    static ListingCache.Answer<List<McpSchema.ResourceTemplate>> listResourceTemplates(McpSyncClient client,
            Map<String, Object> meta) {
        return listing(cursor -> page(client.resourceTemplates(), cursor, meta),
                io.modelcontextprotocol.modern.McpSchema.ListResourceTemplatesResult::resourceTemplates,
                io.modelcontextprotocol.modern.McpSchema.ListResourceTemplatesResult::nextCursor,
                McpSchema.ResourceTemplate.class);
    }

    static ListingCache.Answer<List<McpSchema.Prompt>> listPrompts(McpSyncClient client, Map<String, Object> meta) {
        return listing(cursor -> page(client.prompts(), cursor, meta),
                io.modelcontextprotocol.modern.McpSchema.ListPromptsResult::prompts,
                io.modelcontextprotocol.modern.McpSchema.ListPromptsResult::nextCursor, McpSchema.Prompt.class);
    }

    static ListingCache.Answer<McpSchema.ReadResourceResult> readResource(McpSyncClient client, String uri,
            Map<String, Object> meta, InputRounds rounds) {
        McpSyncClient.ResourceSpec read = client.resource(uri);
        McpSyncClient.ResourceSpec first = meta.isEmpty() ? read : read.meta(meta);
        boolean[] tookRounds = {false};
        io.modelcontextprotocol.modern.McpSchema.ReadResourceOutcome result = rounds.resolve("resources/read " + uri,
                (answers, state) -> {
                    tookRounds[0] |= answers != null || state != null;
                    return InputRounds.round(first, answers, state, McpSyncClient.ResourceSpec::inputResponses,
                            McpSyncClient.ResourceSpec::requestState).readOnce();
                });
        return readAnswer(result, tookRounds[0]);
    }

    static McpSchema.GetPromptResult getPrompt(McpSyncClient client, String name, Map<String, Object> arguments,
            Map<String, Object> meta, InputRounds rounds) {
        Map<String, String> args = new LinkedHashMap<>();
        arguments.forEach((k, v) -> args.put(k, v == null ? null : String.valueOf(v)));
        McpSyncClient.PromptSpec get = client.prompt(name).arguments(args);
        McpSyncClient.PromptSpec first = meta.isEmpty() ? get : get.meta(meta);
        return convert(rounds.resolve("prompts/get " + name, (answers, state) -> InputRounds.round(first, answers,
                state, McpSyncClient.PromptSpec::inputResponses, McpSyncClient.PromptSpec::requestState).getOnce()),
                McpSchema.GetPromptResult.class);
    }

    private static <R extends io.modelcontextprotocol.modern.McpSchema.CacheableResult> R page(
            McpSyncClient.ListSpec<R> list, String cursor, Map<String, Object> meta) {
        McpSyncClient.ListSpec<R> spec = cursor == null ? list : list.cursor(cursor);
        return (meta.isEmpty() ? spec : spec.meta(meta)).list();
    }

    private static <M, T> List<T> convertAll(List<M> items, Class<T> type) {
        List<T> all = new ArrayList<>();
        if (items != null) {
            items.forEach(item -> all.add(convert(item, type)));
        }
        return all;
    }

    /** @return a 2026-07-28 value as the session-based type with the same JSON form */
    static <T> T convert(Object modern, Class<T> type) {
        return JSON.convertValue(modern, type);
    }
}
