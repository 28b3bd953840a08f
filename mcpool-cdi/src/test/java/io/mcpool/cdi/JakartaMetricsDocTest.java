package io.mcpool.cdi;

import io.mcpool.metrics.MetricKind;
import io.mcpool.metrics.PoolMetric;
import io.mcpool.testkit.GeneratedDoc;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The MicroProfile Metrics table of docs/jakarta.md is the one the metrics table makes. Run with
 * {@code -Dmcpool.updateDocs=true} to rewrite it after changing the table.
 */
class JakartaMetricsDocTest {

    private static final Path DOC = Path.of("..", "docs", "jakarta.md");
    private static final String START = "<!-- generated from PoolMetric by JakartaMetricsDocTest: start -->\n";
    private static final String END = "<!-- generated: end -->";

    @Test
    void theMetricsTableOfTheJakartaPageIsGeneratedFromTheMetricsTable() throws IOException {
        StringBuilder table = new StringBuilder("| metric | type | unit | Prometheus | meaning |\n|---|---|---|---|---|\n");
        for (PoolMetric m : PoolMetric.values()) {
            MicroProfileNaming.Instrument instrument = MicroProfileNaming.instrument(m);
            table.append("| `").append(MicroProfileNaming.name(m)).append("` | ")
                    .append(instrument.name().toLowerCase(Locale.ROOT))
                    .append(instrument == MicroProfileNaming.Instrument.GAUGE && m.kind() == MetricKind.COUNTER
                            ? " (only grows)" : "")
                    .append(" | ").append(MicroProfileNaming.unit(m)).append(" | `")
                    .append(MicroProfileNaming.prometheusName(m)).append("` | ").append(m.description()).append(" |\n");
        }
        GeneratedDoc.read(DOC).section(START, END, table.toString()).check("mvn -pl mcpool-cdi -am test "
                + "-Dtest=JakartaMetricsDocTest -Dsurefire.failIfNoSpecifiedTests=false -Dmcpool.updateDocs=true");
    }
}
