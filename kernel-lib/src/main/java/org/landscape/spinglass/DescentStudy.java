package org.landscape.spinglass;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToDoubleFunction;
import org.landscape.display.MimeBundle;
import org.landscape.plot.Figure;
import org.landscape.plot.Plots;
import org.landscape.plot.Result;
import org.landscape.plot.ResultFile;
import org.landscape.plot.Series;
import org.landscape.stats.Stats;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * The paper's Figure 1 (left) as one object: a {@link Descent} from the same number of random starts on a spherical
 * 3-spin glass of each size Lambda, the index of the minima found, and how the distribution of E/Lambda at the
 * minima changes with Lambda. The glass of size Lambda has seed {@code glassSeed + Lambda}, its walkers seed
 * {@code walkerSeed + Lambda} (defaults 1000 and 2015), so every size is reproducible on its own.
 *
 * <pre>{@code
 * DescentStudy study = DescentStudy.sizes(25, 50, 100, 200).walkers(100).indexChecks(100);
 * study.forecast();   // how long, on this machine
 * study.run();        // shows the histograms; interrupt and run again to continue
 * study.table();  study.trends();  study.spreadFit();
 * }</pre>
 * {@link #run()} builds each glass in turn and frees it before the next (the couplings of Lambda = 500 take
 * 0.5 GB). Interrupting it keeps the finished walkers; calling it again continues where it stopped; with
 * {@link #saveTo} so does a new kernel.
 *
 * <p>{@link #table()} is one row per size; {@link #write} saves every walker of every size (the rows of each size's
 * {@link DescentResult#table()}, after a column lambda) with the settings, from which {@link #read} rebuilds the same
 * finished study (without the walkers' end points).
 */
public final class DescentStudy implements Result {
    /** Steps a walker needs, about this times sqrt(Lambda) (measured at ci scale), for {@link #forecast()}. */
    private static final double STEPS_PER_SQRT_LAMBDA = 45;
    /** The share of the GEMM rate a descent step reaches (bench/spinglass_bench.sh: 0.6 to 0.9). */
    private static final double GEMM_SHARE = 0.6;

    private final int[] sizes;
    private int walkers = 1000;
    private double tolerance = 1e-4;
    private int maxSteps = 50_000;
    private int indexChecks;
    private long glassSeed = 1000;
    private long walkerSeed = 2015;
    private java.nio.file.Path directory;
    private Descent[] descents;
    private final DescentResult[] results;
    private final AtomicBoolean running = new AtomicBoolean();
    private String readFrom; // the file a study read back came from

    private DescentStudy(int[] sizes) {
        if (sizes == null || sizes.length < 2) {
            throw new IllegalArgumentException("sizes must hold at least two values of lambda, to see a trend, got "
                    + Arrays.toString(sizes));
        }
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] < 2 || (i > 0 && sizes[i] <= sizes[i - 1])) {
                throw new IllegalArgumentException("sizes must be increasing values of lambda >= 2, got "
                        + Arrays.toString(sizes));
            }
        }
        this.sizes = sizes.clone();
        this.results = new DescentResult[sizes.length];
    }

    /** A study of the glasses of these sizes (increasing). */
    public static DescentStudy sizes(int... sizes) {
        return new DescentStudy(sizes);
    }

    private void checkNotStarted(String setting) {
        if (descents != null || readFrom != null) {
            throw new IllegalStateException("the " + setting + " of a study cannot change once it has started: "
                    + "create a new DescentStudy");
        }
    }

    /** Random starts per size (default 1000, the paper's). */
    public DescentStudy walkers(int walkers) {
        checkNotStarted("number of walkers");
        if (walkers < 2) {
            throw new IllegalArgumentException("walkers must be >= 2 (a spread needs two minima), got " + walkers);
        }
        this.walkers = walkers;
        return this;
    }

    /** A walker stops when |Riemannian gradient| / sqrt(Lambda) <= tolerance (default 1e-4). */
    public DescentStudy tolerance(double tolerance) {
        checkNotStarted("tolerance");
        Descent.walkers(1).tolerance(tolerance); // the same check
        this.tolerance = tolerance;
        return this;
    }

    /** Steps after which a walker is given up (default 50,000). */
    public DescentStudy maxSteps(int maxSteps) {
        checkNotStarted("step limit");
        Descent.walkers(1).maxSteps(maxSteps);
        this.maxSteps = maxSteps;
        return this;
    }

    /** Minima per size whose Hessian index is computed (default 0: none). */
    public DescentStudy indexChecks(int indexChecks) {
        checkNotStarted("number of index checks");
        if (indexChecks < 0) {
            throw new IllegalArgumentException("indexChecks must be >= 0, got " + indexChecks);
        }
        this.indexChecks = indexChecks;
        return this;
    }

    /** The glass of size Lambda gets seed glassSeed + Lambda, its walkers walkerSeed + Lambda. */
    public DescentStudy seeds(long glassSeed, long walkerSeed) {
        checkNotStarted("seeds");
        this.glassSeed = glassSeed;
        this.walkerSeed = walkerSeed;
        return this;
    }

    /**
     * Saves every size's descent in {@code directory} as it runs (one file per Lambda, see {@link Descent#saveTo}):
     * running the study again, in a new kernel or a new session, continues from there with the same numbers.
     */
    public DescentStudy saveTo(java.nio.file.Path directory) {
        checkNotStarted("save directory");
        if (directory == null) {
            throw new IllegalArgumentException("directory must not be null: give the directory for the study's checkpoints");
        }
        this.directory = directory;
        return this;
    }

    /**
     * How long {@link #run()} should take here: this machine's double matrix-product rate (the best of four
     * 1000 x 1000 products; the first also wakes the BLAS threads) and about 45 sqrt(Lambda) steps per walker. The
     * slowest walkers take a few times more; take it as an order of magnitude.
     */
    public String forecast() {
        double gflops = 0;
        INDArray probe = Nd4j.rand(DataType.DOUBLE, 1000, 1000);
        try {
            for (int rep = 0; rep < 4; rep++) {
                long t0 = System.nanoTime();
                probe.mmul(probe).close();
                gflops = Math.max(gflops, 2e9 / (System.nanoTime() - t0));
            }
        } finally {
            probe.close();
        }
        double seconds = 0;
        for (int lambda : sizes) {
            double flops = 2.0 * Multisets.count(lambda, 2) * lambda; // one gradient of one walker
            seconds += walkers * STEPS_PER_SQRT_LAMBDA * Math.sqrt(lambda) * flops / (GEMM_SHARE * gflops * 1e9);
        }
        return String.format(Locale.ROOT, "lambda = %s, %d starts each: matrix products run at %.0f GFLOP/s here, "
                + "so expect roughly %.1f minutes", Arrays.toString(sizes), walkers, gflops, seconds / 60);
    }

    /** Runs what is left: every size's descent and index checks. Resumes an interrupted run. */
    public DescentStudy run() {
        if (readFrom != null) {
            return this; // finished when written (write refuses an unfinished study)
        }
        if (!running.compareAndSet(false, true)) {
            throw new IllegalStateException("this study is already running in another thread: give each thread its "
                    + "own DescentStudy");
        }
        try {
            if (descents == null) {
                descents = new Descent[sizes.length];
                for (int i = 0; i < sizes.length; i++) {
                    descents[i] = Descent.walkers(walkers).tolerance(tolerance).maxSteps(maxSteps)
                            .seed(walkerSeed + sizes[i]);
                    if (directory != null) {
                        descents[i].saveTo(directory.resolve("descent-lambda-" + sizes[i] + ".saved"));
                    }
                }
            }
            for (int i = 0; i < sizes.length; i++) {
                DescentResult done = results[i];
                if (done != null && descents[i].isFinished()
                        && done.indicesComputed() == Math.min(indexChecks, done.convergedCount())) {
                    continue;
                }
                try (SphericalSpinGlass glass = SphericalSpinGlass.of(sizes[i], 3, glassSeed + sizes[i])) {
                    results[i] = descents[i].run(glass);
                    results[i] = descents[i].computeIndices(glass, indexChecks);
                }
            }
            return this;
        } finally {
            running.set(false);
        }
    }

    private boolean finished() {
        for (DescentResult r : results) {
            if (r == null || r.finished() < walkers) {
                return false;
            }
        }
        return true;
    }

    private List<DescentResult> done() {
        if (!finished()) {
            throw new IllegalStateException("the study has not finished: call run() (again, if it was interrupted)");
        }
        return List.of(results);
    }

    /** The descents' results, one per size. */
    public List<DescentResult> results() {
        return done();
    }

    public double[] sizes() {
        return Arrays.stream(sizes).asDoubleStream().toArray();
    }

    private double[] each(ToDoubleFunction<DescentResult> f) {
        return done().stream().mapToDouble(f).toArray();
    }

    /** Mean E/Lambda at the minima, per size. */
    public double[] means() {
        return each(DescentResult::mean);
    }

    public double[] stds() {
        return each(DescentResult::std);
    }

    public double[] iqrs() {
        return each(DescentResult::iqr);
    }

    /** How far the mean is above the threshold: mean E/Lambda - (-E_inf), per size. */
    public double[] distances() {
        double eInf = Complexity.eInfinity(3);
        return each(r -> r.mean() + eInf);
    }

    /** The power law fitted to the standard deviation against Lambda (slope: its exponent). */
    public Stats.Fit spreadFit() {
        return Stats.powerLaw(sizes(), stds());
    }

    public Stats.Fit iqrFit() {
        return Stats.powerLaw(sizes(), iqrs());
    }

    /** The mean against ln Lambda (slope: change per unit of ln Lambda). */
    public Stats.Fit meanFit() {
        return Stats.logLinear(sizes(), means());
    }

    /** The power law fitted to {@link #distances()} (all must be positive). */
    public Stats.Fit distanceFit() {
        return Stats.powerLaw(sizes(), distances());
    }

    /** The lowest E/Lambda over every size's minima. */
    public double lowestMinimum() {
        return Stats.min(each(DescentResult::min));
    }

    /** The size whose glass gave {@link #lowestMinimum()}. */
    public int lowestMinimumSize() {
        double[] mins = each(DescentResult::min);
        int best = 0;
        for (int i = 1; i < mins.length; i++) {
            best = mins[i] < mins[best] ? i : best;
        }
        return sizes[best];
    }

    /** End points whose index was computed, over all sizes. */
    public int indicesChecked() {
        return done().stream().mapToInt(DescentResult::indicesComputed).sum();
    }

    /** Of those, the ones with index 0. */
    public int indexZero() {
        return done().stream().mapToInt(r -> r.indexCount(0)).sum();
    }

    /** The smallest Riemannian Hessian eigenvalue over the checked end points (NaN if none was checked). */
    public double smallestEigenvalue() {
        return done().stream().flatMapToDouble(r -> Arrays.stream(r.smallestEigenvalues())).filter(v -> !Double.isNaN(v))
                .min().orElse(Double.NaN);
    }

    /** Walkers that hit the step limit without converging, over all sizes. */
    public int notConverged() {
        return done().stream().mapToInt(r -> r.finished() - r.convergedCount()).sum();
    }

    /** Values to 4 decimals, for evidence strings: "[0.0912, 0.0513]". */
    public static String rounded(double[] values) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            s.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4f", values[i]));
        }
        return s.append(']').toString();
    }

    // ---------------------------------------------------------------- display

    /**
     * One row per size, to 4 decimals: minima found (converged walkers) and how many distinct, mean, std, IQR,
     * median and lowest E/Lambda, the mean's distance to -E_inf, the share of minima inside the band (-E_0, -E_inf)
     * and how many checked minima have index 0.
     */
    @Override
    public Table table() {
        double e0 = Complexity.groundState(3), eInf = Complexity.eInfinity(3);
        IntColumn lambda = IntColumn.create("lambda"), minima = IntColumn.create("minima"),
                distinct = IntColumn.create("distinct");
        DoubleColumn mean = DoubleColumn.create("mean"), std = DoubleColumn.create("std"), iqr = DoubleColumn.create("IQR"),
                median = DoubleColumn.create("median"), min = DoubleColumn.create("min"),
                distance = DoubleColumn.create("mean + E_inf"), band = DoubleColumn.create("in band");
        StringColumn index = StringColumn.create("index 0");
        for (DescentResult r : done()) {
            lambda.append(r.size());
            minima.append(r.convergedCount());
            distinct.append(r.distinctMinima());
            mean.append(round4(r.mean()));
            std.append(round4(r.std()));
            iqr.append(round4(r.iqr()));
            median.append(round4(r.quantile(0.5)));
            min.append(round4(r.min()));
            distance.append(round4(r.mean() + eInf));
            band.append(round4(r.shareAbove(-e0) - r.shareAbove(-eInf)));
            index.append(r.indexCount(0) + " of " + r.indicesComputed());
        }
        for (DoubleColumn c : List.of(mean, std, iqr, median, min, distance, band)) {
            c.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(4)); // aligned digits on screen
        }
        return Table.create("E/lambda at the minima found, per size", lambda, minima, distinct, mean, std, iqr, median,
                min, distance, band, index);
    }

    private static double round4(double x) {
        return Math.round(x * 1e4) / 1e4;
    }

    /** The histograms of E/Lambda at the minima, one per size, as densities, with the band lines. */
    @Override
    public Figure figure() {
        return SpinGlassCharts.figure(SpinGlassCharts.minimaHistograms(String.format(Locale.ROOT,
                "E/lambda where gradient descent stops, %d starts per size", walkers), done(),
                walkers >= 500 ? 45 : 24), summary());
    }

    /**
     * Two log-log panels: the spread (std and IQR) against Lambda, and the distance of the mean to -E_inf, each
     * with its fitted power law (exponent in the legend).
     */
    public Figure trends() {
        double[] x = sizes();
        Figure spread = SpinGlassCharts.figure(Plots.logLog("spread of E/lambda at the minima", "lambda",
                "std, IQR of E/lambda", Series.of("std", x, stds()), Series.of("IQR", x, iqrs())), "spread");
        Figure distance = SpinGlassCharts.figure(Plots.logLog("distance of the mean to the threshold", "lambda",
                "mean E/lambda - (-Einf)", Series.of("mean - (-Einf)", x, distances())), "distance");
        return Figure.row(spread, distance);
    }

    @Override
    public String summary() {
        if (!finished()) {
            int done = 0;
            for (DescentResult r : results) {
                done += r == null ? 0 : 1;
            }
            return String.format(Locale.ROOT, "descent study, lambda = %s, %d starts each: %d of %d sizes done "
                    + "(run() again to continue)", Arrays.toString(sizes), walkers, done, sizes.length);
        }
        double[] m = means(), s = stds();
        int last = sizes.length - 1;
        String index = indicesChecked() == 0 ? ""
                : String.format(Locale.ROOT, "; index 0 for %d of %d checked", indexZero(), indicesChecked());
        return String.format(Locale.ROOT, "descent study, %d starts per size: from lambda = %d to %d the mean E/lambda "
                        + "goes from %.4f to %.4f (-E_inf = %.4f), the std from %.4f to %.4f%s",
                walkers, sizes[0], sizes[last], m[0], m[last], -Complexity.eInfinity(3), s[0], s[last], index);
    }

    /**
     * Saves every walker of every size with the settings, for {@link #read}. Only a finished study is written: the
     * walkers' states are not in the file, so a study read back could not continue.
     */
    @Override
    public void write(Path file) {
        List<DescentResult> all = done();
        Map<String, String> meta = ResultFile.meta("sizes", Arrays.toString(sizes), "walkers", walkers,
                "tolerance", tolerance, "max steps", maxSteps, "index checks", indexChecks, "glass seed", glassSeed,
                "walker seed", walkerSeed);
        Table rows = null;
        for (DescentResult r : all) {
            meta.putAll(r.meta("lambda " + r.size() + " "));
            Table t = r.table();
            t.insertColumn(0, IntColumn.create("lambda", t.rowCount()).setMissingTo(r.size()));
            rows = rows == null ? t : rows.append(t);
        }
        ResultFile.write(file, "DescentStudy", meta, rows);
    }

    /** The finished study saved by {@link #write}: the same sizes, settings, walkers, table, trends and summary. */
    public static DescentStudy read(Path file) {
        String[] columns = new String[DescentResult.COLUMNS.length + 1];
        columns[0] = "lambda";
        System.arraycopy(DescentResult.COLUMNS, 0, columns, 1, DescentResult.COLUMNS.length);
        ResultFile f = ResultFile.read(file, "DescentStudy").expectColumns(columns);
        int[] sizes;
        try {
            String list = f.meta("sizes").trim();
            sizes = Arrays.stream(list.substring(1, list.length() - 1).split(",")).map(String::trim)
                    .mapToInt(Integer::parseInt).toArray();
        } catch (RuntimeException e) {
            throw f.badMeta("sizes", "expected a list like [25, 50], got '" + f.meta("sizes") + "'");
        }
        DescentStudy study;
        try {
            study = sizes(sizes).walkers(f.metaInt("walkers")).tolerance(f.metaDouble("tolerance"))
                    .maxSteps(f.metaInt("max steps")).indexChecks(f.metaInt("index checks"))
                    .seeds(f.metaLong("glass seed"), f.metaLong("walker seed"));
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith(f.file().toString()) ? e : f.badMeta("sizes", e.getMessage());
        }
        int[] lambda = f.ints("lambda");
        int row = 0;
        for (int i = 0; i < sizes.length; i++) {
            int start = row;
            while (row < lambda.length && lambda[row] == sizes[i]) {
                row++;
            }
            DescentResult r = DescentResult.from(f, "lambda " + sizes[i] + " ", start, row);
            if (r.size() != sizes[i] || r.finished() != study.walkers) {
                throw f.badCell(Math.min(start, lambda.length - 1), "lambda", r.finished() + " walkers of lambda = "
                        + sizes[i] + ", expected " + study.walkers + " (rows lost, reordered or added?)");
            }
            study.results[i] = r;
        }
        if (row != lambda.length) {
            throw f.badCell(row, "lambda", "lambda = " + lambda[row] + " is not the next of the sizes "
                    + Arrays.toString(sizes) + " (rows reordered?)");
        }
        study.readFrom = f.file().toString();
        return study;
    }

    @Override
    public MimeBundle toMimeBundle() {
        return finished() ? Result.super.toMimeBundle() : MimeBundle.text(summary());
    }

    @Override
    public String toString() {
        return summary();
    }
}
