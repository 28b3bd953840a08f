package io.mcpool.bench;

import io.mcpool.McpPoolVersion;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.AutoComplete;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The command line of the benchmark CLI, declared for picocli: every option with its help text, the
 * {@code jmh} and {@code generate-completion} subcommands, and the checks that span options. Running
 * it hands the checked {@link CliOptions} to {@link Benchmark}.
 */
@Command(name = "mcpool-bench", mixinStandardHelpOptions = true, versionProvider = BenchCommand.Version.class,
        sortOptions = false, usageHelpAutoWidth = true, optionListHeading = "%n",
        customSynopsis = {
            "java -jar mcpool-bench-cli.jar [OPTIONS]",
            "       java -jar mcpool-bench-cli.jar jmh [JMH options]",
            "       java -jar mcpool-bench-cli.jar generate-completion"},
        description = {
            "",
            "Calls one MCP tool four ways, side by side, and prints throughput and latency:",
            "  mcpool       through an mcpool pool (one session per thread)",
            "  per-call     a new client per call (connect or spawn, initialize, call, close)",
            "  shared       one McpSyncClient shared by every thread",
            "  dedicated    one warm client per thread, made before measuring: the bound",
            "and, when --ways names it, against a server that speaks the 2026-07-28 revision:",
            "  mcpool-2026  through an mcpool pool speaking 2026-07-28 (a handle per lease on one shared client)",
            "A table goes to standard output, progress to standard error, results.json and results.svg to --out."},
        subcommands = {JmhCommand.class, AutoComplete.GenerateCompletion.class},
        footer = {"", "Exit status: 0 done, 1 a measurement failed, 2 a mistake on the command line."})
final class BenchCommand implements Callable<Integer> {

    /** Most platform threads accepted by {@code --threads}. */
    static final int MAX_PLATFORM_THREADS = 1024;
    /** Most tenants accepted by {@code --tenants}. */
    static final int MAX_TENANTS = 100_000;
    /** Most virtual threads accepted by {@code --threads} with {@code --virtual-threads}. */
    static final int MAX_VIRTUAL_THREADS = 100_000;

    @Spec
    CommandSpec spec;

    @ArgGroup(validate = false, order = 1,
            heading = "%nServer (default: an in-process streamable-HTTP server and a stdio server child JVM):%n")
    Server server = new Server();

    @ArgGroup(validate = false, order = 2, heading = "%nMeasurement:%n")
    Measuring measuring = new Measuring();

    @ArgGroup(validate = false, order = 3, heading = "%nTime to ready (with --ready-sessions):%n")
    Ready ready = new Ready();

    @ArgGroup(validate = false, order = 4, heading = "%nOutput:%n")
    Output output = new Output();

    private final Function<CliOptions, Integer> run;

    /** @param run measures what the checked options say; returns the exit status */
    BenchCommand(Function<CliOptions, Integer> run) {
        this.run = run;
    }

    /** Options that pick the server and the call. */
    static final class Server {
        @Option(names = "--endpoint", paramLabel = "URL", converter = Converters.EndpointConverter.class,
                description = "your streamable-HTTP MCP server")
        String endpoint;

        @Option(names = "--stdio", paramLabel = "\"CMD ARGS\"", converter = Converters.CommandLineConverter.class,
                description = "your stdio MCP server's command line (split on spaces; quote with ' or \")")
        Converters.CommandWords stdio;

        @Option(names = "--header", paramLabel = "NAME=VALUE", converter = Converters.HeaderConverter.class,
                description = "sent on every HTTP request; repeatable; values are never printed")
        List<Converters.Header> headers = new ArrayList<>();

        @Option(names = "--tool", paramLabel = "NAME", converter = Converters.NonBlankConverter.class,
                description = "the tool to call (default: echo)")
        String tool;

        @Option(names = "--args", paramLabel = "JSON", converter = Converters.JsonObjectConverter.class,
                description = {"its arguments, a JSON object", "(default: {\"message\":\"hi\"})"})
        Converters.JsonObject arguments;

        @Option(names = "--transport", paramLabel = "LIST", split = ",", hideParamSyntax = true,
                converter = Converters.TransportConverter.class,
                description = "in-process servers to run: http,stdio (default: both)")
        List<Target.Kind> transports;

        @Option(names = "--serial", description = "in-process stdio server: one tool call at a time")
        boolean serial;

        @Option(names = "--tool-latency", paramLabel = "D", converter = Converters.DurationConverter.class,
                description = "in-process servers: added to every tool call, e.g. 10ms (default: 0)")
        Duration toolLatency;
    }

    /** Options that shape the measurement. */
    static final class Measuring {
        @Option(names = "--threads", paramLabel = "LIST", split = ",", hideParamSyntax = true, defaultValue = "1,8",
                converter = Converters.ThreadCountConverter.class,
                description = "thread counts, e.g. 1,8,32 (default: ${DEFAULT-VALUE}; at most "
                        + MAX_PLATFORM_THREADS + ", or " + MAX_VIRTUAL_THREADS + " with --virtual-threads)")
        List<Integer> threads;

