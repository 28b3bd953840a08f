package io.mcpool.prometheus;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.File;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.annotations.XYTitleAnnotation;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Draws the dashboard's queries as promtool evaluated them: one plot per panel, one line per query and pool. */
final class DashboardChart {

    private DashboardChart() {
    }

    static void draw(List<DashboardTest.Query> queries, Map<String, Map<Integer, Map<String, Double>>> got, File png)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        NumberAxis time = new NumberAxis("time of the test's scrapes (s)");
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(time);
        plot.setGap(14);
        Map<String, XYSeriesCollection> byPanel = new LinkedHashMap<>();
        for (DashboardTest.Query q : queries) {
            XYSeriesCollection panel = byPanel.computeIfAbsent(q.panel(), p -> new XYSeriesCollection());
            Map<String, XYSeries> lines = new LinkedHashMap<>();
            got.getOrDefault(q.promql(), Map.of()).forEach((at, byPool) -> byPool.forEach((pool, value) -> {
                if (Double.isFinite(value)) {
                    lines.computeIfAbsent(pool, p -> new XYSeries(q.legend().replace("{{pool}}", p))).add(at, value);
                }
            }));
            lines.values().forEach(panel::addSeries);
        }
        Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
        byPanel.forEach((title, data) -> {
            NumberAxis values = new NumberAxis(title);
            values.setLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
            values.setTickLabelFont(small);
            values.setAutoRangeIncludesZero(true);
            XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
            for (int i = 0; i < data.getSeriesCount(); i++) {
                renderer.setSeriesStroke(i, new BasicStroke(2f));
            }
            XYPlot sub = new XYPlot(data, null, values, renderer);
            if (allZero(data)) {
                values.setRange(0, 1);
            }
            LegendTitle legend = new LegendTitle(sub);
            legend.setItemFont(small);
            legend.setBackgroundPaint(new Color(255, 255, 255, 220));
            legend.setFrame(new BlockBorder(Color.LIGHT_GRAY));
            sub.addAnnotation(new XYTitleAnnotation(0.99, 0.97, legend, RectangleAnchor.TOP_RIGHT));
            sub.setBackgroundPaint(Color.WHITE);
            sub.setRangeGridlinePaint(Color.LIGHT_GRAY);
            sub.setDomainGridlinePaint(Color.LIGHT_GRAY);
            plot.add(sub, 1);
        });
        JFreeChart chart = new JFreeChart(null, small, plot, false);
        chart.addSubtitle(new TextTitle("mcpool dashboard queries, evaluated by promtool over real scrapes "
                + "(pool 'search' busy, pool 'weather' with its server gone)", new Font(Font.SANS_SERIF, Font.BOLD, 13)));
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(png, chart, 1000, 200 * byPanel.size());
    }

    private static boolean allZero(XYSeriesCollection data) {
        for (int s = 0; s < data.getSeriesCount(); s++) {
            for (int i = 0; i < data.getItemCount(s); i++) {
                if (data.getYValue(s, i) != 0) {
                    return false;
                }
            }
        }
        return true;
    }
}
