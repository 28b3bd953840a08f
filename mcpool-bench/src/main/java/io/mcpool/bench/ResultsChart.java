package io.mcpool.bench;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Rectangle2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainCategoryPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.text.TextUtils;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * {@code results.svg}: a {@link Report} as two grouped bar charts on log scales, throughput over median
 * latency, one group per target and thread count, one bar per way. JFreeChart draws it onto
 * VectorGraphics2D, which writes SVG with the words as SVG text.
 */
final class ResultsChart {

    private static final Map<Way, Color> COLORS = new EnumMap<>(Map.of(Way.POOLED, new Color(0x1f77b4),
            Way.POOLED_STATELESS, new Color(0x9467bd), Way.PER_CALL, new Color(0xd62728), Way.SHARED,
            new Color(0xff7f0e), Way.DEDICATED, new Color(0x2ca02c)));
    private static final int HEIGHT = 640;
    private static final int MIN_WIDTH = 760;
    /** Room per bar, for charts with many groups. */
    private static final int BAR_WIDTH = 26;

    static {
        // By default JFreeChart draws rotated text (the axis labels) as glyph outlines, which makes the
        // SVG large and its words unsearchable; this draws them as text.
        TextUtils.setUseDrawRotatedStringWorkaround(false);
    }

    private ResultsChart() {
    }

    /**
     * @param report the results
     * @param title  the heading
     * @param mask   applied to every label drawn (target labels are redacted already; this is the second lock)
     * @return the SVG document
     */
    static String render(Report report, String title, UnaryOperator<String> mask) {
        Set<Way> ways = new LinkedHashSet<>();
        Set<String> groups = new LinkedHashSet<>();
        for (Way way : Way.values()) {
            for (CellResult c : report.cells()) {
                if (c.way() == way && c.calls() > 0) {
                    ways.add(way);
                    groups.add(group(c, mask));
                }
            }
        }
        CategoryAxis categories = new CategoryAxis();
        categories.setMaximumCategoryLabelLines(3);
        categories.setCategoryMargin(0.25);
        CombinedDomainCategoryPlot plot = new CombinedDomainCategoryPlot(categories);
        plot.setGap(16);
        plot.add(panel(report, "calls per second (log scale, higher is better)", CellResult::callsPerSecond, mask));
        plot.add(panel(report, "median latency, ms (log scale, lower is better)", CellResult::p50Ms, mask));
        LegendItemCollection legend = new LegendItemCollection();
        ways.forEach(w -> legend.add(new LegendItem(w.description(), COLORS.get(w))));
        plot.setFixedLegendItems(legend);

        JFreeChart chart = new JFreeChart(plot);
        chart.setTitle(new TextTitle(mask.apply(title), new Font(Font.SANS_SERIF, Font.BOLD, 15)));
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        int width = Math.max(MIN_WIDTH, 140 + groups.size() * (ways.size() + 1) * BAR_WIDTH);
        VectorGraphics2D g = new VectorGraphics2D();
        chart.draw(g, new Rectangle2D.Double(0, 0, width, HEIGHT));
        ByteArrayOutputStream svg = new ByteArrayOutputStream();
        try {
            new SVGProcessor().getDocument(g.getCommands(), new PageSize(0, 0, width, HEIGHT)).writeTo(svg);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the chart", e);
        }
        return svg.toString(StandardCharsets.UTF_8);
    }

    /** One panel; cells without calls or with a value a log scale cannot show have no bar. */
    private static CategoryPlot panel(Report report, String label, ToDoubleFunction<CellResult> metric,
            UnaryOperator<String> mask) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Way way : Way.values()) {
            for (CellResult c : report.cells()) {
                double v = metric.applyAsDouble(c);
                if (c.way() == way && c.calls() > 0 && v > 0) {
                    data.addValue(v, way.id(), group(c, mask));
                }
            }
        }
        LogAxis axis = new LogAxis(label);
        axis.setBase(10);
        axis.setTickUnit(new NumberTickUnit(1)); // one tick per power of ten: 1, 10, 100, ...
        axis.setNumberFormatOverride(new DecimalFormat("#,##0.###", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        axis.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        BarRenderer bars = new BarRenderer();
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setDrawBarOutline(false);
        bars.setItemMargin(0.04);
        // Bars rise from the bottom of the axis: a log scale has no zero to include.
        bars.setIncludeBaseInRange(false);
        for (Way way : Way.values()) {
            int row = data.getRowIndex(way.id());
            if (row >= 0) {
                bars.setSeriesPaint(row, COLORS.get(way));
            }
        }
        CategoryPlot plot = new CategoryPlot(data, null, axis, bars);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlineStroke(new BasicStroke(0.5f));
        plot.setOutlineVisible(false);
        return plot;
    }

    private static String group(CellResult c, UnaryOperator<String> mask) {
        return mask.apply(c.target()) + ", " + c.threads() + (c.threads() == 1 ? " thread" : " threads");
    }
}