        @Option(names = "--virtual-threads",
                description = "the calling threads are virtual threads (needs Java 21+)")
        boolean virtualThreads;

        @Option(names = "--pool-size", paramLabel = "N",
                description = "sessions of the mcpool way (default: one per thread), e.g. 8 sessions for 10000 "
                        + "virtual threads")
        Integer poolSize;

        @Option(names = "--tenants", paramLabel = "N",
                description = "the mcpool ways borrow for N tenants in turn (tenant-1 to tenant-N), as a "
                        + "multi-tenant service does: a session serves one tenant only (default: no tenants)")
        Integer tenants;

        @Option(names = "--ways", paramLabel = "LIST", split = ",", hideParamSyntax = true, converter = Converters.WayConverter.class,
                description = "any of mcpool,mcpool-2026,per-call,shared,dedicated (default: all but mcpool-2026)")
        List<Way> ways;

        @Option(names = "--duration", paramLabel = "D", defaultValue = "2s",
                converter = Converters.PositiveDurationConverter.class,
                description = "measured time per cell, e.g. 500ms, 2s, 1m (default: ${DEFAULT-VALUE})")
        Duration duration;

        @Option(names = "--warmup", paramLabel = "D", defaultValue = "1s", converter = Converters.DurationConverter.class,
                description = "untimed calls per way before measuring (default: ${DEFAULT-VALUE}; 3x for the first "
                        + "thread count of each server, while the JIT compiles)")
        Duration warmup;

        @Option(names = "--footprint-sessions", paramLabel = "N", defaultValue = "8",
                description = "pool size for threads and heap per session, 2 to 256 (default: ${DEFAULT-VALUE})")
        int footprintSessions;

        @Option(names = "--no-footprint", description = "skip threads and heap per pooled session")
        boolean noFootprint;
    }

    /** Options of the time-to-ready measurement. */
    static final class Ready {
        @Option(names = "--ready-sessions", paramLabel = "N",
                description = "measure how long a pool with minSessions=N (2 to 256) takes to be ready, against "
                        + "one session's time")
        Integer sessions;

        @Option(names = "--ready-rounds", paramLabel = "R",
                description = "interleaved rounds of that measurement, 1 to 500 (default: 5)")
        Integer rounds;

        @Option(names = "--ready-warmup-rounds", paramLabel = "W",
                description = "untimed rounds first, 0 to 500, as the calls get an untimed warm-up: the first pools "
                        + "and clients of a JVM are opened by code the JIT has not compiled yet; the time of N "
                        + "sessions settles after about 200 (default: 2)")
        Integer warmupRounds;

        @Option(names = "--initialize-latency", paramLabel = "D", converter = Converters.DurationConverter.class,
                description = "HTTP: every initialize of that measurement held back this long by a fault proxy, "
                        + "e.g. 50ms (default: 0)")
        Duration initializeLatency;

        @Option(names = "--warmup-concurrency", paramLabel = "C",
                description = "the measured pools open at most C sessions at once (PoolConfig.warmupConcurrency, "
                        + "1 to N; default: the pool's own default)")
        Integer warmupConcurrency;

        @Option(names = "--ready-only", description = "measure the time to ready only, no tool calls")
        boolean only;
    }

    /** Where the results go. */
    static final class Output {
        @Option(names = "--out", paramLabel = "DIR", defaultValue = "mcpool-bench-results",
                converter = Converters.NonBlankConverter.class,
                description = "results.json and results.svg go here (default: ${DEFAULT-VALUE})")
        String out;

        @Option(names = "--quiet", description = "no progress lines")
        boolean quiet;
    }

