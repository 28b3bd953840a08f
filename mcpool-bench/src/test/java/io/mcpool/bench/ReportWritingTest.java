package io.mcpool.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ReportWritingTest {

    private static final String TARGET = "http <x> & \"y\"";

    private static Report report(List<CellResult> cells) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("cpus", 2);
        return new Report(env, Map.of(), cells, List.of(new Footprint.Result("http <x>", 8, 0.25, 12.5, -1, 5,
                Map.of("HttpClient-N-Worker-N", 2), true)), List.of(new ReadyTime.Result("http <x>", 10, 50,
                        List.of(60.0, 62.0, 70.0), List.of(80.0, 75.0, 90.0), List.of(50.0, 55.0, 52.0),
                        List.of(110.0, 104.0, 120.0), List.of(20.0, 22.0, 25.0), List.of(180.0, 200.0, 210.0),
                        List.of(52.0, 55.0, 53.0), List.of(60.0, 70.0, 80.0), 2)),
                12.5);
    }

    private static Report report() {
        return report(List.of(
                new CellResult(TARGET, Way.POOLED, 8, 1000, 0, 990, 1.1, 1.5, 2.0, 3.0, null,
                        List.of(990.0, 1000.0, 960.0)),
                new CellResult(TARGET, Way.DEDICATED, 8, 1000, 0, 1000, 1.0, 1.4, 1.9, 2.5, null,
                        List.of(1000.0, 1000.0, 1000.0)),
                new CellResult(TARGET, Way.SHARED, 8, 500, 0, 500, 2.0, 2.5, 3.0, 4.0, null),
                new CellResult(TARGET, Way.PER_CALL, 8, 50, 2, 50, 20.0, 25, 30, 40, "boom\n\"quoted\""),
                new CellResult("stdio x", Way.POOLED, 1, 3000, 0, 3000, 0.3, 0.4, 0.5, 0.9, null),
                new CellResult("stdio x", Way.PER_CALL, 1, 0, 5, 0, 0, 0, 0, 0, "spawn failed")));
    }

    @Test
    void ratiosCompareWithTheSameTargetAndThreadCount() {
        Report r = report();
        CellResult pooled = r.cells().get(0);
        assertEquals(0.99, r.throughputVsDedicated(pooled), 1e-9);
        assertEquals(1.1, r.medianVsDedicated(pooled), 1e-9);
        assertEquals(20.0 / 1.1, r.medianSpeedupVsPerCall(pooled), 1e-9);
        assertEquals(19.8, r.throughputVsPerCall(pooled), 1e-9);
        assertEquals(List.of(0.99, 1.0, 0.96), r.roundThroughputVsDedicated(pooled), "round i against round i");
        assertEquals(List.of(), r.roundThroughputVsDedicated(r.cells().get(2)), "no rounds, no round ratios");
        assertEquals(List.of(), r.roundThroughputVs(pooled, Way.POOLED_STATELESS), "no such peer, no ratios");
        assertEquals(80.0 / 62.0, r.ready().get(0).ratio(), 1e-9, "median over median");
        assertEquals(110.0 / 52.0, r.ready().get(0).bareRatio(), 1e-9, "bare clients: median over median");
        assertEquals(100.0 / 62.0, r.ready().get(0).cpuBoundRatio(), 1e-9, "N sessions' CPU median over 2 CPUs");
        ReadyTime.Result latencyBound = new ReadyTime.Result("x", 10, 50, List.of(60.0), List.of(70.0), List.of(50.0),
                List.of(60.0), List.of(10.0), List.of(40.0), List.of(), List.of(), 2);
        assertEquals(1.0, latencyBound.cpuBoundRatio(), 1e-9, "20 ms of CPU on each core: one session's time bounds");
        ReadyTime.Result afterAnswer = new ReadyTime.Result("x", 10, 50, List.of(60.0), List.of(90.0), List.of(50.0),
                List.of(60.0), List.of(10.0), List.of(80.0), List.of(55.0, 51.0, 58.0), List.of(50.0, 40.0, 70.0), 2);
        assertEquals((55.0 + 50.0 / 2) / 60.0, afterAnswer.cpuBoundRatio(), 1e-9,
                "the first answer at 55 ms, then 50 ms of CPU on 2 cores (the median round): more than 80 / 2");
    }

    @Test
    void jsonIsEscapedFractionsKeepFourDecimalsAndNaNBecomesNull() {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("s", "a\"b\\c\nd\u0001");
        tree.put("n", Double.NaN);
        tree.put("inf", Double.POSITIVE_INFINITY);
        tree.put("i", 3.0);
        tree.put("d", 0.125);
        tree.put("long", 2.0 / 3);
        tree.put("l", List.of(true, 7));
        tree.put("empty", Map.of());
        String json = ResultsJson.write(tree);
        assertTrue(json.contains("\"a\\\"b\\\\c\\nd\\u0001\""), json);
        assertTrue(json.contains("\"n\": null"), json);
        assertTrue(json.contains("\"inf\": null"), json);
        assertTrue(json.contains("\"i\": 3,"), json);
        assertTrue(json.contains("\"d\": 0.125"), json);
        assertTrue(json.contains("\"long\": 0.6667"), json);
        assertTrue(json.contains("\"empty\": {}"), json);
        assertTrue(json.contains("\"l\": [\n    true,\n    7\n  ]"), json);
        assertTrue(json.endsWith("}\n"), json);
        assertEquals(tree.get("s"), ResultsJson.readObject(json).get("s"), "reads back");
    }

    @Test
    void reportJsonHasEveryCellWithItsRatiosTheFootprintAndTheTimeToReady() {
        JsonNode root = JsonMapper.builder().build().readTree(ResultsJson.write(report().toJson()));
        JsonNode results = root.get("results");
        assertEquals(6, results.size());
        assertEquals("mcpool", results.get(0).get("way").asString());
        assertEquals(0.99, results.get(0).get("throughputVsDedicated").asDouble(), 1e-9);
        assertEquals(0.99, results.get(0).get("throughputVsDedicatedByRound").get("median").asDouble(), 1e-9);
        assertEquals(0.96, results.get(0).get("throughputVsDedicatedByRound").get("min").asDouble(), 1e-9);
        assertEquals(3, results.get(0).get("throughputVsDedicatedByRound").get("rounds").size());
        assertEquals(null, results.get(2).get("throughputVsDedicatedByRound"), "a cell without rounds has none");
        assertTrue(results.get(5).get("throughputVsDedicated").isNull(), "no dedicated peer: null, not NaN");
        assertEquals("boom\n\"quoted\"", results.get(3).get("firstError").asString());
        assertEquals(0.25, root.get("footprint").get(0).get("threadsPerSession").asDouble(), 1e-9);
        assertEquals(5, root.get("footprint").get(0).get("threadsOfPoolWithOneSession").asInt());
        JsonNode ready = root.get("timeToReady").get(0);
        assertEquals(10, ready.get("sessions").asInt());
        assertEquals(50, ready.get("initializeLatencyMs").asInt());
        assertEquals(62, ready.get("oneSessionMs").get("median").asInt());
        assertEquals(60, ready.get("oneSessionMs").get("min").asInt());
        assertEquals(90, ready.get("sessionsMs").get("max").asInt());
        assertEquals(1.2903, ready.get("ratio").asDouble(), 1e-9);
        assertEquals(52, ready.get("bareClientMs").get("median").asInt());
        assertEquals(120, ready.get("bareClientsMs").get("max").asInt());
        assertEquals(2.1154, ready.get("bareRatio").asDouble(), 1e-9);
        assertEquals(22, ready.get("oneSessionCpuMs").get("median").asInt());
        assertEquals(210, ready.get("sessionsCpuMs").get("max").asInt());
        assertEquals(2, ready.get("cpus").asInt());
        assertEquals(53, ready.get("answeredMs").get("median").asInt());
        assertEquals(80, ready.get("afterAnswerCpuMs").get("max").asInt());
        assertEquals(1.6129, ready.get("cpuBoundRatio").asDouble(), 1e-9, "100 ms of CPU per core bounds, above 55 + 35");
    }

    @Test
    void svgIsWellFormedWithItsWordsAsTextAndALegendOfTheWaysMeasured() throws Exception {
        String svg = ResultsChart.render(report(), "title <&>", s -> s.replace("secret", "****"));
        Document doc = parse(svg);
        assertEquals("svg", doc.getDocumentElement().getNodeName());
        List<String> texts = texts(doc);
        assertTrue(texts.contains("title <&>"), texts.toString());
        for (Way w : Way.DEFAULTS) {
            assertTrue(texts.contains(w.description()), w + " in the legend: " + texts);
        }
        assertFalse(texts.contains(Way.POOLED_STATELESS.description()), "a way not measured has no legend entry");
        assertTrue(texts.contains(TARGET + ", 8 threads"), texts.toString());
        assertTrue(texts.contains("stdio x, 1 thread"), texts.toString());
        assertTrue(texts.stream().anyMatch(t -> t.startsWith("calls per second")), texts.toString());
        assertTrue(texts.stream().anyMatch(t -> t.startsWith("median latency, ms")), texts.toString());
        assertTrue(svg.length() < 200_000, "words as text keep it small: " + svg.length());
    }

    @Test
    void chartLabelsGoThroughTheMask() throws Exception {
        Report r = report(List.of(new CellResult("http http://h/mcp?k=secret", Way.POOLED, 1, 10, 0, 10, 1, 1, 1, 1,
                null)));
        String svg = ResultsChart.render(r, "a secret title", s -> s.replace("secret", "****"));
        assertFalse(svg.contains("secret"), "masked before drawing");
        assertTrue(texts(parse(svg)).contains("a **** title"));
    }

    @Test
    void aRunWhereEveryCallFailedStillDrawsAChart() throws Exception {
        Report r = report(List.of(new CellResult("dead", Way.POOLED, 1, 0, 9, 0, 0, 0, 0, 0, "refused"),
                new CellResult("dead", Way.SHARED, 1, 0, 9, 0, 0, 0, 0, 0, "refused")));
        Document doc = parse(ResultsChart.render(r, "nothing answered", s -> s));
        assertTrue(texts(doc).contains("nothing answered"));
        assertFalse(texts(doc).contains(Way.POOLED.description()), "no legend entry for a way without a bar");
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        // The SVG 1.1 doctype names a DTD on the web: never fetch it.
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> texts(Document doc) {
        NodeList nodes = doc.getElementsByTagName("text");
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent());
        }
        return texts;
    }
}
