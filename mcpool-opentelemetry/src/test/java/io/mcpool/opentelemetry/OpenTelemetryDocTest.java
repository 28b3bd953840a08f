package io.mcpool.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.metrics.PoolMetric;
import io.mcpool.testkit.GeneratedDoc;
import io.opentelemetry.api.common.AttributeKey;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/tracing.md names every instrument and attribute this module reports. Run with
 * {@code -Dmcpool.updateDocs=true} to rewrite the generated table after changing the metric table.
 */
class OpenTelemetryDocTest {

    private static final Path DOC = Path.of("..", "docs", "tracing.md");
    private static final String START = "<!-- generated from PoolMetric by OpenTelemetryDocTest: start -->\n";
    private static final String END = "<!-- generated from PoolMetric by OpenTelemetryDocTest: end -->";

    @Test
    void theTableOfRowsUnderTheirOwnNamesIsTheMetricTable() throws IOException {
        StringBuilder table = new StringBuilder().append("| instrument | type | unit | attributes |\n")
                .append("|---|---|---|---|\n");
        for (PoolMetric m : PoolMetric.values()) {
            if (Names.convention(m) == null) {
                table.append("| `").append(m.metricName()).append("` | ").append(Names.instrument(m).label)
                        .append(" | `").append(Names.unit(m)).append("` | ")
                        .append(m.tags().stream().map(t -> "`" + Names.attribute(t).getKey() + "`")
                                .collect(Collectors.joining(", ")))
                        .append(" |\n");
            }
        }
        GeneratedDoc.read(DOC).section(START, END, table.toString()).check("mvn -pl mcpool-opentelemetry test "
                + "-Dtest=OpenTelemetryDocTest -Dmcpool.updateDocs=true");
    }

    @Test
    void everyInstrumentAttributeAndEventIsNamedOnThePage() throws Exception {
        String doc = Files.readString(DOC);
        String section = doc.substring(doc.indexOf("## OpenTelemetry"));
        for (PoolMetric m : PoolMetric.values()) {
            String name = McpPoolTelemetry.instrumentName(m);
            assertTrue(section.contains("`" + name + "`"), m + " as " + name);
        }
        for (String name : McpPoolTelemetryMetricsTest.CONVENTION_NAMES) {
            assertTrue(section.contains("`" + name + "`"), name);
        }
        for (Field f : Names.class.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            f.setAccessible(true);
            Object value = f.get(null);
            String shown = value instanceof AttributeKey<?> k ? k.getKey()
                    : value instanceof String s && s.matches("[a-z_.]+\\.[a-z_.]+") ? s : null;
            if (shown != null) {
                assertTrue(section.contains("`" + shown + "`"), "Names." + f.getName() + " = " + shown);
            }
        }
    }
}
