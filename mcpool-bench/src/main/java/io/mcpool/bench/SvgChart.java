package io.mcpool.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Draws a {@link Report} as an SVG image, by hand: two grouped bar charts on log scales, throughput
 * and median latency, one group per target and thread count, one bar per way.
 */
public final class SvgChart {

    private static final Map<Way, String> COLORS = new EnumMap<>(Map.of(
            Way.POOLED, "#1f77b4", Way.PER_CALL, "#d62728", Way.SHARED, "#ff7f0e", Way.DEDICATED, "#2ca02c"));
    private static final int BAR = 22;
    private static final int GAP = 30;
    private static final int PLOT_HEIGHT = 220;
    private static final int LEFT = 70;

    private SvgChart() {
    }

    /**
     * @param report the results
     * @param title  the heading (no secrets: target labels are already redacted)
     * @return the SVG document
     */
    public static String render(Report report, String title) {
        Map<String, List<CellResult>> groups = new LinkedHashMap<>();
        for (CellResult c : report.cells()) {
            if (c.calls() > 0) {
                groups.computeIfAbsent(c.target() + " | " + c.threads() + (c.threads() == 1 ? " thread" : " threads"),
                        k -> new ArrayList<>()).add(c);
            }
        }
        int groupWidth = Way.values().length * BAR + GAP;
        int width = Math.max(760, LEFT + groups.size() * groupWidth + 40);
        int panelHeight = PLOT_HEIGHT + 80;
        int top = 80;
        int height = top + 2 * panelHeight + 10;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">%n", width, height, width, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
                LEFT, escape(title)));
        legend(svg, LEFT, 42, report.cells().stream().map(CellResult::way).distinct().sorted().toList());
        panel(svg, groups, top, "calls per second (log scale, higher is better)", CellResult::callsPerSecond);
        panel(svg, groups, top + panelHeight, "median latency, ms (log scale, lower is better)", CellResult::p50Ms);
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** Two columns: the descriptions are too long for one line. Only the ways that were measured. */
    private static void legend(StringBuilder svg, int left, int top, List<Way> ways) {
        for (int i = 0; i < ways.size(); i++) {
            Way w = ways.get(i);
            int x = left + (i % 2) * 300;
            int y = top + (i / 2) * 16;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>%n", x, y - 9, COLORS.get(w), x + 14, y, escape(w.description())));
        }
    }

    private static void panel(StringBuilder svg, Map<String, List<CellResult>> groups, int top, String label,
            ToDoubleFunction<CellResult> metric) {
        double max = 0;
        double min = Double.MAX_VALUE;
        for (List<CellResult> cells : groups.values()) {
            for (CellResult c : cells) {
                double v = metric.applyAsDouble(c);
                if (v > 0) {
                    max = Math.max(max, v);
                    min = Math.min(min, v);
                }
            }
        }
        if (max == 0) {
            return;
        }
        double lo = Math.pow(10, Math.floor(Math.log10(min)));
        double hi = Math.pow(10, Math.ceil(Math.log10(max)));
        if (hi <= lo) {
            hi = lo * 10;
        }
        int plotTop = top + 20;
        int plotBottom = plotTop + PLOT_HEIGHT;
        int right = LEFT + groups.size() * (Way.values().length * BAR + GAP);
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>%n", LEFT, top + 10,
                escape(label)));
        for (double tick = lo; tick <= hi * 1.0001; tick *= 10) {
            int y = y(tick, lo, hi, plotTop, plotBottom);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", LEFT, y, right, y, LEFT - 6, y + 4,
                    escape(Table.number(tick))));
        }
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n", LEFT,
                plotBottom, right, plotBottom));
        int x = LEFT + GAP / 2;
        String previousTarget = null;
        for (Map.Entry<String, List<CellResult>> group : groups.entrySet()) {
            for (Way w : Way.values()) {
                for (CellResult c : group.getValue()) {
                    double v = metric.applyAsDouble(c);
                    if (c.way() != w || v <= 0) {
                        continue;
                    }
                    int y = y(v, lo, hi, plotTop, plotBottom);
                    int bx = x + w.ordinal() * BAR;
                    svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                            + "fill=\"%s\"><title>%s</title></rect>%n", bx, y, BAR - 2, Math.max(1, plotBottom - y),
                            COLORS.get(w), escape(w.id() + ": " + Table.number(v))));
                }
            }
            String[] parts = group.getKey().split(" \\| ");
            int cx = x + Way.values().length * BAR / 2;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", cx,
                    plotBottom + 14, escape(parts[1])));
            if (!parts[0].equals(previousTarget)) {
                // The target's name once, under its first group, left-aligned so it may run on under the next.
                svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#555\">%s</text>%n", x,
                        plotBottom + 30, escape(shorten(parts[0]))));
                previousTarget = parts[0];
            }
            x += Way.values().length * BAR + GAP;
        }
    }

    private static int y(double v, double lo, double hi, int top, int bottom) {
        double f = (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
        return (int) Math.round(bottom - f * (bottom - top));
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
