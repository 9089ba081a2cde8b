package org.landscape.plot;

import java.awt.Color;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.landscape.stats.Stats;

/** One-line plots, in the manner of XChart's {@code QuickChart}; the builders give more control. */
public final class Plots {
    private Plots() {
    }

    /** The surface from above: heatmap with labelled contour lines (log colours if all values are positive). */
    public static Figure heatmap(Grid surface) {
        HeatmapPlot plot = HeatmapPlot.of(surface);
        if (surface.min() > 0) {
            plot.logScale();
        }
        return plot.build();
    }

    /** Only the level sets {value = c}, no shading. */
    public static Figure levelSets(Grid surface) {
        HeatmapPlot plot = HeatmapPlot.of(surface).levelSetsOnly().title("level sets of " + surface.quantity());
        if (surface.min() > 0) {
            plot.logScale();
        }
        return plot.build();
    }

    /** The graph of the surface in 3-D. */
    public static Figure surface3d(Grid surface) {
        SurfaceView3D view = SurfaceView3D.of(surface).title("graph of " + surface.quantity());
        if (surface.min() > 0) {
            view.logScale();
        }
        return view.build();
    }

    /** A line chart of y against x, ready to display. */
    public static XYChart line(String title, String xLabel, String yLabel, String series, double[] x, double[] y) {
        if (x.length == 0 || x.length != y.length) {
            throw new IllegalArgumentException("x and y must be non-empty and of equal length, got " + x.length
                    + " and " + y.length);
        }
        XYChart chart = xyChart(title, xLabel, yLabel);
        chart.addSeries(series, x, y);
        chart.getStyler().setLegendVisible(false);
        return chart;
    }

    /** The library's series colours, in order (the same for every chart). */
    public static final Color[] PALETTE = Theme.PALETTE;

    /**
     * Histograms of one or more samples over a shared range, drawn as step outlines so overlapping samples stay
     * readable. Each series is the values of one sample ({@link Series#values}).
     */
    public static XYChart histogram(String title, String xLabel, int bins, Series... samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("histogram needs at least one sample");
        }
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Series s : samples) {
            lo = Math.min(lo, Stats.min(s.y()));
            hi = Math.max(hi, Stats.max(s.y()));
        }
        if (hi == lo) {
            hi = lo + Math.max(1e-12, Math.abs(lo) * 1e-6);
        }
        if (lo >= 0 && lo <= 0.25 * (hi - lo)) {
            lo = 0;   // non-negative quantities (|cos|, norms) read best from zero
        }
        XYChart chart = xyChart(title, xLabel, samples.length == 1 ? "count" : "count per bin");
        // Tick labels to the range's precision, not the bin edges' 15 digits.
        int digits = Math.max(0, Math.min(8, (int) Math.ceil(-Math.log10(hi - lo)) + 2));
        chart.getStyler().setXAxisDecimalPattern(digits == 0 ? "0" : "0." + "0".repeat(digits));
        for (int k = 0; k < samples.length; k++) {
            Stats.Histogram h = Stats.histogram(samples[k].y(), bins, lo, hi);
            double[] x = new double[2 * bins + 2], y = new double[2 * bins + 2];
            for (int b = 0; b < bins; b++) {   // a step outline: up at the left edge, across, down at the right
                x[2 * b + 1] = lo + b * h.width();
                x[2 * b + 2] = lo + (b + 1) * h.width();
                y[2 * b + 1] = h.counts()[b];
                y[2 * b + 2] = h.counts()[b];
            }
            x[0] = lo;
            x[2 * bins + 1] = hi;
            XYSeries series = chart.addSeries(String.format(Locale.ROOT, "%s (%d)", samples[k].name(), samples[k].y().length), x, y);
            series.setMarker(SeriesMarkers.NONE).setLineColor(PALETTE[k % PALETTE.length]).setLineStyle(Theme.LINE);
        }
        chart.getStyler().setYAxisMin(0.0).setLegendVisible(samples.length > 1);
        return chart;
    }

    /** A scatter chart of one or more point sets, each in its own colour and marker. */
    public static XYChart scatter(String title, String xLabel, String yLabel, Series... sets) {
        XYChart chart = xyChart(title, xLabel, yLabel);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter).setMarkerSize(Theme.MARKER_SIZE + 2);
        for (int k = 0; k < sets.length; k++) {
            requireX(sets[k]);
            chart.addSeries(sets[k].name(), sets[k].x(), sets[k].y()).setMarkerColor(PALETTE[k % PALETTE.length])
                    .setMarker(Theme.MARKERS[k % Theme.MARKERS.length]);
        }
        chart.getStyler().setLegendVisible(sets.length > 1);
        return chart;
    }

    /**
     * Log-log axes with each series drawn as points and its least-squares power law as a dashed line, the fitted
     * exponent in the legend ("std: fit slope -0.41"). The axes are labelled as {@link Theme} labels log axes: every
     * multiple of a power of ten when the labels fit, else whole decades, so short ranges are labelled too.
     */
    public static XYChart logLog(String title, String xLabel, String yLabel, Series... sets) {
        XYChart chart = xyChart(title, xLabel, yLabel);
        chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true).setMarkerSize(Theme.MARKER_SIZE + 2);
        for (int k = 0; k < sets.length; k++) {
            requireX(sets[k]);
            Color colour = PALETTE[k % PALETTE.length];
            Stats.Fit fit = Stats.powerLaw(sets[k].x(), sets[k].y());
            chart.addSeries(sets[k].name(), sets[k].x(), sets[k].y()).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter)
                    .setMarker(Theme.MARKERS[k % Theme.MARKERS.length]).setMarkerColor(colour);
            chart.addSeries(String.format(Locale.ROOT, "%s: fit slope %.2f", sets[k].name(), fit.slope()), sets[k].x(),
                            fit.at(sets[k].x())).setMarker(SeriesMarkers.NONE).setLineColor(colour)
                    .setLineStyle(Theme.DASHED);
        }
        return chart;
    }

    private static void requireX(Series s) {
        if (s.x() == null) {
            throw new IllegalArgumentException("series '" + s.name() + "' has no x values: use Series.of(name, x, y)");
        }
    }

    /** An empty XY chart in the library's {@link Theme}. */
    public static XYChart xyChart(String title, String xLabel, String yLabel) {
        XYChart chart = new XYChartBuilder().width(Theme.WIDTH).height(Theme.HEIGHT).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        style(chart.getStyler());
        return chart;
    }

    /** The library's {@link Theme} for any XChart styler (the same as {@link Theme#apply}). */
    public static void style(Styler styler) {
        Theme.apply(styler);
    }
}
