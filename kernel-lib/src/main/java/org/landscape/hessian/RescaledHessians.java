package org.landscape.hessian;

import java.util.Arrays;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.landscape.display.Renderings;
import org.landscape.plot.Figure;
import org.landscape.plot.Plots;
import org.landscape.plot.Result;
import org.landscape.plot.ResultFile;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * The book's lambda-scaling argument measured on real samples: for each lambda, the Hessian of the risk on the
 * rescaled sample S^lambda (labels Phi(x_i) - lambda e_i, {@link GaussNewton#scaledData}) at the same theta, computed
 * from scratch by central differences of {@code Risk} gradients, its complete spectrum, and how far it is from the
 * prediction H0 + lambda H1. Counts and smallest eigenvalues come from the measured Hessians, not from the
 * prediction, so that "more negative eigenvalues as lambda grows" is a finding and not a property of H0 + lambda H1.
 *
 * <pre>{@code
 * RescaledHessians measured = RescaledHessians.of(split, h0, h1, 0.01, 0.1, 1, 10, 100);
 * measured.negativeCounts();   // eigenvalues below -0.001 of H(S^lambda), per lambda
 * }</pre>
 *
 * <p>{@link #read} gives back every measured spectrum (all its eigenvalues) with the comparison with H0 + lambda H1,
 * so nothing is refused; only the network, the samples and the matrices themselves are not in the file.
 */
public final class RescaledHessians implements Result {
    private final double[] lambdas;
    private final Spectrum[] measured;
    private final double[] predictedSmallest;
    private final int[] predictedCounts;
    private final double[] differences;
    private final double h1Smallest;
    private final int dimension;

    private RescaledHessians(double[] lambdas, Spectrum[] measured, double[] predictedSmallest, int[] predictedCounts,
                             double[] differences, double h1Smallest, int dimension) {
        this.lambdas = lambdas;
        this.measured = measured;
        this.predictedSmallest = predictedSmallest;
        this.predictedCounts = predictedCounts;
        this.differences = differences;
        this.h1Smallest = h1Smallest;
        this.dimension = dimension;
    }

    /**
     * The measured Hessians of S^lambda for each lambda (sorted ascending, all > 0), compared with h0 + lambda h1
     * (the split at the same theta, e.g. {@code split.h0()}, {@code split.h1()}).
     */
    public static RescaledHessians of(GaussNewton split, DenseMatrix h0, DenseMatrix h1, double... lambdas) {
        if (split == null || h0 == null || h1 == null) {
            throw new IllegalArgumentException("split, h0 and h1 must not be null (h0 = split.h0(), h1 = split.h1())");
        }
        if (h0.rows() != split.dimension() || h1.rows() != split.dimension() || !h0.isSquare() || !h1.isSquare()) {
            throw new IllegalArgumentException("h0 and h1 must be " + split.dimension() + " x " + split.dimension()
                    + " (the split's parameters), got " + h0.rows() + " x " + h0.cols() + " and " + h1.rows() + " x "
                    + h1.cols());
        }
        if (lambdas == null || lambdas.length < 2) {
            throw new IllegalArgumentException("give at least two values of lambda, e.g. 0.01, 1, 100");
        }
        double[] sorted = lambdas.clone();
        Arrays.sort(sorted);
        if (!(sorted[0] > 0) || !Double.isFinite(sorted[sorted.length - 1])) {
            throw new IllegalArgumentException("lambda must be finite and > 0 (it scales the errors), got "
                    + Arrays.toString(lambdas));
        }
        Spectrum[] measured = new Spectrum[sorted.length];
        double[] predictedSmallest = new double[sorted.length], differences = new double[sorted.length];
        int[] predictedCounts = new int[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            DenseMatrix h = Hessians.dense(split.network(), split.scaledData(sorted[i]), split.theta());
            DenseMatrix predicted = h0.combine(1, h1, sorted[i]);
            measured[i] = DenseEigen.all(h, false);
            Spectrum p = DenseEigen.all(predicted, false);
            predictedSmallest[i] = p.min();
            predictedCounts[i] = p.index();
            differences[i] = h.maxAbsDifference(predicted) / predicted.maxAbs();
        }
        return new RescaledHessians(sorted, measured, predictedSmallest, predictedCounts, differences,
                DenseEigen.all(h1, false).min(), split.dimension());
    }

    /** The lambdas, ascending. */
    public double[] lambdas() {
        return lambdas.clone();
    }

    /** The complete spectrum of the measured Hessian of S^lambda_i. */
    public Spectrum spectrum(int i) {
        return measured[i];
    }

    /** Eigenvalues below -{@link Index#PAPER_TOLERANCE} of each measured Hessian. */
    public int[] negativeCounts() {
        return Arrays.stream(measured).mapToInt(Spectrum::index).toArray();
    }

    /** The smallest eigenvalue of each measured Hessian. */
    public double[] smallest() {
        return Arrays.stream(measured).mapToDouble(Spectrum::min).toArray();
    }

    /** Whether the measured counts never fall as lambda grows. */
    public boolean countsNonDecreasing() {
        int[] c = negativeCounts();
        return java.util.stream.IntStream.range(1, c.length).allMatch(i -> c[i] >= c[i - 1]);
    }

    /** mu_min(H1), the slope the smallest eigenvalue should approach for large lambda. */
    public double h1Smallest() {
        return h1Smallest;
    }

    /** |lambda_min(H(S^lambda)) / lambda - mu_min(H1)| / |mu_min(H1)| at the largest lambda. */
    public double linearityError() {
        int last = lambdas.length - 1;
        return Math.abs(measured[last].min() / lambdas[last] - h1Smallest) / Math.abs(h1Smallest);
    }

    /** The largest over lambda of max |H(S^lambda) - (H0 + lambda H1)| / max |H0 + lambda H1|. */
    public double maxRelativeDifference() {
        return Arrays.stream(differences).max().orElse(Double.NaN);
    }

    @Override
    public String summary() {
        return String.format(Locale.ROOT, "Hessians of %d rescaled samples S^λ, λ = %s..%s (n = %d): eigenvalues "
                        + "below -0.001 %s; smallest eigenvalue %.3g at λ = %s and %.4g at λ = %s (λ μ_min(H1) = %.4g); "
                        + "equal to H0 + λH1 to %.1e",
                lambdas.length, String.valueOf(lambdas[0]), String.valueOf(lambdas[lambdas.length - 1]), dimension,
                Arrays.toString(negativeCounts()), measured[0].min(), String.valueOf(lambdas[0]),
                measured[lambdas.length - 1].min(), String.valueOf(lambdas[lambdas.length - 1]),
                lambdas[lambdas.length - 1] * h1Smallest, maxRelativeDifference());
    }

    /** |smallest eigenvalue| against lambda on log-log axes, measured and predicted, with lambda |mu_min(H1)|. */
    public XYChart smallestChart() {
        XYChart chart = Plots.xyChart("most negative eigenvalue of H(S^λ)", "λ (errors scaled by λ)",
                "|λ_min| (negative λ_min only)");
        chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true).setLegendPosition(
                org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        double[] s = smallest();
        double[] x = java.util.stream.IntStream.range(0, s.length).filter(i -> s[i] < 0).mapToDouble(i -> lambdas[i]).toArray();
        double[] y = java.util.stream.IntStream.range(0, s.length).filter(i -> s[i] < 0).mapToDouble(i -> -s[i]).toArray();
        if (x.length > 0) {
            chart.addSeries("measured on S^λ", x, y).setMarker(SeriesMarkers.CIRCLE).setMarkerColor(Plots.PALETTE[0])
                    .setLineColor(Plots.PALETTE[0]);
        }
        double[] line = Arrays.stream(lambdas).map(l -> l * Math.abs(h1Smallest)).toArray();
        chart.addSeries("λ |μ_min(H1)|", lambdas, line).setMarker(SeriesMarkers.NONE).setLineColor(Plots.PALETTE[1])
                .setLineStyle(SeriesLines.DASH_DASH);
        return chart;
    }

    /** Measured negative counts against lambda, with those of H0 + lambda H1. */
    public XYChart countChart() {
        XYChart chart = Plots.xyChart("eigenvalues below -0.001", "λ (errors scaled by λ)", "count (of " + dimension + ")");
        chart.getStyler().setXAxisLogarithmic(true).setYAxisMin(0.0).setLegendPosition(
                org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        chart.addSeries("measured on S^λ", lambdas, Arrays.stream(negativeCounts()).asDoubleStream().toArray())
                .setMarker(SeriesMarkers.CIRCLE).setMarkerColor(Plots.PALETTE[0]).setLineColor(Plots.PALETTE[0]);
        chart.addSeries("H0 + λH1", lambdas, Arrays.stream(predictedCounts).asDoubleStream().toArray())
                .setMarker(SeriesMarkers.NONE).setLineColor(Plots.PALETTE[1]).setLineStyle(SeriesLines.DASH_DASH);
        return chart;
    }

    @Override
    public Figure figure() {
        return Figure.row(new Figure(Renderings.chartImage(smallestChart()), ""),
                new Figure(Renderings.chartImage(countChart()), summary()));
    }

    @Override
    public Table table() {
        return Table.create("Hessians of the rescaled samples",
                DoubleColumn.create("λ", lambdas),
                DoubleColumn.create("smallest eigenvalue (measured)", round(smallest())),
                DoubleColumn.create("smallest eigenvalue of H0 + λH1", round(predictedSmallest)),
                IntColumn.create("below -0.001 (measured)", negativeCounts()),
                IntColumn.create("below -0.001 (H0 + λH1)", predictedCounts),
                DoubleColumn.create("max |H(S^λ) - (H0 + λH1)| / max |H0 + λH1|", differences));
    }

    private static double[] round(double[] a) {
        return Arrays.stream(a).map(x -> Double.parseDouble(String.format(Locale.ROOT, "%.4g", x))).toArray();
    }

    private static final String LAMBDA = "λ", SMALLEST = "smallest eigenvalue (measured)",
            PREDICTED_SMALLEST = "smallest eigenvalue of H0 + λH1", BELOW = "below -0.001 (measured)",
            PREDICTED_BELOW = "below -0.001 (H0 + λH1)", DIFFERENCE = "max |H(S^λ) - (H0 + λH1)| / max |H0 + λH1|",
            PRODUCTS = "products", SECONDS = "seconds";

    /**
     * One row per lambda: {@link #table()}'s columns unrounded, how the measured spectrum was found (products,
     * seconds) and all n of its eigenvalues, ascending, in columns "eigenvalue 1".."eigenvalue n"; mu_min(H1) in a
     * comment line. For {@link #read}.
     */
    @Override
    public void write(java.nio.file.Path file) {
        int n = dimension;
        ResultFile.write(file, "RescaledHessians", ResultFile.meta("dimension", n, "smallest eigenvalue of H1",
                        h1Smallest, "eigenvalues by", measured[0].method()),
                ScaledSpectra.columns(n, LAMBDA, SMALLEST, PREDICTED_SMALLEST, BELOW, PREDICTED_BELOW, DIFFERENCE,
                        PRODUCTS, SECONDS), lambdas.length, r -> {
                    int i = (int) r;
                    Spectrum s = measured[i];
                    String[] row = new String[8 + n];
                    row[0] = ResultFile.cell(lambdas[i]);
                    row[1] = ResultFile.cell(s.min());
                    row[2] = ResultFile.cell(predictedSmallest[i]);
                    row[3] = Integer.toString(s.index());
                    row[4] = Integer.toString(predictedCounts[i]);
                    row[5] = ResultFile.cell(differences[i]);
                    row[6] = Long.toString(s.products());
                    row[7] = ResultFile.cell(s.seconds());
                    for (int k = 0; k < n; k++) {
                        row[8 + k] = ResultFile.cell(s.eigenvalue(k));
                    }
                    return row;
                });
    }

    /**
     * The measurement saved by {@link #write}: the same lambdas, measured spectra, predictions, summary, table and
     * picture. A damaged file is refused with its line, e.g. a measured smallest eigenvalue or count that its row's
     * eigenvalues do not give.
     */
    public static RescaledHessians read(java.nio.file.Path file) {
        ResultFile f = ResultFile.read(file, "RescaledHessians");
        int n = f.metaInt("dimension");
        if (n < 1) {
            throw f.badMeta("dimension", "the Hessians are n x n with n >= 1, the file says " + n);
        }
        f.expectColumns(ScaledSpectra.columns(n, LAMBDA, SMALLEST, PREDICTED_SMALLEST, BELOW, PREDICTED_BELOW,
                DIFFERENCE, PRODUCTS, SECONDS));
        if (f.rows() < 2) {
            throw f.badCell(0, LAMBDA, "there are Hessians for at least two values of λ, the file has " + f.rows());
        }
        double[] lambdas = f.doubles(LAMBDA);
        for (int i = 0; i < lambdas.length; i++) {
            if (!(lambdas[i] > 0) || !Double.isFinite(lambdas[i]) || (i > 0 && lambdas[i] < lambdas[i - 1])) {
                throw f.badCell(i, LAMBDA, "λ = " + lambdas[i] + ": the values of λ are finite, > 0 and ascending");
            }
        }
        Spectrum[] measured = ScaledSpectra.spectra(f, n, f.meta("eigenvalues by"), f.longs(PRODUCTS),
                f.doubles(SECONDS));
        int[] counts = f.ints(BELOW), predictedCounts = f.ints(PREDICTED_BELOW);
        double[] predictedSmallest = f.doubles(PREDICTED_SMALLEST), differences = f.doubles(DIFFERENCE);
        for (int i = 0; i < measured.length; i++) {
            ScaledSpectra.agrees(f, i, SMALLEST, measured[i].min());
            if (counts[i] != measured[i].index()) {
                throw f.badCell(i, BELOW, counts[i] + " but the row's eigenvalues give " + measured[i].index()
                        + " (a hand edit?)");
            }
            if (predictedCounts[i] < 0 || predictedCounts[i] > n) {
                throw f.badCell(i, PREDICTED_BELOW, predictedCounts[i] + " eigenvalues of an " + n + " x " + n
                        + " matrix");
            }
            if (!Double.isFinite(predictedSmallest[i])) {
                throw f.badCell(i, PREDICTED_SMALLEST, "an eigenvalue of H0 + λH1 is a finite number, not "
                        + predictedSmallest[i]);
            }
            if (differences[i] < 0) {
                throw f.badCell(i, DIFFERENCE, "a ratio of maximum magnitudes is not negative, got " + differences[i]);
            }
        }
        double h1 = f.metaDouble("smallest eigenvalue of H1");
        if (!Double.isFinite(h1)) {
            throw f.badMeta("smallest eigenvalue of H1", "an eigenvalue of H1 is a finite number, not " + h1);
        }
        return new RescaledHessians(lambdas, measured, predictedSmallest, predictedCounts, differences, h1, n);
    }

    @Override
    public String toString() {
        return summary();
    }
}
