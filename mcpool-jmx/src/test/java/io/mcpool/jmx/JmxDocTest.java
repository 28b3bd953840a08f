package io.mcpool.jmx;

import io.mcpool.metrics.PoolMetric;
import io.mcpool.testkit.GeneratedDoc;
import java.io.IOException;
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
        GeneratedDoc.read(DOC)
                .section(start("pool attributes"), END, poolAttributes())
                .section(start("snapshot items"), END, MetricAttributes.METRICS.stream()
                        .map(m -> "`" + MetricAttributes.itemName(m) + "`").collect(Collectors.joining(", ", "", ".\n")))
                .section(start("manager attributes"), END, managerAttributes())
                .check("mvn -pl mcpool-jmx -am test -Dtest=JmxDocTest -Dsurefire.failIfNoSpecifiedTests=false "
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

    private static String start(String section) {
        return "<!-- generated from PoolMetric by JmxDocTest (" + section + "): start -->\n";
    }
}
