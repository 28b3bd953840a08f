package io.mcpool.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one CLI run measured, with the ratios read from it: each cell against the dedicated
 * warm clients (the bound) and against a new client per call, at the same target and thread count.
 *
 * @param environment the machine and JVM (and the load when the run started)
 * @param settings    what was run (header names only, never values)
 * @param cells       one per target, way and thread count
 * @param footprints  threads and heap per pooled session, one per target
 * @param ready       time to ready of {@code minSessions} against one session, one per target measured
 * @param wallSeconds how long the run took
 */
public record Report(Map<String, Object> environment, Map<String, Object> settings, List<CellResult> cells,
        List<Footprint.Result> footprints, List<ReadyTime.Result> ready, double wallSeconds) {

    /**
     * @param cell a cell of this report
     * @param way  the way to compare with
     * @return the cell of {@code way} at the same target and thread count
     */
    public Optional<CellResult> peer(CellResult cell, Way way) {
        return cells.stream().filter(c -> c.way() == way && c.threads() == cell.threads()
                && c.target().equals(cell.target()) && c.calls() > 0).findFirst();
    }

    /**
     * @param cell a measurement
     * @return round by round, its throughput over the dedicated clients' in the same round (the ways take
     *     turns within a round, so each pair ran side by side in time); empty without a dedicated peer or rounds
     */
    public List<Double> roundThroughputVsDedicated(CellResult cell) {
        return roundThroughputVs(cell, Way.DEDICATED);
    }

    /**
     * @param cell a measurement
     * @param way  the way to compare with
     * @return round by round, its throughput over that of {@code way} in the same round (the ways take turns within
     *     a round, so each pair ran side by side in time); empty without such a peer or rounds
     */
    public List<Double> roundThroughputVs(CellResult cell, Way way) {
        return peer(cell, way).map(d -> {
            List<Double> ratios = new ArrayList<>();
            int n = Math.min(cell.roundCallsPerSecond().size(), d.roundCallsPerSecond().size());
            for (int i = 0; i < n; i++) {
                ratios.add(cell.roundCallsPerSecond().get(i) / d.roundCallsPerSecond().get(i));
            }
            return List.copyOf(ratios);
        }).orElse(List.of());
    }

    /**
     * @param cell a cell
     * @return its throughput over the dedicated clients', NaN when there is no such cell
     */
    public double throughputVsDedicated(CellResult cell) {
        return peer(cell, Way.DEDICATED).map(d -> cell.callsPerSecond() / d.callsPerSecond()).orElse(Double.NaN);
    }

    /**
     * @param cell a cell
     * @return its median over the dedicated clients' median, NaN when there is no such cell
     */
    public double medianVsDedicated(CellResult cell) {
        return peer(cell, Way.DEDICATED).map(d -> cell.p50Ms() / d.p50Ms()).orElse(Double.NaN);
    }

    /**
     * @param cell a cell
     * @return how many times lower its median is than a new client per call's, NaN without one
     */
    public double medianSpeedupVsPerCall(CellResult cell) {
        return peer(cell, Way.PER_CALL).map(p -> p.p50Ms() / cell.p50Ms()).orElse(Double.NaN);
    }

    /**
     * @param cell a cell
     * @return its throughput over a new client per call's, NaN without one
     */
    public double throughputVsPerCall(CellResult cell) {
        return peer(cell, Way.PER_CALL).map(p -> cell.callsPerSecond() / p.callsPerSecond()).orElse(Double.NaN);
    }

    /** @return the report as the tree {@link ResultsJson} writes */
    public Map<String, Object> toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("tool", "mcpool-bench");
        root.put("environment", environment);
        root.put("settings", settings);
        List<Object> rows = new ArrayList<>();
        for (CellResult c : cells) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("target", c.target());
            row.put("way", c.way().id());
            row.put("threads", c.threads());
            row.put("calls", c.calls());
            row.put("errors", c.errors());
            row.put("callsPerSecond", c.callsPerSecond());
            row.put("p50Ms", c.p50Ms());
            row.put("p90Ms", c.p90Ms());
            row.put("p99Ms", c.p99Ms());
            row.put("maxMs", c.maxMs());
            row.put("throughputVsDedicated", throughputVsDedicated(c));
            List<Double> byRound = roundThroughputVsDedicated(c);
            if (!byRound.isEmpty()) {
                row.put("throughputVsDedicatedByRound", times(byRound));
            }
            row.put("medianVsDedicated", medianVsDedicated(c));
            row.put("throughputVsPerCall", throughputVsPerCall(c));
            row.put("medianSpeedupVsPerCall", medianSpeedupVsPerCall(c));
            row.put("firstError", c.firstError());
            rows.add(row);
        }
        root.put("results", rows);
        List<Object> fps = new ArrayList<>();
        for (Footprint.Result f : footprints) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("target", f.target());
            row.put("sessions", f.sessions());
            row.put("threadsPerSession", f.threadsPerSession());
            row.put("heapKbPerSession", f.heapKbPerSession());
            row.put("heapIncludesInProcessServer", f.heapIncludesServer());
            row.put("serverProcessRssMbPerSession", f.processRssMbPerSession() < 0 ? null : f.processRssMbPerSession());
            row.put("threadsOfPoolWithOneSession", f.threadsOfFirstSession());
            row.put("threadsAddedBySessions2toN", f.addedThreads());
            fps.add(row);
        }
        root.put("footprint", fps);
        if (!ready.isEmpty()) {
            List<Object> readyRows = new ArrayList<>();
            for (ReadyTime.Result r : ready) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("target", r.target());
                row.put("sessions", r.sessions());
                row.put("rounds", r.sessionsMs().size());
                row.put("initializeLatencyMs", r.initializeLatency());
                row.put("oneSessionMs", times(r.oneSessionMs()));
                row.put("sessionsMs", times(r.sessionsMs()));
                row.put("ratio", r.ratio());
                row.put("bareClientMs", times(r.bareOneMs()));
                row.put("bareClientsMs", times(r.bareManyMs()));
                row.put("bareRatio", r.bareRatio());
                row.put("oneSessionCpuMs", times(r.oneSessionCpuMs()));
                row.put("sessionsCpuMs", times(r.sessionsCpuMs()));
                if (!r.answeredMs().isEmpty()) {
                    row.put("answeredMs", times(r.answeredMs()));
                    row.put("afterAnswerCpuMs", times(r.afterAnswerCpuMs()));
                }
                row.put("cpus", r.cpus());
                row.put("cpuBoundRatio", r.cpuBoundRatio());
                readyRows.add(row);
            }
            root.put("timeToReady", readyRows);
        }
        root.put("wallSeconds", wallSeconds);
        return root;
    }

    private static Map<String, Object> times(List<Double> ms) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("median", ReadyTime.median(ms));
        t.put("min", ms.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN));
        t.put("max", ms.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
        t.put("rounds", ms);
        return t;
    }
}
