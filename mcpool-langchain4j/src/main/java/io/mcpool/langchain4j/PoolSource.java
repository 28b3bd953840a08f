package io.mcpool.langchain4j;

import io.mcpool.BorrowOptions;
import io.mcpool.CallOptions;
import io.mcpool.McpPool;
import io.mcpool.PooledSession;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Tools of one pool: its cached list; each call on a lease borrowed with the request's options. */
final class PoolSource implements ToolSource {

    private final McpPool pool;

    PoolSource(McpPool pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    @Override
    public String name() {
        return pool.name();
    }

    @Override
    public List<McpSchema.Tool> tools() {
        return pool.listTools();
    }

    @Override
    public McpSchema.CallToolResult callTool(String tool, Map<String, Object> arguments, BorrowOptions options,
            CallOptions call) {
        return pool.callTool(tool, arguments, options, call);
    }

    @Override
    public PooledSession borrow(BorrowOptions options) {
        return pool.borrow(options);
    }

    @Override
    public void shutdown() {
        pool.shutdown();
    }

    @Override
    public String toString() {
        return "pool '" + pool.name() + "'";
    }
}
