package io.mcpool.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.metrics.MetricUnit;
import io.mcpool.metrics.PoolMetric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Micrometer and CloudWatch names table of docs/observability.md is the one the binder and the
 * CloudWatch registry make from the metrics table ({@link CloudWatchNames}, checked on the wire by
 * {@link CloudWatchExportTest}). Run with {@code -Dmcpool.updateDocs=true} to rewrite it.
 */
class MicrometerDocTest {

    private static final Path DOC = Path.of("..", "docs", "observability.md");
    private static final String START = "<!-- generated from PoolMetric by MicrometerDocTest: start -->\n";
    private static final String END = "<!-- generated: end -->";

    @Test
    void theMicrometerAndCloudWatchTableIsGeneratedFromTheMetricsTable() throws IOException {
        StringBuilder table = new StringBuilder("| metric | Micrometer meter | CloudWatch metrics (unit) |\n|---|---|---|\n");
        for (PoolMetric m : PoolMetric.values()) {
            table.append("| `").append(m.metricName()).append("` | ").append(meter(m)).append(" | ")
                    .append(CloudWatchNames.of(m).entrySet().stream()
                            .map(e -> "`" + e.getKey() + "` (" + e.getValue() + ")").collect(Collectors.joining(", ")))
                    .append(" |\n");
        }
        String doc = Files.readString(DOC);
        int start = doc.indexOf(START);
        assertTrue(start >= 0, DOC + " lacks the marker " + START);
        String updated = doc.substring(0, start + START.length()) + table + doc.substring(doc.indexOf(END, start));
        if (Boolean.getBoolean("mcpool.updateDocs") && !updated.equals(doc)) {
            Files.writeString(DOC, updated);
            doc = updated;
        }
        assertEquals(updated, doc, DOC.normalize() + " does not show the Micrometer and CloudWatch names as they "
                + "are: regenerate them with mvn -pl mcpool-micrometer -am test -Dtest=MicrometerDocTest "
                + "-Dsurefire.failIfNoSpecifiedTests=false -Dmcpool.updateDocs=true");
    }

    /** @return the meter the binder registers for the metric, as McpPoolMetrics does */
    private static String meter(PoolMetric m) {
        String type = switch (m.kind()) {
            case GAUGE -> "gauge";
            case COUNTER -> m.component().isPresent() ? "function counter" : "counter";
            case TIMER -> "timer";
            case HISTOGRAM -> "distribution summary";
        };
        return "`" + m.metricName() + "`: " + type + (m.unit() == MetricUnit.SECONDS && m.kind() == io.mcpool.metrics
                .MetricKind.GAUGE ? " (base unit seconds)" : "");
    }
}
