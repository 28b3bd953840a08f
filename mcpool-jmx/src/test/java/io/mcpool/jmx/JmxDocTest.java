package io.mcpool.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.metrics.PoolMetric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The metric tables of docs/jmx.md are those the metrics table makes. Run with
 * {@code -Dmcpool.updateDocs=true} to rewrite them after changing the table.
 */
class JmxDocTest {

    private static final Path DOC = Path.of("..", "docs", "jmx.md");
    private static final String END = "<!-- generated: end -->";

    @Test
    void theMetricTablesOfTheJmxPageAreGeneratedFromTheMetricsTable() throws IOException {
        String doc = Files.readString(DOC);
        String updated = replace(doc, "pool attributes", poolAttributes());
        updated = replace(updated, "snapshot items", MetricAttributes.METRICS.stream()
                .map(m -> "`" + MetricAttributes.itemName(m) + "`").collect(Collectors.joining(", ", "", ".\n")));
        updated = replace(updated, "manager attributes", managerAttributes());
        if (Boolean.getBoolean("mcpool.updateDocs") && !updated.equals(doc)) {
            Files.writeString(DOC, updated);
            doc = updated;
        }
        assertEquals(updated, doc, DOC.normalize() + " does not show the metrics table as it is: regenerate it with "
                + "mvn -pl mcpool-jmx -am test -Dtest=JmxDocTest -Dsurefire.failIfNoSpecifiedTests=false "
                + "-Dmcpool.updateDocs=true");
    }

    private static String poolAttributes() {
        StringBuilder table = new StringBuilder("| attribute | type | unit | meaning |\n|---|---|---|---|\n");
        for (PoolMetric m : MetricAttributes.METRICS) {
            table.append("| `").append(MetricAttributes.attributeName(m)).append("` | ")
                    .append(shortType(m)).append(" | ").append(m.unitFor(PoolMetric.JMX).label()).append(" | ")
                    .append(m.description()).append(" |\n");
        }
        return table.toString();
    }

    private static String managerAttributes() {
        StringBuilder table = new StringBuilder("| attribute | type | over all pools |\n|---|---|---|\n");
        for (PoolMetric m : MetricAttributes.METRICS) {
            table.append("| `").append(MetricAttributes.attributeName(m)).append("` | ").append(shortType(m))
                    .append(" | ").append(m.combination().description()).append(" |\n");
        }
        return table.toString();
    }

    private static String shortType(PoolMetric m) {
        String type = MetricAttributes.typeName(m);
        return type.startsWith("java.lang.") ? type.substring("java.lang.".length()) : type;
    }

    private static String replace(String doc, String section, String content) {
        String start = "<!-- generated from PoolMetric by JmxDocTest (" + section + "): start -->\n";
        int from = doc.indexOf(start);
        assertTrue(from >= 0, DOC + " lacks the marker " + start);
        int to = doc.indexOf(END, from);
        return doc.substring(0, from + start.length()) + content + doc.substring(to);
    }
}
