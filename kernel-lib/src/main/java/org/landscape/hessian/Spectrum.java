package org.landscape.hessian;

import org.landscape.plot.Charted;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.nio.file.Path;
import org.landscape.plot.ResultFile;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.Table;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.DoubleColumn;
import org.landscape.plot.Plots;

/**
 * Eigenvalues (and unit eigenvectors) found by an {@link EigenSolver}, with how they were found: the method, the
 * number of operator products (each a Hessian-vector product, ~2 gradients) and the time. A complete spectrum (all n
 * eigenvalues) is in ascending order; {@code largest(k)} results are in descending order, {@code smallest(k)}
 * ascending. Shows as a histogram on a log count scale (complete) or the eigenvalues against their rank (partial), with
 * the index and the trace in the summary. {@link #write} saves the eigenvalues (and residuals) with how they were
 * found; {@link #read} gives back the same spectrum without its eigenvectors (n numbers each: keep them in memory).
 */
public final class Spectrum implements Charted {
    private final double[] values;
    private final double[][] vectors;
    private final int dimension;
    private final String method;
    private final long products;
    private final double seconds;
    private final boolean complete;
    private final boolean converged;
    private final List<String> notes;
    private final String what;
    private final LinearOperator operator; // for the residuals; null if unknown
    private final Boolean largest;         // which end a partial spectrum holds; null if complete or not said
    private double[] residuals;            // computed on first demand

    Spectrum(double[] values, double[][] vectors, int dimension, String method, long products, double seconds,
             boolean complete, boolean converged, List<String> notes) {
        this(values, vectors, dimension, method, products, seconds, complete, converged, notes, null, null, null);
    }

    private Spectrum(double[] values, double[][] vectors, int dimension, String method, long products, double seconds,
                     boolean complete, boolean converged, List<String> notes, String what, LinearOperator operator,
                     Boolean largest) {
        this.values = values;
        this.vectors = vectors;
        this.dimension = dimension;
        this.method = method;
        this.products = products;
        this.seconds = seconds;
        this.complete = complete;
        this.converged = converged;
        this.notes = notes == null ? List.of() : List.copyOf(notes);
        this.what = what;
        this.operator = operator;
        this.largest = largest;
    }

    /** The same spectrum, knowing the operator it is of (so that it can report its residuals). */
    Spectrum withOperator(LinearOperator a) {
        return new Spectrum(values, vectors, dimension, method, products, seconds, complete, converged, notes, what, a,
                largest);
    }

    /** The same partial spectrum, knowing which end it holds (the summary cannot tell from one eigenvalue). */
    Spectrum holding(boolean largestEnd) {
        return new Spectrum(values, vectors, dimension, method, products, seconds, complete, converged, notes, what,
                operator, largestEnd);
    }

    /**
     * |A v_i - lambda_i v_i| for each eigenpair held, in this spectrum's order: how far each is from exact (0 to
     * rounding for a dense decomposition, below the tolerance times |lambda_max| for a converged Lanczos run).
     * Computed on first demand with one product per eigenpair (for a dense n x n matrix, n products of n^2 each).
     */
    public synchronized double[] residuals() {
        if (residuals == null) {
            if (vectors == null || operator == null) {
                throw new IllegalStateException("residuals need the eigenvectors and the operator: this spectrum "
                        + (vectors == null ? "was computed without eigenvectors (use DenseEigen.all(a, true))"
                        : "does not know its operator"));
            }
            double[] r = new double[values.length];
            for (int i = 0; i < r.length; i++) {
                double[] av = operator.apply(vectors[i]);
                Vectors.axpy(-values[i], vectors[i], av);
                r[i] = Vectors.norm(av);
            }
            residuals = r;
        }
        return residuals.clone();
    }

    /** The largest residual |A v - lambda v| over the eigenpairs held (see {@link #residuals()}). */
    public double maxResidual() {
        return Vectors.maxAbs(residuals());
    }

    /** Whether residuals can be reported (eigenvectors kept and the operator known). */
    public synchronized boolean hasResiduals() {
        return residuals != null || (vectors != null && operator != null);
    }

    /** The same spectrum, described as {@code what} in its summary and picture (e.g. "the Hessian at theta*"). */
    public Spectrum named(String what) {
        return new Spectrum(values, vectors, dimension, method, products, seconds, complete, converged, notes, what, operator,
                largest);
    }

    /** The eigenvalues in this spectrum's order (see the class comment). */
    public double[] eigenvalues() {
        return values.clone();
    }

    public double eigenvalue(int i) {
        return values[i];
    }

