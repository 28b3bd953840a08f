package io.mcpool.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.testkit.RecordedRequest;
import io.mcpool.testkit.TestMcpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void inProcessRunPrintsTheTableAndWritesJsonAndSvg() throws Exception {
        int status = run("--transport", "http,stdio", "--threads", "2", "--duration", "300ms", "--warmup", "100ms",
                "--ways", "mcpool,per-call,shared,dedicated", "--footprint-sessions", "2", "--out", dir.toString());
        assertEquals(0, status, stderr());
        String table = stdout();
        for (String expected : new String[] {"http in-process", "stdio testkit", "mcpool", "per-call", "shared",
                "dedicated", "threads/session", "What it means"}) {
            assertTrue(table.contains(expected), () -> "missing '" + expected + "' in:\n" + table);
        }
        assertTrue(stderr().contains("[1/2] http in-process, 2 threads, mcpool: "), stderr());
        assertTrue(stderr().contains("[2/2] stdio testkit, 2 threads, per-call: "), stderr());
        String json = Files.readString(dir.resolve("results.json"));
        assertEquals(8, json.split("\"way\":").length - 1, json);
        assertTrue(json.contains("\"footprint\""), json);
        assertTrue(Files.readString(dir.resolve("results.svg")).startsWith("<svg"));
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
    void usageMistakesExitWithTwo() {
        assertEquals(2, run("--threads", "0"));
        assertTrue(stderr().startsWith("mcpool-bench: --threads takes whole numbers"), stderr());
        assertEquals(0, run("--help"));
        assertTrue(stdout().contains("--endpoint URL"));
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
