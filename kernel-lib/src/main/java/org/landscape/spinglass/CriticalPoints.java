package org.landscape.spinglass;

import java.awt.Color;
import java.util.Arrays;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.landscape.display.Displayable;
import org.landscape.display.MimeBundle;
import org.landscape.display.Renderings;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * Critical points found by {@link CriticalPointSearch}: energy and index of each. Shows as the index against
 * E/Lambda, over the asymptotic theory: the band (-E_0, -E_inf) where minima live, and the typical index
 * (Lambda - 1) F(u / E_inf) of critical points at energy Lambda u ({@link Complexity#typicalIndexFraction}).
 */
public final class CriticalPoints implements Displayable {
    private final int lambda;
    private final int order;
    private final int starts;
    private final int failures;
    private final int duplicates;
    private final double[] energies;
    private final int[] indices;
    private final double[] smallest;
    private final double[][] points;

    CriticalPoints(int lambda, int order, int starts, int failures, int duplicates, double[] energies, int[] indices,
                   double[] smallest, double[][] points) {
        this.lambda = lambda;
        this.order = order;
        this.starts = starts;
        this.failures = failures;
        this.duplicates = duplicates;
        this.energies = energies;
        this.indices = indices;
        this.smallest = smallest;
        this.points = points;
    }

    public int size() {
        return lambda;
    }

    public int count() {
        return energies.length;
    }

    /** Starts whose Newton iteration did not converge. */
    public int failures() {
        return failures;
    }

    /** Starts that found a point already found. */
    public int duplicates() {
        return duplicates;
    }

    public double[] energiesPerSite() {
        double[] e = new double[energies.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = energies[i] / lambda;
        }
        return e;
    }

    public int[] indices() {
        return indices.clone();
    }

    public double[] smallestEigenvalues() {
        return smallest.clone();
    }

    public double[] point(int i) {
        return points[i].clone();
    }

    /** The typical index the theory predicts at energy Lambda u: (Lambda - 1) F(u / E_inf). */
    public double typicalIndex(double u) {
        return (lambda - 1) * Complexity.typicalIndexFraction(order, u);
    }

    /** Spearman's rank correlation between energy and index (ties get their mean rank). */
    public double rankCorrelation() {
        double[] e = energiesPerSite();
        double[] k = new double[indices.length];
        for (int i = 0; i < k.length; i++) {
            k[i] = indices[i];
        }
        return pearson(ranks(e), ranks(k));
    }

    static double[] ranks(double[] x) {
        int n = x.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(x[a], x[b]));
        double[] r = new double[n];
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && x[order[j + 1]] == x[order[i]]) {
                j++;
            }
            double mean = (i + j) / 2.0 + 1;
            for (int q = i; q <= j; q++) {
                r[order[q]] = mean;
            }
            i = j + 1;
        }
        return r;
    }

    static double pearson(double[] a, double[] b) {
        int n = a.length;
        double ma = 0, mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i] / n;
            mb += b[i] / n;
        }
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < n; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    public Table toTable() {
        return Table.create(String.format(Locale.ROOT, "critical points of the %d-spin glass, lambda = %d", order, lambda),
                DoubleColumn.create("E", energies.clone()),
                DoubleColumn.create("E/lambda", energiesPerSite()),
                IntColumn.create("index", indices.clone()),
                DoubleColumn.create("smallest eigenvalue", smallest.clone()));
    }

    /** Index against E/Lambda, with the theory's typical index and the band lines. */
    public XYChart chart() {
        XYChart chart = new XYChartBuilder().width(680).height(440)
                .title(String.format(Locale.ROOT, "critical points found by Newton's method, lambda = %d", lambda))
                .xAxisTitle("energy per coordinate E/lambda").yAxisTitle("index (negative Hessian eigenvalues)").build();
        XYStyler styler = chart.getStyler();
        styler.setPlotGridLinesColor(new Color(0xE6E6E6));
        styler.setChartBackgroundColor(Color.WHITE).setLegendPosition(Styler.LegendPosition.InsideNW)
                .setMarkerSize(6).setLegendBorderColor(Color.WHITE);
        double[] e = energiesPerSite();
        double[] k = new double[indices.length];
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY, kMax = 1;
        for (int i = 0; i < k.length; i++) {
            k[i] = indices[i];
            lo = Math.min(lo, e[i]);
            hi = Math.max(hi, e[i]);
            kMax = Math.max(kMax, k[i]);
        }
        if (order >= 3) {
            double e0 = Complexity.groundState(order), eInf = Complexity.eInfinity(order);
            lo = Math.min(lo, -e0);
            hi = Math.max(hi, -eInf);
            int m = 200;
            double[] ux = new double[m], uy = new double[m];
            for (int i = 0; i < m; i++) {
                ux[i] = lo + (hi - lo) * i / (m - 1.0);
                uy[i] = typicalIndex(ux[i]);
            }
            XYSeries theory = chart.addSeries("theory: typical index (lambda-1) F(u/Einf)", ux, uy);
            theory.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            theory.setMarker(SeriesMarkers.NONE).setLineColor(new Color(0x7F7F7F)).setLineWidth(2f);
            kMax = Math.max(kMax, uy[m - 1]);
            SpinGlassCharts.verticalLine(chart, String.format(Locale.ROOT, "-E0 = %.3f", -e0), -e0, 0, kMax, SpinGlassCharts.GROUND_STATE);
            SpinGlassCharts.verticalLine(chart, String.format(Locale.ROOT, "-Einf = %.3f", -eInf), -eInf, 0, kMax, SpinGlassCharts.THRESHOLD);
        }
        if (e.length > 0) {
            XYSeries found = chart.addSeries(String.format(Locale.ROOT, "found (%d points)", e.length), e, k);
            found.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter).setMarker(SeriesMarkers.CIRCLE)
                    .setMarkerColor(new Color(31, 119, 180, 170));
        }
        double pad = 0.03 * (hi - lo);
        chart.getStyler().setXAxisMin(lo - pad).setXAxisMax(hi + pad).setYAxisMin(-0.5);
        return chart;
    }

    @Override
    public String summary() {
        int minima = 0, maxIndex = 0;
        for (int k : indices) {
            minima += k == 0 ? 1 : 0;
            maxIndex = Math.max(maxIndex, k);
        }
        return String.format(Locale.ROOT, "lambda = %d: %d distinct critical points from %d starts (%d minima, "
                        + "indices 0..%d; %d repeats, %d starts without convergence), rank correlation of energy and "
                        + "index %.3f", lambda, energies.length, starts, minima, maxIndex, duplicates, failures,
                energies.length > 2 ? rankCorrelation() : Double.NaN);
    }

    @Override
    public MimeBundle toMimeBundle() {
        XYChart chart = chart();
        return MimeBundle.image(Renderings.chartImage(chart), chart.getWidth(), summary());
    }

    @Override
    public String toString() {
        return summary();
    }
}
