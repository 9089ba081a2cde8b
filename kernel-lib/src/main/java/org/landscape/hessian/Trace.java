package org.landscape.hessian;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.knowm.xchart.XYChart;
import org.landscape.display.MimeBundle;
import org.landscape.display.Renderings;
import org.landscape.plot.Figure;
import org.landscape.plot.Plots;
import org.landscape.plot.ResultFile;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The trace of an operator from products only. The trace of the Hessian is the sum of its eigenvalues, so it says
 * whether the landscape curves up on average (the blog: for ReLU networks it is >= 0, so no local maximum).
 *
 * <ul>
 * <li>{@link #hutchinson}: tr(A) = E[z^T A z] for z with independent +-1 entries; the mean of s samples has standard
 * error sqrt(2 (|A|_F^2 - sum A_ii^2) / s). Exact for a diagonal matrix.</li>
 * <li>{@link #hutchPlusPlus} (Meyer, Musco, Musco and Woodruff, 2021): a third of the products find the dominant
 * range Q of A (from A S), whose part tr(Q^T A Q) is computed exactly; Hutchinson estimates only the rest. Its error
 * falls like 1/s instead of 1/sqrt(s) and it is exact when rank(A) <= s/3.</li>
 * </ul>
 */
public final class Trace {
    private Trace() {
    }

    /** Hutchinson's estimate from {@code samples} Rademacher vectors ({@code samples} products). */
    public static Estimate hutchinson(LinearOperator a, int samples, long seed) {
        checkArguments(a, samples, 2);
        Random random = new Random(seed);
        int n = a.dimension();
        double[] x = new double[samples];
        for (int s = 0; s < samples; s++) {
            double[] z = Vectors.rademacher(n, random);
            x[s] = Vectors.dot(z, Vectors.checkedProduct(a, z));
        }
        double mean = mean(x);
        return new Estimate("Hutchinson", mean, standardError(x, mean), samples);
    }

    /** Hutch++ with {@code products} operator products (rounded down to a multiple of 3, at least 3). */
    public static Estimate hutchPlusPlus(LinearOperator a, int products, long seed) {
        checkArguments(a, products, 3);
        int third = products / 3, n = a.dimension();
        Random random = new Random(seed);
        // 1. Q = an orthonormal basis of range(A S), S with +-1 entries.
        List<double[]> q = new ArrayList<>();
        for (int s = 0; s < third; s++) {
            double[] y = Vectors.checkedProduct(a, Vectors.rademacher(n, random));
            double before = Vectors.norm(y);
            Vectors.orthogonalize(y, q.toArray(new double[0][]), q.size());
            double after = Vectors.norm(y);
            if (after > 1e-10 * Math.max(before, Double.MIN_NORMAL) && after > 0) {
                Vectors.scale(1 / after, y);
                q.add(y);
            }
        }
        double[][] basis = q.toArray(new double[0][]);
        // 2. tr(Q^T A Q), exactly.
        double top = 0;
        for (double[] v : basis) {
            top += Vectors.dot(v, Vectors.checkedProduct(a, v));
        }
        // 3. Hutchinson on (I - QQ^T) A (I - QQ^T).
        double[] x = new double[third];
        for (int s = 0; s < third; s++) {
            double[] g = Vectors.rademacher(n, random);
            Vectors.orthogonalize(g, basis, basis.length);
            x[s] = Vectors.dot(g, Vectors.checkedProduct(a, g));
        }
        double mean = mean(x);
        return new Estimate("Hutch++", top + mean, third > 1 ? standardError(x, mean) : Double.NaN,
                third + basis.length + third);
    }

    /** The exact trace of a dense matrix, as an estimate with error 0 (for tables next to the estimates). */
    public static Estimate exact(DenseMatrix a) {
        return new Estimate("exact", a.trace(), 0, 0);
    }

    private static void checkArguments(LinearOperator a, int count, int minimum) {
        if (a == null) {
            throw new IllegalArgumentException("the operator must not be null");
        }
        if (count < minimum) {
            throw new IllegalArgumentException("the number of products must be >= " + minimum + ", got " + count
                    + " (the standard error needs at least two samples)");
        }
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    private static double standardError(double[] x, double mean) {
        double ss = 0;
        for (double v : x) {
            ss += (v - mean) * (v - mean);
        }
        return Math.sqrt(ss / (x.length - 1) / x.length);
    }

    /**
     * A trace estimate with its standard error and cost. Shows as its summary (one number needs no picture); its
     * {@link #figure()}, the estimate with a bar of two standard errors either side, is for rows of figures.
     * {@link #write} saves its one-row table; {@link #read} gives the same estimate back.
     */
    public static final class Estimate implements org.landscape.plot.Result {
        private final String method;
        private final double value;
        private final double standardError;
        private final long products;

        Estimate(String method, double value, double standardError, long products) {
            this.method = method;
            this.value = value;
            this.standardError = standardError;
            this.products = products;
        }

        public double value() {
            return value;
        }

        /** The estimated standard deviation of {@link #value()} (0 for an exact trace). */
        public double standardError() {
            return standardError;
        }

        public long products() {
            return products;
        }

        public String method() {
            return method;
        }

        @Override
        public String summary() {
            return products == 0 ? String.format(Locale.ROOT, "trace %.6g (exact)", value)
                    : String.format(Locale.ROOT, "trace ~ %.6g +- %.2g (%s, %d products)", value, standardError,
                    method, products);
        }

        /** The estimate as a point with a bar of two standard errors either side (none for an exact trace). */
        @Override
        public Figure figure() {
            XYChart chart = Plots.xyChart("trace by " + method + " (bar: +- 2 standard errors)", "", "trace");
            double bar = Double.isFinite(standardError) ? 2 * standardError : 0;
            chart.addSeries(method, new double[]{1}, new double[]{value}, new double[]{bar})
                    .setXYSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Scatter)
                    .setMarkerColor(Charts.NON_NEGATIVE);
            chart.getStyler().setLegendVisible(false);
            chart.getStyler().setXAxisTicksVisible(false).setXAxisMin(0.0).setXAxisMax(2.0)
                    .setYAxisDecimalPattern(Charts.decimalPattern(bar > 0 ? 2 * bar : Math.abs(value)));
            return new Figure(Renderings.chartImage(chart), summary());
        }

        /** One row: the method, the estimate, its standard error and the number of products. */
        @Override
        public Table table() {
            return Table.create("trace estimate", StringColumn.create("method", method),
                    DoubleColumn.create("trace", value), DoubleColumn.create("standard error", standardError),
                    LongColumn.create("products", products));
        }

        /** Saves {@link #table()}, for {@link #read}. */
        @Override
        public void write(java.nio.file.Path file) {
            ResultFile.write(file, "Trace.Estimate", ResultFile.meta(), table());
        }

        /** The estimate saved by {@link #write}. */
        public static Estimate read(java.nio.file.Path file) {
            ResultFile f = ResultFile.read(file, "Trace.Estimate").expectColumns("method", "trace", "standard error",
                    "products");
            if (f.rows() != 1) {
                throw f.badCell(0, "trace", "a trace estimate is one row, the file has " + f.rows());
            }
            return new Estimate(f.strings("method")[0], f.doubles("trace")[0], f.doubles("standard error")[0],
                    f.longs("products")[0]);
        }

        @Override
        public MimeBundle toMimeBundle() {
            return Renderings.text(summary());
        }

        @Override
        public String toString() {
            return summary();
        }
    }
}
