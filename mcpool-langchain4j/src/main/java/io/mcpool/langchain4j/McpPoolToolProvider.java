package io.mcpool.langchain4j;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.service.IllegalConfigurationException;
import dev.langchain4j.service.tool.ToolProvider;
import dev.langchain4j.service.tool.ToolProviderRequest;
import dev.langchain4j.service.tool.ToolProviderResult;
import io.mcpool.BorrowOptions;
import io.mcpool.CallOptions;
import io.mcpool.McpPool;
import io.mcpool.internal.Redactor;
import io.mcpool.manager.McpPoolManager;
import io.mcpool.manager.SelectionStrategy;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A LangChain4j {@link ToolProvider} that offers the tools of MCP servers reached through mcpool:
 * the tool list comes from each pool's cache (one upstream {@code tools/list} per
 * {@code toolCacheTtl}, not one per chat turn), and every tool the model calls runs on a session
 * borrowed for that call with the invocation's {@link BorrowOptions} (tenant, affinity key,
 * per-request headers; see {@link InvocationBorrowOptions}).
 *
 * <pre>{@code
 * Assistant assistant = AiServices.builder(Assistant.class)
 *         .chatModel(model)
 *         .toolProvider(McpPoolToolProvider.builder()
 *                 .pool(github, "github_")                 // github_search, github_create_issue, ...
 *                 .pool(jira, "jira_")
 *                 .filter((source, tool) -> !tool.name().startsWith("admin"))
 *                 .build())
 *         .build();
 * }</pre>
 *
 * <p><b>Sources.</b> Each {@link Builder#pool pool} is one server. A {@link Builder#manager manager}
 * holds pools of servers that serve the same tools: its tools are listed from the first available
 * pool, and each call goes through the manager, with its selection strategy and failover.
 *
 * <p><b>Names.</b> A source's prefix goes before each of its tool names, so two servers' tools cannot
 * collide; the server is still called with the tool's own name. Two tools offered under one name
 * make {@link #provideTools} fail with an {@link IllegalConfigurationException} naming both sources.
 *
 * <p><b>Credentials.</b> The borrow options are found per source (see
 * {@link InvocationBorrowOptions#parameters(Map)} for options by pool). An invocation whose options
 * would send the same credential header (a name mcpool masks as secret: {@code Authorization},
 * {@code Cookie}, {@code X-Api-Key}, any name with {@code token}, {@code secret}, {@code auth}, ...)
 * with the same value to two sources fails before the model is asked: a credential belongs to one
 * server.
 *
 * <p><b>Failures.</b> A tool result with {@code isError}, a JSON-RPC error, a pool failure
 * ({@code PoolExhaustedException}, {@code CircuitOpenException}, ... under {@code McpPoolException})
 * and a transport failure reach LangChain4j as a {@link dev.langchain4j.exception.ToolExecutionException}
 * (pool and transport failures as its cause): AI services pass it to their
 * {@code ToolExecutionErrorHandler}, which by default sends the message to the model. Invalid
 * arguments (not a JSON object, or JSON-RPC error -32602 from the server) are a
 * {@link dev.langchain4j.exception.ToolArgumentsException}, which AI services rethrow by default. A
 * source whose tool list cannot be had is left out of the turn with a warning, unless
 * {@link Builder#failIfOneSourceFails(boolean)}.
 *
 * <p>The provider does not own the pools: shut them down yourself. It is thread-safe.
 */
public final class McpPoolToolProvider implements ToolProvider {

    private static final Logger LOG = LoggerFactory.getLogger(McpPoolToolProvider.class);

    /** What models accept in tool names; a prefix must not add anything else. */
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_-]*");

    /** One source as added to the builder, with its prefix and its converted tool list. */
    private record Registration(ToolSource source, String prefix, ToolSpecifications specifications) {
        String describe() {
            return source + (prefix.isEmpty() ? " (no prefix)" : " (prefix '" + prefix + "')");
        }
    }

    private final List<Registration> registrations;
    private final BiPredicate<String, McpSchema.Tool> filter;
    private final BiFunction<String, InvocationContext, BorrowOptions> borrowOptions;
    private final boolean failIfOneSourceFails;
    private final CallOptions call;

    private McpPoolToolProvider(Builder builder) {
        this.registrations = List.copyOf(builder.registrations);
        this.filter = builder.filter;
        this.borrowOptions = builder.borrowOptions;
        this.failIfOneSourceFails = builder.failIfOneSourceFails;
        this.call = builder.call;
    }

    /**
     * @param pool a started pool
     * @return a provider of all of the pool's tools, under their own names
     */
    public static McpPoolToolProvider of(McpPool pool) {
        return builder().pool(pool).build();
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Offers the tools of every source, filtered and prefixed. Called by AI services once per
     * invocation; reads the pools' caches, so it costs no upstream request while they are fresh.
     *
     * @param request the invocation's request
     * @return the tools, each with an executor that borrows with the invocation's options
     * @throws IllegalConfigurationException when two tools would be offered under one name
     * @throws IllegalArgumentException      when the invocation parameters hold something other
     *     than {@link BorrowOptions} under {@link InvocationBorrowOptions#KEY}
     */
    @Override
    public ToolProviderResult provideTools(ToolProviderRequest request) {
        checkBorrowOptions(request.invocationContext());
        ToolProviderResult.Builder result = ToolProviderResult.builder();
        Map<String, Registration> offeredBy = new HashMap<>();
        for (Registration registration : registrations) {
            List<McpSchema.Tool> tools = tools(registration);
            List<ToolSpecification> specifications = registration.specifications().of(tools);
            for (int i = 0; i < tools.size(); i++) {
                McpSchema.Tool tool = tools.get(i);
                if (!filter.test(registration.source().name(), tool)) {
                    continue;
                }
                ToolSpecification specification = specifications.get(i);
                Registration earlier = offeredBy.putIfAbsent(specification.name(), registration);
                if (earlier != null) {
                    throw new IllegalConfigurationException("Two tools would be offered to the model as '"
                            + specification.name() + "': one of " + earlier.describe() + " and one of "
                            + registration.describe() + "; give one of them a prefix (the prefix argument of "
                            + "McpPoolToolProvider.Builder.pool or .manager)");
                }
                result.add(specification, new PoolToolExecutor(registration.source(), tool.name(), borrowOptions, call));
            }
        }
        return result.build();
    }

    /**
     * Resolves every source's borrow options once, so that bad options fail the invocation now instead
     * of reaching the model as a tool error later, and refuses to send one credential to two servers.
     */
    private void checkBorrowOptions(InvocationContext context) {
        Map<String, String> sourceOfCredential = new HashMap<>();
        for (Registration registration : registrations) {
            String source = registration.source().name();
            BorrowOptions options = InvocationBorrowOptions.resolve(borrowOptions, source, context);
            options.headers().forEach((name, value) -> {
                if (!Redactor.isSensitiveName(name)) {
                    return;
                }
                String earlier = sourceOfCredential.putIfAbsent(name.toLowerCase(Locale.ROOT) + '\n' + value, source);
                if (earlier != null && !earlier.equals(source)) {
                    throw new IllegalArgumentException("The borrow options of this invocation would send the same '" + name
                            + "' header to '" + earlier + "' and to '" + source + "'; a credential belongs to one server: "
                            + "give each pool its own options, InvocationBorrowOptions.parameters(Map.of(\"" + earlier
                            + "\", ..., \"" + source + "\", ...))");
                }
            });
        }
    }

    private List<McpSchema.Tool> tools(Registration registration) {
        try {
            return registration.source().tools();
        } catch (RuntimeException e) {
            if (failIfOneSourceFails) {
                throw e;
            }
            LOG.warn("The tools of {} are left out of this chat turn: {}", registration.source(), e.getMessage());
            return List.of();
        }
    }

    /** Builds an {@link McpPoolToolProvider}; add at least one pool or manager. */
    public static final class Builder {
        private final List<Registration> registrations = new ArrayList<>();
        private BiPredicate<String, McpSchema.Tool> filter = (source, tool) -> true;
        private BiFunction<String, InvocationContext, BorrowOptions> borrowOptions = InvocationBorrowOptions::from;
        private boolean failIfOneSourceFails;
        private CallOptions call = CallOptions.none();

        private Builder() {
        }

        /**
         * Offers the tools of a pool under their own names.
         *
         * @param pool the pool (started by you)
         * @return this
         */
        public Builder pool(McpPool pool) {
            return pool(pool, "");
        }

        /**
         * Offers the tools of a pool, each named {@code prefix + name}.
         *
         * @param pool   the pool (started by you)
         * @param prefix letters, digits, {@code _} and {@code -} only; may be empty
         * @return this
         * @throws IllegalArgumentException when the prefix has other characters
         */
        public Builder pool(McpPool pool, String prefix) {
            return add(new PoolSource(pool), prefix);
        }

        /**
         * Offers the tools of a manager's pools (servers with the same tools) under their own names.
         *
         * @param manager  the manager (started by you)
         * @param strategy how the manager picks a pool for each call
         * @return this
         */
        public Builder manager(McpPoolManager manager, SelectionStrategy strategy) {
            return manager(manager, strategy, "");
        }

        /**
         * Offers the tools of a manager's pools (servers with the same tools), each named
         * {@code prefix + name}.
         *
         * @param manager  the manager (started by you)
         * @param strategy how the manager picks a pool for each call
         * @param prefix   letters, digits, {@code _} and {@code -} only; may be empty
         * @return this
         * @throws IllegalArgumentException when the prefix has other characters
         */
        public Builder manager(McpPoolManager manager, SelectionStrategy strategy, String prefix) {
            return add(new ManagerSource(manager, strategy), prefix);
        }

        /**
         * Offers only the tools the predicate accepts; several filters must all accept. Filters see
         * the tool as the server defines it (its own name, annotations such as
         * {@code readOnlyHint}), before any prefix.
         *
         * @param filter gets the pool's (or manager's) name and the tool
         * @return this
         */
        public Builder filter(BiPredicate<String, McpSchema.Tool> filter) {
            this.filter = this.filter.and(Objects.requireNonNull(filter, "filter"));
            return this;
        }

        /**
         * Offers only the tools of these names (the servers' names, before any prefix).
         *
         * @param names tool names
         * @return this
         */
        public Builder filterToolNames(String... names) {
            Set<String> allowed = Set.copyOf(Arrays.asList(names));
            return filter((source, tool) -> allowed.contains(tool.name()));
        }

        /**
         * How each tool call finds its borrow options. The default,
         * {@link InvocationBorrowOptions#from}, reads them from the invocation parameters; a function
         * of your own can build them from anything in the context, e.g.
         * {@code (pool, context) -> BorrowOptions.builder().tenant(context.invocationParameters().get("tenant")).build()}.
         * Whatever builds them, one credential header value going to two pools fails the invocation.
         *
         * @param borrowOptions gets the name of the pool (or manager) the call runs on and the
         *     invocation's context (null for a call made outside an AI service); must not return null
         * @return this
         */
        public Builder borrowOptions(BiFunction<String, InvocationContext, BorrowOptions> borrowOptions) {
            this.borrowOptions = Objects.requireNonNull(borrowOptions, "borrowOptions");
            return this;
        }

        /**
         * @param failIfOneSourceFails true to fail the chat turn when a source's tool list cannot be
         *     had; false (the default, as LangChain4j's {@code McpToolProvider}) to leave that source's
         *     tools out of the turn and log a warning
         * @return this
         */
        public Builder failIfOneSourceFails(boolean failIfOneSourceFails) {
            this.failIfOneSourceFails = failIfOneSourceFails;
            return this;
        }

        /**
         * As LangChain4j's own {@code DefaultMcpClient.Builder.toolExecutionTimeout}: how long one tool call may
         * take, waiting for a session included. Past it the call is cancelled at the server and the model is told
         * the tool did not finish in time (a {@code ToolExecutionException}); the session stays in its pool.
         *
         * @param toolExecutionTimeout positive; null (the default) for the pool's {@code requestTimeout}
         * @return this
         * @throws IllegalArgumentException when zero or negative
         */
        public Builder toolExecutionTimeout(Duration toolExecutionTimeout) {
            this.call = ToolCalls.options(toolExecutionTimeout);
            return this;
        }

        /**
         * @return the provider
         * @throws IllegalStateException when no pool or manager was added
         */
        public McpPoolToolProvider build() {
            if (registrations.isEmpty()) {
                throw new IllegalStateException("McpPoolToolProvider needs at least one source: call pool(...) or manager(...)");
            }
            return new McpPoolToolProvider(this);
        }

        private Builder add(ToolSource source, String prefix) {
            Objects.requireNonNull(prefix, "prefix");
            if (!PREFIX.matcher(prefix).matches()) {
                throw new IllegalArgumentException("McpPoolToolProvider prefix '" + prefix + "' for " + source
                        + " must match " + PREFIX.pattern() + ": models accept only letters, digits, '_' and '-' in tool names");
            }
            registrations.add(new Registration(source, prefix, new ToolSpecifications(prefix)));
            return this;
        }
    }
}
