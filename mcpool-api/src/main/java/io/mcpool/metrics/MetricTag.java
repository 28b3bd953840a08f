package io.mcpool.metrics;

import java.util.Objects;

/**
 * A tag (label, attribute) a metric may carry, with a cap on how many distinct values one pool may
 * give it. An exporter reports values beyond the cap as {@value #OTHER}, so a tag fed by callers
 * (tenants, tools) cannot grow a metrics backend without bound.
 *
 * @param name      the tag's name, as exporters show it
 * @param maxValues how many distinct values one pool reports before the rest become {@value #OTHER}
 */
public record MetricTag(String name, int maxValues) {

    /** The value reported for values beyond the cap. */
    public static final String OTHER = "other";

    /** The pool's name. Pools are named by configuration, so they are few: no cap. */
    public static final MetricTag POOL = new MetricTag("pool", Integer.MAX_VALUE);

    /**
     * The tenant a lease was borrowed for. No metric carries it yet; declared so that exporters to
     * come agree on its name and cap.
     */
    public static final MetricTag TENANT = new MetricTag("tenant", 100);

    /**
     * The MCP tool a call went to, carried by the tool-call metrics; capped as the pool's own per-tool
     * figures are ({@link io.mcpool.ToolMetrics#MAX_TOOLS}).
     */
    public static final MetricTag TOOL = new MetricTag("tool", io.mcpool.ToolMetrics.MAX_TOOLS);

    /**
     * @param name      the tag's name, as exporters show it
     * @param maxValues how many distinct values one pool reports, at least 1
     */
    public MetricTag {
        Objects.requireNonNull(name, "name");
        if (maxValues < 1) {
            throw new IllegalArgumentException("maxValues=" + maxValues + ": must be at least 1");
        }
    }
}
