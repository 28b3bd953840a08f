package io.mcpool.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.metrics.MetricKind;
import io.mcpool.metrics.PoolMetric;
import java.io.IOException;
import java.nio.file.Files;
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
        String doc = Files.readString(DOC);
        int start = doc.indexOf(START);
        assertTrue(start >= 0, DOC + " lacks the marker " + START);
        String updated = doc.substring(0, start + START.length()) + table + doc.substring(doc.indexOf(END, start));
        if (Boolean.getBoolean("mcpool.updateDocs") && !updated.equals(doc)) {
            Files.writeString(DOC, updated);
            doc = updated;
        }
        assertEquals(updated, doc, DOC.normalize() + " does not show the metrics table as it is: regenerate it with "
                + "mvn -pl mcpool-cdi -am test -Dtest=JakartaMetricsDocTest -Dsurefire.failIfNoSpecifiedTests=false "
                + "-Dmcpool.updateDocs=true");
    }
}
