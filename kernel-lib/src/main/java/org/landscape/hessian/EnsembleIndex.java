package org.landscape.hessian;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.landscape.data.Dataset;
import org.landscape.display.Progress;
import org.landscape.display.Renderings;
import org.landscape.model.Network;
import org.landscape.model.Risk;
import org.landscape.plot.Figure;
import org.landscape.plot.Plots;
import org.landscape.plot.Result;
import org.landscape.plot.ResultFile;
import org.landscape.util.Memory;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The index of many solutions (the paper's P5): for every network of an ensemble, the number of Hessian eigenvalues
 * of the training loss below -0.001, eigenvalues under 0.001 in magnitude counting as zero (footnote 3;
 * {@link Index#PAPER_TOLERANCE}), with its smallest eigenvalue, its gradient norm (a minimum needs a small gradient
 * too) and the largest residual |H v - lambda v| of the eigenpairs the index was read from.
 *
 * <p><b>Dense or Lanczos.</b> A network with at most {@code Settings.denseLimit} parameters (default
 * {@link #DEFAULT_DENSE_LIMIT} = 1,000: an 8 MB matrix from 2n gradients, decomposed in well under a second) gets its
 * whole Hessian ({@link Hessians#dense(HessianVectorProduct)}) and all its eigenvalues ({@link DenseEigen}): the
 * index is exact. A larger one gets its {@code Settings.smallest} k (default {@link #DEFAULT_K}) smallest
 * eigenvalues by {@link Lanczos} from Hessian-vector products; the index is then the count among those k, and when
 * all k are below -0.001 the true index may be larger: it is reported as "&gt;= k" ({@code Entry.lowerBound()}), never
 * as k. A Lanczos run that missed its tolerance is flagged ({@code Entry.converged()}).
 *
 * <pre>{@code
 * EnsembleIndex idx = run.indices(train);                      // train.EnsembleRun: every member that did not diverge
 * EnsembleIndex idx = EnsembleIndex.settings().denseLimit(0).smallest(10).of("100-25-10", net, train, thetas);
 * idx.fractionAtZero();                                        // P5: the share of networks at index 0
 * }</pre>
 *
 * A network whose loss, gradient or Hessian is not finite is reported in its row (failure), not a crash of the
 * whole. Networks run in parallel (each has its own operator; Lanczos is seeded per network), with the same numbers
 * at any thread count.
 *
 * <p>{@link #read} gives back what {@link #write} saved (every row of {@link #table()} with the settings: the same
 * entries, summary and histogram), and refuses a file whose rows contradict each other or the settings.
 */
public final class EnsembleIndex implements Result {
    /** Networks with at most this many parameters get a dense Hessian and all eigenvalues. */
    public static final int DEFAULT_DENSE_LIMIT = 1000;
    /** Smallest eigenvalues Lanczos looks for above the dense limit. */
    public static final int DEFAULT_K = 20;

    /** One network's index: exact (dense, or Lanczos with some of its k eigenvalues >= -0.001) or a lower bound. */
    public record Entry(int member, int parameters, String method, int index, boolean lowerBound, int eigenvalues,
                        double smallestEigenvalue, double loss, double gradientNorm, double maxResidual,
                        boolean converged, String failure) {
        public boolean failed() {
            return failure != null;
        }

        /** "3", "&gt;= 20" or "failed". */
        public String indexText() {
            return failed() ? "failed" : (lowerBound ? ">= " : "") + index;
        }
    }

    /** How the indices are computed: the switch, k, the tolerance, Lanczos's seed, the progress bar. */
    public static final class Settings {
        private int denseLimit = DEFAULT_DENSE_LIMIT;
        private int k = DEFAULT_K;
        private double tolerance = Index.PAPER_TOLERANCE;
        private double lanczosTolerance = Lanczos.DEFAULT_TOLERANCE;
        private long seed = 42;
        private boolean progress = true;

        private Settings() {
        }

        /** Dense for networks with at most this many parameters, Lanczos above (0: Lanczos always). */
        public Settings denseLimit(int parameters) {
            if (parameters < 0) {
                throw new IllegalArgumentException("denseLimit must be >= 0 (0: Lanczos for every network), got "
                        + parameters + "; the default is " + DEFAULT_DENSE_LIMIT);
            }
            this.denseLimit = parameters;
            return this;
        }

        /** How many smallest eigenvalues Lanczos finds: the largest index it can report exactly is k - 1. */
        public Settings smallest(int k) {
            if (k < 1) {
                throw new IllegalArgumentException("smallest (k) must be >= 1, got " + k + "; the default is " + DEFAULT_K);
            }
            this.k = k;
            return this;
        }

        /** Eigenvalues with |lambda| below this count as zero (default the paper's 0.001). */
        public Settings tolerance(double tolerance) {
            if (!(tolerance >= 0 && Double.isFinite(tolerance))) {
                throw new IllegalArgumentException("tolerance must be a finite number >= 0, got " + tolerance
                        + "; Index.PAPER_TOLERANCE (0.001) is the paper's");
            }
            this.tolerance = tolerance;
            return this;
        }

        /** Lanczos's relative residual tolerance (default {@link Lanczos#DEFAULT_TOLERANCE}). */
        public Settings lanczosTolerance(double tolerance) {
            new Lanczos().tolerance(tolerance); // the solver's own check and message
            this.lanczosTolerance = tolerance;
            return this;
        }

        /** Lanczos's start vectors: network m uses seed + m. */
        public Settings seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Settings progress(boolean show) {
            this.progress = show;
            return this;
        }

        /** The index of every theta (Network's layout) of {@code net}'s architecture, members numbered 0, 1, ... */
        public EnsembleIndex of(String name, Network net, Dataset data, double[][] thetas) {
            return of(name, net, data, thetas, null);
        }

        /** The same, with the members' numbers (e.g. those of an ensemble's members that did not diverge). */
        public EnsembleIndex of(String name, Network net, Dataset data, double[][] thetas, int[] members) {
            if (net == null || data == null) {
                throw new IllegalArgumentException((net == null ? "net" : "data") + " must not be null");
            }
            if (thetas == null || thetas.length == 0) {
                throw new IllegalArgumentException("thetas must hold at least one parameter vector, got "
                        + (thetas == null ? "null" : "none"));
            }
            if (members != null && members.length != thetas.length) {
                throw new IllegalArgumentException("members has " + members.length + " numbers for " + thetas.length
                        + " thetas: give one per theta, or none");
            }
            long n = net.parameterCount();
            for (int i = 0; i < thetas.length; i++) {
                if (thetas[i] == null || thetas[i].length != n) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT, "thetas[%d] has %s entries, but %s "
                            + "has %d parameters: pass parameter vectors in Network's layout (e.g. EnsembleRun.theta(k))",
                            i, thetas[i] == null ? "no" : String.valueOf(thetas[i].length), net.architecture(), n));
                }
            }
            net.loss(net.parameters(), data); // data of the wrong shape: the network's own message, before any work
            boolean dense = n <= denseLimit;
            int threads = Math.min(thetas.length, Runtime.getRuntime().availableProcessors());
            if (dense) {
                DenseEigen.checkFits(n);
                // per network at once: the matrix, LAPACK's copy and the eigenvectors
                Memory.require(threads * 24L * n * n, String.format(Locale.ROOT, "%d dense %d x %d Hessians with their "
                        + "eigendecompositions at once (%d threads)", threads, n, n, threads),
                        "set denseLimit below " + n + " to use Lanczos, or start the kernel with a larger -Xmx");
            }
            Risk risk = Risk.of(net, data);
            String title = name == null || name.isBlank() ? net.architecture().toString() : name;
            Entry[] entries = new Entry[thetas.length];
            try (Progress bar = progress ? Progress.start("index of " + title, thetas.length) : null) {
                IntStream.range(0, thetas.length).parallel().forEach(i -> {
                    int member = members == null ? i : members[i];
                    entries[i] = measure(risk, member, thetas[i], dense);
                    if (bar != null) {
                        synchronized (bar) {
                            bar.step();
                        }
                    }
                });
            }
            return new EnsembleIndex(title, net.architecture().toString(), net.parameterCount(), data.name(),
                    List.of(entries), denseLimit, k, tolerance);
        }

        private Entry measure(Risk risk, int member, double[] theta, boolean dense) {
            int n = theta.length;
            String method = dense ? "dense" : "Lanczos";
            try {
                for (int i = 0; i < n; i++) {
                    if (!Double.isFinite(theta[i])) {
                        throw new IllegalArgumentException("parameter " + i + " is " + theta[i]);
                    }
                }
                double loss = risk.value(theta);
                if (!Double.isFinite(loss)) {
                    throw new IllegalArgumentException("the loss is " + loss);
                }
                double gradientNorm = Vectors.norm(risk.gradient(theta));
                HessianVectorProduct h = HessianVectorProduct.at(risk, theta).exact(); // no differences across ReLU kinks
                if (dense) {
                    Spectrum s = DenseEigen.all(h.dense(), true);
                    double[] ev = s.eigenvalues();
                    return new Entry(member, n, method, Index.count(ev, tolerance), false, ev.length, ev[0], loss,
                            gradientNorm, s.maxResidual(), true, null);
                }
                int kk = Math.min(k, n);
                Spectrum s = new Lanczos().tolerance(lanczosTolerance).seed(seed + member).smallest(h, kk);
                double[] ev = s.eigenvalues();
                int index = Index.count(ev, tolerance);
                // every eigenvalue found negative and not all n found: more may lie beyond the k-th
                boolean lowerBound = index == ev.length && ev.length < n;
                return new Entry(member, n, method, index, lowerBound, ev.length, s.min(), loss, gradientNorm,
                        s.maxResidual(), s.converged(), null);
            } catch (IllegalArgumentException | IllegalStateException e) {
                return new Entry(member, n, method, -1, false, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                        false, e.getMessage() != null ? e.getMessage() : e.toString()); // never a failure without words
            }
        }
    }

    private final String name;
    private final String architecture; // the network's, as its summary shows it
    private final long parameterCount;
    private final String dataName;
    private final List<Entry> entries;
    private final int denseLimit;
    private final int k;
    private final double tolerance;

    private EnsembleIndex(String name, String architecture, long parameterCount, String dataName, List<Entry> entries,
                          int denseLimit, int k, double tolerance) {
        this.name = name;
        this.architecture = architecture;
        this.parameterCount = parameterCount;
        this.dataName = dataName;
        this.entries = entries;
        this.denseLimit = denseLimit;
        this.k = k;
        this.tolerance = tolerance;
    }

    /** The defaults, to change before {@link Settings#of(String, Network, Dataset, double[][])}. */
    public static Settings settings() {
        return new Settings();
    }

    /** The index of every theta with the default settings. */
    public static EnsembleIndex of(String name, Network net, Dataset data, double[][] thetas) {
        return settings().of(name, net, data, thetas);
    }

    /** One entry per network, in the order given. */
    public List<Entry> entries() {
        return entries;
    }

    public Entry entry(int i) {
        if (i < 0 || i >= entries.size()) {
            throw new IllegalArgumentException("entry must be in 0.." + (entries.size() - 1) + ", got " + i);
        }
        return entries.get(i);
    }

    /** The indices of the networks that did not fail (a lower bound where {@code Entry.lowerBound()}). */
    public int[] indices() {
        return ok().stream().mapToInt(Entry::index).toArray();
    }

    private List<Entry> ok() {
        return entries.stream().filter(e -> !e.failed()).toList();
    }

    public int failedCount() {
        return entries.size() - ok().size();
    }

    /** Networks whose index is only known to be at least k (all k eigenvalues Lanczos found were negative). */
    public int lowerBoundCount() {
        return (int) entries.stream().filter(Entry::lowerBound).count();
    }

    /** The share of the networks that did not fail with index 0 (P5: close to 1). NaN if all failed. */
    public double fractionAtZero() {
        List<Entry> ok = ok();
        return ok.isEmpty() ? Double.NaN : ok.stream().filter(e -> e.index() == 0).count() / (double) ok.size();
    }

    /** The largest residual |H v - lambda v| over every network's eigenpairs used. */
    public double maxResidual() {
        return ok().stream().mapToDouble(Entry::maxResidual).max().orElse(Double.NaN);
    }

    public double maxGradientNorm() {
        return ok().stream().mapToDouble(Entry::gradientNorm).max().orElse(Double.NaN);
    }

    /** The eigenvalue tolerance used (|lambda| below it counts as zero). */
    public double tolerance() {
        return tolerance;
    }

    @Override
    public String summary() {
        List<Entry> ok = ok();
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "index of %d networks of %s (architecture %s, %d "
                + "parameters) on %s: ", entries.size(), name, architecture, parameterCount, dataName));
        if (ok.isEmpty()) {
            s.append("every network failed");
        } else {
            long zero = ok.stream().filter(e -> e.index() == 0).count();
            s.append(String.format(Locale.ROOT, "%d at index 0 (%.1f%%), %d above", zero, 100.0 * zero / ok.size(),
                    ok.size() - zero));
            int lower = lowerBoundCount();
            if (lower > 0) {
                s.append(String.format(Locale.ROOT, " (%d of them index >= %d: all %d smallest eigenvalues found "
                        + "negative)", lower, Math.min(k, parameterCount), Math.min(k, parameterCount)));
            }
            double[] smallest = ok.stream().mapToDouble(Entry::smallestEigenvalue).toArray();
            s.append(String.format(Locale.ROOT, "; eigenvalues below -%s counted; smallest eigenvalue from %.4g to "
                    + "%.4g; |grad| up to %.3g; largest residual |Hv - lambda v| %.2g", tolerance,
                    Arrays.stream(smallest).min().getAsDouble(), Arrays.stream(smallest).max().getAsDouble(),
                    maxGradientNorm(), maxResidual()));
        }
        s.append(parameterCount <= denseLimit ? String.format(Locale.ROOT, "; dense (all eigenvalues: n <= %d)",
                denseLimit) : String.format(Locale.ROOT, "; Lanczos, %d smallest eigenvalues (n > %d)", k, denseLimit));
        long unconverged = ok.stream().filter(e -> !e.converged()).count();
        if (unconverged > 0) {
            s.append(String.format(Locale.ROOT, "; %d Lanczos runs NOT CONVERGED", unconverged));
        }
        if (failedCount() > 0) {
            s.append(String.format(Locale.ROOT, "; %d failed (see the table)", failedCount()));
        }
        return s.toString();
    }

    /** The histogram of the indices: networks per index, "&gt;= k" a bar of its own. */
    public CategoryChart chart() {
        TreeMap<Integer, Integer> exact = new TreeMap<>();
        int lower = 0;
        for (Entry e : ok()) {
            if (e.lowerBound()) {
                lower++;
            } else {
                exact.merge(e.index(), 1, Integer::sum);
            }
        }
        List<String> labels = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        // with lower bounds, every exact index Lanczos could have reported (0..k-1) gets its bar
        int top = Math.max(exact.isEmpty() ? 0 : exact.lastKey(), lower > 0 ? (int) Math.min(k, parameterCount) - 1 : 0);
        if (top <= 40) { // every index from 0 up, so that gaps show
            for (int i = 0; i <= top; i++) {
                labels.add(String.valueOf(i));
                counts.add(exact.getOrDefault(i, 0));
            }
        } else {
            exact.forEach((i, c) -> {
                labels.add(String.valueOf(i));
                counts.add(c);
            });
        }
        if (lower > 0) {
            labels.add(">= " + Math.min(k, parameterCount));
            counts.add(lower);
        }
        CategoryChart chart = new CategoryChartBuilder().width(600).height(380).title("index of " + name)
                .xAxisTitle(String.format(Locale.ROOT, "index (Hessian eigenvalues < -%s)", tolerance))
                .yAxisTitle("networks").build();
        Plots.style(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        chart.addSeries("networks", labels, counts);
        return chart;
    }

    @Override
    public Figure figure() {
        return new Figure(Renderings.chartImage(chart()), summary());
    }

    /** One row per network: its index (and whether it is a lower bound), eigenvalues, |grad|, residual, method. */
    @Override
    public Table table() {
        IntColumn member = IntColumn.create("network"), index = IntColumn.create("index"),
                used = IntColumn.create("eigenvalues used"), params = IntColumn.create("parameters");
        StringColumn text = StringColumn.create("index shown"), method = StringColumn.create("method"),
                failure = StringColumn.create("failure");
        BooleanColumn lower = BooleanColumn.create("index is a lower bound"), converged = BooleanColumn.create("converged");
        DoubleColumn smallest = DoubleColumn.create("smallest eigenvalue"), loss = DoubleColumn.create("train loss"),
                grad = DoubleColumn.create("|grad|"), residual = DoubleColumn.create("largest residual");
        for (Entry e : entries) {
            member.append(e.member());
            if (e.failed()) {
                index.appendMissing();
            } else {
                index.append(e.index());
            }
            text.append(e.indexText());
            lower.append(e.lowerBound());
            smallest.append(e.smallestEigenvalue());
            loss.append(e.loss());
            grad.append(e.gradientNorm());
            residual.append(e.maxResidual());
            used.append(e.eigenvalues());
            params.append(e.parameters());
            method.append(e.method());
            converged.append(e.converged());
            failure.append(e.failed() ? e.failure() : "");
        }
        return Table.create("index of " + name, member, index, text, lower, smallest, loss, grad, residual, used,
                params, method, converged, failure);
    }

    private static final String[] COLUMNS = {"network", "index", "index shown", "index is a lower bound",
            "smallest eigenvalue", "train loss", "|grad|", "largest residual", "eigenvalues used", "parameters", "method",
            "converged", "failure"};

    /** The columns of {@link #table()}, which is also the file's table (a file of several indices: after others). */
    public static String[] columns() {
        return COLUMNS.clone();
    }

    /** Saves {@link #table()} (its numbers unrounded) with the settings in its comment lines, for {@link #read}. */
    @Override
    public void write(Path file) {
        ResultFile.write(file, "EnsembleIndex", meta(""), table());
    }

    /** The indices saved by {@link #write}: the same entries, summary and histogram; a damaged file is refused. */
    public static EnsembleIndex read(Path file) {
        ResultFile f = ResultFile.read(file, "EnsembleIndex").expectColumns(COLUMNS);
        return from(f, "", 0, f.rows());
    }

    /**
     * The names and settings, as metadata with keys starting {@code prefix}: a result that keeps several indices in
     * one file (e.g. {@code EnsembleStudy.Indices}, one per width) writes one set per index.
     */
    public Map<String, String> meta(String prefix) {
        return ResultFile.meta(prefix + "name", name, prefix + "architecture", architecture, prefix + "parameters",
                parameterCount, prefix + "data", dataName, prefix + "dense limit", denseLimit, prefix + "smallest", k,
                prefix + "tolerance", tolerance);
    }

    /**
     * The indices in rows {@code from..to-1} of a file of {@link #columns()} (possibly after other columns) with the
     * metadata {@link #meta(String)} wrote under {@code prefix}. Refuses, naming the line, rows that contradict each
     * other or the settings: an index shown that is not the index, a failed row with an index, a row of another
     * method than the dense limit gives, more negative eigenvalues than were used.
     */
    public static EnsembleIndex from(ResultFile f, String prefix, int from, int to) {
        long n = f.metaLong(prefix + "parameters");
        if (n < 1) {
            throw f.badMeta(prefix + "parameters", "a network has at least one parameter, the file says " + n);
        }
        int denseLimit = f.metaInt(prefix + "dense limit"), k = f.metaInt(prefix + "smallest");
        if (denseLimit < 0) {
            throw f.badMeta(prefix + "dense limit", "the dense limit is >= 0, the file says " + denseLimit);
        }
        if (k < 1) {
            throw f.badMeta(prefix + "smallest", "Lanczos finds at least 1 eigenvalue, the file says " + k);
        }
        double tolerance = f.metaDouble(prefix + "tolerance");
        if (!(tolerance >= 0 && Double.isFinite(tolerance))) {
            throw f.badMeta(prefix + "tolerance", "the tolerance is a finite number >= 0, the file says " + tolerance);
        }
        if (to <= from) {
            throw f.badCell(from, "network", "an index of no network: there is at least one row");
        }
        int[] member = f.ints("network"), used = f.ints("eigenvalues used"), params = f.ints("parameters");
        String[] index = f.strings("index"), shown = f.strings("index shown"), method = f.strings("method"),
                failure = f.strings("failure");
        boolean[] lower = f.booleans("index is a lower bound"), converged = f.booleans("converged");
        double[] smallest = f.doubles("smallest eigenvalue"), loss = f.doubles("train loss"), grad = f.doubles("|grad|"),
                residual = f.doubles("largest residual");
        String expectedMethod = n <= denseLimit ? "dense" : "Lanczos";
        List<Entry> entries = new ArrayList<>();
        for (int r = from; r < to; r++) {
            if (params[r] != n) {
                throw f.badCell(r, "parameters", params[r] + " parameters in a file of networks of " + n);
            }
            if (!method[r].equals(expectedMethod)) {
                throw f.badCell(r, "method", "'" + method[r] + "', but " + n + " parameters and the dense limit "
                        + denseLimit + " give " + expectedMethod);
            }
            boolean failed = !failure[r].isEmpty();
            int i = -1;
            if (failed != index[r].isBlank()) {
                throw f.badCell(r, "index", failed ? "a failed network has no index, the file gives " + index[r]
                        : "no index and no failure: a network either has an index or says why not");
            }
            if (!failed) {
                try {
                    i = Integer.parseInt(index[r].trim());
                } catch (NumberFormatException e) {
                    throw f.badCell(r, "index", "'" + index[r] + "' is not a whole number");
                }
                if (i < 0 || i > used[r] || used[r] > n) {
                    throw f.badCell(r, "index", "index " + i + " from " + used[r] + " eigenvalues of " + n
                            + " parameters: an index counts some of the eigenvalues used");
                }
            }
            if (lower[r] && (failed || expectedMethod.equals("dense"))) {
                throw f.badCell(r, "index is a lower bound", "only a Lanczos index can be a lower bound");
            }
            Entry e = new Entry(member[r], params[r], method[r], i, lower[r], used[r], smallest[r], loss[r], grad[r],
                    residual[r], converged[r], failed ? failure[r] : null);
            if (!e.indexText().equals(shown[r])) {
                throw f.badCell(r, "index shown", "'" + shown[r] + "', but the row's index is " + e.indexText());
            }
            entries.add(e);
        }
        return new EnsembleIndex(f.meta(prefix + "name"), f.meta(prefix + "architecture"), n,
                f.metaOrNull(prefix + "data"), List.copyOf(entries), denseLimit, k, tolerance);
    }

    @Override
    public String toString() {
        return summary();
    }
}