    /** The unit eigenvector of eigenvalue i. */
    public double[] eigenvector(int i) {
        if (vectors == null) {
            throw new IllegalStateException("this spectrum holds no eigenvectors (computed without them, or read from a file, "
                    + "which keeps eigenvalues only): use DenseEigen.all(a, true)");
        }
        return vectors[i].clone();
    }

    public boolean hasEigenvectors() {
        return vectors != null;
    }

    /** How many eigenvalues it holds. */
    public int count() {
        return values.length;
    }

    /** n, the dimension of the operator. */
    public int dimension() {
        return dimension;
    }

    /** Whether all n eigenvalues are here (then index and trace are the operator's). */
    public boolean isComplete() {
        return complete;
    }

    /** Whether the solver met its tolerance (otherwise {@link #notes()} says how far it got). */
    public boolean converged() {
        return converged;
    }

    public String method() {
        return method;
    }

    /** Operator products used. */
    public long products() {
        return products;
    }

    public double seconds() {
        return seconds;
    }

    /** What the solver wants you to know: breakdowns, restarts, missed tolerances. */
    public List<String> notes() {
        return notes;
    }

    public double max() {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    public double min() {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    /** Eigenvalues below -{@link Index#PAPER_TOLERANCE} among those held (the operator's index if complete). */
    public int index() {
        return Index.count(values);
    }

    public int index(double tolerance) {
        return Index.count(values, tolerance);
    }

    /** index / n, meaningful for a complete spectrum. */
    public double indexFraction() {
        requireComplete("indexFraction");
        return Index.fraction(values);
    }

    /** The sum of all eigenvalues, the trace of the operator; needs a complete spectrum. */
    public double trace() {
        requireComplete("trace");
        double t = 0;
        for (double v : values) {
            t += v;
        }
        return t;
    }

    /** The k largest of a complete spectrum, descending. */
    public Spectrum largest(int k) {
        requireComplete("largest");
        checkK(k);
        double[] v = new double[k];
        double[][] vec = vectors == null ? null : new double[k][];
        for (int i = 0; i < k; i++) {
            v[i] = values[values.length - 1 - i];
            if (vec != null) {
                vec[i] = vectors[values.length - 1 - i];
            }
        }
        return new Spectrum(v, vec, dimension, method, products, seconds, false, converged, notes, what, operator, true);
    }

    /** The k smallest of a complete spectrum, ascending. */
    public Spectrum smallest(int k) {
        requireComplete("smallest");
        checkK(k);
        return new Spectrum(Arrays.copyOf(values, k), vectors == null ? null : Arrays.copyOf(vectors, k), dimension,
                method, products, seconds, false, converged, notes, what, operator, false);
    }

    private void checkK(int k) {
        if (k < 1 || k > values.length) {
            throw new IllegalArgumentException("k must be in 1.." + values.length + ", got " + k);
        }
    }

    private void requireComplete(String what) {
        if (!complete) {
            throw new IllegalStateException(what + " needs all " + dimension + " eigenvalues but this spectrum holds "
                    + values.length + ": use DenseEigen.all for small operators, or Trace / SpectralDensity estimates");
        }
    }

    private String subject() {
        return what != null ? what : String.format(Locale.ROOT, "a %d x %d operator", dimension, dimension);
    }

    @Override
    public String summary() {
        String how = String.format(Locale.ROOT, "%s, %d products, %.2f s", method, products, seconds);
        StringBuilder s = new StringBuilder();
        if (complete) {
            s.append(String.format(Locale.ROOT,
                    "spectrum of %s (%s): eigenvalues from %.4g to %.4g; index %d (eigenvalues < -%s, %.1f%% of %d); trace %.4g",
                    subject(), how, min(), max(), index(), Index.PAPER_TOLERANCE, 100.0 * index() / dimension,
                    dimension, trace()));
        } else {
            boolean descending = largest != null ? largest : values.length > 1 && values[0] > values[values.length - 1];
            s.append(String.format(Locale.ROOT, "%d %s eigenvalue%s of %s (%s): ", values.length,
                    descending ? "largest" : "smallest", values.length == 1 ? "" : "s", subject(), how));
            int shown = Math.min(values.length, 6);
            for (int i = 0; i < shown; i++) {
                s.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.5g", values[i]));
            }
            if (shown < values.length) {
                s.append(String.format(Locale.ROOT, ", ..., %.5g", values[values.length - 1]));
            }
            s.append(String.format(Locale.ROOT, "; %d below -%s", index(), Index.PAPER_TOLERANCE));
        }
        if (hasResiduals() && (residuals != null || (long) values.length * dimension * dimension <= 50_000_000L)) {
            s.append(String.format(Locale.ROOT, "; largest residual |Av - lambda v| %.2g", maxResidual()));
        }
        if (!converged) {
            s.append("; NOT CONVERGED");
        }
        for (String note : notes) {
            s.append("; ").append(note);
        }
        return s.toString();
    }

    /** The picture alone: histogram (complete, >= 20 eigenvalues) or eigenvalues against rank. */
    @Override
    public XYChart chart() {
        if (complete && values.length >= 20) {
            int bins = Math.max(20, Math.min(80, values.length / 4));
            return Charts.histogram("spectrum of " + subject(), "eigenvalue", values, bins, -Index.PAPER_TOLERANCE);
        }
        XYChart chart = Plots.xyChart("eigenvalues of " + subject(), "rank", "eigenvalue");
        chart.getStyler().setXAxisDecimalPattern("#,##0");
        List<Double> px = new ArrayList<>(), py = new ArrayList<>(), nx = new ArrayList<>(), ny = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            boolean negative = values[i] < -Index.PAPER_TOLERANCE;
            (negative ? nx : px).add((double) (i + 1));
            (negative ? ny : py).add(values[i]);
        }
        if (!px.isEmpty()) {
            Charts.points(chart, "eigenvalue >= -0.001", Charts.unbox(px), Charts.unbox(py), Charts.NON_NEGATIVE);
        }
        if (!nx.isEmpty()) {
            Charts.points(chart, "eigenvalue < -0.001", Charts.unbox(nx), Charts.unbox(ny), Charts.NEGATIVE);
        }
        Charts.horizontal(chart, "zero", 1, Math.max(2, values.length), 0);
        return chart;
    }

    /**
     * One row per eigenvalue held, in this spectrum's order: its rank (1 = first), the eigenvalue, and its residual
     * |A v - lambda v| when the eigenvectors and the operator are known.
     */
    @Override
    public Table table() {
        int[] rank = new int[values.length];
        for (int i = 0; i < rank.length; i++) {
            rank[i] = i + 1;
        }
        Table t = Table.create("eigenvalues of " + subject(), IntColumn.create("rank", rank),
                DoubleColumn.create("eigenvalue", values.clone()));
        return hasResiduals() ? t.addColumns(DoubleColumn.create("residual", residuals())) : t;
    }

    /** Saves {@link #table()} with how the spectrum was found in its comment lines, for {@link #read}. */
    @Override
    public void write(Path file) {
        Table table = table();
        Map<String, String> meta = ResultFile.meta("of", what, "dimension", dimension, "method", method, "products",
                products, "seconds", seconds, "complete", complete, "converged", converged, "largest end", largest,
                "notes", notes.size());
        for (int i = 0; i < notes.size(); i++) {
            meta.put("note " + (i + 1), notes.get(i));
        }
        ResultFile.write(file, "Spectrum", meta, table);
    }

    /**
     * The spectrum saved by {@link #write}: the same eigenvalues, residuals, summary and picture; it has no
     * eigenvectors (they are not saved) and says so when asked for one.
     */
    public static Spectrum read(Path file) {
        ResultFile f = ResultFile.read(file, "Spectrum");
        boolean withResiduals = f.columns().length == 3;
        if (withResiduals) {
            f.expectColumns("rank", "eigenvalue", "residual");
        } else {
            f.expectColumns("rank", "eigenvalue");
        }
        int[] rank = f.ints("rank");
        for (int i = 0; i < rank.length; i++) {
            if (rank[i] != i + 1) {
                throw f.badCell(i, "rank", "rank " + rank[i] + " where " + (i + 1) + " belongs (rows reordered?)");
            }
        }
        int dimension = f.metaInt("dimension");
        boolean complete = f.metaBoolean("complete");
        if (rank.length > dimension || (complete && rank.length != dimension)) {
            throw f.badMeta("dimension", rank.length + " eigenvalues for a " + (complete ? "complete " : "")
                    + "spectrum of dimension " + dimension);
        }
        List<String> notes = new ArrayList<>();
        for (int i = 1; i <= f.metaInt("notes"); i++) {
            notes.add(f.meta("note " + i));
        }
        String largest = f.metaOrNull("largest end");
        Spectrum s = new Spectrum(f.doubles("eigenvalue"), null, dimension, f.meta("method"), f.metaLong("products"),
                f.metaDouble("seconds"), complete, f.metaBoolean("converged"), notes, f.metaOrNull("of"), null,
                largest == null ? null : f.metaBoolean("largest end"));
        if (withResiduals) {
            s.residuals = f.doubles("residual");
        }
        return s;
    }

    @Override
    public String toString() {
        return summary();
    }

    static List<String> notes(String... notes) {
        List<String> list = new ArrayList<>();
        Collections.addAll(list, notes);
        return list;
    }
}
