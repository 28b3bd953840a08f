package io.mcpool.langchain4j;

import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.invocation.InvocationParameters;
import io.mcpool.BorrowOptions;
import java.util.Objects;
import java.util.function.Function;

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
 * <p>This is the default way {@link McpPoolToolProvider} and {@link PooledMcpClient} find the options;
 * both also take a function of the {@link InvocationContext} of your own.
 */
public final class InvocationBorrowOptions {

    /** The key of the {@link BorrowOptions} in {@link InvocationParameters}. */
    public static final String KEY = "mcpool.borrowOptions";

    private InvocationBorrowOptions() {
    }

    /**
     * @param options the options the invocation's tool calls borrow with
     * @return new invocation parameters holding them under {@link #KEY}
     */
    public static InvocationParameters parameters(BorrowOptions options) {
        return InvocationParameters.from(KEY, Objects.requireNonNull(options, "options"));
    }

    /**
     * Reads the options of an invocation.
     *
     * @param context the invocation's context, or null (a call made outside an AI service)
     * @return the {@link BorrowOptions} under {@link #KEY}, or {@link BorrowOptions#none()} when there
     *     are none
     * @throws IllegalArgumentException when something else is stored under {@link #KEY}
     */
    public static BorrowOptions from(InvocationContext context) {
        InvocationParameters parameters = context == null ? null : context.invocationParameters();
        Object value = parameters == null ? null : parameters.get(KEY);
        if (value == null) {
            return BorrowOptions.none();
        }
        if (value instanceof BorrowOptions options) {
            return options;
        }
        throw new IllegalArgumentException("InvocationParameters '" + KEY + "' must hold an " + BorrowOptions.class.getName()
                + ", but holds a " + value.getClass().getName() + "; use InvocationBorrowOptions.parameters(options)");
    }

    /**
     * Applies a user's function, refusing a null answer.
     *
     * @param function the function given to a builder
     * @param context  the invocation's context, or null
     * @return what the function returned
     */
    static BorrowOptions resolve(Function<InvocationContext, BorrowOptions> function, InvocationContext context) {
        BorrowOptions options = function.apply(context);
        if (options == null) {
            throw new NullPointerException("The borrowOptions function returned null; return BorrowOptions.none() "
                    + "to borrow from the shared partition without headers");
        }
        return options;
    }
}
