package io.mcpool.bench;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.TypeRef;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark CLI's options, parsed and validated. Every mistake is reported with what was
 * expected; header values never appear in a message.
 *
 * @param endpoint      a streamable-HTTP server to measure, or null
 * @param stdio         a stdio server command to measure, or empty
 * @param headers       sent on every HTTP request (values are secret)
 * @param tool          the tool to call
 * @param arguments     its arguments
 * @param serial        the in-process stdio server serves one call at a time
 * @param toolLatency   added to each tool call by the in-process servers
 * @param threads       thread counts, ascending
 * @param ways          the ways to compare
 * @param duration      measured time per cell
 * @param warmup        untimed time per cell before it
 * @param footprint     measure threads and heap per pooled session
 * @param footprintSessions the pool size of the footprint measurement
 * @param transports    which in-process servers to run when no endpoint or command is given
 * @param out           where the JSON and SVG go
 * @param quiet         no progress lines
 * @param help          print the usage and stop
 */
public record CliOptions(String endpoint, List<String> stdio, Map<String, String> headers, String tool,
        Map<String, Object> arguments, boolean serial, Duration toolLatency, List<Integer> threads, Set<Way> ways,
        Duration duration, Duration warmup, boolean footprint, int footprintSessions, Set<Target.Kind> transports,
        Path out, boolean quiet, boolean help) {

    /** An RFC 9110 token, the only legal header name (the rule PoolConfig applies). */
    private static final java.util.regex.Pattern HEADER_NAME = java.util.regex.Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    /** Most threads accepted by {@code --threads}. */
    public static final int MAX_THREADS = 1024;

    /** The usage text. */
    public static final String USAGE = """
            Usage: java -jar mcpool-bench-cli.jar [options]
                   java -jar mcpool-bench-cli.jar jmh [JMH options]    the JMH benchmarks (jmh -h: JMH's help)

            Calls one MCP tool four ways, side by side, and prints throughput and latency:
              mcpool     through an mcpool pool (one session per thread)
              per-call   a new client per call (connect or spawn, initialize, call, close)
              shared     one McpSyncClient shared by every thread
              dedicated  one warm client per thread, made before measuring: the upper bound

            Server (default: an in-process streamable-HTTP server and a stdio server child JVM):
              --endpoint URL         your streamable-HTTP MCP server
              --stdio "CMD ARGS"     your stdio MCP server's command line (split on spaces; quote with ' or ")
              --header NAME=VALUE    sent on every HTTP request; repeatable; values are never printed
              --tool NAME            the tool to call (default: echo)
              --args JSON            its arguments, a JSON object (default: {"message":"hi"})
              --transport LIST       in-process servers to run: http,stdio (default: both)
              --serial               in-process stdio server: one tool call at a time
              --tool-latency D       in-process servers: added to every tool call, e.g. 10ms (default: 0)

            Measurement:
              --threads LIST         thread counts, e.g. 1,8,32 (default: 1,8)
              --ways LIST            any of mcpool,per-call,shared,dedicated (default: all)
              --duration D           measured time per cell, e.g. 500ms, 2s, 1m (default: 2s)
              --warmup D             untimed calls per way before measuring (default: 1s; 3x for the
                                     first thread count of each server, while the JIT compiles)
              --footprint-sessions N pool size for threads and heap per session (default: 8)
              --no-footprint         skip threads and heap per pooled session

            Output:
              --out DIR              results.json and results.svg go here (default: mcpool-bench-results)
              --quiet                no progress lines
              -h, --help             this text
            """;

    /**
     * @param args the command line
     * @return the options
     * @throws CliException saying what is wrong
     */
    public static CliOptions parse(String... args) {
        String endpoint = null;
        List<String> stdio = List.of();
        Map<String, String> headers = new LinkedHashMap<>();
        String tool = null;
        Map<String, Object> arguments = null;
        boolean serial = false;
        Duration toolLatency = null;
        List<Integer> threads = List.of(1, 8);
        Set<Way> ways = EnumSet.allOf(Way.class);
        Duration duration = Duration.ofSeconds(2);
        Duration warmup = Duration.ofSeconds(1);
        boolean footprint = true;
        int footprintSessions = 8;
        Set<Target.Kind> transports = EnumSet.allOf(Target.Kind.class);
        Path out = Path.of("mcpool-bench-results");
        boolean quiet = false;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-")) {
                // Could be a misplaced secret: do not echo it.
                throw new CliException("unexpected argument #" + (i + 1) + " (not shown): options start with --; "
                        + "see --help");
            }
            int eq = arg.indexOf('=');
            String inline = arg.startsWith("--") && eq > 0 ? arg.substring(eq + 1) : null;
            String option = inline != null ? arg.substring(0, eq) : arg;
            int[] at = {i};
            java.util.function.Supplier<String> v = () -> inline != null ? inline : next(args, ++at[0], option);
            boolean flag = switch (option) {
                case "-h", "--help", "--quiet", "--serial", "--no-footprint" -> true;
                default -> false;
            };
            if (flag && inline != null) {
                throw new CliException(option + " takes no value");
            }
            switch (option) {
                case "-h", "--help" -> help = true;
                case "--quiet" -> quiet = true;
                case "--serial" -> serial = true;
                case "--no-footprint" -> footprint = false;
                case "--endpoint" -> endpoint = url(v.get());
                case "--stdio" -> stdio = command(v.get());
                case "--header" -> header(headers, v.get());
                case "--tool" -> tool = nonBlank(option, v.get());
                case "--args" -> arguments = json(v.get());
                case "--transport" -> transports = transports(v.get());
                case "--tool-latency" -> toolLatency = duration(option, v.get(), true);
                case "--threads" -> threads = threads(v.get());
                case "--ways" -> ways = ways(v.get());
                case "--duration" -> duration = duration(option, v.get(), false);
                case "--warmup" -> warmup = duration(option, v.get(), true);
                case "--footprint-sessions" -> footprintSessions = integer(option, v.get(), 2, 256);
                case "--out" -> out = Path.of(nonBlank(option, v.get()));
                default -> throw new CliException("unknown option '" + safe(option) + "'; see --help");
            }
            i = at[0];
        }
        boolean own = endpoint != null || !stdio.isEmpty();
        if (own && (serial || toolLatency != null)) {
            throw new CliException("--serial and --tool-latency shape the in-process servers only; with --endpoint or "
                    + "--stdio your server's behaviour is its own: drop them");
        }
        if (!headers.isEmpty() && endpoint == null && own) {
            throw new CliException("--header applies to HTTP requests: give --endpoint too (stdio has no headers)");
        }
        if (!headers.isEmpty() && !own) {
            throw new CliException("--header needs --endpoint: the in-process servers need no headers");
        }
        if (own && (tool == null) != (arguments == null) && tool == null) {
            throw new CliException("--args without --tool: say which tool to call with --tool NAME");
        }
        return new CliOptions(endpoint, stdio, Collections.unmodifiableMap(headers), tool == null ? "echo" : tool,
                arguments == null ? Map.of("message", "hi") : arguments, serial,
                toolLatency == null ? Duration.ZERO : toolLatency, threads, ways, duration, warmup, footprint,
                footprintSessions, transports, out, quiet, help);
    }

    /** @return true when the user named a server of their own */
    public boolean ownServer() {
        return endpoint != null || !stdio.isEmpty();
    }

    /**
     * @param value any text about to be printed or written
     * @return the text with every header value, and the endpoint's user-info and credential query
     *     values, replaced by {@code ****}
     */
    public String mask(String value) {
        if (value == null) {
            return null;
        }
        String masked = value;
        for (String secret : secrets()) {
            masked = masked.replace(secret, "****");
        }
        return masked;
    }

    private List<String> secrets() {
        List<String> secrets = new ArrayList<>(headers.values());
        if (endpoint != null) {
            try {
                URI uri = new URI(endpoint);
                if (uri.getRawUserInfo() != null) {
                    secrets.add(uri.getRawUserInfo());
                }
                if (uri.getRawQuery() != null) {
                    for (String pair : uri.getRawQuery().split("&")) {
                        int eq = pair.indexOf('=');
                        if (eq > 0 && io.mcpool.internal.Redactor.isSensitiveName(pair.substring(0, eq))) {
                            secrets.add(pair.substring(eq + 1));
                        }
                    }
                }
            } catch (java.net.URISyntaxException e) {
                // Validated at parse time.
            }
        }
        secrets.removeIf(s -> s.length() < 3); // masking "a" everywhere would garble the output
        secrets.sort((a, b) -> b.length() - a.length());
        return secrets;
    }

    private static String next(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new CliException(option + " needs a value; see --help");
        }
        return args[i];
    }

    private static String nonBlank(String option, String value) {
        if (value.isBlank()) {
            throw new CliException(option + " must not be blank");
        }
        return value.trim();
    }

    private static String url(String value) {
        try {
            URI uri = new URI(value.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((!scheme.equals("http") && !scheme.equals("https")) || uri.getHost() == null) {
                throw new CliException("--endpoint must be an http:// or https:// URL with a host, e.g. "
                        + "http://localhost:3001/mcp (for a local command use --stdio)");
            }
            return value.trim();
        } catch (java.net.URISyntaxException e) {
            throw new CliException("--endpoint is not a valid URL (" + e.getReason() + "); e.g. http://localhost:3001/mcp");
        }
    }

    /** Splits a command line on whitespace; single or double quotes group words. */
    static List<String> command(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new CliException("--stdio has an unclosed " + quote + " quote");
        }
        if (inWord) {
            words.add(word.toString());
        }
        if (words.isEmpty()) {
            throw new CliException("--stdio needs a command line, e.g. --stdio \"npx -y @modelcontextprotocol/server-everything\"");
        }
        return List.copyOf(words);
    }

    private static void header(Map<String, String> headers, String pair) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
            // The argument may be a bare secret: never echo it.
            throw new CliException("--header expects NAME=VALUE (the value is not shown here)");
        }
        String name = pair.substring(0, eq).trim();
        String value = pair.substring(eq + 1);
        if (!HEADER_NAME.matcher(name).matches()) {
            throw new CliException("--header name '" + safe(name) + "' is not a valid HTTP header name");
        }
        if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
            throw new CliException("--header " + name + " has a value with a line break or control character");
        }
        headers.put(name, value);
    }

    private static Map<String, Object> json(String text) {
        try {
            Map<String, Object> parsed = McpJsonDefaults.getMapper().readValue(text, new TypeRef<Map<String, Object>>() {
            });
            if (parsed == null) {
                throw new CliException("--args must be a JSON object, e.g. '{\"message\":\"hi\"}'");
            }
            return parsed;
        } catch (java.io.IOException | RuntimeException e) {
            if (e instanceof CliException ce) {
                throw ce;
            }
            throw new CliException("--args must be a JSON object, e.g. '{\"message\":\"hi\"}'; it did not parse");
        }
    }

    private static Set<Target.Kind> transports(String list) {
        Set<Target.Kind> kinds = EnumSet.noneOf(Target.Kind.class);
        for (String s : list.split(",")) {
            switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "http" -> kinds.add(Target.Kind.HTTP);
                case "stdio" -> kinds.add(Target.Kind.STDIO);
                default -> throw new CliException("--transport takes http, stdio or http,stdio; got '" + safe(s) + "'");
            }
        }
        return kinds;
    }

    private static List<Integer> threads(String list) {
        List<Integer> counts = new ArrayList<>();
        for (String s : list.split(",")) {
            int n = integer("--threads", s, 1, MAX_THREADS);
            if (!counts.contains(n)) {
                counts.add(n);
            }
        }
        Collections.sort(counts);
        return List.copyOf(counts);
    }

    private static Set<Way> ways(String list) {
        Set<Way> ways = EnumSet.noneOf(Way.class);
        for (String s : list.split(",")) {
            try {
                ways.add(Way.of(s));
            } catch (IllegalArgumentException e) {
                throw new CliException("--ways: " + safe(e.getMessage()));
            }
        }
        return ways;
    }

    private static int integer(String option, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n < min || n > max) {
                throw new CliException(option + " takes whole numbers from " + min + " to " + max + "; got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new CliException(option + " takes whole numbers from " + min + " to " + max + "; got '" + safe(value) + "'");
        }
    }

    /**
     * @param option   for the message
     * @param value    500ms, 2s, 1m, a bare number of seconds, or ISO-8601 (PT2S)
     * @param zeroOk   whether zero is allowed
     * @return the duration
     */
    static Duration duration(String option, String value, boolean zeroOk) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        Duration d;
        try {
            if (v.startsWith("pt")) {
                d = Duration.parse(v.toUpperCase(Locale.ROOT));
            } else if (v.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
            } else if (v.endsWith("s")) {
                d = Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1).trim()) * 1000));
            } else if (v.endsWith("m")) {
                d = Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1).trim()) * 60_000));
            } else {
                d = Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new CliException(option + " takes a duration such as 500ms, 2s or 1m; got '" + safe(value) + "'");
        }
        if (d.isNegative() || (!zeroOk && d.isZero())) {
            throw new CliException(option + " must be " + (zeroOk ? "zero or more" : "more than zero") + "; got '"
                    + safe(value) + "'");
        }
        if (d.compareTo(Duration.ofHours(1)) > 0) {
            throw new CliException(option + " is capped at 1h; got '" + safe(value) + "'");
        }
        return d;
    }

    /** Echoes user input in messages without control characters and at a sane length. */
    private static String safe(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 80 ? clean.substring(0, 80) + "..." : clean;
    }
}
