package io.mcpool.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/metrics.md shows the metrics table as it is. Run with {@code -Dmcpool.updateDocs=true} to
 * rewrite the generated part after changing the table.
 */
class MetricsDocTest {

    private static final Path DOC = Path.of("..", "docs", "metrics.md");
    private static final String START = "<!-- generated from PoolMetric by MetricsDocTest: start -->\n";
    private static final String END = "<!-- generated: end -->";

    @Test
    void theReferenceTableIsTheMetricsTable() throws IOException {
        StringBuilder table = new StringBuilder()
                .append("| metric | kind | unit | tags | read from | over several pools | meaning |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (PoolMetric m : PoolMetric.values()) {
            table.append("| `").append(m.metricName()).append("` | ").append(lower(m.kind())).append(" | ")
                    .append(m.unit().label()).append(" | ")
                    .append(m.tags().stream().map(MetricTag::name).collect(Collectors.joining(", "))).append(" | ")
                    .append(source(m)).append(" | ")
                    .append(m.component().isPresent() ? m.combination().description() : "—").append(" | ")
                    .append(m.description()).append(" |\n");
        }
        String doc = Files.readString(DOC);
        int start = doc.indexOf(START);
        int end = doc.indexOf(END);
        String updated = doc.substring(0, start + START.length()) + table + doc.substring(end);
        if (Boolean.getBoolean("mcpool.updateDocs") && !updated.equals(doc)) {
            Files.writeString(DOC, updated);
            doc = updated;
        }
        assertEquals(updated, doc, DOC.normalize() + " does not show the metrics table as it is: regenerate it with "
                + "mvn -pl mcpool-api test -Dtest=MetricsDocTest -Dmcpool.updateDocs=true");
    }

    private static String source(PoolMetric m) {
        String snapshot = m.component().map(c -> "`PoolMetrics." + c + "`").orElse("");
        String events = m.event().map(e -> "`" + e.getSimpleName() + "` events").orElse("");
        return snapshot.isEmpty() ? events : events.isEmpty() ? snapshot : snapshot + "; " + events;
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(java.util.Locale.ROOT);
    }
}
