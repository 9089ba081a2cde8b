package org.landscape.spinglass;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.landscape.display.Renderings;
import org.landscape.plot.Figure;
import org.landscape.plot.Plots;
import org.landscape.stats.Stats;

/** The spin-glass pictures: histograms of where descents end, and the complexity curves of Figure 2. */
public final class SpinGlassCharts {
    /** The colour of the ground-state line (black in the paper's Figure 2). */
    public static final Color GROUND_STATE = Color.BLACK;
    /** The colour of the threshold line -E_inf (red in the paper's Figure 2; the library palette's red). */
    public static final Color THRESHOLD = Plots.PALETTE[1];

    private SpinGlassCharts() {
    }

    /** An empty line chart of the given size in the library's house style ({@link Plots#style}). */
    static XYChart chart(String title, String xLabel, String yLabel, int width, int height) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        Plots.style(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line)
                .setLegendPosition(Styler.LegendPosition.InsideNW).setMarkerSize(5);
        return chart;
    }

    /** A chart as a {@link Figure} with a caption. */
    static Figure figure(XYChart chart, String caption) {
        return new Figure(Renderings.chartImage(chart), caption);
    }

    /**
     * The paper's Figure 2 for order h and size lambda: the whole lower half of the energy range and, beside it, the
     * band (-lambda E_0, -lambda E_inf) zoomed in, for all critical points and the indices 0, 1, 2, 5. The y axes reach
     * below the curves to leave room for the legend.
     */
    public static Figure figure2(int h, int lambda) {
        double e0 = Complexity.groundState(h), eInf = Complexity.eInfinity(h);
        double yTop = Complexity.log10MeanCount(lambda, Complexity.thetaTotal(h, 0)) * 1.07;
        XYChart wide = complexityWithYAxis(String.format(Locale.ROOT, "Figure 2: H = %d, lambda = %d", h, lambda), h,
                lambda, -e0 - 0.043, 0.0, -yTop, yTop, 0, 1, 2, 5);
        double zoomTop = Complexity.log10MeanCount(lambda, Complexity.theta(0, h, -eInf)) * 2.1;
        XYChart zoom = complexityWithYAxis("zoomed into the band", h, lambda, -e0 - 0.008, -eInf + 0.018,
                -zoomTop * 0.92, zoomTop, 0, 1, 2, 5);
        return Figure.row(figure(wide, "Figure 2"), figure(zoom, "zoomed into the band"));
    }

    /** A vertical line at x from y0 to y1, dashed, in the legend as {@code name}. */
    public static XYSeries verticalLine(XYChart chart, String name, double x, double y0, double y1, Color color) {
        XYSeries s = chart.addSeries(name, new double[]{x, x}, new double[]{y0, y1});
        s.setMarker(SeriesMarkers.NONE).setLineColor(color);
        s.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{6f, 4f}, 0f));
        return s;
    }

    /**
     * The histograms of E/Lambda at the minima of several descents (one per Lambda) on one figure, as densities
     * (area 1, so different numbers of walkers compare), with the band lines -E_0 and -E_inf of the theory.
     */
    public static XYChart minimaHistograms(String title, List<DescentResult> results, int bins) {
        if (results.isEmpty()) {
            throw new IllegalArgumentException("results must hold at least one descent result");
        }
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be >= 1, got " + bins);
        }
        int h = results.get(0).order();
        double e0 = h >= 3 ? Complexity.groundState(h) : Double.NaN;
        double eInf = h >= 3 ? Complexity.eInfinity(h) : Double.NaN;
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (DescentResult r : results) {
            if (r.convergedCount() > 0) {
                lo = Math.min(lo, r.min());
                hi = Math.max(hi, r.max());
            }
        }
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("none of the results has a converged walker to draw");
        }
        if (h >= 3) {
            lo = Math.min(lo, -e0);
            hi = Math.max(hi, -eInf);
        }
        double pad = 0.03 * (hi - lo) + 1e-9;
        lo -= pad;
        hi += pad;
        XYChart chart = chart(title, "energy per coordinate E/lambda at the end of gradient descent",
                "density (histogram, area 1)", 720, 420);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        double top = 0;
        int i = 0;
        for (DescentResult r : results) {
            double[] x = r.minimaPerSite();
            Stats.Histogram histogram = Stats.histogram(x, bins, lo, hi);
            double[] density = histogram.density();
            double width = histogram.width();
            double[] sx = new double[2 * bins + 2], sy = new double[2 * bins + 2];
            sx[0] = lo;
            for (int b = 0; b < bins; b++) { // a step outline: up at the left edge, across, down at the right
                top = Math.max(top, density[b]);
                sx[2 * b + 1] = lo + b * width;
                sy[2 * b + 1] = density[b];
                sx[2 * b + 2] = lo + (b + 1) * width;
                sy[2 * b + 2] = density[b];
            }
            sx[2 * bins + 1] = hi;
            XYSeries s = chart.addSeries(String.format(Locale.ROOT, "lambda = %d (%d minima)", r.size(), x.length), sx, sy);
            s.setMarker(SeriesMarkers.NONE).setLineColor(Plots.PALETTE[(i == 0 ? 0 : i + 1) % Plots.PALETTE.length])
                    .setLineWidth(2f);
            i++;
        }
        if (h >= 3) {
            verticalLine(chart, String.format(Locale.ROOT, "-E0 = %.4f (ground state)", -e0), -e0, 0, top * 1.05, GROUND_STATE);
            verticalLine(chart, String.format(Locale.ROOT, "-Einf = %.4f (threshold)", -eInf), -eInf, 0, top * 1.05, THRESHOLD);
        }
        chart.getStyler().setXAxisMin(lo).setXAxisMax(hi).setYAxisMin(0.0);
        return chart;
    }

    /**
     * Figure 2: log10 of the mean number of critical points with energy below Lambda u, against the energy
     * Lambda u (u from {@code uMin} to {@code uMax}), for all critical points and for the indices {@code ks}, with the
     * lines -Lambda E_0 (black) and -Lambda E_inf (red). The y axis fits the curves.
     */
    public static XYChart complexity(String title, int h, int lambda, double uMin, double uMax, int... ks) {
        return complexityWithYAxis(title, h, lambda, uMin, uMax, Double.NaN, Double.NaN, ks);
    }

    /**
     * As {@link #complexity(String, int, int, double, double, int...)} with the y axis from yMin to yMax (NaN: fit the
     * curves). A separate name, so that integer y limits are never taken for indices.
     */
    public static XYChart complexityWithYAxis(String title, int h, int lambda, double uMin, double uMax, double yMin, double yMax,
                                     int... ks) {
        if (!(uMin < uMax)) {
            throw new IllegalArgumentException("need uMin < uMax, got " + uMin + " and " + uMax);
        }
        int points = 600;
        double[] energy = new double[points];
        double[] total = new double[points];
        for (int p = 0; p < points; p++) {
            double u = uMin + (uMax - uMin) * p / (points - 1);
            energy[p] = lambda * u;
            total[p] = Complexity.log10MeanCount(lambda, Complexity.thetaTotal(h, u));
        }
        XYChart chart = chart(title, "energy  lambda * u", "log10 (mean number below lambda * u)", 640, 460);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        XYSeries t = chart.addSeries("all critical points", energy, total);
        t.setMarker(SeriesMarkers.NONE).setLineColor(Plots.PALETTE[0]).setLineWidth(2.5f);
        for (double v : total) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        Color[] palette = {Plots.PALETTE[2], Plots.PALETTE[3], Plots.PALETTE[4], Plots.PALETTE[5], Plots.PALETTE[6],
                Plots.PALETTE[7]};
        for (int j = 0; j < ks.length; j++) {
            double[] y = new double[points];
            for (int p = 0; p < points; p++) {
                y[p] = Complexity.log10MeanCount(lambda, Complexity.theta(ks[j], h, energy[p] / lambda));
                lo = Math.min(lo, y[p]);
                hi = Math.max(hi, y[p]);
            }
            String name = ks[j] == 0 ? "local minima (k = 0)" : "saddles of index k = " + ks[j];
            XYSeries s = chart.addSeries(name, energy, y);
            s.setMarker(SeriesMarkers.NONE).setLineColor(palette[j % palette.length]).setLineWidth(2f);
        }
        double y0 = Double.isNaN(yMin) ? lo : yMin, y1 = Double.isNaN(yMax) ? hi : yMax;
        double e0 = Complexity.groundState(h), eInf = Complexity.eInfinity(h);
        if (-lambda * e0 >= energy[0] && -lambda * e0 <= energy[points - 1]) {
            verticalLine(chart, String.format(Locale.ROOT, "-lambda E0 = %.1f (ground state)", -lambda * e0), -lambda * e0, y0, y1, GROUND_STATE);
        }
        if (-lambda * eInf >= energy[0] && -lambda * eInf <= energy[points - 1]) {
            verticalLine(chart, String.format(Locale.ROOT, "-lambda Einf = %.1f (threshold)", -lambda * eInf), -lambda * eInf, y0, y1, THRESHOLD);
        }
        chart.getStyler().setXAxisMin(energy[0]).setXAxisMax(energy[points - 1]).setYAxisMin(y0).setYAxisMax(y1);
        return chart;
    }
}
