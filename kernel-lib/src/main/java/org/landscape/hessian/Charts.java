package org.landscape.hessian;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.landscape.plot.Plots;
import org.landscape.plot.Theme;
import org.landscape.stats.Stats;

/**
 * What this package's pictures add to {@link Plots} and its {@link Theme}: the colours that mean something here
 * (eigenvalues at or above the index's threshold, those below it, reference lines), all taken from the theme's
 * palette, and the spectrum histogram on a log count axis.
 */
final class Charts {
    /** Eigenvalues >= -{@link Index#PAPER_TOLERANCE} (and any series with no sign to show). */
    static final Color NON_NEGATIVE = Theme.PALETTE[0];
    /** Eigenvalues below -{@link Index#PAPER_TOLERANCE}: the directions that go down. */
    static final Color NEGATIVE = Theme.PALETTE[1];
    /** Reference lines (y = 0, a predicted slope). */
    static final Color REFERENCE = Theme.PALETTE[7];

    private Charts() {
    }

    /** A line of points without markers, in the theme's stroke. */
    static XYSeries line(XYChart chart, String name, double[] x, double[] y, Color color) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE).setLineColor(color).setLineStyle(Theme.LINE);
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

    /** A dashed reference line, e.g. y = 0, left out of the legend. */
    static void horizontal(XYChart chart, String name, double xMin, double xMax, double y) {
        XYSeries s = chart.addSeries(name, new double[]{xMin, xMax}, new double[]{y, y});
        s.setMarker(SeriesMarkers.NONE).setLineColor(REFERENCE).setLineStyle(Theme.DASHED);
        s.setShowInLegend(false);
    }

    /**
     * A histogram of {@code values} on a logarithmic count axis, so that a handful of outliers shows next to a bulk
     * of thousands (which {@link Plots#histogram}'s linear axis would hide). Bins left of {@code split} are drawn in
     * {@link #NEGATIVE} (e.g. negative eigenvalues), the others in {@link #NON_NEGATIVE}; a bin edge sits at the split.
     */
    static XYChart histogram(String title, String xLabel, double[] values, int bins, double split) {
        double lo = Stats.min(values), hi = Stats.max(values);
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
        long[] counts = Stats.histogram(values, bins, lo, lo + bins * width).counts();
        XYChart chart = Plots.xyChart(title, xLabel, "count (log scale)");
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
            line(chart, "eigenvalues >= " + format(split), unbox(bx), unbox(by), NON_NEGATIVE);
        }
        if (!rx.isEmpty()) {
            line(chart, "eigenvalues < " + format(split), unbox(rx), unbox(ry), NEGATIVE);
        }
        return chart;
    }

    /** Short tick labels on an x axis from lo to hi (XChart's default prints every digit of a double). */
    static void tidyXAxis(XYChart chart, double lo, double hi) {
        chart.getStyler().setXAxisDecimalPattern(decimalPattern(hi - lo)).setXAxisTickMarkSpacingHint(70);
    }

    /**
     * Puts the x axis's ends on multiples of a round step (1, 2 or 5 times a power of ten): XChart counts ticks from
     * the ends, so a curve's arbitrary ends gave ticks like -2.2, -0.3, 1.5.
     */
    static void roundXAxisEnds(XYChart chart, double lo, double hi) {
        if (hi > lo) {
            double step = Math.pow(10, Math.floor(Math.log10((hi - lo) / 6)));
            double ratio = (hi - lo) / 6 / step;
            step *= ratio >= 5 ? 5 : ratio >= 2 ? 2 : 1;
            chart.getStyler().setXAxisMin(Math.floor(lo / step) * step).setXAxisMax(Math.ceil(hi / step) * step);
        }
    }

    /** A tick-label pattern with as many digits as ticks over a range this wide need. */
    static String decimalPattern(double range) {
        return range >= 10 ? "#,##0.#" : range >= 0.1 ? "0.0##" : range > 0 ? "0.0##E0" : "0.###";
    }

    static double[] unbox(List<Double> list) {
        return list.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static String format(double x) {
        return String.format(java.util.Locale.ROOT, "%.3g", x);
    }
}
