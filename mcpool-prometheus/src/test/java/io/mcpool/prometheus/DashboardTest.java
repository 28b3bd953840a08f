package io.mcpool.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.mcpool.BorrowOptions;
import io.mcpool.McpPool;
import io.mcpool.McpPoolException;
import io.mcpool.PoolConfig;
import io.mcpool.PoolExhaustedException;
import io.mcpool.PooledSession;
import io.mcpool.metrics.PoolMetric;
import io.mcpool.prometheus.PromText.Family;
import io.mcpool.prometheus.PromText.Sample;
import io.mcpool.testkit.TestMcpServer;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every PromQL expression of the Grafana dashboard (docs/grafana/mcpool-dashboard.json), evaluated by
 * Prometheus' own engine ({@code promtool test rules}, Debian package {@code prometheus}) over real
 * scrapes of real pools: a busy one against a test MCP server (borrows, borrow timeouts, tool-cache
 * hits and misses) and one whose server is gone (creation failures, the breaker opening). No
 * Prometheus server runs: the scrapes become the input series of a promtool unit test, one scrape per
 * 15 s of its clock.
 *
 * <p>Each expression must give at least one series, every value within the range its panel declares
 * (no NaN). The values promtool computed are also drawn as a chart (target/dashboard-queries.png;
 * docs/images/dashboard-queries.png with {@code -Dmcpool.updateDocs=true}).
 */
class DashboardTest {

    static final Path DASHBOARD = Path.of("..", "docs", "grafana", "mcpool-dashboard.json");
    private static final Path CHART = Path.of("..", "docs", "images", "dashboard-queries.png");
    private static final int SCRAPES = 8;
    private static final int STEP_SECONDS = 15;
    private static final String RATE_INTERVAL = "1m";

    /** One query of a panel. */
    record Query(String panel, String legend, String expr, double min, double max) {

        /** @return the expression as promtool evaluates it: all pools, a fixed rate interval */
        String promql() {
            return expr.replace("$__rate_interval", RATE_INTERVAL).replace("$pool", ".*");
        }
    }

