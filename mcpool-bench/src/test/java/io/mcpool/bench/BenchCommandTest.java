package io.mcpool.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The command line as picocli parses it: every option, every mistake, the subcommands. No measurement runs. */
class BenchCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private BenchCli cli() {
        return new BenchCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private CliOptions parse(String... args) {
        CommandLine cl = cli().commandLine();
        cl.parseArgs(args);
        return ((BenchCommand) cl.getCommand()).options();
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void defaultsMeasureBothInProcessServersFourWaysAtOneAndEightThreads() {
        CliOptions o = parse();
        assertFalse(o.ownServer());
        assertEquals(List.of(1, 8), o.threads());
        assertEquals(EnumSet.of(Way.POOLED, Way.PER_CALL, Way.SHARED, Way.DEDICATED), o.ways(),
                "mcpool-2026 only when named: it needs a server of that revision");
        assertEquals(EnumSet.allOf(Target.Kind.class), o.transports());
        assertEquals(Duration.ofSeconds(2), o.duration());
        assertEquals(Duration.ofSeconds(1), o.warmup());
        assertEquals("echo", o.tool());
        assertEquals(Map.of("message", "hi"), o.arguments());
        assertTrue(o.footprint());
        assertEquals(8, o.footprintSessions());
        assertEquals(Path.of("mcpool-bench-results"), o.out());
        assertFalse(o.virtualThreads());
        assertEquals(0, o.poolSize(), "one session per thread");
        assertEquals(0, o.tenants(), "no tenants");
        assertEquals(0, o.readySessions(), "no time-to-ready measurement unless asked");
        assertFalse(o.quiet());
    }

    @Test
    void parsesEveryOptionInBothSpellings() {
        CliOptions o = parse("--endpoint", "http://localhost:3001/mcp", "--header", "X-Api-Key=abc=def",
                "--header=X-Tenant=acme", "--tool", "add", "--args", "{\"a\":1,\"b\":2}", "--threads=32,1,8,8",
                "--ways", "mcpool,dedicated", "--duration", "500ms", "--warmup=0", "--out", "/tmp/x", "--quiet",
                "--no-footprint", "--pool-size", "4", "--tenants=64", "--footprint-sessions=3", "--ready-sessions", "10",
                "--ready-rounds=7", "--ready-warmup-rounds", "0", "--initialize-latency", "50ms", "--warmup-concurrency=4", "--ready-only");
        assertEquals("http://localhost:3001/mcp", o.endpoint());
        assertEquals(Map.of("X-Api-Key", "abc=def", "X-Tenant", "acme"), o.headers());
        assertEquals("add", o.tool());
        assertEquals(Map.of("a", 1, "b", 2), o.arguments());
        assertEquals(List.of(1, 8, 32), o.threads());
        assertEquals(EnumSet.of(Way.POOLED, Way.DEDICATED), o.ways());
        assertEquals(64, o.tenants());
        assertEquals(Duration.ofMillis(500), o.duration());
        assertEquals(Duration.ZERO, o.warmup());
        assertEquals(Path.of("/tmp/x"), o.out());
        assertTrue(o.quiet());
        assertFalse(o.footprint());
        assertEquals(4, o.poolSize());
        assertEquals(3, o.footprintSessions());
        assertEquals(10, o.readySessions());
        assertEquals(7, o.readyRounds());
        assertEquals(0, o.readyWarmupRounds());
        assertEquals(Duration.ofMillis(50), o.initializeLatency());
        assertEquals(4, o.warmupConcurrency());
        assertTrue(o.readyOnly());
    }

    @Test
    void inProcessServerOptions() {
        CliOptions o = parse("--transport", "stdio", "--serial", "--tool-latency", "10ms", "--ready-sessions", "3");
        assertEquals(EnumSet.of(Target.Kind.STDIO), o.transports());
        assertTrue(o.serial());
        assertEquals(Duration.ofMillis(10), o.toolLatency());
        assertEquals(5, o.readyRounds(), "default rounds");
        assertEquals(2, o.readyWarmupRounds(), "default untimed rounds");
    }

    @Test
    void theLastOfARepeatedOptionWins() {
        assertEquals(Duration.ofSeconds(3), parse("--duration", "1s", "--duration", "3s").duration());
    }

    @Test
    void splitsAStdioCommandLineWithQuotes() {
        CliOptions o = parse("--stdio", "node '/opt/my server/index.js' stdio --flag=\"a b\"");
        assertEquals(List.of("node", "/opt/my server/index.js", "stdio", "--flag=a b"), o.stdio());
        assertTrue(o.ownServer());
    }

    @Test
    void durationsInSeveralForms() {
        assertEquals(Duration.ofMillis(1500), parse("--duration", "1.5s").duration());
        assertEquals(Duration.ofMinutes(1), parse("--duration", "1m").duration());
        assertEquals(Duration.ofSeconds(3), parse("--duration", "3").duration());
        assertEquals(Duration.ofSeconds(2), parse("--duration", "PT2S").duration());
        assertEquals(Duration.ofMillis(250), parse("--warmup", "250ms").warmup());
    }

    @Test
    void mistakesExitWithTwoAndNameTheOptionWithWhatToWriteInstead() {
        assertMistake("unknown option '--thread'; did you mean --threads?", "--thread", "8");
        assertMistake("--threads needs a value", "--threads");
        assertMistake("--threads takes whole numbers from 1, e.g. 1,8,32; got 0", "--threads", "1,0");
        assertMistake("--threads takes whole numbers from 1, e.g. 1,8,32; got 'x'", "--threads", "x");
        assertMistake("--threads takes whole numbers from 1 to 1024 (100000 with --virtual-threads); got 2000",
                "--threads", "2000");
        assertMistake("--duration takes a duration such as 500ms, 2s or 1m; got '2 weeks'", "--duration", "2 weeks");
        assertMistake("--duration must be more than zero", "--duration", "0s");
        assertMistake("--warmup must be zero or more", "--warmup", "-1s");
        assertMistake("--duration is capped at 1h", "--duration", "2h");
        assertMistake("--quiet takes no value", "--quiet=yes");
        assertMistake("--no-footprint takes no value", "--no-footprint=off");
        assertMistake("--endpoint must be an http:// or https:// URL", "--endpoint", "ftp://host/x");
        assertMistake("--endpoint is not a valid URL", "--endpoint", "http://host/a b");
        assertMistake("--ways takes mcpool, mcpool-2026, per-call, shared, dedicated; got 'pooled'", "--ways", "pooled");
        assertMistake("--args must be a JSON object", "--args", "[1,2]");
        assertMistake("--args must be a JSON object", "--args", "null");
        assertMistake("--stdio has an unclosed ' quote", "--stdio", "node 'x");
        assertMistake("--stdio needs a command line", "--stdio", "  ");
        assertMistake("--tool must not be blank", "--tool", " ");
        assertMistake("--transport takes http, stdio or http,stdio; got 'sse'", "--transport", "sse");
        assertMistake("--footprint-sessions takes whole numbers from 2 to 256; got 1", "--footprint-sessions", "1");
        assertMistake("--footprint-sessions", "--footprint-sessions", "many");
        assertMistake("--serial and --tool-latency shape the in-process servers only", "--endpoint",
                "http://localhost/mcp", "--serial");
        assertMistake("--transport picks the in-process servers", "--stdio", "x", "--transport", "http");
        assertMistake("--header needs --endpoint", "--header", "A=b");
        assertMistake("--header applies to HTTP requests: give --endpoint too", "--stdio", "x", "--header", "A=b");
        assertMistake("--args without --tool", "--endpoint", "http://localhost/mcp", "--args", "{}");
        assertMistake("--pool-size takes whole numbers from 1 to 1024; got 0", "--pool-size", "0");
        assertMistake("--pool-size sizes the mcpool way", "--pool-size", "8", "--ways", "shared");
        assertMistake("--tenants takes whole numbers from 1 to 100000; got 0", "--tenants", "0");
        assertMistake("--tenants applies to the mcpool ways, which --ways leaves out", "--tenants", "8", "--ways",
                "dedicated,shared");
        assertMistake("--ready-sessions takes whole numbers from 2 to 256; got 1", "--ready-sessions", "1");
        assertMistake("--ready-rounds takes whole numbers from 1 to 500; got 0", "--ready-sessions", "3",
                "--ready-rounds", "0");
        assertMistake("--ready-rounds takes whole numbers from 1 to 500; got 501", "--ready-sessions", "3",
                "--ready-rounds", "501");
        assertMistake("--ready-warmup-rounds takes whole numbers from 0 to 500; got 501", "--ready-sessions", "3",
                "--ready-warmup-rounds", "501");
        assertMistake("--warmup-concurrency takes whole numbers from 1 to 3; got 4", "--ready-sessions", "3",
                "--warmup-concurrency", "4");
        for (String stray : new String[] {"--ready-rounds=3", "--ready-warmup-rounds=1", "--initialize-latency=50ms", "--warmup-concurrency=2",
                "--ready-only"}) {
            assertMistake(stray.replaceAll("=.*", "") + " belongs to the time-to-ready measurement: give "
                    + "--ready-sessions N too", stray);
        }
        assertMistake("--initialize-latency is injected by a proxy in front of an HTTP server; this run has none",
                "--transport", "stdio", "--ready-sessions", "3", "--initialize-latency", "50ms");
        assertMistake("--initialize-latency needs an http:// endpoint on this machine", "--endpoint",
                "https://mcp.example.com/mcp", "--ready-sessions", "3", "--initialize-latency", "50ms");
    }

    @Test
    void virtualThreadsNeedJava21() {
        if (Runtime.version().feature() >= 21) {
            CliOptions o = parse("--virtual-threads", "--threads", "10000", "--pool-size", "8");
            assertTrue(o.virtualThreads());
            assertEquals(List.of(10_000), o.threads());
            assertMistake("--threads takes whole numbers from 1 to 100000; got 100001", "--virtual-threads",
                    "--threads", "100001");
        } else {
            assertMistake("--virtual-threads: virtual threads need Java 21 or later; this is Java "
                    + Runtime.version(), "--virtual-threads");
        }
    }

    @Test
    void headerValuesAndEndpointCredentialsAreNeverEchoedInAMistake() {
        String secret = "sk-live-0123456789";
        List<String[]> commandLines = List.of(
                new String[] {"--endpoint", "http://h/mcp", "--header", secret},
                new String[] {"--endpoint", "http://h/mcp", "--header", "Bad Name=" + secret},
                new String[] {"--endpoint", "http://h/mcp", "--header", "X-Key=" + secret + "\r\nX-Evil: 1"},
                new String[] {"--endpoint", "http://h/mcp", secret},
                new String[] {"--endpoint", "http://h/mcp", "--headr", "Authorization=Bearer " + secret},
                new String[] {"--endpoint", "http://h/mcp", "--header=Authorization=Bearer " + secret, "--threads", "x"},
                new String[] {"--endpoint", "http://h/mcp", "--header", "Authorization=Bearer " + secret, "--quiet="
                        + secret},
                new String[] {"--endpoint", "http://user:" + secret + "@h/mcp?token=" + secret, "--threads", "0"},
                new String[] {"--endpoint", "http://h/mcp?token=" + secret + " x"},
                new String[] {"--token=" + secret});
        for (String[] args : commandLines) {
            out.reset();
            err.reset();
            assertEquals(2, cli().run(args), () -> String.join(" ", args));
            assertTrue(stderr().startsWith("mcpool-bench: "), stderr());
            assertFalse(stderr().contains(secret), stderr());
            assertFalse(stdout().contains(secret), stdout());
        }
    }

    @Test
    void maskReplacesEveryHeaderValueAndTheEndpointsCredentials() {
        CliOptions o = parse("--endpoint", "http://u:pw-123@h/mcp?token=q-456&page=2", "--header",
                "Authorization=Bearer tok3n", "--header", "X-Key=k3y");
        assertEquals("401 for Authorization: **** and **** at http://****@h/mcp?token=****&page=2",
                o.mask("401 for Authorization: Bearer tok3n and k3y at http://u:pw-123@h/mcp?token=q-456&page=2"));
        for (String secret : new String[] {"pw-123", "q-456", "tok3n", "k3y"}) {
            assertFalse(o.toString().contains(secret), o.toString());
        }
        assertTrue(o.toString().contains("Authorization"), "header names are shown: " + o);
    }

    @Test
    void helpComesFromPicocliAndListsEveryOption() {
        BenchCli cli = cli();
        assertEquals(0, cli.run("--help"));
        String help = stdout();
        assertTrue(help.startsWith("Usage: java -jar mcpool-bench-cli.jar [OPTIONS]"), help);
        for (OptionSpec option : cli.commandLine().getCommandSpec().options()) {
            assertTrue(help.contains(option.longestName()), () -> option.longestName() + " missing from:\n" + help);
        }
        for (String command : new String[] {"jmh", "generate-completion"}) {
            assertTrue(help.contains(command), help);
        }
        out.reset();
        assertEquals(0, cli().run("-h"));
        assertEquals(help, stdout());
        out.reset();
        assertEquals(0, cli().run("--version"));
        assertTrue(stdout().startsWith("mcpool-bench "), stdout());
    }

    @Test
    void jmhGetsEveryArgumentUnread() {
        CommandLine cl = cli().commandLine();
        CommandLine.ParseResult parsed = cl.parseArgs("jmh", "PoolOverheadBenchmark", "-t", "8", "-h", "--threads",
                "1", "-prof", "gc");
        JmhCommand jmh = (JmhCommand) parsed.subcommand().commandSpec().userObject();
        assertEquals(List.of("PoolOverheadBenchmark", "-t", "8", "-h", "--threads", "1", "-prof", "gc"), jmh.arguments);
        JmhCommand optionFirst = (JmhCommand) cli().commandLine().parseArgs("jmh", "-l").subcommand().commandSpec()
                .userObject();
        assertEquals(List.of("-l"), optionFirst.arguments);
    }

    @Test
    void bashCompletesOptionsAndSubcommands(@TempDir Path dir) throws Exception {
        assertEquals(0, cli().run("generate-completion"));
        Path script = dir.resolve("mcpool-bench_completion");
        Files.writeString(script, stdout());
        assertEquals("--threads", complete(script, "--thr"));
        assertEquals("--ready-only --ready-rounds --ready-sessions --ready-warmup-rounds", complete(script, "--ready-"));
        assertEquals("jmh", complete(script, "j"));
    }

    /** Runs the completion function in a real bash, as the shell does on TAB. */
    private static String complete(Path script, String word) throws Exception {
        String program = "source '" + script + "'; COMP_WORDS=(mcpool-bench '" + word + "'); COMP_CWORD=1; "
                + "COMP_LINE='mcpool-bench " + word + "'; COMP_POINT=${#COMP_LINE}; _complete_mcpool-bench; "
                + "printf '%s\\n' \"${COMPREPLY[@]}\"";
        Process bash;
        try {
            bash = new ProcessBuilder("bash", "-c", program).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (java.io.IOException e) {
            throw new AssertionError("this test runs the completion script in bash: install bash", e);
        }
        String reply = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(bash.waitFor(30, TimeUnit.SECONDS), "bash did not finish");
        List<String> words = new ArrayList<>(List.of(reply.trim().split("\\s+")));
        words.sort(null);
        return String.join(" ", words);
    }

    private void assertMistake(String expectedStart, String... args) {
        out.reset();
        err.reset();
        assertEquals(2, cli().run(args), () -> String.join(" ", args) + " -> " + stderr());
        assertTrue(stderr().startsWith("mcpool-bench: " + expectedStart),
                () -> String.join(" ", args) + " -> " + stderr());
    }
}
