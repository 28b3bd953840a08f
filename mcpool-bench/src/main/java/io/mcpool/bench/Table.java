package io.mcpool.bench;

import java.io.PrintStream;
import java.util.Locale;

/** Prints a {@link Report} as text tables. */
public final class Table {

    private Table() {
    }

    /**
     * @param report the results
     * @param out    where to print
     */
    public static void print(Report report, PrintStream out) {
        out.println();
        out.println("Throughput and latency (closed loop: each thread waits for its answer, then calls again)");
        out.println("  vs bound: throughput and median against one dedicated warm client per thread (same threads)");
        out.println("  vs per-call: how many times lower the median is than a new client per call's");
        out.println();
        String head = String.format(Locale.ROOT, "%-26s %7s  %-11s %9s %11s %9s %9s  %9s %9s  %12s",
                "target", "threads", "way", "calls", "calls/s", "p50 ms", "p99 ms", "thr/bound", "p50/bound",
                "vs per-call");
        out.println(head);
        out.println("-".repeat(head.length()));
        String previous = null;
        for (CellResult c : report.cells()) {
            String group = c.target() + "/" + c.threads();
            if (previous != null && !previous.equals(group)) {
                out.println();
            }
            previous = group;
            out.printf(Locale.ROOT, "%-26s %7d  %-11s %9d %11s %9s %9s  %9s %9s  %12s%s%n", clip(c.target(), 26),
                    c.threads(), c.way().id(), c.calls(), number(c.callsPerSecond()), number(c.p50Ms()),
                    number(c.p99Ms()), percent(report.throughputVsDedicated(c)), times(report.medianVsDedicated(c)),
                    c.way() == Way.PER_CALL ? "" : lower(report.medianSpeedupVsPerCall(c)),
                    c.errors() > 0 ? "  (" + c.errors() + " errors: " + c.firstError() + ")" : "");
        }
        if (!report.footprints().isEmpty()) {
            out.println();
            out.println("Footprint of one more pooled session (pool of 1 resized to N; client JVM)");
            String fh = String.format(Locale.ROOT, "%-26s %4s %16s %16s %22s", "target", "N", "threads/session",
                    "heap KiB/session", "server RSS MiB/session");
            out.println(fh);
            out.println("-".repeat(fh.length()));
            for (Footprint.Result f : report.footprints()) {
                out.printf(Locale.ROOT, "%-26s %4d %16.2f %16s %22s%n", clip(f.target(), 26), f.sessions(),
                        f.threadsPerSession(), number(f.heapKbPerSession()) + (f.heapIncludesServer() ? "*" : ""),
                        f.processRssMbPerSession() < 0 ? "-" : number(f.processRssMbPerSession()));
                if (!f.addedThreads().isEmpty()) {
                    out.println("    threads added by sessions 2.." + f.sessions() + ": " + f.addedThreads());
                }
            }
            if (report.footprints().stream().anyMatch(Footprint.Result::heapIncludesServer)) {
                out.println("  * includes the in-process server's state for the session (same JVM)");
            }
        }
        ready(report, out);
    }

    /** Time to ready: medians with their spread, N sessions against one. */
    private static void ready(Report report, PrintStream out) {
        if (report.ready().isEmpty()) {
            return;
        }
        out.println();
        out.println("Time to ready (McpPool.create, start() until awaitReady: minSessions open; median of interleaved "
                + "rounds, min-max; bare: N SDK clients opened at once against one; CPU: this JVM's CPU time while the "
                + "pools got ready, and the least N / 1 it allows on these cores; with an initialize latency also "
                + "counting only the CPU after the first held-back answer, which cannot overlap the wait)");
        String head = String.format(Locale.ROOT, "%-26s %4s %7s %14s %-22s %-22s %8s %13s %-15s %9s", "target", "N",
                "rounds", "initialize +ms", "1 session ms", "N sessions ms", "N / 1", "bare: N / 1", "CPU ms 1 / N",
                "CPU bound");
        out.println(head);
        out.println("-".repeat(head.length()));
        for (ReadyTime.Result r : report.ready()) {
            out.printf(Locale.ROOT, "%-26s %4d %7d %14s %-22s %-22s %8s %13s %-15s %9s%n", clip(r.target(), 26),
                    r.sessions(), r.sessionsMs().size(), r.initializeLatency() == 0 ? "-" : number(r.initializeLatency()),
                    spread(r.oneSessionMs()), spread(r.sessionsMs()), times(r.ratio()), times(r.bareRatio()),
                    number(ReadyTime.median(r.oneSessionCpuMs())) + " / " + number(ReadyTime.median(r.sessionsCpuMs())),
                    times(r.cpuBoundRatio()));
        }
    }

    private static String spread(java.util.List<Double> ms) {
        double min = ms.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        double max = ms.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        return number(ReadyTime.median(ms)) + " (" + number(min) + "-" + number(max) + ")";
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String percent(double ratio) {
        return Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.0f%%", ratio * 100);
    }

    static String times(double ratio) {
        return Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2fx", ratio);
    }

    static String lower(double ratio) {
        return Double.isNaN(ratio) ? "-" : number(ratio) + "x lower";
    }

    private static String clip(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 3) + "...";
    }
}
