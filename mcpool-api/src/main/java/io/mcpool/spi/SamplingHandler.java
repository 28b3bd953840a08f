package io.mcpool.spi;

import io.modelcontextprotocol.spec.McpSchema;

/**
 * Answers a server's {@code sampling/createMessage} request: the server asks this client's language
 * model for a completion while it handles one of the client's requests.
 *
 * <p>Set one per pool ({@code PoolConfig.Builder.samplingHandler}) or per borrow
 * ({@code BorrowOptions.Builder.samplingHandler}); a request that arrives during a lease's call is answered
 * by that lease's handler, else by the pool's, never by another borrower's. Handlers run on a worker
 * thread of the SDK and may block up to the pool's {@code requestTimeout}.
 */
@FunctionalInterface
public interface SamplingHandler {

    /**
     * @param request the messages, model preferences and limits the server sent
     * @return the model's answer
     */
    McpSchema.CreateMessageResult createMessage(McpSchema.CreateMessageRequest request);
}
