package io.mcpool.langchain4j;

import io.mcpool.BorrowOptions;
import io.mcpool.CallOptions;
import io.mcpool.McpPoolException;
import io.mcpool.PooledSession;
import io.mcpool.manager.McpPoolManager;
import io.mcpool.manager.PoolAvailability;
import io.mcpool.manager.SelectionStrategy;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Tools of a manager whose pools serve the same tools: the list from the cache of the first available
 * pool that can give it, each call through the manager with its strategy and failover.
 */
final class ManagerSource implements ToolSource {

    private final McpPoolManager manager;
    private final SelectionStrategy strategy;

    ManagerSource(McpPoolManager manager, SelectionStrategy strategy) {
        this.manager = Objects.requireNonNull(manager, "manager");
        this.strategy = Objects.requireNonNull(strategy, "strategy");
    }

    @Override
    public String name() {
        return manager.name();
    }

    @Override
    public List<McpSchema.Tool> tools() {
        List<String> reasons = new ArrayList<>();
        List<RuntimeException> failures = new ArrayList<>();
        for (Map.Entry<String, PoolAvailability> pool : manager.availability().entrySet()) {
            if (pool.getValue() != PoolAvailability.AVAILABLE) {
                reasons.add(pool.getKey() + ": " + pool.getValue());
                continue;
            }
            try {
                return manager.listTools(pool.getKey());
            } catch (McpPoolException | IllegalArgumentException e) {
                reasons.add(pool.getKey() + ": " + e.getMessage());
                failures.add(e);
            }
        }
        McpPoolException noList = new McpPoolException("No pool of manager '" + manager.name()
                + "' could list its tools (" + (reasons.isEmpty() ? "it has no pools" : String.join("; ", reasons))
                + "); start the manager, or wait for a pool to be available");
        failures.forEach(noList::addSuppressed);
        throw noList;
    }

    @Override
    public McpSchema.CallToolResult callTool(String tool, Map<String, Object> arguments, BorrowOptions options,
            CallOptions call) {
        return manager.callTool(tool, arguments, strategy, options, call);
    }

    @Override
    public PooledSession borrow(BorrowOptions options) {
        return manager.borrow(strategy, options);
    }

    @Override
    public void shutdown() {
        manager.shutdown();
    }

    @Override
    public String toString() {
        return "manager '" + manager.name() + "'";
    }
}
