package io.mcpool.testkit;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.modern.McpException;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.McpSyncResponse;
import io.modelcontextprotocol.modern.server.feature.McpSyncPrompt;
import io.modelcontextprotocol.modern.server.feature.McpSyncPromptRepository;
import io.modelcontextprotocol.modern.server.feature.McpSyncResource;
import io.modelcontextprotocol.modern.server.feature.McpSyncResourceRepository;
import io.modelcontextprotocol.modern.server.feature.McpSyncTool;
import io.modelcontextprotocol.modern.server.feature.McpSyncToolRepository;
import io.modelcontextprotocol.modern.server.feature.PromptsFeature;
import io.modelcontextprotocol.modern.server.feature.PromptsPage;
import io.modelcontextprotocol.modern.server.feature.ResourcesFeature;
import io.modelcontextprotocol.modern.server.feature.ResourceTemplatesPage;
import io.modelcontextprotocol.modern.server.feature.ResourcesPage;
import io.modelcontextprotocol.modern.server.feature.ToolsFeature;
import io.modelcontextprotocol.modern.server.feature.ToolsPage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The test tools, resource and prompt for the SDK's 2026-07-28 server ({@code io.modelcontextprotocol.modern}).
 * The definitions and results are the session-era ones of {@link TestToolCatalog} and {@link TestContent},
 * carried over through their JSON form, so both eras offer exactly the same tools. {@code tools/list} pages
 * natively ({@code pageSize} tools per page, the cursor is the offset), since a 2026-07-28 listing carries
 * {@code ttlMs}, {@code cacheScope} and {@code resultType} that a rewrite on the way out would have to keep.
 *
 * <p>The SDK's 2026-07-28 package reuses the simple names of the session-era one ({@code McpSchema},
 * {@code McpServer}, {@code McpClient}, ...): both are written out in full here.
 */
final class ModernFeatures {

    private static final TypeRef<LinkedHashMap<String, Object>> MAP = new TypeRef<>() {
    };

    /** The name of a private listing's extra tool, before the caller's name ({@link ServerKnobs#privateToolHeader()}). */
    static final String PRIVATE_TOOL_PREFIX = "private-for-";

    /** The URI of a private resource listing's extra resource, before the caller's name. */
    static final String PRIVATE_RESOURCE_PREFIX = "test://private/";

    private final McpJsonMapper json;

    private final ToolInvoker invoker;

    private final ServerKnobs knobs;

    private final List<TestTool> tools;

    /** The tools that ask the client through input rounds, or null. */
    private final ModernClientFeatureTools clientFeatureTools;

    ModernFeatures(McpJsonMapper json, List<TestTool> tools, ToolInvoker invoker, ServerKnobs knobs) {
        this(json, tools, invoker, knobs, false);
    }

    /** @param clientFeatures also offer the {@link ModernClientFeatureTools} (after the others in {@code tools/list}) */
    ModernFeatures(McpJsonMapper json, List<TestTool> tools, ToolInvoker invoker, ServerKnobs knobs,
            boolean clientFeatures) {
        this.json = json;
        this.invoker = invoker;
        this.knobs = knobs;
        this.tools = new CopyOnWriteArrayList<>(tools);
        this.clientFeatureTools = clientFeatures ? new ModernClientFeatureTools(json) : null;
    }

    /** Offers one more tool from the next {@code tools/list} on (listeners are told by the caller). */
    void addTool(TestTool tool) {
        tools.add(tool);
    }

