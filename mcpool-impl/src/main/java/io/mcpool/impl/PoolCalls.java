package io.mcpool.impl;

import io.mcpool.BorrowOptions;
import io.mcpool.CallOptions;
import io.mcpool.PoolConfig;
import io.mcpool.PooledSession;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The pool's one-shot tool calls: borrow, call, return. With {@link CallOptions} the deadline counts from
 * the call and bounds the wait for a session as well; the asynchronous call returns its lease when its
 * future completes, fails or is cancelled.
 */
final class PoolCalls {

    private final String poolName;
    private final Supplier<PoolConfig> config;
    private final Lender lender;

    PoolCalls(String poolName, Supplier<PoolConfig> config, Lender lender) {
        this.poolName = poolName;
        this.config = config;
        this.lender = lender;
    }

    McpSchema.CallToolResult callTool(String name, Map<String, Object> arguments, BorrowOptions options,
            CallOptions callOptions) {
        Objects.requireNonNull(name, "name");
        Deadline deadline = Deadline.of(callOptions, poolName);
        if (deadline == null) {
            try (PooledSession session = lender.borrow(options)) {
                return session.callTool(name, arguments);
            }
        }
        McpSchema.CallToolRequest request = request(name, arguments);
        try (PooledSession session = lender.borrow(bounded(options, deadline, request))) {
            return ((SessionLease) session).callTool(request, deadline);
        }
    }

    CompletableFuture<McpSchema.CallToolResult> callToolAsync(String name, Map<String, Object> arguments,
            BorrowOptions options, CallOptions callOptions) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(options, "borrowOptions");
        Deadline deadline = Deadline.of(callOptions, poolName);
        McpSchema.CallToolRequest request = request(name, arguments);
        SessionLease lease;
        try {
            lease = (SessionLease) lender.borrow(deadline == null ? options : bounded(options, deadline, request));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        try {
            return lease.callToolAsync(request, deadline, lease::close);
        } catch (RuntimeException | Error e) {
            lease.close();
            throw e;
        }
    }

    /** @return the borrow's options with a wait no longer than what is left of the deadline */
    private BorrowOptions bounded(BorrowOptions options, Deadline deadline, McpSchema.CallToolRequest request) {
        Objects.requireNonNull(options, "borrowOptions");
        long left = deadline.remainingNanos();
        if (left <= 0) {
            throw deadline.passed("tools/call " + request.name());
        }
        Duration wait = options.timeout() != null ? options.timeout() : config.get().borrowTimeout();
        return wait.toNanos() <= left ? options : options.toBuilder().timeout(Duration.ofNanos(left)).build();
    }

    private static McpSchema.CallToolRequest request(String name, Map<String, Object> arguments) {
        return new McpSchema.CallToolRequest(name, arguments == null ? Map.of() : arguments);
    }
}
