package io.mcpool.langchain4j;

import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.invocation.InvocationParameters;
import io.mcpool.BorrowOptions;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * Carries an AI service call's {@link BorrowOptions} (tenant, affinity key, per-request headers) in
 * LangChain4j's {@link InvocationParameters}, so that the tools the model calls during that
 * invocation run on sessions borrowed with them.
 *
 * <pre>{@code
 * interface Assistant {
 *     String chat(@UserMessage String message, InvocationParameters parameters);
 * }
 *
 * assistant.chat("What is on my calendar?", InvocationBorrowOptions.parameters(BorrowOptions.builder()
 *         .tenant("acme").header("X-Request-ID", requestId).build()));
 * }</pre>
 *
 * <p>One {@code BorrowOptions} applies to every pool of a tool provider. When the pools are
 * different servers and the options carry a credential (a header such as {@code Authorization}),
 * give each pool its own with {@link #parameters(Map)}: a credential belongs to one server, and
 * {@link McpPoolToolProvider} refuses an invocation that would send the same credential to two.
 *
 * <p>This is the default way {@link McpPoolToolProvider} and {@link PooledMcpClient} find the options;
 * both also take a function of the pool's name and the {@link InvocationContext} of your own.
 */
public final class InvocationBorrowOptions {

    /** The key of the {@link BorrowOptions} (or the map of them by pool) in {@link InvocationParameters}. */
    public static final String KEY = "mcpool.borrowOptions";

    private InvocationBorrowOptions() {
    }

    /**
     * @param options the options every tool call of the invocation borrows with, whatever its pool
     * @return new invocation parameters holding them under {@link #KEY}
     */
    public static InvocationParameters parameters(BorrowOptions options) {
        return InvocationParameters.from(KEY, Objects.requireNonNull(options, "options"));
    }

    /**
     * @param byPool the options of each pool (or manager), by its name; a tool call on a pool not in
     *     the map borrows with {@link BorrowOptions#none()}
     * @return new invocation parameters holding them under {@link #KEY}
     */
    public static InvocationParameters parameters(Map<String, BorrowOptions> byPool) {
        return InvocationParameters.from(KEY, Map.copyOf(byPool));
    }

    /**
     * Reads the options a pool's tool calls borrow with during an invocation.
     *
     * @param pool    the pool's (or manager's) name
     * @param context the invocation's context, or null (a call made outside an AI service)
     * @return the {@link BorrowOptions} under {@link #KEY} (for a map: those of {@code pool}), or
     *     {@link BorrowOptions#none()} when there are none
     * @throws IllegalArgumentException when something else is stored under {@link #KEY}
     */
    public static BorrowOptions from(String pool, InvocationContext context) {
        InvocationParameters parameters = context == null ? null : context.invocationParameters();
        Object value = parameters == null ? null : parameters.get(KEY);
        if (value instanceof Map<?, ?> byPool) {
            value = byPool.get(pool);
        }
        if (value == null) {
            return BorrowOptions.none();
        }
        if (value instanceof BorrowOptions options) {
            return options;
        }
        throw new IllegalArgumentException("InvocationParameters '" + KEY + "' must hold an " + BorrowOptions.class.getName()
                + " or a map of them by pool name, but holds a " + value.getClass().getName()
                + (parameters.get(KEY) instanceof Map ? " for pool '" + pool + "'" : "")
                + "; use InvocationBorrowOptions.parameters(...)");
    }

    /**
     * Applies a user's function, refusing a null answer.
     *
     * @param function the function given to a builder
     * @param pool     the pool's (or manager's) name
     * @param context  the invocation's context, or null
     * @return what the function returned
     */
    static BorrowOptions resolve(BiFunction<String, InvocationContext, BorrowOptions> function, String pool,
            InvocationContext context) {
        BorrowOptions options = function.apply(pool, context);
        if (options == null) {
            throw new NullPointerException("The borrowOptions function returned null for pool '" + pool
                    + "'; return BorrowOptions.none() to borrow from the shared partition without headers");
        }
        return options;
    }
}
