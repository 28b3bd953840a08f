package io.mcpool.spi;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;

/**
 * Answers a server's {@code roots/list} request: the file system (or other URI) roots the server may
 * work within, for the borrower whose call it is handling.
 *
 * <p>Set one per pool ({@code PoolConfig.Builder.rootsHandler}) or per borrow
 * ({@code BorrowOptions.Builder.rootsHandler}); a request that arrives during a lease's call is answered by
 * that lease's handler, else by the pool's, never by another borrower's. The handler is asked on every
 * request, so it may return a different list each time; it runs on a worker thread, not the caller's.
 */
@FunctionalInterface
public interface RootsHandler {

    /** @return the roots to offer the server; never null (an empty list offers none) */
    List<McpSchema.Root> listRoots();

    /**
     * @param roots the roots to offer every time
     * @return a handler that always answers {@code roots}
     */
    static RootsHandler of(List<McpSchema.Root> roots) {
        List<McpSchema.Root> fixed = List.copyOf(roots);
        return () -> fixed;
    }
}
