package org.landscape.hessian;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.landscape.display.MimeBundle;
import org.landscape.display.Renderings;
import org.landscape.plot.Figure;

/** The XChart pictures of this package's results, in one style. */
final class Charts {
    static final Color BLUE = new Color(31, 119, 180);
    static final Color RED = new Color(214, 39, 40);
    static final Color GREY = new Color(120, 120, 120);
    static final Color[] PALETTE = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
            new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194),
            new Color(127, 127, 127), new Color(188, 189, 34), new Color(23, 190, 207)};

    private Charts() {
    }

    static XYChart chart(String title, String xLabel, String yLabel) {
        XYChart chart = new XYChartBuilder().width(560).height(360).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        chart.getStyler().setPlotGridLinesColor(new Color(230, 230, 230));
        chart.getStyler().setChartBackgroundColor(Color.WHITE).setLegendPosition(Styler.LegendPosition.InsideNE)
                .setMarkerSize(5).setChartTitleBoxVisible(false).setLegendBorderColor(new Color(200, 200, 200));
        return chart;
    }

    /** A line of points without markers. */
    static XYSeries line(XYChart chart, String name, double[] x, double[] y, Color color) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE).setLineColor(color).setLineStyle(new BasicStroke(1.6f));
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        return s;
    }

    /** Points with markers and no line. */
    static XYSeries points(XYChart chart, String name, double[] x, double[] y, Color color) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(color);
        return s;
    }

    /** A dashed reference line, e.g. y = 0. */
    static void horizontal(XYChart chart, String name, double xMin, double xMax, double y) {
        XYSeries s = chart.addSeries(name, new double[]{xMin, xMax}, new double[]{y, y});
        s.setMarker(SeriesMarkers.NONE).setLineColor(GREY)
                .setLineStyle(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{5f, 4f}, 0f));
        s.setShowInLegend(false);
    }

    /**
     * A histogram of {@code values} on a logarithmic count axis, so that a handful of outliers shows next to a bulk
     * of thousands. Bins left of {@code split} are drawn in red (e.g. negative eigenvalues), the others in blue.
     */
    static XYChart histogram(String title, String xLabel, double[] values, int bins, double split) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) {
            lo -= 0.5;
            hi += 0.5;
        }
        double width = (hi - lo) / bins;
        if (lo < split && split < hi) {
            // Put a bin edge at the split, so that values below it never share a bin with values above it.
            lo = split - Math.ceil((split - lo) / width) * width;
            bins = (int) Math.ceil((hi - lo) / width - 1e-9);
        }
        int[] counts = new int[bins];
        for (double v : values) {
            counts[Math.max(0, Math.min(bins - 1, (int) Math.floor((v - lo) / width)))]++;
        }
        XYChart chart = chart(title, xLabel, "count (log scale)");
        tidyXAxis(chart, lo, hi);
        chart.getStyler().setYAxisLogarithmic(true).setYAxisMin(0.7).setLegendVisible(true);
        List<Double> bx = new ArrayList<>(), by = new ArrayList<>(), rx = new ArrayList<>(), ry = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            if (counts[b] == 0) {
                continue;
            }
            double x0 = lo + b * width, x1 = x0 + width;
            boolean left = x1 <= split + 1e-12 * width;
            List<Double> xs = left ? rx : bx, ys = left ? ry : by;
            double[][] outline = {{x0, 0.7}, {x0, counts[b]}, {x1, counts[b]}, {x1, 0.7}, {Double.NaN, Double.NaN}};
            for (double[] p : outline) {
                xs.add(p[0]);
                ys.add(p[1]);
            }
        }
        if (!bx.isEmpty()) {
            line(chart, "eigenvalues >= " + format(split), unbox(bx), unbox(by), BLUE);
        }
        if (!rx.isEmpty()) {
            line(chart, "eigenvalues < " + format(split), unbox(rx), unbox(ry), RED);
        }
        return chart;
    }

    /** Short tick labels on an x axis from lo to hi (XChart's default prints every digit of a double). */
    static void tidyXAxis(XYChart chart, double lo, double hi) {
        double range = hi - lo;
        if (range >= 10) {
            chart.getStyler().setXAxisDecimalPattern("#,##0.#");
        } else if (range >= 0.1) {
            chart.getStyler().setXAxisDecimalPattern("0.0##");
        } else if (range > 0) {
            chart.getStyler().setXAxisDecimalPattern("0.0##E0");
        }
        chart.getStyler().setXAxisTickMarkSpacingHint(70);
    }

    static Figure figure(XYChart chart, String caption) {
        return new Figure(Renderings.chartImage(chart), caption);
    }

    static MimeBundle bundle(XYChart chart, String summary) {
        return MimeBundle.image(Renderings.chartImage(chart), chart.getWidth(), summary);
    }

    static double[] unbox(List<Double> list) {
        double[] a = new double[list.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = list.get(i);
        }
        return a;
    }

    static String format(double x) {
        return String.format(java.util.Locale.ROOT, "%.3g", x);
    }
}
