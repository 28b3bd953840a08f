package io.mcpool.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * One run of the side-by-side benchmark: for each target, the footprint of a pooled session, the time
 * to ready when asked, then every thread count with the ways taking turns; prints the table and what
 * it means, and writes {@code results.json} and {@code results.svg}.
 */
final class Benchmark {

    private final PrintStream out;
    private final PrintStream err;

    /**
     * @param out the results
     * @param err progress and errors
     */
    Benchmark(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /**
     * @param options what to measure
     * @return 0 when done, 1 when a measurement failed (the reason is on {@code err}, secrets masked)
     */
    int run(CliOptions options) {
        try {
            Report report = measure(options);
            Table.print(report, out);
            verdicts(report, out);
            write(report, options.out(), options);
            return 0;
        } catch (RuntimeException | IOException e) {
            err.println("mcpool-bench: " + options.mask(describe(e)));
            return 1;
        }
    }

    private Report measure(CliOptions options) throws IOException {
        long started = System.nanoTime();
        Map<String, Object> environment = environment();
        List<CellResult> cells = new ArrayList<>();
        List<Footprint.Result> footprints = new ArrayList<>();
        List<ReadyTime.Result> ready = new ArrayList<>();
        List<Way> order = new ArrayList<>();
        for (Way w : List.of(Way.POOLED, Way.POOLED_STATELESS, Way.DEDICATED, Way.SHARED, Way.PER_CALL)) {
            if (options.ways().contains(w)) {
                order.add(w);
            }
        }
        Borrowers borrowers = options.virtualThreads() ? Borrowers.virtual() : Borrowers.platform();
        List<TargetSpec> specs = targets(options);
        int total = specs.size() * options.threads().size();
        int done = 0;
        Progress progress = new Progress(err, options.quiet());
        out.println(headline(options, specs, order));
        for (TargetSpec spec : specs) {
            try (Target target = spec.open(options)) {
                if (!options.readyOnly()) {
                    progress.line("checking " + target.label() + ": one call to '" + target.tool() + "' ...");
                    check(target);
                }
                // First, while this JVM holds no other clients of the target, so their threads don't blur it.
                if (options.footprint() && options.ways().contains(Way.POOLED) && !options.readyOnly()) {
                    progress.line("footprint of " + target.label() + ": a pool of 1 session, then "
                            + options.footprintSessions() + " ...");
                    footprints.add(Footprint.measure(target, options.footprintSessions(), spec.inProcess()));
                }
                if (options.readySessions() > 0) {
                    // The proxy stands in front of HTTP servers only; a stdio target is measured as it is.
                    Duration latency = target.kind() == Target.Kind.HTTP ? options.initializeLatency() : Duration.ZERO;
                    ready.add(ReadyTime.measure(target, options.readySessions(), options.readyRounds(),
                            options.readyWarmupRounds(), latency,
                            options.warmupConcurrency(), progress::line));
                }
                if (options.readyOnly()) {
                    continue;
                }
                boolean first = true;
                for (int threads : options.threads()) {
                    done++;
                    // The JIT is still compiling the client paths when a target's first group starts.
                    Duration warmup = first ? options.warmup().multipliedBy(3) : options.warmup();
                    first = false;
                    String group = String.format(Locale.ROOT, "[%d/%d] %s, %d thread%s", done, total,
                            target.label(), threads, threads == 1 ? "" : "s");
                    progress.start(group);
                    Measurement.Plan plan = new Measurement.Plan(order, threads, options.poolSize(), options.tenants(),
                            borrowers, warmup,
                            options.duration());
                    List<CellResult> results = Measurement.run(target, plan, progress::tick, options::mask);
                    results.forEach(r -> progress.done(group, r));
                    cells.addAll(results);
                }
            }
        }
        environment.put("loadAverageAtEnd", load());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("targets", specs.stream().map(TargetSpec::name).toList());
        settings.put("tool", options.tool());
        settings.put("headerNames", List.copyOf(options.headers().keySet()));
        settings.put("threads", options.threads());
        settings.put("virtualThreads", options.virtualThreads());
        settings.put("poolSize", options.poolSize() > 0 ? options.poolSize() : "one session per thread");
        settings.put("tenants", options.tenants());
        settings.put("ways", order.stream().map(Way::id).toList());
        settings.put("warmupSeconds", options.warmup().toMillis() / 1000.0);
        settings.put("durationSeconds", options.duration().toMillis() / 1000.0);
        settings.put("serial", options.serial());
        settings.put("toolLatencyMs", options.toolLatency().toMillis());
        if (options.readySessions() > 0) {
            settings.put("readySessions", options.readySessions());
            settings.put("readyRounds", options.readyRounds());
            settings.put("readyWarmupRounds", options.readyWarmupRounds());
            settings.put("initializeLatencyMs", options.initializeLatency().toMillis());
            settings.put("warmupConcurrency", options.warmupConcurrency());
            settings.put("readyOnly", options.readyOnly());
        }
        settings.put("finishedAt", Instant.now().toString());
        return new Report(environment, settings, cells, footprints, ready, (System.nanoTime() - started) / 1e9);
    }

    private static String headline(CliOptions options, List<TargetSpec> specs, List<Way> order) {
        List<String> names = specs.stream().map(TargetSpec::name).toList();
        String ready = options.readySessions() == 0 ? "" : String.format(Locale.ROOT,
                "; time to ready of %d sessions against 1 in %d rounds%s", options.readySessions(),
                options.readyRounds(), options.initializeLatency().isZero() ? ""
                        : ", initialize held back " + human(options.initializeLatency()) + " (HTTP)");
        if (options.readyOnly()) {
            return "mcpool-bench: " + names + ":" + ready.substring(1);
        }
        return String.format(Locale.ROOT, "mcpool-bench: %s x threads %s%s x %s; per way %s warm-up + %s measured in "
                + "%d rounds%s%s%s", names, options.threads(), options.virtualThreads() ? " (virtual)" : "",
                order.stream().map(Way::id).toList(), human(options.warmup()), human(options.duration()),
                Measurement.rounds(options.duration()),
                options.poolSize() > 0 ? "; mcpool with " + options.poolSize() + " sessions" : "",
                options.tenants() > 0 ? "; mcpool borrows for " + options.tenants() + " tenants in turn" : "", ready);
    }

    /** A target to be opened when its turn comes (in-process servers run one at a time). */
    private record TargetSpec(String name, boolean inProcess, Function<CliOptions, Target> opener) {
        Target open(CliOptions options) {
            return opener.apply(options);
        }
    }

    private static List<TargetSpec> targets(CliOptions o) {
        List<TargetSpec> specs = new ArrayList<>();
        if (o.ownServer()) {
            if (o.endpoint() != null) {
                Target probe = Target.http(o.endpoint(), Map.of(), o.tool(), o.arguments());
                specs.add(new TargetSpec(probe.label(), false,
                        x -> Target.http(x.endpoint(), x.headers(), x.tool(), x.arguments())));
            }
            if (!o.stdio().isEmpty()) {
                Target probe = Target.stdio(o.stdio(), o.tool(), o.arguments());
                specs.add(new TargetSpec(probe.label(), false, x -> Target.stdio(x.stdio(), x.tool(), x.arguments())));
            }
            return specs;
        }
        if (o.transports().contains(Target.Kind.HTTP)) {
            specs.add(new TargetSpec("http in-process", true, x -> withTool(Target.inProcessHttp(x.toolLatency()), x)));
        }
        if (o.transports().contains(Target.Kind.STDIO)) {
            specs.add(new TargetSpec("stdio testkit" + (o.serial() ? " --serial" : ""), true,
                    x -> withTool(Target.inProcessStdio(x.serial(), x.toolLatency()), x)));
        }
        return specs;
    }

    private static Target withTool(Target target, CliOptions o) {
        return o.tool().equals(target.tool()) && o.arguments().equals(target.arguments()) ? target
                : target.withCall(o.tool(), o.arguments());
    }

    /** One call before measuring, so a wrong URL or tool fails with a clear message instead of a table of errors. */
    private static void check(Target target) {
        try (Contender contender = Way.SHARED.open(target, 1)) {
            contender.caller().run();
        } catch (RuntimeException e) {
            throw new IllegalStateException("the check call to " + target.label() + " failed: " + describe(e)
                    + (e instanceof Way.ToolErrorException ? "" : "; is the server up, and does it have the tool '"
                    + target.tool() + "' (--tool, --args)?"), e);
        }
    }

    private static void verdicts(Report report, PrintStream o) {
        o.println();
        o.println("What it means");
        for (CellResult c : report.cells()) {
            if (!c.way().pooled() || c.calls() == 0) {
                continue;
            }
            List<String> parts = new ArrayList<>();
            if (c.way() == Way.POOLED_STATELESS) {
                List<Double> vsSessions = report.roundThroughputVs(c, Way.POOLED);
                if (!vsSessions.isEmpty()) {
                    parts.add(String.format(Locale.ROOT, "round by round %s of the throughput of mcpool with a session "
                            + "per lease", spread(vsSessions)));
                }
            }
            double thr = report.throughputVsDedicated(c);
            double med = report.medianVsDedicated(c);
            if (!Double.isNaN(thr)) {
                parts.add(String.format(Locale.ROOT, "%.0f%% of the dedicated-client throughput (target >= 95%%), "
                        + "median %+.0f%% (target within 10%%)", thr * 100, (med - 1) * 100));
            }
            List<Double> byRound = report.roundThroughputVsDedicated(c);
            if (byRound.size() > 1) {
                parts.add(String.format(Locale.ROOT, "round by round %s of the dedicated throughput", spread(byRound)));
            }
            double perCall = report.medianSpeedupVsPerCall(c);
            if (!Double.isNaN(perCall)) {
                parts.add(String.format(Locale.ROOT, "median %sx lower than a new client per call", Table.number(perCall)));
            }
            report.peer(c, Way.SHARED).ifPresent(s -> parts.add(String.format(Locale.ROOT,
                    "%.1fx the throughput of one shared client", c.callsPerSecond() / s.callsPerSecond())));
            if (parts.isEmpty()) {
                parts.add(String.format(Locale.ROOT, "%s calls/s, median %s ms; no other way ran to compare with "
                        + "(--ways)", Table.number(c.callsPerSecond()), Table.number(c.p50Ms())));
            }
            o.println(String.format(Locale.ROOT, "  %s, %d thread%s, %s: %s", c.target(), c.threads(),
                    c.threads() == 1 ? "" : "s", c.way().id(), String.join("; ", parts)));
        }
        for (ReadyTime.Result r : report.ready()) {
            o.println(String.format(Locale.ROOT, "  %s: a pool of %d sessions is ready in %.2fx the time of one "
                    + "session's%s; %d bare SDK clients opened at once take %.2fx one's; the pool's CPU time in this "
                    + "JVM allows no less than %.2fx on %d CPUs", r.target(), r.sessions(),
                    r.ratio(), r.initializeLatency() == 0 ? ""
                            : " with every initialize " + Table.number(r.initializeLatency()) + " ms slower",
                    r.sessions(), r.bareRatio(), r.cpuBoundRatio(), r.cpus()));
        }
    }

    /** @return e.g. "0.98 (median of 10, 0.87-1.28)" */
    private static String spread(List<Double> ratios) {
        return String.format(Locale.ROOT, "%.2f (median of %d, %.2f-%.2f)", ReadyTime.median(ratios), ratios.size(),
                ratios.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                ratios.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
    }

    private void write(Report report, Path dir, CliOptions options) throws IOException {
        Files.createDirectories(dir);
        Path json = dir.resolve("results.json");
        Path svg = dir.resolve("results.svg");
        Files.writeString(json, options.mask(ResultsJson.write(report.toJson())), StandardCharsets.UTF_8);
        long ways = report.cells().stream().map(CellResult::way).distinct().count();
        Files.writeString(svg, options.mask(ResultsChart.render(report, "mcpool-bench: one MCP tool call, " + ways
                + (ways == 1 ? " way, " : " ways, ") + report.environment().get("cpus") + " CPUs", options::mask)),
                StandardCharsets.UTF_8);
        out.println();
        out.println("Wrote " + json + " and " + svg + String.format(Locale.ROOT, " (run took %.0f s)", report.wallSeconds()));
    }

    static Map<String, Object> environment() {
        Map<String, Object> env = new LinkedHashMap<>();
        Runtime rt = Runtime.getRuntime();
        env.put("cpus", rt.availableProcessors());
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            env.put("memoryMiB", sun.getTotalMemorySize() / (1024 * 1024));
        }
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        env.put("java", System.getProperty("java.vm.name") + " " + Runtime.version() + " ("
                + System.getProperty("java.vendor") + ")");
        env.put("maxHeapMiB", rt.maxMemory() / (1024 * 1024));
        env.put("loadAverageAtStart", load());
        return env;
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(e.getClass().getSimpleName() + ": " + e.getMessage());
        Throwable cause = e.getCause();
        for (int depth = 0; cause != null && cause != e && depth < 3; depth++, cause = cause.getCause()) {
            sb.append(" <- ").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
        }
        return sb.toString();
    }
}
