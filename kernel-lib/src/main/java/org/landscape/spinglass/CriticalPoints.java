package org.landscape.spinglass;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.landscape.plot.Figure;
import org.landscape.plot.Plots;
import org.landscape.plot.Result;
import org.landscape.plot.ResultFile;
import org.landscape.stats.Stats;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * Critical points found by {@link CriticalPointSearch}: energy and index of each. Shows as the index against
 * E/Lambda, over the asymptotic theory: the band (-E_0, -E_inf) where minima live, and the typical index
 * (Lambda - 1) F(u / E_inf) of critical points at energy Lambda u ({@link Complexity#typicalIndexFraction}).
 * {@link #write} saves {@link #table()} with the search's counts; {@link #read} gives back the same points without
 * their coordinates (Lambda numbers each).
 */
public final class CriticalPoints implements Result {
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

    /** The i-th point found (a copy); not available for points {@link #read} back. */
    public double[] point(int i) {
        if (points == null) {
            throw new IllegalStateException("these critical points were read from a file, which holds their energies and "
                    + "indices, not their coordinates: run the search again (same seed, same points) to have them");
        }
        return points[i].clone();
    }

    /** The typical index the theory predicts at energy Lambda u: (Lambda - 1) F(u / E_inf). */
    public double typicalIndex(double u) {
        return (lambda - 1) * Complexity.typicalIndexFraction(order, u);
    }

    /** Spearman's rank correlation between energy and index ({@link Stats#spearman}: ties share their mean rank). */
    public double rankCorrelation() {
        return Stats.spearman(energiesPerSite(), Arrays.stream(indices).asDoubleStream().toArray());
    }

    /** The median over the points of |index - typical index at its energy|: how closely they follow the theory. */
    public double medianDeviationFromTheory() {
        double[] e = energiesPerSite();
        double[] d = new double[e.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.abs(indices[i] - typicalIndex(e[i]));
        }
        return Stats.median(d);
    }

    /**
     * The threshold E fitted to the points found: the E for which the typical-index curve (Lambda - 1) F(u / E)
     * fits their indices best (least squares, golden-section search over [E_inf / 2, 2 E_inf]). The theory says
     * E = E_inf: below -E_inf critical points are minima, above it their index grows like the shifted semicircle's
     * mass below zero. This measures E from the indices and energies alone.
     */
    public double fittedThreshold() {
        if (energies.length < 3) {
            throw new IllegalStateException("a threshold needs at least 3 critical points, found " + energies.length);
        }
        double[] e = energiesPerSite();
        java.util.function.DoubleUnaryOperator misfit = t -> {
            double ss = 0;
            for (int i = 0; i < e.length; i++) {
                double r = indices[i] - (lambda - 1) * Complexity.semicircleBelow(e[i] / t);
                ss += r * r;
            }
            return ss;
        };
        double eInf = Complexity.eInfinity(order), lo = eInf / 2, hi = 2 * eInf, g = (Math.sqrt(5) - 1) / 2;
        double a = hi - g * (hi - lo), b = lo + g * (hi - lo), fa = misfit.applyAsDouble(a), fb = misfit.applyAsDouble(b);
        while (hi - lo > 1e-7) {
            if (fa <= fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - g * (hi - lo);
                fa = misfit.applyAsDouble(a);
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + g * (hi - lo);
                fb = misfit.applyAsDouble(b);
            }
        }
        return (lo + hi) / 2;
    }

    /** The position (in found order) of the point with the lowest energy. */
    public int lowest() {
        if (energies.length == 0) {
            throw new IllegalStateException("no critical point found yet: run the search first");
        }
        int low = 0;
        for (int i = 1; i < energies.length; i++) {
            low = energies[i] < energies[low] ? i : low;
        }
        return low;
    }

    /**
     * One row per index found: how many points, the lowest E/Lambda among them (4 decimals) and the theory's typical
     * index at that energy (2 decimals).
     */
    public Table byIndex() {
        double[] e = energiesPerSite();
        IntColumn index = IntColumn.create("index"), count = IntColumn.create("points found");
        DoubleColumn lowest = DoubleColumn.create("lowest E/lambda"), theory = DoubleColumn.create("theory's typical index there");
        for (int k : Arrays.stream(indices).distinct().sorted().toArray()) {
            double low = Double.POSITIVE_INFINITY;
            int n = 0;
            for (int i = 0; i < e.length; i++) {
                if (indices[i] == k) {
                    n++;
                    low = Math.min(low, e[i]);
                }
            }
            index.append(k);
            count.append(n);
            lowest.append(Math.round(low * 1e4) / 1e4);
            theory.append(Math.round(typicalIndex(low) * 100) / 100.0);
        }
        return Table.create(String.format(Locale.ROOT, "critical points of the %d-spin glass with lambda = %d, by index",
                order, lambda), index, count, lowest, theory);
    }

    @Override
    public Table table() {
        return Table.create(String.format(Locale.ROOT, "critical points of the %d-spin glass, lambda = %d", order, lambda),
                DoubleColumn.create("E", energies.clone()),
                DoubleColumn.create("E/lambda", energiesPerSite()),
                IntColumn.create("index", indices.clone()),
                DoubleColumn.create("smallest eigenvalue", smallest.clone()));
    }

    /** Index against E/Lambda, with the theory's typical index and the band lines. */
    @Override
    public Figure figure() {
        XYChart chart = SpinGlassCharts.chart(String.format(Locale.ROOT, "critical points found by Newton's method, lambda = %d", lambda),
                "energy per coordinate E/lambda", "index (negative Hessian eigenvalues)", 680, 440);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW).setMarkerSize(6);
        double[] e = energiesPerSite();
        double[] k = Arrays.stream(indices).asDoubleStream().toArray();
        double lo = e.length == 0 ? 0 : Stats.min(e), hi = e.length == 0 ? 0 : Stats.max(e);
        double kMax = Math.max(1, k.length == 0 ? 1 : Stats.max(k));
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
            theory.setMarker(SeriesMarkers.NONE).setLineColor(Plots.PALETTE[7]).setLineWidth(2f);
            kMax = Math.max(kMax, uy[m - 1]);
            SpinGlassCharts.verticalLine(chart, String.format(Locale.ROOT, "-E0 = %.3f", -e0), -e0, 0, kMax, SpinGlassCharts.GROUND_STATE);
            SpinGlassCharts.verticalLine(chart, String.format(Locale.ROOT, "-Einf = %.3f", -eInf), -eInf, 0, kMax, SpinGlassCharts.THRESHOLD);
        }
        if (e.length > 0) {
            XYSeries found = chart.addSeries(String.format(Locale.ROOT, "found (%d points)", e.length), e, k);
            found.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter).setMarker(SeriesMarkers.CIRCLE)
                    .setMarkerColor(Plots.PALETTE[0]);
        }
        double pad = 0.03 * (hi - lo);
        chart.getStyler().setXAxisMin(lo - pad).setXAxisMax(hi + pad).setYAxisMin(-0.5);
        return SpinGlassCharts.figure(chart, summary());
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

    /** Saves {@link #table()} with the glass and the search's counts in its comment lines, for {@link #read}. */
    @Override
    public void write(Path file) {
        ResultFile.write(file, "CriticalPoints", ResultFile.meta("lambda", lambda, "order", order, "starts", starts,
                "failures", failures, "duplicates", duplicates), table());
    }

    /** The points saved by {@link #write}: the same energies, indices, summary and picture, without coordinates. */
    public static CriticalPoints read(Path file) {
        ResultFile f = ResultFile.read(file, "CriticalPoints").expectColumns("E", "E/lambda", "index",
                "smallest eigenvalue");
        int lambda = f.metaInt("lambda");
        if (lambda < 2) {
            throw f.badMeta("lambda", "lambda must be >= 2, got " + lambda);
        }
        return new CriticalPoints(lambda, f.metaInt("order"), f.metaInt("starts"), f.metaInt("failures"),
                f.metaInt("duplicates"), f.doubles("E"), f.ints("index"), f.doubles("smallest eigenvalue"), null);
    }

    @Override
    public String toString() {
        return summary();
    }
}
