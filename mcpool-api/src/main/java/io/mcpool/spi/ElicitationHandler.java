package io.mcpool.spi;

import io.modelcontextprotocol.spec.McpSchema;

/**
 * Answers a server's {@code elicitation/create} request: the server asks the user of this client for
 * input while it handles one of the client's requests (typically a {@code tools/call}).
 *
 * <p>Set one per pool ({@code PoolConfig.Builder.elicitationHandler}) or per borrow
 * ({@code BorrowOptions.Builder.elicitationHandler}); a request that arrives during a lease's call is
 * answered by that lease's handler, else by the pool's, never by another borrower's. The request and
 * result are the MCP Java SDK's own types, the same data model as {@code PooledSession}'s calls.
 *
 * <p>Form mode: when the handler accepts and leaves a field of the requested schema out, the pool fills
 * in that field's {@code default} from the schema before the answer is sent. URL mode
 * ({@link McpSchema.ElicitUrlRequest}) reaches the handler only when the pool declares
 * {@link ClientCapability#ELICITATION_URL}.
 *
 * <p>Handlers run on a worker thread of the SDK, not on the caller's thread, and may block (to ask a
 * user, say) up to the pool's {@code requestTimeout}, which bounds the call waiting for the server.
 */
@FunctionalInterface
public interface ElicitationHandler {

    /**
     * @param request an {@link McpSchema.ElicitFormRequest} (a message and a requested schema) or, when URL
     *     mode is declared, an {@link McpSchema.ElicitUrlRequest}
     * @return the user's answer: accept (with content), decline or cancel
     */
    McpSchema.ElicitResult elicit(McpSchema.ElicitRequest request);
}
