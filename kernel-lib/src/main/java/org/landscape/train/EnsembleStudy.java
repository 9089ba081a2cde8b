package org.landscape.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.landscape.data.Dataset;
import org.landscape.display.Renderings;
import org.landscape.hessian.EnsembleIndex;
import org.landscape.model.Network;
import org.landscape.plot.Figure;
import org.landscape.plot.Plots;
import org.landscape.plot.Result;
import org.landscape.plot.ResultFile;
import org.landscape.plot.Series;
import org.landscape.plot.Theme;
import org.landscape.stats.Stats;
import org.landscape.util.Memory;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * The paper's Figure 1 (right) as one object: an ensemble of networks of each hidden width trained by one
 * {@link EnsembleTrainer}, the fit E[L] = exp(c + alpha n^beta) of the mean test loss against the width n, the test
 * losses divided by it (the paper's "scaled test losses", footnote 2: their expected values made about equal, so that
 * their spreads compare), and per width what P4 and P6 are about: the spread of the scaled losses, the train-test
 * correlation across the ensemble, and whether the network with the lowest training loss also has the lowest test
 * loss. Every width's ensemble uses seeds {@code firstSeed, firstSeed + 1, ...}.
 *
 * <pre>{@code
 * EnsembleStudy study = EnsembleStudy.widths(25, 50, 100, 250).networks(100)
 *         .network(w -> Network.builder(Architecture.of(100, w, 10)).activation(Activation.RELU)
 *                 .loss(Loss.CROSS_ENTROPY).init(Network.Init.UNIT_CUBE))
 *         .trainer(EnsembleTrainer.sgd(0.3).decay(0.98).epochs(200).initScale(0.01).recordEvery(20))
 *         .saveTo(Path.of("saved/11"))
 *         .run(split.train(), split.test());   // shows the histograms; interrupt and run again to continue
 * study.table();  study.spreads();  study.correlations();  study.indices(split.train(), settings, 20);
 * }</pre>
 *
 * <p>Each width's ensemble is saved in its own directory under {@link #saveTo} ({@code width-N}), so an interrupted
 * study resumes at the epoch it reached, in the same kernel or a new one. Intervals are basic bootstrap intervals over
 * the networks ({@link Stats#bootstrap}), seeded, the same at any thread count.
 *
 * <p>{@link #read} gives back what {@link #write} saved (every network's final losses and each width's median
 * curves: the same summary, table and figures), and refuses, naming the file, what needs the networks themselves
 * ({@link #runs()}, {@link #run(int)}, {@link #indices}), which running the study again with {@link #saveTo} rebuilds.
 */
public final class EnsembleStudy implements Result {
    private static final int RESAMPLES = 1000;
    private static final long BOOTSTRAP_SEED = 11;

    private final int[] widths;
    private int networks = 100;
    private long firstSeed = 1;
    private EnsembleTrainer trainer;
    private IntFunction<Network.Builder> builder;
    private Path directory;
    private final EnsembleRun[] runs;
    private final AtomicBoolean running = new AtomicBoolean();
    private String dataName;
    private List<Part> parts;   // what the figures need of each width's ensemble: from runs, or read from a file
    private String readFrom;    // the file a study read back came from (set by read)
    private String trainerNote; // the trainer's description, for a study read back

    /**
     * One width's ensemble as the study's numbers use it: per network, its final train and test loss and test error
     * and the train loss one record before (for the final change), whether it diverged; the median curves.
     */
    private record Part(int parameters, double seconds, int[] recorded, boolean[] diverged, double[] train,
                        double[] test, double[] testError, double[] trainBefore, double[] medianTrain,
                        double[] medianTest) {
        static Part of(EnsembleRun run) {
            int n = run.networks(), last = run.recordedEpochs().length - 1;
            boolean[] diverged = new boolean[n];
            double[] train = new double[n], test = new double[n], error = new double[n], before = new double[n];
            for (int k = 0; k < n; k++) {
                double[] l = run.trainLoss(k);
                diverged[k] = run.diverged(k);
                train[k] = l[last];
                before[k] = last < 1 ? Double.NaN : l[last - 1];
                test[k] = run.testLoss(k)[last];
                error[k] = run.testError(k)[last];
            }
            return new Part((int) run.network().parameterCount(), run.seconds(), run.recordedEpochs(), diverged, train,
                    test, error, before, run.lossQuantiles(false, 0.5), run.lossQuantiles(true, 0.5));
        }

        int networks() {
            return diverged.length;
        }

        int divergedCount() {
            int d = 0;
            for (boolean b : diverged) {
                d += b ? 1 : 0;
            }
            return d;
        }

        /** values of the networks that did not diverge, in network order (as EnsembleRun's final losses). */
        double[] finals(double[] values) {
            return IntStream.range(0, values.length).filter(k -> !diverged[k]).mapToDouble(k -> values[k]).toArray();
        }
    }

    private EnsembleStudy(int[] widths) {
        if (widths == null || widths.length < 3) {
            throw new IllegalArgumentException("widths must hold at least three increasing widths (the fit of E[L] has "
                    + "three coefficients), got " + Arrays.toString(widths) + "; e.g. widths(25, 50, 100, 250)");
        }
        for (int i = 0; i < widths.length; i++) {
            if (widths[i] < 1 || (i > 0 && widths[i] <= widths[i - 1])) {
                throw new IllegalArgumentException("widths must be increasing and >= 1, got " + Arrays.toString(widths));
            }
        }
        this.widths = widths.clone();
        this.runs = new EnsembleRun[widths.length];
    }

    /** A study of ensembles of these hidden widths (increasing, at least three). */
    public static EnsembleStudy widths(int... widths) {
        return new EnsembleStudy(widths);
    }

    /** Networks per width (default 100; the paper's 1,000). */
    public EnsembleStudy networks(int networks) {
        checkNotStarted("networks");
        if (networks < 3) {
            throw new IllegalArgumentException("networks must be >= 3 per width for a spread and a correlation, got "
                    + networks + "; the paper trains 1000");
        }
        this.networks = networks;
        return this;
    }

    /** The first network's seed in every width (default 1). */
    public EnsembleStudy seed(long firstSeed) {
        checkNotStarted("seed");
        this.firstSeed = firstSeed;
        return this;
    }

    /** The network of each width, e.g. {@code w -> Network.builder(Architecture.of(100, w, 10))...}. */
    public EnsembleStudy network(IntFunction<Network.Builder> builder) {
        checkNotStarted("network");
        if (builder == null) {
            throw new IllegalArgumentException("network must map a width to a Network.Builder, e.g. "
                    + "w -> Network.builder(Architecture.of(100, w, 10))");
        }
        this.builder = builder;
        return this;
    }

    /** How every ensemble is trained (its test set and directory are set by the study; the trainer is copied). */
    public EnsembleStudy trainer(EnsembleTrainer trainer) {
        checkNotStarted("trainer");
        if (trainer == null) {
            throw new IllegalArgumentException("trainer must not be null: e.g. EnsembleTrainer.sgd(0.3).decay(0.98).epochs(200)");
        }
        this.trainer = trainer.copy();
        return this;
    }

    /** Where each width's ensemble is saved ({@code width-N} below it) so that an interrupted study resumes. */
    public EnsembleStudy saveTo(Path directory) {
        checkNotStarted("save directory");
        if (directory == null) {
            throw new IllegalArgumentException("directory must not be null: give the directory for the study's saved work");
        }
        this.directory = directory;
        return this;
    }

    private void checkNotStarted(String what) {
        if (readFrom != null) {
            throw new IllegalStateException("this study was read from " + readFrom + ": its " + what + " cannot change; "
                    + "make a new EnsembleStudy");
        }
        if (Arrays.stream(runs).anyMatch(r -> r != null) || running.get()) {
            throw new IllegalStateException("the study has started: its " + what + " cannot change now; make a new "
                    + "EnsembleStudy");
        }
    }

    /**
     * Trains what is left: each width's ensemble in turn, with a progress bar; resumes an interrupted study. The memory
     * of all the ensembles (they are kept for the analysis) is checked before the first is allocated.
     */
    public EnsembleStudy run(Dataset train, Dataset test) {
        requireRuns("run(train, test)");
        if (builder == null || trainer == null) {
            throw new IllegalArgumentException("set the study's " + (builder == null ? "network(w -> builder)" : "trainer(...)")
                    + " before run");
        }
        if (train == null || test == null) {
            throw new IllegalArgumentException("run needs the training set and a test set (P4 and P6 are about test losses)");
        }
        if (!running.compareAndSet(false, true)) {
            throw new IllegalStateException("this study is already running in another thread: give each thread its own "
                    + "EnsembleStudy");
        }
        try {
            long bytes = 0;
            for (int i = 0; i < widths.length; i++) {
                bytes += runs[i] != null ? 0 : trainerFor(i, test).memoryNeeded(builder.apply(widths[i]), train, networks);
            }
            Memory.require(bytes, String.format(Locale.ROOT, "ensembles of %d networks at widths %s", networks,
                    Arrays.toString(widths)), "train fewer networks per width, or start the kernel with a larger -Xmx");
            for (int i = 0; i < widths.length; i++) {
                if (runs[i] == null) {
                    runs[i] = trainerFor(i, test).train("width " + widths[i], builder.apply(widths[i]), train, networks,
                            firstSeed);
                }
            }
            dataName = train.name() + " / " + test.name();
            return this;
        } finally {
            running.set(false);
        }
    }

    private EnsembleTrainer trainerFor(int i, Dataset test) {
        return trainer.copy().test(test).directory(directory == null ? null : directory.resolve("width-" + widths[i]));
    }

    /** A study read back has no ensembles (their networks' parameters are not in its file): refused naming the file. */
    private void requireRuns(String what) {
        if (readFrom != null) {
            throw new IllegalStateException(what + " needs the ensembles, which are not in " + readFrom + ": a study's "
                    + "file holds every network's final losses and each width's curves, not the networks' parameters; "
                    + "run the study again (same settings; with saveTo(directory) it reads its saved ensembles)");
        }
    }

    private List<EnsembleRun> done(String what) {
        requireRuns(what);
        if (Arrays.stream(runs).anyMatch(r -> r == null)) {
            throw new IllegalStateException("the study has not finished: call run(train, test) (again, if it was interrupted)");
        }
        return List.of(runs);
    }

    /** The numbers of every width's ensemble, from its run (or its file, for a study read back). */
    private List<Part> parts() {
        if (parts == null) {
            parts = done("its numbers").stream().map(Part::of).toList();
        }
        return parts;
    }

    /** The ensembles, one per width (not for a study {@link #read} back). */
    public List<EnsembleRun> runs() {
        return done("runs()");
    }

    /** The ensemble of this width (not for a study {@link #read} back). */
    public EnsembleRun run(int width) {
        int i = widthIndex(width);
        return done("run(" + width + ")").get(i);
    }

    private int widthIndex(int width) {
        int i = Arrays.binarySearch(widths, width);
        if (i < 0) {
            throw new IllegalArgumentException("width " + width + " is not in the study's " + Arrays.toString(widths));
        }
        return i;
    }

    public int[] widths() {
        return widths.clone();
    }

    /** The mean final test loss per width, over the networks that did not diverge. */
    public double[] meanTestLosses() {
        return parts().stream().mapToDouble(p -> Stats.mean(p.finals(p.test()))).toArray();
    }

    /** E[L] = exp(c + alpha n^beta) fitted to the mean test losses against the widths n. */
    public Stats.StretchedExponential fit() {
        return Stats.stretchedExponential(Arrays.stream(widths).asDoubleStream().toArray(), meanTestLosses());
    }

    /** The final test losses of this width's networks divided by the fit at that width (mean about 1). */
    public double[] scaledTestLosses(int width) {
        Part p = parts().get(widthIndex(width));
        double scale = fit().at(width);
        return Arrays.stream(p.finals(p.test())).map(v -> v / scale).toArray();
    }

    /** The standard deviation of the scaled test losses, per width (P4: falls with width). */
    public double[] spreads() {
        Stats.StretchedExponential f = fit();
        List<Part> ps = parts();
        return IntStream.range(0, widths.length).mapToDouble(i -> Stats.std(ps.get(i).finals(ps.get(i).test()))
                / f.at(widths[i])).toArray();
    }

    /** Bootstrap intervals (95%, over the networks) of {@link #spreads()}. */
    public Stats.Interval[] spreadIntervals() {
        Stats.StretchedExponential f = fit();
        List<Part> ps = parts();
        return IntStream.range(0, widths.length).mapToObj(i -> {
            double[] v = ps.get(i).finals(ps.get(i).test());
            double scale = f.at(widths[i]);
            // on the log scale, mapped back: the interval of a spread stays positive
            return Stats.bootstrap(v.length, w -> Math.log(weightedStd(v, w) / scale), RESAMPLES, 0.95,
                    BOOTSTRAP_SEED + i).map(Math::exp);
        }).toArray(Stats.Interval[]::new);
    }

    private static double weightedStd(double[] v, double[] w) {
        double sw = 0, s = 0, ss = 0;
        for (int i = 0; i < v.length; i++) {
            sw += w[i];
            s += w[i] * v[i];
        }
        double m = s / sw;
        for (int i = 0; i < v.length; i++) {
            ss += w[i] * (v[i] - m) * (v[i] - m);
        }
        return Math.sqrt(ss / (sw - 1)); // the n - 1 of Stats.std, so that the estimate is the spreads() value
    }

    private static double atanh(double r) {
        return 0.5 * Math.log((1 + r) / (1 - r));
    }

    /** Pearson's r between final train and test loss across each width's ensemble, with a 95% bootstrap interval (P6). */
    public Stats.Interval[] correlations() {
        List<Part> ps = parts();
        return IntStream.range(0, widths.length).mapToObj(i -> {
            Part p = ps.get(i);
            double[] train = p.finals(p.train()), test = p.finals(p.test());
            // Fisher's z = atanh r, mapped back: the interval stays inside [-1, 1]
            return Stats.bootstrap(train.length, w -> atanh(Stats.pearson(train, test, w)), RESAMPLES, 0.95,
                    BOOTSTRAP_SEED + 100 + i).map(Math::tanh);
        }).toArray(Stats.Interval[]::new);
    }

    /**
     * Per width, the rank by test loss (1 = lowest) of the network with the lowest training loss: 1 when the best
     * network on the training set is also the best on the test set (P6: it is not, as networks grow).
     */
    public int[] testRankOfLowestTrain() {
        return parts().stream().mapToInt(p -> {
            double[] train = p.finals(p.train()), test = p.finals(p.test());
            int best = 0;
            for (int k = 1; k < train.length; k++) {
                best = train[k] < train[best] ? k : best;
            }
            int rank = 1;
            for (double t : test) {
                rank += t < test[best] ? 1 : 0;
            }
            return rank;
        }).toArray();
    }

    /**
     * Per width, the median over the networks of |L(last) - L(previous)| / L(previous) for the training loss between
     * the last two recorded epochs: how much training still changed at the end (a converged protocol: small).
     */
    public double[] finalChanges() {
        return parts().stream().mapToDouble(p -> {
            if (p.recorded().length < 2) {
                return Double.NaN;
            }
            double[] change = IntStream.range(0, p.networks()).filter(k -> !p.diverged()[k])
                    .mapToDouble(k -> Math.abs(p.train()[k] - p.trainBefore()[k]) / p.trainBefore()[k]).toArray();
            return change.length == 0 ? Double.NaN : Stats.median(change);
        }).toArray();
    }

    /** The epochs between the last two recorded epochs ({@link #finalChanges()} is over them). */
    public int finalInterval() {
        int[] e = parts().get(0).recorded();
        return e.length < 2 ? 0 : e[e.length - 1] - e[e.length - 2];
    }

    /**
     * Per width, the networks whose scaled test loss lies far above the rest (above Q3 + 3 IQR, Tukey's "far out"):
     * a separate cluster of poor minima would show here.
     */
    public int[] farAbove() {
        return IntStream.range(0, widths.length).map(i -> {
            double[] v = scaledTestLosses(widths[i]);
            double fence = Stats.quantile(v, 0.75) + 3 * Stats.iqr(v);
            return (int) Arrays.stream(v).filter(x -> x > fence).count();
        }).toArray();
    }

    /**
     * The index (P5) of the first {@code perWidth} networks of every width that did not diverge, on {@code data}
     * (the training set), by {@link EnsembleIndex}'s rule (dense up to its limit, Lanczos above). Not for a study
     * {@link #read} back: it needs the networks' parameters.
     */
    public Indices indices(Dataset data, EnsembleIndex.Settings settings, int perWidth) {
        if (data == null || settings == null) {
            throw new IllegalArgumentException((data == null ? "data (the training set)" : "settings (e.g. EnsembleIndex.settings())")
                    + " must not be null");
        }
        if (perWidth < 1) {
            throw new IllegalArgumentException("perWidth must be >= 1 network, got " + perWidth);
        }
        List<EnsembleIndex> all = new ArrayList<>();
        for (EnsembleRun r : done("indices(...)")) {
            all.add(r.indices(data, settings, perWidth));
        }
        return new Indices(widths, all);
    }

    /** One row per width: networks, diverged, test loss statistics, the scaled spread, r, ranks, convergence, time. */
    @Override
    public Table table() {
        List<Part> ps = parts();
        double[] spreads = spreads(), change = finalChanges();
        Stats.Interval[] si = spreadIntervals(), r = correlations();
        int[] ranks = testRankOfLowestTrain(), far = farAbove();
        IntColumn width = IntColumn.create("width"), params = IntColumn.create("parameters"),
                nets = IntColumn.create("networks"), diverged = IntColumn.create("diverged"),
                rank = IntColumn.create("test rank of the lowest-train network"), farOut = IntColumn.create("far above (Q3 + 3 IQR)");
        DoubleColumn mean = DoubleColumn.create("mean test loss"), std = DoubleColumn.create("std test loss"),
                q10 = DoubleColumn.create("test loss 10%"), q50 = DoubleColumn.create("test loss median"),
                q90 = DoubleColumn.create("test loss 90%"), err = DoubleColumn.create("mean test error"),
                trainMean = DoubleColumn.create("mean train loss"), spread = DoubleColumn.create("spread of scaled test loss"),
                spreadLo = DoubleColumn.create("spread 95% lower"), spreadHi = DoubleColumn.create("spread 95% upper"),
                pearson = DoubleColumn.create("train-test Pearson r"), rLo = DoubleColumn.create("r 95% lower"),
                rHi = DoubleColumn.create("r 95% upper"), changed = DoubleColumn.create("median final change of train loss"),
                seconds = DoubleColumn.create("seconds");
        for (int i = 0; i < widths.length; i++) {
            Part p = ps.get(i);
            double[] test = p.finals(p.test());
            width.append(widths[i]);
            params.append(p.parameters());
            nets.append(p.networks());
            diverged.append(p.divergedCount());
            mean.append(Stats.mean(test));
            std.append(Stats.std(test));
            q10.append(Stats.quantile(test, 0.1));
            q50.append(Stats.median(test));
            q90.append(Stats.quantile(test, 0.9));
            err.append(Stats.mean(p.finals(p.testError())));
            trainMean.append(Stats.mean(p.finals(p.train())));
            spread.append(spreads[i]);
            spreadLo.append(si[i].lower());
            spreadHi.append(si[i].upper());
            pearson.append(r[i].estimate());
            rLo.append(r[i].lower());
            rHi.append(r[i].upper());
            rank.append(ranks[i]);
            farOut.append(far[i]);
            changed.append(change[i]);
            seconds.append(p.seconds());
        }
        return Table.create("ensembles by width: " + fit(), width, params, nets, diverged, mean, std, q10, q50, q90, err,
                trainMean, spread, spreadLo, spreadHi, pearson, rLo, rHi, rank, farOut, changed, seconds);
    }

    /** The histograms of the scaled test losses, one outline per width (the paper's Figure 1, right). */
    public Figure histograms() {
        Series[] series = Arrays.stream(widths).mapToObj(w -> Series.values("width " + w, scaledTestLosses(w)))
                .toArray(Series[]::new);
        int most = parts().stream().mapToInt(Part::networks).max().orElse(10);
        int bins = Math.max(15, Math.min(60, (int) Math.round(2 * Math.sqrt(most))));
        XYChart chart = Plots.histogram("scaled test losses (" + networks + " networks per width)",
                "test loss / exp(c + alpha n^beta)", bins, series);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        return new Figure(Renderings.chartImage(chart), "scaled by the fit " + fit());
    }

    /** The median train (solid) and test (dashed) loss of every width against the epoch. */
    public Figure curves() {
        XYChart chart = Plots.xyChart("training curves (median over each ensemble)", "epoch", "loss");
        boolean log = true;
        for (int i = 0; i < widths.length; i++) {
            Part p = parts().get(i);
            double[] x = Arrays.stream(p.recorded()).asDoubleStream().toArray();
            double[] train = p.medianTrain(), test = p.medianTest();
            log &= Arrays.stream(train).noneMatch(v -> v <= 0) && Arrays.stream(test).noneMatch(v -> v <= 0);
            java.awt.Color c = Plots.PALETTE[i % Plots.PALETTE.length];
            chart.addSeries("width " + widths[i] + " train", x, train).setMarker(SeriesMarkers.NONE).setLineColor(c);
            chart.addSeries("width " + widths[i] + " test", x, test).setMarker(SeriesMarkers.NONE).setLineColor(c)
                    .setLineStyle(Theme.DASHED);
        }
        chart.getStyler().setYAxisLogarithmic(log).setLegendPosition(Styler.LegendPosition.InsideNE);
        return new Figure(Renderings.chartImage(chart), "training curves: " + trainerText());
    }

    /** The mean test loss per width with the fit, and the spread of the scaled losses with its intervals. */
    public Figure trends() {
        double[] x = Arrays.stream(widths).asDoubleStream().toArray();
        Stats.StretchedExponential f = fit();
        XYChart means = Plots.xyChart("mean test loss and the fit", "hidden width n", "mean test loss");
        means.addSeries("measured", x, meanTestLosses()).setLineStyle(org.knowm.xchart.style.lines.SeriesLines.NONE);
        double[] fine = IntStream.rangeClosed(0, 100).mapToDouble(j -> x[0] * Math.pow(x[x.length - 1] / x[0], j / 100.0))
                .toArray();
        means.addSeries(f.toString(), fine, f.at(fine)).setMarker(SeriesMarkers.NONE);
        means.getStyler().setXAxisLogarithmic(true).setLegendPosition(Styler.LegendPosition.InsideNE);
        Stats.Interval[] si = spreadIntervals();
        XYChart spread = Plots.xyChart("spread of the scaled test losses", "hidden width n", "std of scaled test loss");
        spread.addSeries("std", x, spreads());
        // the intervals are not symmetric about the estimate (they are bootstrapped on the log scale): two lines
        for (boolean upper : new boolean[]{false, true}) {
            spread.addSeries(upper ? "95% upper" : "95% lower", x, Arrays.stream(si)
                    .mapToDouble(v -> upper ? v.upper() : v.lower()).toArray()).setMarker(SeriesMarkers.NONE)
                    .setLineColor(Plots.PALETTE[0]).setLineStyle(Theme.DASHED);
        }
        spread.getStyler().setXAxisLogarithmic(true).setLegendPosition(Styler.LegendPosition.InsideNE);
        return Figure.row(new Figure(Renderings.chartImage(means), f.toString()),
                new Figure(Renderings.chartImage(spread), "spreads " + rounded(spreads())));
    }

    @Override
    public Figure figure() {
        return Figure.row(histograms(), curves());
    }

    static String rounded(double[] values) {
        return Stats.format(values);
    }

    @Override
    public String summary() {
        if (readFrom == null && Arrays.stream(runs).anyMatch(r -> r == null)) {
            long finished = Arrays.stream(runs).filter(r -> r != null).count();
            return String.format(Locale.ROOT, "ensemble study of widths %s: %d of %d widths trained (run it to continue)",
                    Arrays.toString(widths), finished, widths.length);
        }
        double[] r = Arrays.stream(correlations()).mapToDouble(Stats.Interval::estimate).toArray();
        return String.format(Locale.ROOT, "%d networks at each width %s on %s (%s): %s; spread of scaled test losses %s; "
                + "train-test r %s; test rank of the lowest-train network %s; median change of train loss over the last "
                + "%d epochs %s", networks, Arrays.toString(widths), dataName, trainerText(), fit(), rounded(spreads()),
                rounded(r), Arrays.toString(testRankOfLowestTrain()), finalInterval(), rounded(finalChanges()));
    }

    @Override
    public String toString() {
        return summary();
    }

    private String trainerText() {
        return trainer != null ? trainer.toString() : trainerNote;
    }

    private static final String[] COLUMNS = {"width", "network", "diverged", "train loss", "test loss", "test error",
            "train loss one record before"};

    /**
     * Saves, for {@link #read}, every network's final train and test loss, test error and the train loss one record
     * before (one row per network, width after width), with each width's median curves, size and time and the
     * study's settings in the comment lines. Only a finished study is written.
     */
    @Override
    public void write(Path file) {
        List<Part> ps = parts();
        Map<String, String> meta = ResultFile.meta("widths", Arrays.toString(widths), "networks", networks,
                "first seed", firstSeed, "data", dataName, "trainer", trainerText());
        IntColumn width = IntColumn.create(COLUMNS[0]), network = IntColumn.create(COLUMNS[1]);
        BooleanColumn diverged = BooleanColumn.create(COLUMNS[2]);
        DoubleColumn train = DoubleColumn.create(COLUMNS[3]), test = DoubleColumn.create(COLUMNS[4]),
                error = DoubleColumn.create(COLUMNS[5]), before = DoubleColumn.create(COLUMNS[6]);
        for (int i = 0; i < widths.length; i++) {
            Part p = ps.get(i);
            String at = "width " + widths[i] + " ";
            meta.putAll(ResultFile.meta(at + "parameters", p.parameters(), at + "seconds", p.seconds(),
                    at + "recorded epochs", Arrays.toString(p.recorded()), at + "median train loss",
                    Arrays.toString(p.medianTrain()), at + "median test loss", Arrays.toString(p.medianTest())));
            for (int k = 0; k < p.networks(); k++) {
                width.append(widths[i]);
                network.append(k);
                diverged.append(p.diverged()[k]);
                train.append(p.train()[k]);
                test.append(p.test()[k]);
                error.append(p.testError()[k]);
                before.append(p.trainBefore()[k]);
            }
        }
        ResultFile.write(file, "EnsembleStudy", meta,
                Table.create("ensemble study", width, network, diverged, train, test, error, before));
    }

    /**
     * The finished study saved by {@link #write}: the same summary, table, figures, spreads, correlations and fit.
     * Its ensembles are not in the file: {@link #runs()}, {@link #run(int)}, {@link #indices} and {@link #run(Dataset,
     * Dataset)} say so.
     */
    public static EnsembleStudy read(Path file) {
        ResultFile f = ResultFile.read(file, "EnsembleStudy").expectColumns(COLUMNS);
        EnsembleStudy study;
        try {
            study = widths(ints(f, "widths"));
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith(f.file().toString()) ? e : f.badMeta("widths", e.getMessage());
        }
        int networks = f.metaInt("networks");
        if (networks < 3) {
            throw f.badMeta("networks", "a study has at least 3 networks per width, the file says " + networks);
        }
        int[] widths = study.widths, width = f.ints("width"), network = f.ints("network");
        boolean[] diverged = f.booleans("diverged");
        double[] train = f.doubles("train loss"), test = f.doubles("test loss"), error = f.doubles("test error"),
                before = f.doubles("train loss one record before");
        for (int r = 0; r < Math.min(width.length, widths.length * networks); r++) {
            int w = widths[r / networks], k = r % networks;
            if (width[r] != w || network[r] != k) {
                throw f.badCell(r, width[r] != w ? "width" : "network", "width " + width[r] + ", network " + network[r]
                        + " where width " + w + ", network " + k + " belongs: " + networks + " networks per width, in "
                        + "order (rows lost, reordered or added?)");
            }
        }
        if (width.length != widths.length * networks) {
            throw f.badCell(Math.max(0, width.length - 1), "width", width.length + " rows, expected " + networks
                    + " networks for each of the widths " + Arrays.toString(widths) + " (rows lost or added?)");
        }
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < widths.length; i++) {
            String at = "width " + widths[i] + " ";
            int parameters = f.metaInt(at + "parameters");
            if (parameters < 1) {
                throw f.badMeta(at + "parameters", "a network has at least one parameter, the file says " + parameters);
            }
            double seconds = f.metaDouble(at + "seconds");
            if (!(seconds >= 0)) {
                throw f.badMeta(at + "seconds", "a time is a number >= 0, the file says " + seconds);
            }
            int[] recorded = ints(f, at + "recorded epochs");
            for (int j = 0; j < recorded.length; j++) {
                if (j == 0 ? recorded[j] != 0 : recorded[j] <= recorded[j - 1]) {
                    throw f.badMeta(at + "recorded epochs", "the recorded epochs start at 0 and increase, the file says "
                            + Arrays.toString(recorded));
                }
            }
            double[] medianTrain = doubles(f, at + "median train loss", recorded.length),
                    medianTest = doubles(f, at + "median test loss", recorded.length);
            int from = i * networks, to = from + networks;
            parts.add(new Part(parameters, seconds, recorded, Arrays.copyOfRange(diverged, from, to),
                    Arrays.copyOfRange(train, from, to), Arrays.copyOfRange(test, from, to),
                    Arrays.copyOfRange(error, from, to), Arrays.copyOfRange(before, from, to), medianTrain, medianTest));
        }
        study.networks = networks;
        study.firstSeed = f.metaLong("first seed");
        study.dataName = f.meta("data");
        study.trainerNote = f.meta("trainer");
        study.parts = List.copyOf(parts);
        study.readFrom = f.file().toString();
        return study;
    }

    /** A metadata list like [0, 2, 4] (as Arrays.toString writes it), refused naming its line. */
    private static int[] ints(ResultFile f, String key) {
        String list = f.meta(key).trim();
        try {
            if (!list.startsWith("[") || !list.endsWith("]") || list.length() < 3) {
                throw new IllegalArgumentException(list);
            }
            return Arrays.stream(list.substring(1, list.length() - 1).split(",")).map(String::trim)
                    .mapToInt(Integer::parseInt).toArray();
        } catch (IllegalArgumentException e) {
            throw f.badMeta(key, "expected a list of whole numbers like [2, 4, 8], got '" + list + "'");
        }
    }

    /** A metadata list of {@code count} numbers like [0.5, NaN] (as Arrays.toString writes it), refused naming its line. */
    private static double[] doubles(ResultFile f, String key, int count) {
        String list = f.meta(key).trim();
        double[] v;
        try {
            if (!list.startsWith("[") || !list.endsWith("]") || list.length() < 3) {
                throw new IllegalArgumentException(list);
            }
            v = Arrays.stream(list.substring(1, list.length() - 1).split(",")).map(String::trim)
                    .mapToDouble(Double::parseDouble).toArray();
        } catch (IllegalArgumentException e) {
            throw f.badMeta(key, "expected a list of numbers like [0.5, 0.25], got '" + list + "'");
        }
        if (v.length != count) {
            throw f.badMeta(key, v.length + " numbers for " + count + " recorded epochs");
        }
        return v;
    }

    /**
     * The indices of some networks of every width of a study (P5), one {@link EnsembleIndex} per width.
     *
     * <p>{@link #read} gives back what {@link #write} saved (every width's {@link EnsembleIndex}, rows and settings, as
     * {@link EnsembleIndex#read} does), and refuses rows out of the widths' order or contradicting their settings.
     */
    public static final class Indices implements Result {
        private final int[] widths;
        private final List<EnsembleIndex> perWidth;

        Indices(int[] widths, List<EnsembleIndex> perWidth) {
            this.widths = widths.clone();
            this.perWidth = List.copyOf(perWidth);
        }

        /** Each width's indices. */
        public List<EnsembleIndex> perWidth() {
            return perWidth;
        }

        /** The share of all networks checked (that did not fail) with index 0. */
        public double fractionAtZero() {
            long zero = 0, all = 0;
            for (EnsembleIndex idx : perWidth) {
                int[] i = idx.indices();
                all += i.length;
                zero += Arrays.stream(i).filter(v -> v == 0).count();
            }
            return all == 0 ? Double.NaN : zero / (double) all;
        }

        public int checked() {
            return perWidth.stream().mapToInt(i -> i.entries().size()).sum();
        }

        public int failedCount() {
            return perWidth.stream().mapToInt(EnsembleIndex::failedCount).sum();
        }

        public int notConvergedCount() {
            return (int) perWidth.stream().flatMap(i -> i.entries().stream()).filter(e -> !e.failed() && !e.converged())
                    .count();
        }

        public double maxResidual() {
            return perWidth.stream().mapToDouble(EnsembleIndex::maxResidual).max().orElse(Double.NaN);
        }

        public double maxGradientNorm() {
            return perWidth.stream().mapToDouble(EnsembleIndex::maxGradientNorm).max().orElse(Double.NaN);
        }

        /** The smallest Hessian eigenvalue found in any network. */
        public double smallestEigenvalue() {
            return perWidth.stream().flatMap(i -> i.entries().stream()).filter(e -> !e.failed())
                    .mapToDouble(EnsembleIndex.Entry::smallestEigenvalue).min().orElse(Double.NaN);
        }

        /** One row per width: networks checked, at index 0, above, lower bounds, failures, eigenvalues, |grad|. */
        @Override
        public Table table() {
            IntColumn width = IntColumn.create("width"), checked = IntColumn.create("networks checked"),
                    zero = IntColumn.create("index 0"), above = IntColumn.create("index > 0"),
                    lower = IntColumn.create("index >= k"), failed = IntColumn.create("failed"),
                    unconverged = IntColumn.create("Lanczos not converged");
            DoubleColumn smallest = DoubleColumn.create("smallest eigenvalue"), largest = DoubleColumn.create(
                    "largest smallest eigenvalue"), grad = DoubleColumn.create("largest |grad|"),
                    residual = DoubleColumn.create("largest residual");
            for (int w = 0; w < widths.length; w++) {
                EnsembleIndex idx = perWidth.get(w);
                int[] i = idx.indices();
                long z = Arrays.stream(i).filter(v -> v == 0).count();
                double[] ev = idx.entries().stream().filter(e -> !e.failed())
                        .mapToDouble(EnsembleIndex.Entry::smallestEigenvalue).toArray();
                width.append(widths[w]);
                checked.append(idx.entries().size());
                zero.append((int) z);
                above.append(i.length - (int) z);
                lower.append(idx.lowerBoundCount());
                failed.append(idx.failedCount());
                unconverged.append((int) idx.entries().stream().filter(e -> !e.failed() && !e.converged()).count());
                smallest.append(ev.length == 0 ? Double.NaN : Stats.min(ev));
                largest.append(ev.length == 0 ? Double.NaN : Stats.max(ev));
                grad.append(idx.maxGradientNorm());
                residual.append(idx.maxResidual());
            }
            return Table.create("index by width (eigenvalues below -" + perWidth.get(0).tolerance() + ")", width,
                    checked, zero, above, lower, failed, unconverged, smallest, largest, grad, residual);
        }

        /** Networks per index, one bar per width (P5: concentrated at 0). */
        public CategoryChart chart() {
            int top = perWidth.stream().flatMapToInt(i -> Arrays.stream(i.indices())).max().orElse(0);
            top = Math.max(top, 3);
            List<String> labels = IntStream.rangeClosed(0, Math.min(top, 40)).mapToObj(String::valueOf).toList();
            CategoryChart chart = new CategoryChartBuilder().width(640).height(380).title("index of the solutions, by width")
                    .xAxisTitle("index (Hessian eigenvalues < -" + perWidth.get(0).tolerance() + ")").yAxisTitle("networks")
                    .build();
            Plots.style(chart.getStyler());
            chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
            for (int w = 0; w < widths.length; w++) {
                int[] i = perWidth.get(w).indices();
                List<Integer> counts = labels.stream().map(l -> (int) Arrays.stream(i)
                        .filter(v -> v == Integer.parseInt(l)).count()).toList();
                chart.addSeries("width " + widths[w], labels, counts);
            }
            return chart;
        }

        @Override
        public Figure figure() {
            return new Figure(Renderings.chartImage(chart()), summary());
        }

        @Override
        public String summary() {
            return String.format(Locale.ROOT, "index of %d networks over widths %s: %.1f%% at index 0; smallest "
                    + "eigenvalue %.3g; |grad| up to %.3g; largest residual %.2g%s%s", checked(), Arrays.toString(widths),
                    100 * fractionAtZero(), smallestEigenvalue(), maxGradientNorm(), maxResidual(),
                    notConvergedCount() > 0 ? "; " + notConvergedCount() + " Lanczos runs NOT CONVERGED" : "",
                    failedCount() > 0 ? "; " + failedCount() + " failed" : "");
        }

        @Override
        public String toString() {
            return summary();
        }

        /**
         * Saves every width's {@link EnsembleIndex#table()} after a column width, with each one's settings in the
         * comment lines (keys starting "width N "), for {@link #read}.
         */
        @Override
        public void write(Path file) {
            Map<String, String> meta = ResultFile.meta("widths", Arrays.toString(widths));
            Table rows = null;
            for (int w = 0; w < widths.length; w++) {
                EnsembleIndex idx = perWidth.get(w);
                meta.putAll(idx.meta("width " + widths[w] + " "));
                Table t = idx.table();
                t.insertColumn(0, IntColumn.create("width", t.rowCount()).setMissingTo(widths[w]));
                rows = rows == null ? t : rows.append(t);
            }
            ResultFile.write(file, "EnsembleStudy.Indices", meta, rows);
        }

        /** The indices saved by {@link #write}: the same per-width indices, table, chart and summary. */
        public static Indices read(Path file) {
            String[] index = EnsembleIndex.columns(), columns = new String[index.length + 1];
            columns[0] = "width";
            System.arraycopy(index, 0, columns, 1, index.length);
            ResultFile f = ResultFile.read(file, "EnsembleStudy.Indices").expectColumns(columns);
            int[] widths = ints(f, "widths");
            for (int i = 0; i < widths.length; i++) {
                if (widths[i] < 1 || (i > 0 && widths[i] <= widths[i - 1])) {
                    throw f.badMeta("widths", "the widths are increasing and >= 1, the file says " + Arrays.toString(widths));
                }
            }
            int[] width = f.ints("width");
            List<EnsembleIndex> perWidth = new ArrayList<>();
            int row = 0;
            for (int w : widths) {
                int start = row;
                while (row < width.length && width[row] == w) {
                    row++;
                }
                if (row == start) {
                    throw f.badCell(row, "width", (row < width.length ? "width " + width[row] : "the end of the table")
                            + " where the rows of width " + w + " belong (rows lost or reordered?)");
                }
                perWidth.add(EnsembleIndex.from(f, "width " + w + " ", start, row));
            }
            if (row != width.length) {
                throw f.badCell(row, "width", "width " + width[row] + " after the rows of the widths "
                        + Arrays.toString(widths) + " (rows reordered or added?)");
            }
            return new Indices(widths, perWidth);
        }
    }
}
