package io.mcpool.metrics;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The distinct values one exporter gave one tag of one pool so far, with the tag's cap applied: the
 * first {@link MetricTag#maxValues()} distinct values are reported as they are, every later one as
 * {@value MetricTag#OTHER}. Exporters share this rule so that a tag fed by callers (tenants, tools)
 * cannot grow a metrics backend without bound. Thread-safe.
 */
public final class TagValues {

    private final MetricTag tag;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    /** @param tag the tag whose values are counted */
    public TagValues(MetricTag tag) {
        this.tag = Objects.requireNonNull(tag, "tag");
    }

    /** @return the tag */
    public MetricTag tag() {
        return tag;
    }

    /**
     * @param value a value an event gives the tag; null counts as {@value MetricTag#OTHER}
     * @return {@code value} while the tag has fewer distinct values than its cap (or already has this
     *     one), else {@value MetricTag#OTHER}
     */
    public String admit(String value) {
        if (value == null) {
            return MetricTag.OTHER;
        }
        if (seen.contains(value)) {
            return value;
        }
        synchronized (seen) {
            if (seen.contains(value) || seen.size() < tag.maxValues()) {
                seen.add(value);
                return value;
            }
        }
        return MetricTag.OTHER;
    }
}