    ToolsFeature tools() {
        return ToolsFeature.ofSync(new McpSyncToolRepository() {
            @Override
            public ToolsPage list(McpRequestContext context, String cursor) {
                List<TestTool> all = List.copyOf(tools);
                int from = offset(cursor, all.size());
                int pageSize = knobs.pageSize();
                int to = pageSize == 0 ? all.size() : Math.min(all.size(), from + pageSize);
                List<io.modelcontextprotocol.modern.McpSchema.Tool> page = new java.util.ArrayList<>(
                        all.subList(from, to).stream().map(t -> modern(t.tool())).toList());
                if (clientFeatureTools != null && to == all.size()) {
                    page.addAll(clientFeatureTools.definitions());
                }
                boolean privateScope = knobs.privateListings(); // read once: the page's content and scope agree
                String header = knobs.privateToolHeader();
                if (privateScope && header != null && to == all.size()) {
                    page.add(modern(TestToolCatalog.generated(PRIVATE_TOOL_PREFIX + callerName(
                            HeaderContext.from(context.transportContext()).get(header))).tool()));
                }
                return new ToolsPage(page, to < all.size() ? Integer.toString(to) : null, knobs.listingTtlMs(),
                        privateScope ? io.modelcontextprotocol.modern.McpSchema.CacheScope.PRIVATE
                                : io.modelcontextprotocol.modern.McpSchema.CacheScope.PUBLIC);
            }

            @Override
            public McpSyncTool find(McpRequestContext context, String name) {
                McpSyncTool asking = clientFeatureTools == null ? null : clientFeatureTools.find(name);
                if (asking != null) {
                    return asking;
                }
                return tools.stream().filter(t -> t.tool().name().equals(name)).findFirst()
                        .map(t -> McpSyncTool.of(modern(t.tool()), (ctx, request) -> {
                            Map<String, String> headers = HeaderContext.from(ctx.transportContext());
                            if (Cancellations.TOOL.equals(name)) { // cancelled by closing its response stream
                                Map<String, Object> args = request.arguments() == null ? Map.of() : request.arguments();
                                return UntilStreamClosed.respond(() -> invoker.invoke(t, args, headers),
                                        ModernFeatures.this::callResult);
                            }
                            return McpSyncResponse.result(callResult(invoker.invoke(t, request.arguments(), headers)));
                        }))
                        .orElse(null);
            }
        });
    }

    ResourcesFeature resources() {
        io.modelcontextprotocol.modern.McpSchema.Resource resource = json.convertValue(TestContent.RESOURCE,
                io.modelcontextprotocol.modern.McpSchema.Resource.class);
        return ResourcesFeature.ofSync(new McpSyncResourceRepository() {
            @Override
            public ResourcesPage list(McpRequestContext context, String cursor) {
                if (!knobs.readsHinted()) {
                    return ResourcesPage.of(List.of(resource));
                }
                boolean privateScope = knobs.privateReads(); // read once: the page's content and scope agree
                String caller = privateCaller(context, privateScope);
                List<io.modelcontextprotocol.modern.McpSchema.Resource> page = new java.util.ArrayList<>(List.of(resource));
                if (caller != null) {
                    page.add(json.convertValue(io.modelcontextprotocol.spec.McpSchema.Resource.builder(
                            PRIVATE_RESOURCE_PREFIX + caller, PRIVATE_TOOL_PREFIX + caller).build(),
                            io.modelcontextprotocol.modern.McpSchema.Resource.class));
                }
                return new ResourcesPage(page, null, knobs.readsTtlMs(), scope(privateScope));
            }

            @Override
            public ResourceTemplatesPage listTemplates(McpRequestContext context, String cursor) {
                boolean privateScope = knobs.privateReads();
                String caller = privateCaller(context, privateScope);
                List<io.modelcontextprotocol.modern.McpSchema.ResourceTemplate> page = new java.util.ArrayList<>();
                page.add(template(TestContent.TEMPLATE_URI, "item"));
                if (caller != null) {
                    page.add(template(PRIVATE_RESOURCE_PREFIX + caller + "/{id}", PRIVATE_TOOL_PREFIX + caller));
                }
                return knobs.readsHinted() ? new ResourceTemplatesPage(page, null, knobs.readsTtlMs(), scope(privateScope))
                        : ResourceTemplatesPage.of(page);
            }

            @Override
            public McpSyncResource find(McpRequestContext context, String uri) {
                if (clientFeatureTools != null && ModernClientFeatureTools.ROOTS_URI.equals(uri)) {
                    return clientFeatureTools.rootsResource();
                }
                String text = TestContent.RESOURCE_URI.equals(uri) ? "hello"
                        : uri.startsWith(TestContent.ITEM_PREFIX) ? "item " + uri.substring(TestContent.ITEM_PREFIX.length())
                        : null;
                if (text == null) {
                    return null;
                }
                return McpSyncResource.of((ctx, request) -> {
                    boolean privateScope = knobs.privateReads();
                    String caller = privateCaller(ctx, privateScope);
                    Map<String, Object> fields = json.convertValue(TestContent.readResource(uri,
                            caller == null ? text : text + ", " + caller), MAP);
                    fields.put("resultType", io.modelcontextprotocol.modern.McpSchema.ResultType.COMPLETE);
                    if (knobs.readsHinted()) {
                        if (knobs.readsTtlMs() != null) {
                            fields.put("ttlMs", knobs.readsTtlMs());
                        }
                        fields.put("cacheScope", scope(privateScope));
                    }
                    return McpSyncResponse.result(json.convertValue(fields,
                            io.modelcontextprotocol.modern.McpSchema.ReadResourceResult.class));
                });
            }
        });
    }

