package io.mcpool.langchain4j;

import io.mcpool.BorrowOptions;
import io.mcpool.CallOptions;
import io.mcpool.PooledSession;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;

/** Where tools come from and run: one pool, or a manager's pools of the same server. */
interface ToolSource {

    /** @return the pool's or the manager's name, for messages and filters */
    String name();

    /** @return the server's tools, from the pool's cache */
    List<McpSchema.Tool> tools();

    /**
     * Borrows a session with {@code options}, calls the tool on it and gives it back.
     *
     * @param tool      the tool's name on the server
     * @param arguments its arguments
     * @param options   the borrow options of the request
     * @param call      the call's deadline, or none
     * @return the server's answer
     */
    McpSchema.CallToolResult callTool(String tool, Map<String, Object> arguments, BorrowOptions options,
            CallOptions call);

    /**
     * @param options the borrow options of the request
     * @return a lease; the caller closes it
     */
    PooledSession borrow(BorrowOptions options);

    /** Shuts the pool or manager down. */
    void shutdown();
}
