package io.mcpool.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.testkit.DualEraServer;
import io.mcpool.testkit.RecordedRequest;
import io.mcpool.testkit.TestMcpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Short end-to-end runs of the CLI against real in-process servers: seconds, no timing assertions. */
class BenchCliTest {

    private static final String SECRET = "s3cr3t-token-value";
    private static final String QUERY_SECRET = "q-s3cr3t-in-the-url";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new BenchCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private JsonNode results() throws Exception {
        return JsonMapper.builder().build().readTree(Files.readString(dir.resolve("results.json")));
    }

    @Test
    void inProcessRunPrintsTheTableAndWritesJsonAndSvg() throws Exception {
        int status = run("--transport", "http,stdio", "--threads", "2", "--duration", "300ms", "--warmup", "100ms",
                "--ways", "mcpool,per-call,shared,dedicated", "--footprint-sessions", "2", "--out", dir.toString());
        assertEquals(0, status, stderr());
        String table = stdout();
        for (String expected : new String[] {"http in-process", "stdio testkit", "mcpool", "per-call", "shared",
                "dedicated", "threads/session", "What it means", "Wrote "}) {
            assertTrue(table.contains(expected), () -> "missing '" + expected + "' in:\n" + table);
        }
        assertTrue(stderr().contains("[1/2] http in-process, 2 threads, mcpool: "), stderr());
        assertTrue(stderr().contains("[2/2] stdio testkit, 2 threads, per-call: "), stderr());
        JsonNode json = results();
        assertEquals(8, json.get("results").size(), json.toString());
        for (JsonNode cell : json.get("results")) {
            assertTrue(cell.get("calls").asLong() > 0, cell.toString());
            assertTrue(cell.get("p50Ms").asDouble() > 0, cell.toString());
            if (!cell.get("way").asString().equals("per-call")) {
                // Every way but the per-call one has a dedicated peer measured in the same rounds.
                assertTrue(cell.get("throughputVsDedicatedByRound").get("rounds").size() >= 1, cell.toString());
            }
        }
        // The stdio target comes after the HTTP one, whose closed clients' threads end meanwhile: each pool
        // of one session still shows threads of its own.
        assertEquals(2, json.get("footprint").size());
        for (JsonNode footprint : json.get("footprint")) {
            assertTrue(footprint.get("threadsOfPoolWithOneSession").asInt() > 0, footprint.toString());
        }
        String svg = Files.readString(dir.resolve("results.svg"));
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        assertEquals("svg", factory.newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8))).getDocumentElement().getNodeName());
        assertTrue(svg.contains("http in-process, 2 threads"), "the groups are labelled");
    }

    @Test
    void headerValuesReachTheServerButNeverTheOutput() throws Exception {
        try (TestMcpServer server = TestMcpServer.builder().build().start()) {
            int status = run("--endpoint", server.endpoint(), "--header", "Authorization=Bearer " + SECRET,
                    "--header", "X-Api-Key=" + SECRET, "--threads", "1", "--duration", "200ms", "--warmup", "0",
                    "--footprint-sessions", "2", "--out", dir.toString());
            assertEquals(0, status, stderr());
            assertTrue(server.toolCalls().stream().map(RecordedRequest::headers)
                    .allMatch(h -> ("Bearer " + SECRET).equals(h.get("authorization")) && SECRET.equals(h.get("x-api-key"))),
                    "every contender sends the headers");
        }
        assertNoSecretAnywhere();
        assertTrue(Files.readString(dir.resolve("results.json")).contains("\"X-Api-Key\""), "header names are kept");
    }

    @Test
    void againstADualEraServerTheThinLeaseAndASessionPerLeaseTakeTurns() throws Exception {
        try (DualEraServer server = DualEraServer.start()) {
            int status = run("--endpoint", server.endpoint(), "--ways", "mcpool,mcpool-2026,dedicated", "--threads", "2",
                    "--tenants", "4", "--duration", "600ms", "--warmup", "100ms", "--no-footprint", "--out",
                    dir.toString());
            assertEquals(0, status, stderr());
            List<RecordedRequest> calls = server.requests("tools/call");
            // The server serves both revisions on one endpoint; each call's header says which one it came in.
            assertTrue(calls.stream().anyMatch(r -> "2026-07-28".equals(r.header("MCP-Protocol-Version"))),
                    "the mcpool-2026 way speaks 2026-07-28");
            assertTrue(calls.stream().anyMatch(r -> !"2026-07-28".equals(r.header("MCP-Protocol-Version"))),
                    "the mcpool and dedicated ways speak the session-based revision");
            // A session serves one tenant: the session-based way opens one per tenant (of 4), two dedicated
            // clients and the check call's one more; the 2026-07-28 way opens none.
            assertTrue(server.requests("initialize").size() >= 4 + 2 + 1, "sessions: " + server.requests("initialize"));
        }
        assertTrue(stdout().contains("mcpool-2026: round by round "), stdout());
        assertTrue(stdout().contains("of the throughput of mcpool with a session per lease"), stdout());
        assertTrue(stdout().contains("mcpool borrows for 4 tenants in turn"), stdout());
        JsonNode json = results();
        assertEquals(4, json.get("settings").get("tenants").asInt());
        assertEquals(3, json.get("results").size(), json.toString());
        for (JsonNode cell : json.get("results")) {
            assertTrue(cell.get("calls").asLong() > 0, cell.toString());
            assertEquals(0, cell.get("errors").asLong(), cell.toString());
        }
        assertTrue(Files.readString(dir.resolve("results.svg")).contains("3 ways"), "the title counts the ways");
    }

    @Test
    void aServerThatIsNotThereFailsWithAClearMessageAndNoSecret() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        int status = run("--endpoint", "http://127.0.0.1:" + port + "/mcp?token=" + QUERY_SECRET, "--header",
                "X-Api-Key=" + SECRET, "--threads", "1", "--duration", "100ms", "--out", dir.toString());
        assertEquals(1, status);
        assertTrue(stderr().contains("the check call to http http://127.0.0.1:" + port + "/mcp?token=**** failed"),
                stderr());
        assertNoSecretAnywhere();
    }

    @Test
    void timeToReadyWithEveryInitializeHeldBackByTheFaultProxy() throws Exception {
        int status = run("--transport", "http", "--ready-sessions", "3", "--ready-rounds", "2", "--ready-warmup-rounds",
                "1", "--initialize-latency", "40ms", "--ready-only", "--out", dir.toString());
        assertEquals(0, status, stderr());
        assertTrue(stdout().contains("Time to ready"), stdout());
        assertTrue(stdout().contains("a pool of 3 sessions is ready in"), stdout());
        assertTrue(stderr().contains("time to ready, http in-process: untimed round 1/1"), stderr());
        assertTrue(stderr().contains("time to ready, http in-process: round 2/2"), stderr());
        JsonNode json = results();
        assertEquals(0, json.get("results").size(), "--ready-only makes no tool calls");
        JsonNode ready = json.get("timeToReady").get(0);
        assertEquals(3, ready.get("sessions").asInt());
        assertEquals(40, ready.get("initializeLatencyMs").asInt());
        assertEquals(2, ready.get("oneSessionMs").get("rounds").size(), "the untimed round is not among the rounds");
        // The proxy holds each initialize back 40 ms: no pool can be ready sooner.
        assertTrue(ready.get("oneSessionMs").get("min").asDouble() >= 40, ready.toString());
        assertTrue(ready.get("sessionsMs").get("min").asDouble() >= 40, ready.toString());
        assertTrue(ready.get("ratio").asDouble() > 0, ready.toString());
        // Bare SDK clients go through the same proxy, in the same rounds.
        assertEquals(2, ready.get("bareClientsMs").get("rounds").size());
        assertTrue(ready.get("bareClientMs").get("min").asDouble() >= 40, ready.toString());
        assertTrue(ready.get("bareClientsMs").get("min").asDouble() >= 40, ready.toString());
        assertTrue(stdout().contains("3 bare SDK clients opened at once take"), stdout());
        assertTrue(stdout().contains("CPU bound"), stdout());
        assertEquals(2, ready.get("sessionsCpuMs").get("rounds").size());
        assertTrue(ready.get("sessionsCpuMs").get("min").asDouble() > 0, "opening sessions costs CPU: " + ready);
        assertTrue(ready.get("cpuBoundRatio").asDouble() >= 1, ready.toString());
        // The proxy told when the first held-back initialize of each 3-session pool went on: after its 40 ms.
        assertEquals(2, ready.get("answeredMs").get("rounds").size(), ready.toString());
        assertTrue(ready.get("answeredMs").get("min").asDouble() >= 40, ready.toString());
        assertTrue(ready.get("answeredMs").get("max").asDouble() <= ready.get("sessionsMs").get("max").asDouble(),
                "the first answer comes before the pool is ready: " + ready);
        assertTrue(ready.get("afterAnswerCpuMs").get("min").asDouble() > 0, "sessions cost CPU after it: " + ready);
    }

    @Test
    void virtualThreadBorrowersOnJava21ElseAClearMistake() throws Exception {
        String[] args = {"--transport", "http", "--virtual-threads", "--threads", "64", "--pool-size", "4", "--ways",
            "mcpool,shared", "--duration", "300ms", "--warmup", "0", "--no-footprint", "--out", dir.toString()};
        if (Runtime.version().feature() < 21) {
            assertEquals(2, run(args));
            assertTrue(stderr().startsWith("mcpool-bench: --virtual-threads: virtual threads need Java 21 or later"),
                    stderr());
            return;
        }
        assertEquals(0, run(args), stderr());
        JsonNode json = results();
        assertTrue(json.get("settings").get("virtualThreads").asBoolean());
        assertEquals(4, json.get("settings").get("poolSize").asInt());
        for (JsonNode cell : json.get("results")) {
            assertEquals(64, cell.get("threads").asInt());
            assertTrue(cell.get("calls").asLong() >= 64, "each of 64 threads calls at least once: " + cell);
            assertEquals(0, cell.get("errors").asLong(), cell.toString());
        }
    }

    @Test
    void usageMistakesExitWithTwo() {
        assertEquals(2, run("--threads", "0"));
        assertTrue(stderr().startsWith("mcpool-bench: --threads takes whole numbers"), stderr());
        assertEquals(0, run("--help"));
        assertTrue(stdout().contains("--endpoint=URL"), stdout());
    }

    private void assertNoSecretAnywhere() throws Exception {
        for (String secret : new String[] {SECRET, QUERY_SECRET}) {
            assertFalse(stdout().contains(secret), stdout());
            assertFalse(stderr().contains(secret), stderr());
        }
        if (Files.exists(dir.resolve("results.json"))) {
            assertFalse(Files.readString(dir.resolve("results.json")).contains(SECRET));
            assertFalse(Files.readString(dir.resolve("results.svg")).contains(SECRET));
        }
    }
}
