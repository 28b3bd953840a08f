package io.mcpool.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CliOptionsTest {

    @Test
    void defaultsMeasureBothInProcessServersFourWaysAtOneAndEightThreads() {
        CliOptions o = CliOptions.parse();
        assertFalse(o.ownServer());
        assertEquals(List.of(1, 8), o.threads());
        assertEquals(EnumSet.allOf(Way.class), o.ways());
        assertEquals(EnumSet.allOf(Target.Kind.class), o.transports());
        assertEquals(Duration.ofSeconds(2), o.duration());
        assertEquals(Duration.ofSeconds(1), o.warmup());
        assertEquals("echo", o.tool());
        assertEquals(Map.of("message", "hi"), o.arguments());
        assertTrue(o.footprint());
    }

    @Test
    void parsesEveryOptionInBothSpellings() {
        CliOptions o = CliOptions.parse("--endpoint", "http://localhost:3001/mcp", "--header", "X-Api-Key=abc=def",
                "--header=X-Tenant=acme", "--tool", "add", "--args", "{\"a\":1,\"b\":2}", "--threads=32,1,8,8",
                "--ways", "mcpool,dedicated", "--duration", "500ms", "--warmup=0", "--out", "/tmp/x", "--quiet",
                "--no-footprint");
        assertEquals("http://localhost:3001/mcp", o.endpoint());
        assertEquals(Map.of("X-Api-Key", "abc=def", "X-Tenant", "acme"), o.headers());
        assertEquals("add", o.tool());
        assertEquals(Map.of("a", 1, "b", 2), o.arguments());
        assertEquals(List.of(1, 8, 32), o.threads());
        assertEquals(EnumSet.of(Way.POOLED, Way.DEDICATED), o.ways());
        assertEquals(Duration.ofMillis(500), o.duration());
        assertEquals(Duration.ZERO, o.warmup());
        assertTrue(o.quiet());
        assertFalse(o.footprint());
    }

    @Test
    void splitsAStdioCommandLineWithQuotes() {
        CliOptions o = CliOptions.parse("--stdio", "node '/opt/my server/index.js' stdio --flag=\"a b\"");
        assertEquals(List.of("node", "/opt/my server/index.js", "stdio", "--flag=a b"), o.stdio());
        assertTrue(o.ownServer());
    }

    @Test
    void durationsInSeveralForms() {
        assertEquals(Duration.ofMillis(1500), CliOptions.duration("--duration", "1.5s", false));
        assertEquals(Duration.ofMinutes(1), CliOptions.duration("--duration", "1m", false));
        assertEquals(Duration.ofSeconds(3), CliOptions.duration("--duration", "3", false));
        assertEquals(Duration.ofSeconds(2), CliOptions.duration("--duration", "PT2S", false));
    }

    @Test
    void mistakesAreNamedWithWhatToWriteInstead() {
        assertMessage("unknown option '--thread'", "--thread", "8");
        assertMessage("--threads needs a value", "--threads");
        assertMessage("--threads takes whole numbers from 1 to 1024; got 0", "--threads", "1,0");
        assertMessage("--threads takes whole numbers from 1 to 1024; got 'x'", "--threads", "x");
        assertMessage("--duration takes a duration such as 500ms, 2s or 1m; got '2 weeks'", "--duration", "2 weeks");
        assertMessage("--duration must be more than zero", "--duration", "0s");
        assertMessage("--endpoint must be an http:// or https:// URL", "--endpoint", "ftp://host/x");
        assertMessage("--ways: unknown way 'pooled'; use mcpool, per-call, shared or dedicated", "--ways", "pooled");
        assertMessage("--args must be a JSON object", "--args", "[1,2]");
        assertMessage("--stdio has an unclosed ' quote", "--stdio", "node 'x");
        assertMessage("--transport takes http, stdio or http,stdio; got 'sse'", "--transport", "sse");
        assertMessage("--quiet takes no value", "--quiet=yes");
        assertMessage("--serial and --tool-latency shape the in-process servers only", "--endpoint",
                "http://localhost/mcp", "--serial");
        assertMessage("--header needs --endpoint", "--header", "A=b");
        assertMessage("--header applies to HTTP requests: give --endpoint too", "--stdio", "x", "--header", "A=b");
        assertMessage("--args without --tool", "--endpoint", "http://localhost/mcp", "--args", "{}");
    }

    @Test
    void headerMistakesNeverEchoTheValue() {
        String secret = "sk-live-0123456789";
        for (String[] args : List.of(new String[] {"--endpoint", "http://h/mcp", "--header", secret},
                new String[] {"--endpoint", "http://h/mcp", "--header", "Bad Name=" + secret},
                new String[] {"--endpoint", "http://h/mcp", "--header", "X-Key=" + secret + "\r\nX-Evil: 1"},
                new String[] {"--endpoint", "http://h/mcp", secret})) {
            CliException e = assertThrows(CliException.class, () -> CliOptions.parse(args));
            assertFalse(e.getMessage().contains(secret), e.getMessage());
        }
    }

    @Test
    void maskReplacesEveryHeaderValue() {
        CliOptions o = CliOptions.parse("--endpoint", "http://h/mcp", "--header", "Authorization=Bearer tok3n",
                "--header", "X-Key=k3y");
        assertEquals("401 for Authorization: **** and ****", o.mask("401 for Authorization: Bearer tok3n and k3y"));
    }

    private static void assertMessage(String expectedStart, String... args) {
        CliException e = assertThrows(CliException.class, () -> CliOptions.parse(args));
        assertTrue(e.getMessage().startsWith(expectedStart), () -> "message was: " + e.getMessage());
    }
}
