package io.mcpool.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class ReportWritingTest {

    private static Report report() {
        List<CellResult> cells = List.of(
                new CellResult("http <x> & \"y\"", Way.POOLED, 8, 1000, 0, 990, 1.1, 1.5, 2.0, 3.0, null),
                new CellResult("http <x> & \"y\"", Way.DEDICATED, 8, 1000, 0, 1000, 1.0, 1.4, 1.9, 2.5, null),
                new CellResult("http <x> & \"y\"", Way.SHARED, 8, 500, 0, 500, 2.0, 2.5, 3.0, 4.0, null),
                new CellResult("http <x> & \"y\"", Way.PER_CALL, 8, 50, 2, 50, 20.0, 25, 30, 40, "boom\n\"quoted\""));
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("cpus", 2);
        return new Report(env, Map.of(), cells, List.of(new Footprint.Result("http <x>", 8, 0.25, 12.5, -1, 5,
                Map.of("HttpClient-N-Worker-N", 2), true)), 12.5);
    }

    @Test
    void ratiosCompareWithTheSameTargetAndThreadCount() {
        Report r = report();
        CellResult pooled = r.cells().get(0);
        assertEquals(0.99, r.throughputVsDedicated(pooled), 1e-9);
        assertEquals(1.1, r.medianVsDedicated(pooled), 1e-9);
        assertEquals(20.0 / 1.1, r.medianSpeedupVsPerCall(pooled), 1e-9);
        assertEquals(19.8, r.throughputVsPerCall(pooled), 1e-9);
    }

    @Test
    void jsonIsEscapedAndNaNBecomesNull() {
        String json = Json.write(Map.of("s", "a\"b\\c\nd\u0001", "n", Double.NaN, "i", 3.0, "d", 0.125,
                "l", List.of(true, Way.PER_CALL)));
        assertTrue(json.contains("\"a\\\"b\\\\c\\nd\\u0001\""), json);
        assertTrue(json.contains("\"n\": null"), json);
        assertTrue(json.contains("\"i\": 3"), json);
        assertTrue(json.contains("\"d\": 0.125"), json);
        assertTrue(json.contains("\"per-call\""), json);
    }

    @Test
    void reportJsonHasEveryCellWithItsRatios() {
        String json = Json.write(report().toJson());
        assertTrue(json.contains("\"way\": \"mcpool\""), json);
        assertTrue(json.contains("\"throughputVsDedicated\": 0.99"), json);
        assertTrue(json.contains("\"firstError\": \"boom\\n\\\"quoted\\\"\""), json);
        assertTrue(json.contains("\"threadsPerSession\": 0.25"), json);
    }

    @Test
    void svgIsWellFormedXmlWithABarPerCell() throws Exception {
        String svg = SvgChart.render(report(), "title <&>");
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", doc.getDocumentElement().getNodeName());
        // two panels, four bars each, plus the four legend swatches and the background
        assertEquals(2 * 4 + 4 + 1, doc.getElementsByTagName("rect").getLength());
        assertTrue(svg.contains("title &lt;&amp;&gt;"));
    }
}