    PromptsFeature prompts() {
        io.modelcontextprotocol.modern.McpSchema.Prompt prompt = json.convertValue(TestContent.PROMPT,
                io.modelcontextprotocol.modern.McpSchema.Prompt.class);
        McpSyncPrompt asking = clientFeatureTools == null ? null : clientFeatureTools.rootsPrompt();
        return PromptsFeature.ofSync(new McpSyncPromptRepository() {
            @Override
            public PromptsPage list(McpRequestContext context, String cursor) {
                List<io.modelcontextprotocol.modern.McpSchema.Prompt> page = new java.util.ArrayList<>(
                        asking == null ? List.of(prompt) : List.of(prompt, asking.definition()));
                if (!knobs.readsHinted()) {
                    return PromptsPage.of(page);
                }
                boolean privateScope = knobs.privateReads();
                String caller = privateCaller(context, privateScope);
                if (caller != null) {
                    page.add(json.convertValue(io.modelcontextprotocol.spec.McpSchema.Prompt.builder(
                            PRIVATE_TOOL_PREFIX + caller).build(), io.modelcontextprotocol.modern.McpSchema.Prompt.class));
                }
                return new PromptsPage(page, null, knobs.readsTtlMs(), scope(privateScope));
            }

            @Override
            public McpSyncPrompt find(McpRequestContext context, String name) {
                if (asking != null && asking.definition().name().equals(name)) {
                    return asking;
                }
                if (!prompt.name().equals(name)) {
                    return null;
                }
                return McpSyncPrompt.of(prompt, (ctx, request) -> {
                    Map<String, Object> arguments = request.arguments() == null ? null
                            : new LinkedHashMap<>(request.arguments());
                    return McpSyncResponse.result(complete(TestContent.greeting(arguments),
                            io.modelcontextprotocol.modern.McpSchema.GetPromptResult.class));
                });
            }
        });
    }

    /** @return the caller's name when a private answer names it ({@link ServerKnobs#privateToolHeader()}), else null */
    private String privateCaller(McpRequestContext context, boolean privateScope) {
        String header = knobs.privateToolHeader();
        return privateScope && header != null ? callerName(HeaderContext.from(context.transportContext()).get(header))
                : null;
    }

    private static io.modelcontextprotocol.modern.McpSchema.CacheScope scope(boolean privateScope) {
        return privateScope ? io.modelcontextprotocol.modern.McpSchema.CacheScope.PRIVATE
                : io.modelcontextprotocol.modern.McpSchema.CacheScope.PUBLIC;
    }

    private io.modelcontextprotocol.modern.McpSchema.ResourceTemplate template(String uriTemplate, String name) {
        return json.convertValue(io.modelcontextprotocol.spec.McpSchema.ResourceTemplate.builder(uriTemplate, name).build(),
                io.modelcontextprotocol.modern.McpSchema.ResourceTemplate.class);
    }

    /** @return a header's value as a tool-name suffix: letters, digits and '-' kept, anything else '_'; "nobody" when absent */
    static String callerName(String value) {
        return value == null || value.isEmpty() ? "nobody" : value.replaceAll("[^A-Za-z0-9-]", "_");
    }

    private io.modelcontextprotocol.modern.McpSchema.Tool modern(io.modelcontextprotocol.spec.McpSchema.Tool tool) {
        return json.convertValue(tool, io.modelcontextprotocol.modern.McpSchema.Tool.class);
    }

    private io.modelcontextprotocol.modern.McpSchema.CallToolResult callResult(
            io.modelcontextprotocol.spec.McpSchema.CallToolResult result) {
        return complete(result, io.modelcontextprotocol.modern.McpSchema.CallToolResult.class);
    }

    /** A session-era result as the 2026-07-28 one, which says it is complete (not {@code input_required}). */
    private <T> T complete(Object legacyResult, Class<T> type) {
        Map<String, Object> fields = json.convertValue(legacyResult, MAP);
        fields.put("resultType", io.modelcontextprotocol.modern.McpSchema.ResultType.COMPLETE);
        return json.convertValue(fields, type);
    }

    private static int offset(String cursor, int size) {
        if (cursor == null) {
            return 0;
        }
        try {
            int offset = Integer.parseInt(cursor);
            if (offset >= 0 && offset <= size) {
                return offset;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw McpException.invalidParams("Invalid cursor: " + cursor);
    }
}
