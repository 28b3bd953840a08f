package io.mcpool.prometheus;

import io.mcpool.metrics.MetricUnit;
import io.mcpool.metrics.PoolMetric;
import io.mcpool.testkit.GeneratedDoc;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus names table of docs/observability.md is the one the collector makes from the
 * metrics table. Run with {@code -Dmcpool.updateDocs=true} to rewrite it after changing the table.
 */
class PrometheusDocTest {

    private static final Path DOC = Path.of("..", "docs", "observability.md");
    private static final String START = "<!-- generated from PoolMetric by PrometheusDocTest: start -->\n";
    private static final String END = "<!-- generated: end -->";

    @Test
    void thePrometheusTableIsGeneratedFromTheMetricsTable() throws IOException {
        StringBuilder table = new StringBuilder("| metric | Prometheus | type | unit | meaning |\n|---|---|---|---|---|\n");
        for (PoolMetric m : PoolMetric.values()) {
            table.append("| `").append(m.metricName()).append("` | ")
                    .append(PrometheusNames.sampleNames(m).stream().map(n -> "`" + n + "`")
                            .collect(Collectors.joining(", ")))
                    .append(" | ").append(PrometheusNames.type(m).name().toLowerCase(Locale.ROOT))
                    .append(" | ").append(unit(m)).append(" | ").append(m.description()).append(" |\n");
        }
        GeneratedDoc.read(DOC).section(START, END, table.toString()).check("mvn -pl mcpool-prometheus -am test "
                + "-Dtest=PrometheusDocTest -Dsurefire.failIfNoSpecifiedTests=false -Dmcpool.updateDocs=true");
    }

    private static String unit(PoolMetric m) {
        if (PrometheusNames.unit(m) != null) {
            return PrometheusNames.unit(m).toString();
        }
        if (m.unit() == MetricUnit.BOOLEAN) {
            return "0 or 1";
        }
        return m.unit() == MetricUnit.STATE ? "state code" : "—";
    }
}
