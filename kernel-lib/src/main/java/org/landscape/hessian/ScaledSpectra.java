package org.landscape.hessian;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.landscape.display.Renderings;
import org.landscape.plot.Figure;
import org.landscape.plot.Plots;
import org.landscape.plot.Result;
import org.landscape.plot.ResultFile;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * The spectra of H^lambda = H0 + lambda H1 for several lambda (the book's lambda-scaling argument after Proposition
 * 12.5): scaling the errors by lambda scales H1 and leaves H0 alone. For small lambda the spectrum is H0's
 * (PSD: no eigenvalue below 0 beyond rounding); for large lambda it is lambda times H1's, whose negative eigenvalues
 * make theta a saddle. Since H^lambda / lambda = H0 / lambda + H1 decreases (in the PSD order) as lambda grows, the
 * number of negative eigenvalues can only grow with lambda.
 *
 * <p>{@link #read} gives back every lambda's complete spectrum (all its eigenvalues, which the picture draws) and
 * H1's smallest eigenvalue, so nothing is refused; only H0 and H1 themselves are not in the file.
 */
public final class ScaledSpectra implements Result {
    private final double[] lambdas;
    private final Spectrum[] spectra;
    private final double h1Smallest;
    private final String what;

    private ScaledSpectra(double[] lambdas, Spectrum[] spectra, double h1Smallest, String what) {
        this.lambdas = lambdas;
        this.spectra = spectra;
        this.h1Smallest = h1Smallest;
        this.what = what;
    }

    /** All eigenvalues of h0 + lambda h1 for each lambda (dense: for networks of up to a few thousand parameters). */
    public static ScaledSpectra of(DenseMatrix h0, DenseMatrix h1, double... lambdas) {
        if (h0 == null || h1 == null) {
            throw new IllegalArgumentException("h0 and h1 must not be null");
        }
        if (h0.rows() != h1.rows() || !h0.isSquare() || !h1.isSquare()) {
            throw new IllegalArgumentException("h0 (" + h0.rows() + " x " + h0.cols() + ") and h1 (" + h1.rows() + " x "
                    + h1.cols() + ") must be square matrices of the same size");
        }
        if (lambdas == null || lambdas.length < 2) {
            throw new IllegalArgumentException("give at least two values of lambda, e.g. 0.1, 1, 10, 100");
        }
        double[] sorted = lambdas.clone();
        java.util.Arrays.sort(sorted);
        if (sorted[0] <= 0) {
            throw new IllegalArgumentException("lambda must be > 0 (it scales the errors), got " + sorted[0]);
        }
        Spectrum[] spectra = new Spectrum[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            spectra[i] = DenseEigen.all(h0.combine(1, h1, sorted[i]), false);
        }
        double h1Min = DenseEigen.all(h1, false).min();
        return new ScaledSpectra(sorted, spectra, h1Min, null);
    }

    public ScaledSpectra named(String what) {
        return new ScaledSpectra(lambdas, spectra, h1Smallest, what);
    }

    /** The lambdas, ascending. */
    public double[] lambdas() {
        return lambdas.clone();
    }

    public Spectrum spectrum(int i) {
        return spectra[i];
    }

    /** The smallest eigenvalue of H^lambda for each lambda. */
    public double[] smallest() {
        double[] s = new double[spectra.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = spectra[i].min();
        }
        return s;
    }

    /** The number of eigenvalues below -{@link Index#PAPER_TOLERANCE} for each lambda. */
    public int[] negativeCounts() {
        int[] c = new int[spectra.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = spectra[i].index();
        }
        return c;
    }

    /** The smallest eigenvalue of H1: the slope that lambda_min(H^lambda) / lambda approaches. */
    public double h1Smallest() {
        return h1Smallest;
    }

    @Override
    public String summary() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "spectra of H0 + lambda H1%s for lambda = ",
                what == null ? "" : " (" + what + ")"));
        for (int i = 0; i < lambdas.length; i++) {
            s.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%g", lambdas[i]));
        }
        s.append(": eigenvalues below -0.001: ");
        int[] counts = negativeCounts();
        for (int i = 0; i < counts.length; i++) {
            s.append(i == 0 ? "" : ", ").append(counts[i]);
        }
        double[] min = smallest();
        s.append(String.format(Locale.ROOT, "; smallest eigenvalue %.3g at lambda = %g, %.4g at lambda = %g "
                        + "(ratio to lambda %.4g; smallest eigenvalue of H1 %.4g)", min[0], lambdas[0],
                min[min.length - 1], lambdas[lambdas.length - 1], min[min.length - 1] / lambdas[lambdas.length - 1],
                h1Smallest));
        return s.toString();
    }

    /** All eigenvalues against lambda (log axis); those below -0.001 in red. */
    public XYChart eigenvalueChart() {
        XYChart chart = Plots.xyChart("eigenvalues of H0 + \u03bb H1 against \u03bb", "\u03bb (log scale)", "eigenvalue");
        chart.getStyler().setXAxisLogarithmic(true).setMarkerSize(4).setLegendPosition(
                org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        List<Double> px = new ArrayList<>(), py = new ArrayList<>(), nx = new ArrayList<>(), ny = new ArrayList<>();
        for (int i = 0; i < lambdas.length; i++) {
            for (double v : spectra[i].eigenvalues()) {
                boolean negative = v < -Index.PAPER_TOLERANCE;
                (negative ? nx : px).add(lambdas[i]);
                (negative ? ny : py).add(v);
            }
        }
        Charts.points(chart, "eigenvalue >= -0.001", Charts.unbox(px), Charts.unbox(py), Charts.NON_NEGATIVE);
        if (!nx.isEmpty()) {
            Charts.points(chart, "eigenvalue < -0.001", Charts.unbox(nx), Charts.unbox(ny), Charts.NEGATIVE);
        }
        return chart;
    }

    /** -lambda_min against lambda on log-log axes, with the line lambda |mu_min(H1)| it approaches. */
    public XYChart smallestChart() {
        XYChart chart = Plots.xyChart("most negative eigenvalue against \u03bb", "\u03bb (log scale)",
                "\u2212 smallest eigenvalue (log scale)");
        chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true).setLegendPosition(
                org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        List<Double> x = new ArrayList<>(), y = new ArrayList<>();
        double[] min = smallest();
        for (int i = 0; i < lambdas.length; i++) {
            if (min[i] < -Index.PAPER_TOLERANCE) {
                x.add(lambdas[i]);
                y.add(-min[i]);
            }
        }
        if (h1Smallest < 0) {
            Charts.line(chart, String.format(Locale.ROOT, "\u03bb |\u03bc_min(H1)| = %.3g \u03bb", -h1Smallest),
                    new double[]{lambdas[0], lambdas[lambdas.length - 1]},
                    new double[]{-h1Smallest * lambdas[0], -h1Smallest * lambdas[lambdas.length - 1]}, Charts.REFERENCE);
        }
        if (!x.isEmpty()) {
            Charts.points(chart, "\u2212 \u03bb_min(H0 + \u03bb H1)", Charts.unbox(x), Charts.unbox(y), Charts.NEGATIVE);
        }
        return chart;
    }

    /** The number of negative eigenvalues against lambda. */
    public XYChart countChart() {
        XYChart chart = Plots.xyChart("negative eigenvalues against \u03bb", "\u03bb (log scale)",
                "eigenvalues below \u22120.001");
        chart.getStyler().setXAxisLogarithmic(true).setLegendVisible(false);
        int[] c = negativeCounts();
        double[] y = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            y[i] = c[i];
        }
        Charts.line(chart, "count", lambdas, y, Charts.NEGATIVE);
        Charts.points(chart, "count points", lambdas, y, Charts.NEGATIVE);
        return chart;
    }

    /** The three charts side by side. */
    @Override
    public Figure figure() {
        return Figure.row(new Figure(Renderings.chartImage(eigenvalueChart()), "eigenvalues against lambda"),
                new Figure(Renderings.chartImage(smallestChart()), "smallest eigenvalue against lambda"),
                new Figure(Renderings.chartImage(countChart()), "negative eigenvalues against lambda"));
    }

    /** One row per lambda: the smallest and largest eigenvalue of H0 + lambda H1, the count below -0.001, the trace. */
    @Override
    public Table table() {
        DoubleColumn largest = DoubleColumn.create("largest eigenvalue"), trace = DoubleColumn.create("trace");
        for (Spectrum s : spectra) {
            largest.append(s.max());
            trace.append(s.trace());
        }
        return Table.create("spectra of H0 + lambda H1" + (what == null ? "" : " (" + what + ")"),
                DoubleColumn.create("lambda", lambdas.clone()), DoubleColumn.create("smallest eigenvalue", smallest()),
                largest, IntColumn.create("eigenvalues below -" + Index.PAPER_TOLERANCE, negativeCounts()), trace);
    }

    private static final String LAMBDA = "lambda", SMALLEST = "smallest eigenvalue", LARGEST = "largest eigenvalue",
            BELOW = "eigenvalues below -" + Index.PAPER_TOLERANCE, TRACE = "trace", PRODUCTS = "products",
            SECONDS = "seconds";

    /**
     * One row per lambda: {@link #table()}'s columns unrounded, how the spectrum was found (products, seconds) and
     * all n eigenvalues, ascending, in columns "eigenvalue 1".."eigenvalue n" (H^lambda has the same size for every
     * lambda); H1's smallest eigenvalue in a comment line. For {@link #read}.
     */
    @Override
    public void write(java.nio.file.Path file) {
        int n = spectra[0].dimension();
        ResultFile.write(file, "ScaledSpectra", ResultFile.meta("of", what, "dimension", n,
                        "smallest eigenvalue of H1", h1Smallest, "eigenvalues by", spectra[0].method()),
                columns(n, LAMBDA, SMALLEST, LARGEST, BELOW, TRACE, PRODUCTS, SECONDS), lambdas.length, i -> {
                    Spectrum s = spectra[(int) i];
                    String[] row = new String[7 + n];
                    row[0] = ResultFile.cell(lambdas[(int) i]);
                    row[1] = ResultFile.cell(s.min());
                    row[2] = ResultFile.cell(s.max());
                    row[3] = Integer.toString(s.index());
                    row[4] = ResultFile.cell(s.trace());
                    row[5] = Long.toString(s.products());
                    row[6] = ResultFile.cell(s.seconds());
                    for (int k = 0; k < n; k++) {
                        row[7 + k] = ResultFile.cell(s.eigenvalue(k));
                    }
                    return row;
                });
    }

    /** {@code first}, then "eigenvalue 1".."eigenvalue n". */
    static String[] columns(int n, String... first) {
        String[] c = java.util.Arrays.copyOf(first, first.length + n);
        for (int k = 0; k < n; k++) {
            c[first.length + k] = "eigenvalue " + (k + 1);
        }
        return c;
    }

    /**
     * The spectra saved by {@link #write}: the same lambdas, eigenvalues, summary, table and picture. A damaged file
     * is refused with its line, e.g. a smallest eigenvalue, count or trace that its row's eigenvalues do not give.
     */
    public static ScaledSpectra read(java.nio.file.Path file) {
        ResultFile f = ResultFile.read(file, "ScaledSpectra");
        int n = f.metaInt("dimension");
        if (n < 1) {
            throw f.badMeta("dimension", "H0 and H1 are n x n with n >= 1, the file says " + n);
        }
        f.expectColumns(columns(n, LAMBDA, SMALLEST, LARGEST, BELOW, TRACE, PRODUCTS, SECONDS));
        if (f.rows() < 2) {
            throw f.badCell(0, LAMBDA, "there are spectra for at least two values of lambda, the file has " + f.rows());
        }
        double[] lambdas = f.doubles(LAMBDA);
        for (int i = 0; i < lambdas.length; i++) {
            if (!(lambdas[i] > 0) || !Double.isFinite(lambdas[i]) || (i > 0 && lambdas[i] < lambdas[i - 1])) {
                throw f.badCell(i, LAMBDA, "lambda " + lambdas[i] + ": the lambdas are finite, > 0 and ascending");
            }
        }
        Spectrum[] spectra = spectra(f, n, f.meta("eigenvalues by"), f.longs(PRODUCTS), f.doubles(SECONDS));
        for (int i = 0; i < spectra.length; i++) {
            Spectrum s = spectra[i];
            agrees(f, i, SMALLEST, s.min());
            agrees(f, i, LARGEST, s.max());
            if (f.ints(BELOW)[i] != s.index()) {
                throw f.badCell(i, BELOW, f.ints(BELOW)[i] + " but the row's eigenvalues give " + s.index()
                        + " (a hand edit?)");
            }
            agrees(f, i, TRACE, s.trace());
        }
        double h1 = f.metaDouble("smallest eigenvalue of H1");
        if (!Double.isFinite(h1)) {
            throw f.badMeta("smallest eigenvalue of H1", "an eigenvalue of H1 is a finite number, not " + h1);
        }
        return new ScaledSpectra(lambdas, spectra, h1, f.metaOrNull("of"));
    }

    /** The complete spectra in columns "eigenvalue 1".."eigenvalue n", one per row (ascending, finite). */
    static Spectrum[] spectra(ResultFile f, int n, String method, long[] products, double[] seconds) {
        double[][] values = new double[f.rows()][n];
        for (int k = 0; k < n; k++) {
            double[] column = f.doubles("eigenvalue " + (k + 1));
            for (int i = 0; i < values.length; i++) {
                values[i][k] = column[i];
            }
        }
        Spectrum[] spectra = new Spectrum[values.length];
        for (int i = 0; i < values.length; i++) {
            for (int k = 0; k < n; k++) {
                LayerwiseHessian.requireEigenvalue(f, i, "eigenvalue " + (k + 1), values[i][k],
                        k == 0 ? Double.NaN : values[i][k - 1]);
            }
            spectra[i] = new Spectrum(values[i], null, n, method, products[i], seconds[i], true, true, null);
        }
        return spectra;
    }

    /** Refuses a row whose number in {@code column} is not the one its eigenvalues give. */
    static void agrees(ResultFile f, int row, String column, double fromEigenvalues) {
        double written = f.doubles(column)[row];
        if (Double.compare(written, fromEigenvalues) != 0) {
            throw f.badCell(row, column, written + " but the row's eigenvalues give " + fromEigenvalues
                    + " (a hand edit?)");
        }
    }

    @Override
    public String toString() {
        return summary();
    }
}
