package io.mcpool.micrometer;

import io.mcpool.metrics.MetricUnit;
import io.mcpool.metrics.PoolMetric;
import io.mcpool.testkit.GeneratedDoc;
import java.io.IOException;
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
        GeneratedDoc.read(DOC).section(START, END, table.toString()).check("mvn -pl mcpool-micrometer -am test "
                + "-Dtest=MicrometerDocTest -Dsurefire.failIfNoSpecifiedTests=false -Dmcpool.updateDocs=true");
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
