package org.landscape.spinglass;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.landscape.plot.Colormap;

/** The spin-glass pictures: histograms of where descents end, and the complexity curves of Figure 2. */
public final class SpinGlassCharts {
    /** The colour of the ground-state line (black in the paper's Figure 2). */
    public static final Color GROUND_STATE = Color.BLACK;
    /** The colour of the threshold line -E_inf (red in the paper's Figure 2). */
    public static final Color THRESHOLD = new Color(0xD6, 0x27, 0x28);

    private SpinGlassCharts() {
    }

    private static XYChart chart(String title, String xLabel, String yLabel, int width, int height) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        XYStyler styler = chart.getStyler();
        styler.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        styler.setPlotGridLinesColor(new Color(0xE6E6E6));
        styler.setChartBackgroundColor(Color.WHITE).setLegendPosition(Styler.LegendPosition.InsideNW)
                .setMarkerSize(5).setLegendBorderColor(Color.WHITE);
        return chart;
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
        double width = (hi - lo) / bins;
        XYChart chart = chart(title, "energy per coordinate E/lambda at the end of gradient descent",
                "density (histogram, area 1)", 720, 420);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        double top = 0;
        int i = 0;
        for (DescentResult r : results) {
            double[] x = r.minimaPerSite();
            double[] counts = new double[bins];
            for (double v : x) {
                counts[Math.min(bins - 1, Math.max(0, (int) ((v - lo) / width)))]++;
            }
            double[] sx = new double[2 * bins + 2], sy = new double[2 * bins + 2];
            sx[0] = lo;
            sy[0] = 0;
            for (int b = 0; b < bins; b++) {
                double d = x.length == 0 ? 0 : counts[b] / (x.length * width);
                top = Math.max(top, d);
                sx[2 * b + 1] = lo + b * width;
                sy[2 * b + 1] = d;
                sx[2 * b + 2] = lo + (b + 1) * width;
                sy[2 * b + 2] = d;
            }
            sx[2 * bins + 1] = hi;
            sy[2 * bins + 1] = 0;
            XYSeries s = chart.addSeries(String.format(Locale.ROOT, "lambda = %d (%d minima)", r.size(), x.length), sx, sy);
            Color c = results.size() == 1 ? new Color(0x1F77B4)
                    : Colormap.viridis(0.85 * i / (results.size() - 1.0));
            s.setMarker(SeriesMarkers.NONE).setLineColor(c).setLineWidth(2f);
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
        t.setMarker(SeriesMarkers.NONE).setLineColor(new Color(0x1F77B4)).setLineWidth(2.5f);
        for (double v : total) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        Color[] palette = {new Color(0x2CA02C), new Color(0xFF7F0E), new Color(0x9467BD), new Color(0x8C564B),
                new Color(0xE377C2), new Color(0x7F7F7F)};
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