    private TestMcpServer server;
    private McpPool busy;
    private McpPool unreachable;
    private PrometheusRegistry registry;
    private HTTPServer http;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        server = TestMcpServer.builder().build().start();
        busy = McpPool.create(PoolConfig.builder().name("search").endpoint(server.endpoint())
                .minSessions(1).maxSessions(2).build());
        busy.start();
        TestMcpServer gone = TestMcpServer.builder().build().start();
        String goneEndpoint = gone.endpoint();
        gone.close();
        unreachable = McpPool.create(PoolConfig.builder().name("weather").endpoint(goneEndpoint)
                .minSessions(0).maxSessions(1).retryCount(0).failureThreshold(3).borrowTimeout(Duration.ofSeconds(1))
                .build());
        unreachable.start();
        registry = new PrometheusRegistry();
        new McpPoolCollector().add(busy).add(unreachable).register(registry);
        http = HTTPServer.builder().hostname("127.0.0.1").port(0).registry(registry).buildAndStart();
    }

    @AfterEach
    void stop() {
        http.close();
        unreachable.close();
        busy.close();
        server.close();
    }

    @Test
    void everyExpressionOfTheDashboardGivesSaneValuesOnRealScrapes() throws Exception {
        List<Query> queries = queries();
        Path work = Files.createDirectories(Path.of("target", "dashboard-promtool"));
        List<Map<String, Double>> scrapes = new ArrayList<>();
        for (int i = 0; i < SCRAPES; i++) {
            work(i);
            scrapes.add(samples(PromText.parse(scrape())));
        }
        String series = inputSeries(scrapes);
        int last = (SCRAPES - 1) * STEP_SECONDS;

        // 1. Prometheus' engine says each expression is non-empty and within its panel's range.
        StringBuilder sanity = new StringBuilder(header(series));
        for (Query q : queries) {
            for (int at : new int[] {last / 2, last}) {
                sanity.append("      - expr: '").append(yaml("count((" + q.promql() + ") >= " + plain(q.min()) + " <= "
                        + plain(q.max()) + ") == bool count(" + q.promql() + ")")).append("'\n")
                        .append("        eval_time: ").append(at).append("s\n")
                        .append("        exp_samples:\n          - labels: '{}'\n            value: 1\n");
            }
        }
        Path sanityFile = work.resolve("sanity.yml");
        Files.writeString(sanityFile, sanity);
        Result result = promtool(sanityFile);
        assertEquals(0, result.exit(), "promtool found a dashboard expression empty or out of its panel's range "
                + "(input: " + sanityFile.toAbsolutePath() + "):\n" + result.output());

        // 2. The values themselves, for the chart: promtool prints what it got where nothing was expected.
        StringBuilder values = new StringBuilder(header(series));
        for (Query q : queries) {
            for (int at = STEP_SECONDS; at <= last; at += STEP_SECONDS) {
                values.append("      - expr: '").append(yaml(q.promql())).append("'\n")
                        .append("        eval_time: ").append(at).append("s\n        exp_samples: []\n");
            }
        }
        Path valuesFile = work.resolve("values.yml");
        Files.writeString(valuesFile, values);
        Map<String, Map<Integer, Map<String, Double>>> got = got(promtool(valuesFile).output());
        for (Query q : queries) {
            Map<String, Double> atLast = got.getOrDefault(q.promql(), Map.of()).getOrDefault(last, Map.of());
            assertFalse(atLast.isEmpty(), q + ": promtool printed no values at " + last + "s");
        }
        File png = work.resolve("dashboard-queries.png").toFile();
        DashboardChart.draw(queries, got, png);
        assertTrue(png.length() > 10_000, "the chart was drawn");
        if (Boolean.getBoolean("mcpool.updateDocs")) {
            Files.copy(png.toPath(), CHART, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        assertTrue(Files.exists(CHART), CHART.normalize() + " is missing: draw it with mvn -pl mcpool-prometheus -am "
                + "verify -Dtest=DashboardTest -Dsurefire.failIfNoSpecifiedTests=false -Dmcpool.updateDocs=true");
    }

    @Test
    void theDashboardNamesOnlyMetricsOfTheTableAndTheBreakersStatesAsTheTableCodesThem() throws IOException {
        Set<String> known = new TreeSet<>();
        for (PoolMetric metric : PoolMetric.values()) {
            known.add(PrometheusNames.name(metric));
            known.addAll(PrometheusNames.sampleNames(metric));
        }
        String text = Files.readString(DASHBOARD);
        Matcher m = Pattern.compile("mcpool_[a-z0-9_]+").matcher(text);
        int names = 0;
        while (m.find()) {
            assertTrue(known.contains(m.group()), m.group() + " is not a metric the collector exposes: " + known);
            names++;
        }
        assertTrue(names > 10, "the dashboard's queries name the metrics");
        JsonNode panel = panels().stream()
                .filter(p -> p.get("targets").get(0).get("expr").asString().contains(
                        PrometheusNames.name(PoolMetric.CIRCUIT_STATE)))
                .findFirst().orElseThrow();
        JsonNode options = panel.get("fieldConfig").get("defaults").get("mappings").get(0).get("options");
        for (Enum<?> state : PoolMetric.CIRCUIT_STATE.states()) {
            assertEquals(state.name(), options.get(String.valueOf(PoolMetric.CIRCUIT_STATE.stateCode(state)))
                    .get("text").asString());
        }
        assertEquals(PoolMetric.CIRCUIT_STATE.states().size(), options.size());
    }

    /** One step of work on both pools; the busy pool's load grows step by step. */
    private void work(int step) {
        if (step % 3 == 0) {
            busy.invalidateToolsCache();
        }
        for (int i = 0; i < 2 + 2 * step; i++) {
            assertFalse(busy.callTool("echo", Map.of("message", "m" + i)).isError());
        }
        assertFalse(busy.listTools().isEmpty());
        assertFalse(busy.listTools().isEmpty());
        try (PooledSession a = busy.borrow(); PooledSession b = busy.borrow()) {
            assertThrows(PoolExhaustedException.class,
                    () -> busy.borrow(BorrowOptions.builder().timeout(Duration.ofMillis(20)).build()).close());
        }
        assertThrows(McpPoolException.class, () -> unreachable.borrow().close(), "its server is gone");
    }

    static List<Query> queries() throws IOException {
        List<Query> queries = new ArrayList<>();
        for (JsonNode panel : panels()) {
            JsonNode defaults = panel.get("fieldConfig").get("defaults");
            double min = defaults.has("min") ? defaults.get("min").asDouble() : Double.NEGATIVE_INFINITY;
            double max = defaults.has("max") ? defaults.get("max").asDouble() : 1e12;
            for (JsonNode target : panel.get("targets")) {
                queries.add(new Query(panel.get("title").asString(), target.get("legendFormat").asString(),
                        target.get("expr").asString(), min, max));
            }
        }
        return queries;
    }

    private static List<JsonNode> panels() throws IOException {
        JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
        List<JsonNode> panels = new ArrayList<>();
        dashboard.get("panels").forEach(panels::add);
        return panels;
    }

    private String scrape() throws Exception {
        return PromText.scrape(client, http.getPort());
    }

    /** @return each series of the scrape ({@code name{labels}} as promtool writes a series) with its value */
    private static Map<String, Double> samples(Map<String, Family> families) {
        Map<String, Double> samples = new TreeMap<>();
        for (Family family : families.values()) {
            for (Sample s : family.samples()) {
                String labels = s.labels().entrySet().stream()
                        .map(e -> e.getKey() + "=\"" + e.getValue().replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                        .collect(Collectors.joining(","));
                samples.put(s.name() + "{" + labels + "}", s.value());
            }
        }
        return samples;
    }

    private static String inputSeries(List<Map<String, Double>> scrapes) {
        Set<String> names = new TreeSet<>();
        scrapes.forEach(s -> names.addAll(s.keySet()));
        StringBuilder out = new StringBuilder();
        for (String name : names) {
            out.append("      - series: '").append(yaml(name)).append("'\n        values: '");
            out.append(scrapes.stream().map(s -> s.containsKey(name) ? plain(s.get(name)) : "_")
                    .collect(Collectors.joining(" "))).append("'\n");
        }
        return out.toString();
    }

    private static String header(String series) {
        return "evaluation_interval: " + STEP_SECONDS + "s\ntests:\n  - interval: " + STEP_SECONDS + "s\n"
                + "    input_series:\n" + series + "    promql_expr_test:\n";
    }

    private static String plain(double v) {
        if (v == Double.POSITIVE_INFINITY) {
            return "+Inf";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v)
                : BigDecimal.valueOf(v).toPlainString();
    }

    private static String yaml(String singleQuoted) {
        return singleQuoted.replace("'", "''");
    }

    /** What promtool said. */
    private record Result(int exit, String output) {
    }

    private static Result promtool(Path tests) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("promtool", "test", "rules", tests.getFileName().toString())
                    .directory(tests.getParent().toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            fail("promtool is not installed: install Debian's prometheus package (apt-get install -y prometheus); "
                    + "this test runs the dashboard's queries through it", e);
            throw e;
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
        return new Result(p.exitValue(), output);
    }

    private static final Pattern FAILED = Pattern.compile(
            "expr: \"((?:[^\"\\\\]|\\\\.)*)\", time: ((?:\\d+[hms])+),\\s*\\n\\s*exp: nil\\s*\\n\\s*got: (.*)");
    private static final Pattern SERIES = Pattern.compile("\\{([^}]*)} (\\S+?)(?:, |$)");
    private static final Pattern POOL = Pattern.compile("pool=\"([^\"]*)\"");

    /** @return a Go duration as promtool prints it ({@code 1m15s}) in seconds */
    private static int seconds(String goDuration) {
        Matcher part = Pattern.compile("(\\d+)([hms])").matcher(goDuration);
        int seconds = 0;
        while (part.find()) {
            int n = Integer.parseInt(part.group(1));
            seconds += switch (part.group(2)) {
                case "h" -> n * 3600;
                case "m" -> n * 60;
                default -> n;
            };
        }
        return seconds;
    }

    /** @return by expression, by evaluation time (seconds), by pool: the value promtool computed */
    private static Map<String, Map<Integer, Map<String, Double>>> got(String output) {
        Map<String, Map<Integer, Map<String, Double>>> got = new LinkedHashMap<>();
        Matcher m = FAILED.matcher(output);
        while (m.find()) {
            String expr = m.group(1).replace("\\\"", "\"").replace("\\\\", "\\");
            Map<String, Double> byPool = new TreeMap<>();
            Matcher s = SERIES.matcher(m.group(3).trim());
            while (s.find()) {
                Matcher pool = POOL.matcher(s.group(1));
                byPool.put(pool.find() ? pool.group(1) : "", Double.parseDouble(s.group(2).replace("Inf", "Infinity")));
            }
            got.computeIfAbsent(expr, e -> new TreeMap<>()).put(seconds(m.group(2)), byPool);
        }
        return got;
    }
}