    /** The library's version, from the jar. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"mcpool-bench " + McpPoolVersion.VERSION};
        }
    }

    @Override
    public Integer call() {
        return run.apply(options());
    }

    /**
     * @return the options, checked across each other
     * @throws ParameterException naming the option and what to write instead
     */
    CliOptions options() {
        Server s = server;
        Measuring m = measuring;
        Ready r = ready;
        boolean own = s.endpoint != null || s.stdio != null;
        if (own && (s.serial || s.toolLatency != null)) {
            throw mistake("--serial and --tool-latency shape the in-process servers only; with --endpoint or "
                    + "--stdio your server's behaviour is its own: drop them");
        }
        if (own && s.transports != null) {
            throw mistake("--transport picks the in-process servers; with --endpoint or --stdio it does not apply: "
                    + "drop it");
        }
        if (!s.headers.isEmpty() && s.endpoint == null) {
            throw mistake(own ? "--header applies to HTTP requests: give --endpoint too (stdio has no headers)"
                    : "--header needs --endpoint: the in-process servers need no headers");
        }
        if (own && s.arguments != null && s.tool == null) {
            throw mistake("--args without --tool: say which tool to call with --tool NAME");
        }
        if (m.virtualThreads && Borrowers.virtualThreadsMissing() != null) {
            throw mistake("--virtual-threads: " + Borrowers.virtualThreadsMissing());
        }
        int maxThreads = m.virtualThreads ? MAX_VIRTUAL_THREADS : MAX_PLATFORM_THREADS;
        for (int t : m.threads) {
            if (t > maxThreads) {
                throw mistake(String.format(Locale.ROOT, "--threads takes whole numbers from 1 to %d%s; got %d",
                        maxThreads, m.virtualThreads ? "" : String.format(Locale.ROOT,
                                " (%d with --virtual-threads)", MAX_VIRTUAL_THREADS), t));
            }
        }
        Set<Way> ways = m.ways == null ? EnumSet.copyOf(Way.DEFAULTS) : EnumSet.copyOf(m.ways);
        if (m.poolSize != null) {
            range("--pool-size", m.poolSize, 1, MAX_PLATFORM_THREADS);
            if (ways.stream().noneMatch(Way::pooled)) {
                throw mistake("--pool-size sizes the mcpool ways, which --ways leaves out: add mcpool or drop it");
            }
        }
        if (m.tenants != null) {
            range("--tenants", m.tenants, 1, MAX_TENANTS);
            if (ways.stream().noneMatch(Way::pooled)) {
                throw mistake("--tenants applies to the mcpool ways, which --ways leaves out: add mcpool or drop it");
            }
        }
        range("--footprint-sessions", m.footprintSessions, 2, 256);
        Set<Target.Kind> transports = s.transports == null ? EnumSet.allOf(Target.Kind.class)
                : EnumSet.copyOf(s.transports);
        readyChecks(r, s, transports);
        Map<String, String> headers = new LinkedHashMap<>();
        s.headers.forEach(h -> headers.put(h.name(), h.value()));
        return new CliOptions(s.endpoint, s.stdio == null ? List.of() : s.stdio.words(), Map.copyOf(headers),
                s.tool == null ? "echo" : s.tool, s.arguments == null ? Map.of("message", "hi") : s.arguments.value(),
                s.serial, s.toolLatency == null ? Duration.ZERO : s.toolLatency, List.copyOf(new TreeSet<>(m.threads)),
                m.virtualThreads, m.poolSize == null ? 0 : m.poolSize, m.tenants == null ? 0 : m.tenants, ways, m.duration, m.warmup, !m.noFootprint,
                m.footprintSessions, r.sessions == null ? 0 : r.sessions, r.rounds == null ? 5 : r.rounds,
                r.warmupRounds == null ? 2 : r.warmupRounds,
                r.initializeLatency == null ? Duration.ZERO : r.initializeLatency,
                r.warmupConcurrency == null ? 0 : r.warmupConcurrency, r.only, transports,
                Path.of(output.out), output.quiet);
    }

    private void readyChecks(Ready r, Server s, Set<Target.Kind> transports) {
        if (r.sessions == null) {
            String stray = r.rounds != null ? "--ready-rounds" : r.warmupRounds != null ? "--ready-warmup-rounds"
                    : r.initializeLatency != null ? "--initialize-latency"
                    : r.warmupConcurrency != null ? "--warmup-concurrency" : r.only ? "--ready-only" : null;
            if (stray != null) {
                throw mistake(stray + " belongs to the time-to-ready measurement: give --ready-sessions N too");
            }
            return;
        }
        range("--ready-sessions", r.sessions, 2, 256);
        if (r.warmupConcurrency != null) {
            range("--warmup-concurrency", r.warmupConcurrency, 1, r.sessions);
        }
        if (r.rounds != null) {
            range("--ready-rounds", r.rounds, 1, 500);
        }
        if (r.warmupRounds != null) {
            range("--ready-warmup-rounds", r.warmupRounds, 0, 500);
        }
        if (r.initializeLatency == null || r.initializeLatency.isZero()) {
            return;
        }
        if (s.endpoint == null && (s.stdio != null || !transports.contains(Target.Kind.HTTP))) {
            throw mistake("--initialize-latency is injected by a proxy in front of an HTTP server; this run has none "
                    + "(stdio has no proxy)");
        }
        if (s.endpoint != null && !proxiable(s.endpoint)) {
            throw mistake("--initialize-latency needs an http:// endpoint on this machine (localhost, 127.0.0.1 or "
                    + "[::1]): the fault proxy forwards to loopback and cannot read TLS");
        }
    }

    /** @return true when the fault proxy can stand in front of the endpoint: plain HTTP on loopback */
    private static boolean proxiable(String endpoint) {
        URI uri = URI.create(endpoint);
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return "http".equalsIgnoreCase(uri.getScheme())
                && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"));
    }

    private void range(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw mistake(String.format(Locale.ROOT, "%s takes whole numbers from %d to %d; got %d", option, min, max,
                    value));
        }
    }

    private ParameterException mistake(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
