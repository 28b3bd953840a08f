package io.mcpool.impl;

import io.mcpool.ToolMetrics;
import io.mcpool.event.PoolEvent.ToolOutcome;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per-tool call figures: counts by outcome and a latency histogram per tool name, for at most
 * {@link ToolMetrics#MAX_TOOLS} names; calls of further tools are counted under {@link ToolMetrics#OTHER}.
 */
final class ToolStats {

    private final ConcurrentHashMap<String, Tool> tools = new ConcurrentHashMap<>();
    final LongAdder calls = new LongAdder();
    final LongAdder errors = new LongAdder();

    /** One tool's figures. */
    private static final class Tool {
        final LatencyHistogram latency = new LatencyHistogram();
        final LongAdder toolErrors = new LongAdder();
        final LongAdder failures = new LongAdder();
    }

    void record(String tool, long nanos, ToolOutcome outcome) {
        Tool t = tools.get(tool);
        if (t == null) {
            t = tools.size() < ToolMetrics.MAX_TOOLS ? tools.computeIfAbsent(tool, n -> new Tool())
                    : tools.computeIfAbsent(ToolMetrics.OTHER, n -> new Tool());
        }
        t.latency.record(nanos);
        calls.increment();
        if (outcome == ToolOutcome.TOOL_ERROR) {
            t.toolErrors.increment();
            errors.increment();
        } else if (outcome == ToolOutcome.FAILED) {
            t.failures.increment();
            errors.increment();
        }
    }

    /** @return one row per tool, most called first */
    List<ToolMetrics> snapshot() {
        return tools.entrySet().stream()
                .map(e -> {
                    Tool t = e.getValue();
                    return new ToolMetrics(e.getKey(), t.latency.count(), t.toolErrors.sum(), t.failures.sum(),
                            t.latency.mean(), t.latency.percentile(0.5), t.latency.percentile(0.95),
                            t.latency.percentile(0.99), t.latency.max());
                })
                .sorted(Comparator.comparingLong(ToolMetrics::calls).reversed().thenComparing(ToolMetrics::tool))
                .toList();
    }
}
