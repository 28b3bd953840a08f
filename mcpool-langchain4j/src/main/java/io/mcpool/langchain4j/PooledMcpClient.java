package io.mcpool.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.McpException;
import dev.langchain4j.mcp.client.McpGetPromptResult;
import dev.langchain4j.mcp.client.McpPrompt;
import dev.langchain4j.mcp.client.McpReadResourceResult;
import dev.langchain4j.mcp.client.McpResource;
import dev.langchain4j.mcp.client.McpResourceTemplate;
import dev.langchain4j.mcp.client.McpRoot;
import dev.langchain4j.service.tool.ToolExecutionResult;
import io.mcpool.BorrowOptions;
import io.mcpool.CallOptions;
import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.PooledSession;
import io.mcpool.manager.McpPoolManager;
import io.mcpool.manager.SelectionStrategy;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A LangChain4j {@link McpClient} backed by an mcpool pool (or a manager of pools), for code written
 * against LangChain4j's MCP client: {@code McpToolProvider}, resources as tools, your own calls.
 * Swap the client and keep the rest:
 *
 * <pre>{@code
 * // before: McpClient client = DefaultMcpClient.builder().transport(transport).build();
 * McpClient client = PooledMcpClient.start(PoolConfig.builder().endpoint("http://localhost:8080/mcp").build());
 * ToolProvider tools = McpToolProvider.builder().mcpClients(client).build();
 * }</pre>
 *
 * <p>What changes against LangChain4j's {@code DefaultMcpClient}:
 * <ul>
 *   <li>{@link #listTools()} reads the pool's cache, refreshed every {@code toolCacheTtl} and on
 *       {@code notifications/tools/list_changed}; concurrent callers share one upstream request;
 *   <li>each request (tool call, resource read, prompt, health check) runs on a session borrowed for it,
 *       with the {@link BorrowOptions} found in the invocation context (see
 *       {@link InvocationBorrowOptions}), so concurrent callers do not share one session, and a tenant's
 *       requests go only to that tenant's sessions;
 *   <li>{@link #checkHealth()} borrows a session and pings the server;
 *   <li>resource subscriptions and roots are refused: both belong to one session for its life, and a
 *       pooled session serves one borrower after another.
 * </ul>
 * Tool results and errors are reported as {@code DefaultMcpClient} reports them: a result with
 * {@code isError} and JSON-RPC errors throw {@link dev.langchain4j.exception.ToolExecutionException}
 * (-32602 "invalid params" a {@link dev.langchain4j.exception.ToolArgumentsException}); pool failures
 * (e.g. {@code PoolExhaustedException}) become its cause. JSON-RPC errors on resources and prompts
 * throw {@link McpException}.
 *
 * <p>Needs {@code dev.langchain4j:langchain4j-mcp} on the class path (mcpool-langchain4j declares it
 * optional). Thread-safe.
 */
public final class PooledMcpClient implements McpClient {

    private final ToolSource source;
    private final String key;
    private final BiFunction<String, InvocationContext, BorrowOptions> borrowOptions;
    private final boolean shutdownOnClose;
    private final CallOptions call;
    private final ToolSpecifications specifications = new ToolSpecifications("");

    private PooledMcpClient(Builder builder) {
        this.source = builder.source;
        this.key = builder.key == null ? builder.source.name() : builder.key;
        this.borrowOptions = builder.borrowOptions;
        this.shutdownOnClose = builder.shutdownOnClose;
        this.call = builder.call;
    }

    /**
     * @param pool a started pool; closing the client leaves it running
     * @return a client backed by the pool, keyed by the pool's name
     */
    public static PooledMcpClient of(McpPool pool) {
        return builder().pool(pool).build();
    }

    /**
     * Creates a pool, starts it and wraps it: the one-line replacement for building a
     * {@code DefaultMcpClient}. Closing the client shuts the pool down.
     *
     * @param config the pool's configuration
     * @return a client backed by the new pool
     * @throws io.mcpool.SessionCreationException when the pool cannot open its first sessions
     */
    public static PooledMcpClient start(PoolConfig config) {
        McpPool pool = McpPool.create(config);
        try {
            pool.start();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return builder().pool(pool).shutdownOnClose(true).build();
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the key given to the builder, else the pool's or manager's name */
    @Override
    public String key() {
        return key;
    }

    /** @return the instructions the server gave in its {@code initialize} answer, or null */
    @Override
    public String instructions() {
        try (PooledSession session = source.borrow(BorrowOptions.none())) {
            return session.client().getServerInstructions();
        }
    }

    /** @return the server's tools, from the pool's cache */
    @Override
    public List<ToolSpecification> listTools() {
        return specifications.of(source.tools());
    }

    /**
     * @param invocationContext not used: the tool list is the pool's, the same for every caller
     * @return the server's tools, from the pool's cache
     */
    @Override
    public List<ToolSpecification> listTools(InvocationContext invocationContext) {
        return listTools();
    }

    @Override
    public ToolExecutionResult executeTool(ToolExecutionRequest executionRequest) {
        return executeTool(executionRequest, null);
    }

    /**
     * Calls the tool on a session borrowed with the options found in the invocation context.
     *
     * @throws dev.langchain4j.exception.ToolExecutionException for a result with {@code isError}, a
     *     JSON-RPC error, a pool or transport failure
     * @throws dev.langchain4j.exception.ToolArgumentsException for arguments that are not a JSON
     *     object, or JSON-RPC error -32602 from the server
     */
    @Override
    public ToolExecutionResult executeTool(ToolExecutionRequest executionRequest, InvocationContext invocationContext) {
        return ToolCalls.call(source, executionRequest.name(), executionRequest.arguments(),
                InvocationBorrowOptions.resolve(borrowOptions, source.name(), invocationContext), call);
    }

    @Override
    public List<McpResource> listResources() {
        return listResources(null);
    }

    @Override
    public List<McpResource> listResources(InvocationContext invocationContext) {
        return onSession(invocationContext, s -> s.listResources().stream().map(McpClientTypes::resource).toList());
    }

    @Override
    public List<McpResourceTemplate> listResourceTemplates() {
        return listResourceTemplates(null);
    }

    @Override
    public List<McpResourceTemplate> listResourceTemplates(InvocationContext invocationContext) {
        return onSession(invocationContext,
                s -> s.listResourceTemplates().stream().map(McpClientTypes::template).toList());
    }

    @Override
    public McpReadResourceResult readResource(String uri) {
        return readResource(uri, null);
    }

    @Override
    public McpReadResourceResult readResource(String uri, InvocationContext invocationContext) {
        return onSession(invocationContext, s -> McpClientTypes.readResult(s.readResource(uri)));
    }

    /** @throws UnsupportedOperationException always: a subscription lives on one session; use a DefaultMcpClient */
    @Override
    public void subscribeToResource(String uri) {
        throw new UnsupportedOperationException(subscriptionsRefused());
    }

    /** @throws UnsupportedOperationException always: a subscription lives on one session; use a DefaultMcpClient */
    @Override
    public void unsubscribeFromResource(String uri) {
        throw new UnsupportedOperationException(subscriptionsRefused());
    }

    @Override
    public List<McpPrompt> listPrompts() {
        return onSession(null, s -> s.listPrompts().stream().map(McpClientTypes::prompt).toList());
    }

    @Override
    public McpGetPromptResult getPrompt(String name, Map<String, Object> arguments) {
        return onSession(null, s -> McpClientTypes.promptResult(name, s.getPrompt(name, arguments)));
    }

    /**
     * Borrows a session and pings the server on it.
     *
     * @throws RuntimeException when no session can be borrowed (a {@code McpPoolException}) or the ping fails
     */
    @Override
    public void checkHealth() {
        try (PooledSession session = source.borrow(BorrowOptions.none())) {
            session.ping();
        }
    }

    /** @throws UnsupportedOperationException always: the pool's sessions declare no roots */
    @Override
    public void setRoots(List<McpRoot> roots) {
        throw new UnsupportedOperationException("PooledMcpClient '" + key + "' does not serve roots: a pooled session "
                + "serves one borrower after another, and the pool's sessions declare no roots capability; "
                + "use a DefaultMcpClient for a server that needs roots");
    }

    /** Shuts the pool (or manager) down when it was started by {@link #start} or built with {@code shutdownOnClose}. */
    @Override
    public void close() {
        if (shutdownOnClose) {
            source.shutdown();
        }
    }

    @Override
    public String toString() {
        return "PooledMcpClient{" + key + " on " + source + '}';
    }

    private String subscriptionsRefused() {
        return "PooledMcpClient '" + key + "' does not subscribe to resources: a subscription lives on one session, "
                + "and a pooled session serves one borrower after another; use a DefaultMcpClient for subscriptions";
    }

    private <T> T onSession(InvocationContext context, Function<PooledSession, T> action) {
        try (PooledSession session = source.borrow(InvocationBorrowOptions.resolve(borrowOptions, source.name(), context))) {
            return action.apply(session);
        } catch (McpError e) {
            McpSchema.JSONRPCResponse.JSONRPCError error = e.getJsonRpcError();
            if (error == null) {
                throw e;
            }
            throw new McpException(error.code(), error.message());
        }
    }

    /** Builds a {@link PooledMcpClient} over one pool or one manager. */
    public static final class Builder {
        private ToolSource source;
        private String key;
        private BiFunction<String, InvocationContext, BorrowOptions> borrowOptions = InvocationBorrowOptions::from;
        private boolean shutdownOnClose;
        private CallOptions call = CallOptions.none();

        private Builder() {
        }

        /**
         * @param pool the pool behind the client
         * @return this
         */
        public Builder pool(McpPool pool) {
            this.source = new PoolSource(pool);
            return this;
        }

        /**
         * @param manager  pools of servers that serve the same tools
         * @param strategy how the manager picks a pool for each request
         * @return this
         */
        public Builder manager(McpPoolManager manager, SelectionStrategy strategy) {
            this.source = new ManagerSource(manager, strategy);
            return this;
        }

        /**
         * @param key the client's key ({@link McpClient#key()}); default: the pool's or manager's name
         * @return this
         */
        public Builder key(String key) {
            this.key = Objects.requireNonNull(key, "key");
            return this;
        }

        /**
         * @param borrowOptions how a request finds its borrow options: gets the pool's (or manager's)
         *     name and the request's invocation context (null outside an AI service); default
         *     {@link InvocationBorrowOptions#from}; must not return null
         * @return this
         */
        public Builder borrowOptions(BiFunction<String, InvocationContext, BorrowOptions> borrowOptions) {
            this.borrowOptions = Objects.requireNonNull(borrowOptions, "borrowOptions");
            return this;
        }

        /**
         * @param shutdownOnClose true to shut the pool (or manager) down when the client is closed;
         *     default false
         * @return this
         */
        public Builder shutdownOnClose(boolean shutdownOnClose) {
            this.shutdownOnClose = shutdownOnClose;
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
         * @return the client
         * @throws IllegalStateException when neither a pool nor a manager was given
         */
        public PooledMcpClient build() {
            if (source == null) {
                throw new IllegalStateException("PooledMcpClient needs a pool or a manager: call pool(...) or manager(...)");
            }
            return new PooledMcpClient(this);
        }
    }
}
