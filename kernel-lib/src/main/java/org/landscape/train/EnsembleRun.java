package org.landscape.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.landscape.data.Dataset;
import org.landscape.display.Renderings;
import org.landscape.hessian.EnsembleIndex;
import org.landscape.model.Activation;
import org.landscape.model.Architecture;
import org.landscape.model.Loss;
import org.landscape.model.Network;
import org.landscape.plot.Figure;
import org.landscape.plot.Plots;
import org.landscape.plot.Result;
import org.landscape.plot.ResultFile;
import org.landscape.plot.Series;
import org.landscape.stats.Stats;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What an {@link EnsembleTrainer} produced: for every network its seed, its train/test loss and error at the recorded
 * epochs, whether it diverged (and when), and its final parameters as a flat theta in {@link Network}'s layout (for
 * the Hessian tools: {@code Risk.of(run.network(), data)} at {@code run.theta(k)}). Shows as the histogram of the
 * final test losses beside the training curves; {@link #histograms} puts several ensembles (one per width) on one
 * figure, as the paper's Figure 1 (right).
 *
 * <p>{@link #read} gives back every member's seed, losses and errors at the recorded epochs and how it ended, bit for
 * bit; its network and parameters (which {@link EnsembleTrainer#directory} keeps) are not in the file, and
 * {@link #network()}, {@link #theta}, {@link #indices} and {@link #indicesAfter} say so.
 */
public final class EnsembleRun implements Result {
    private final String name;
    private final EnsembleState state; // null for a run read back: the networks' parameters are not in its file
    private final String settings;
    private final double seconds;
    private final int resumedAt;
    // what the summary, table and figures need, from the state or from a file
    private final Architecture architecture;
    private final Activation activation;
    private final Loss loss;
    private final int networks;
    private final long[] seeds;
    private final int[] recorded;
    private final double[] trainLoss, testLoss, trainError, testError; // [network * R + record]
    private final String[] divergence;
    private final int[] divergedAt;
    private final boolean testSet;
    private String readFrom; // the file a run read back came from (set by read)

    EnsembleRun(String name, EnsembleState state, String settings, double seconds, int resumedAt) {
        this(name, state, settings, seconds, resumedAt, state.template.architecture(), state.template.activation(),
                state.template.lossKind(), IntStream.range(0, state.networks).mapToLong(state::seed).toArray(),
                state.recorded, state.trainLoss, state.testLoss, state.trainError, state.testError, state.divergence,
                state.divergedAt, state.mTest > 0);
    }

    private EnsembleRun(String name, EnsembleState state, String settings, double seconds, int resumedAt,
                        Architecture architecture, Activation activation, Loss loss, long[] seeds, int[] recorded,
                        double[] trainLoss, double[] testLoss, double[] trainError, double[] testError,
                        String[] divergence, int[] divergedAt, boolean testSet) {
        this.name = name;
        this.state = state;
        this.settings = settings;
        this.seconds = seconds;
        this.resumedAt = resumedAt;
        this.architecture = architecture;
        this.activation = activation;
        this.loss = loss;
        this.networks = seeds.length;
        this.seeds = seeds;
        this.recorded = recorded;
        this.trainLoss = trainLoss;
        this.testLoss = testLoss;
        this.trainError = trainError;
        this.testError = testError;
        this.divergence = divergence;
        this.divergedAt = divergedAt;
        this.testSet = testSet;
    }

    /** Refuses, for a run read back, what needs the networks or their parameters. */
    private void requireState(String what) {
        if (state == null) {
            throw new IllegalStateException(what + " is not in " + readFrom + ": an ensemble run's file holds every "
                    + "member's losses and errors, not the network or the members' parameters; train it again (same "
                    + "seeds, same numbers), with EnsembleTrainer.directory(dir) to keep the whole run");
        }
    }

    public String name() {
        return name;
    }

    public int networks() {
        return networks;
    }

    /**
     * The network all members share (architecture, activation, loss, biases); its own theta is not a member's. Not
     * available for a run {@link #read} back.
     */
    public Network network() {
        requireState("the ensemble's network");
        return state.template;
    }

    /** A new network holding member {@code k}'s final parameters. */
    public Network network(int k) {
        check(k);
        requireState("member " + k + "'s network");
        Network net = state.template.copy();
        net.setParameters(theta(k));
        return net;
    }

    /**
     * Member k's final parameters (its last completed epoch, for a diverged member) in {@link Network}'s layout. Not
     * available for a run {@link #read} back.
     */
    public double[] theta(int k) {
        check(k);
        requireState("member " + k + "'s parameters");
        return state.theta(k);
    }

    public long seed(int k) {
        check(k);
        return seeds[k];
    }

    /** The epochs at which losses and errors were recorded (0 = before training, always, and the last). */
    public int[] recordedEpochs() {
        return recorded.clone();
    }

    public double[] trainLoss(int k) {
        return row(trainLoss, k);
    }

    public double[] testLoss(int k) {
        return row(testLoss, k);
    }

    /** The fraction of misclassified examples (NaN for one output) at the recorded epochs. */
    public double[] trainError(int k) {
        return row(trainError, k);
    }

    public double[] testError(int k) {
        return row(testError, k);
    }

    public boolean diverged(int k) {
        check(k);
        return divergence[k] != null;
    }

    /** How member k diverged, or null. */
    public String divergence(int k) {
        check(k);
        return divergence[k];
    }

    public int divergedCount() {
        int d = 0;
        for (int k = 0; k < networks; k++) {
            d += divergence[k] != null ? 1 : 0;
        }
        return d;
    }

    /**
     * A digest of this run's numbers (every network's recorded losses and errors, its seed, and where it diverged),
     * to tell two runs' bits apart in one line: the same ensemble trained here or in blocks on Spark gives the same
     * digest. The time it took is left out; a run read back from its file has the digest of the run that wrote it.
     */
    public String digest() {
        return org.landscape.util.Fingerprint.of("ensemble numbers").add("seeds", java.util.Arrays.toString(seeds))
                .add("epochs", java.util.Arrays.toString(recorded)).add("train loss", trainLoss)
                .add("test loss", testLoss).add("train error", trainError).add("test error", testError)
                .add("diverged at", java.util.Arrays.toString(divergedAt)).build().digest().substring(0, 16);
    }

    /** The last recorded train loss of every member that did not diverge, in member order. */
    public double[] finalTrainLosses() {
        return finals(trainLoss);
    }

    public double[] finalTestLosses() {
        return finals(testLoss);
    }

    public double[] finalTrainErrors() {
        return finals(trainError);
    }

    public double[] finalTestErrors() {
        return finals(testError);
    }

    /** Seconds this call took (training after a resume counts only what it did). */
    public double seconds() {
        return seconds;
    }

    /** The epoch the slowest member had reached in the saved state this call resumed from (0: a fresh start). */
    public int resumedAt() {
        return resumedAt;
    }

    public boolean hasTestSet() {
        return testSet;
    }

    /**
     * The index of every member that did not diverge (P5): Hessian eigenvalues of the loss on {@code data} (the
     * training set) below -0.001, dense or by Lanczos by {@link EnsembleIndex}'s rule, with |grad| and residuals.
     */
    public EnsembleIndex indices(Dataset data) {
        return indices(data, EnsembleIndex.settings());
    }

    /** The same with other settings, e.g. {@code EnsembleIndex.settings().denseLimit(0).smallest(10)}. */
    public EnsembleIndex indices(Dataset data, EnsembleIndex.Settings settings) {
        return indices(data, settings, networks());
    }

    /** The same for the first {@code count} members that did not diverge (Lanczos on large networks takes time). */
    public EnsembleIndex indices(Dataset data, EnsembleIndex.Settings settings, int count) {
        if (settings == null) {
            throw new IllegalArgumentException("settings must not be null: use EnsembleIndex.settings()");
        }
        requireState("the members' parameters (for their index)");
        int[] members = firstMembers(count, "take the index of");
        double[][] thetas = Arrays.stream(members).mapToObj(this::theta).toArray(double[][]::new);
        return settings.of(name, state.template, data, thetas, members);
    }

    /**
     * The index of the first {@code count} members that did not diverge after each was trained further by
     * {@code descent} on {@code data} (e.g. {@code Trainer.gradientDescent(0.5).steps(4000)}): SGD stops where its
     * learning rate has decayed, not at a critical point (|grad| is read beside the index), so a full-batch descent
     * from its end points tells what kind of point it was heading for. The members' own parameters are unchanged.
     */
    public EnsembleIndex indicesAfter(Trainer descent, Dataset data, EnsembleIndex.Settings settings, int count) {
        if (descent == null || data == null || settings == null) {
            throw new IllegalArgumentException((descent == null ? "descent (e.g. Trainer.gradientDescent(0.5).steps(4000))"
                    : data == null ? "data (the training set)" : "settings (e.g. EnsembleIndex.settings())") + " must not be null");
        }
        requireState("the members' parameters (to train them further)");
        int[] members = firstMembers(count, "refine");
        double[][] thetas = new double[members.length][];
        try (org.landscape.display.Progress bar = org.landscape.display.Progress.start(name + ": descent from the end points",
                members.length)) {
            for (int i = 0; i < members.length; i++) {
                Network net = network(members[i]);
                descent.progress(false).name(name + ", member " + members[i]).train(net, data);
                thetas[i] = net.parameters();
                bar.step();
            }
        }
        return settings.of(name + " after further training", state.template, data, thetas, members);
    }

    /** The first {@code count} members that did not diverge; refused when there is none to {@code use}. */
    private int[] firstMembers(int count, String use) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1 network, got " + count);
        }
        int[] members = IntStream.range(0, networks).filter(k -> divergence[k] == null).limit(count).toArray();
        if (members.length == 0) {
            throw new IllegalArgumentException(name + ": every member diverged, there is no solution to " + use);
        }
        return members;
    }

    /** The width of the first hidden layer (the input width for a network without hidden layers). */
    public int width() {
        int[] w = architecture.widths();
        return w.length > 2 ? w[1] : w[0];
    }

    private void check(int k) {
        if (k < 0 || k >= networks()) {
            throw new IllegalArgumentException("member must be in 0.." + (networks() - 1) + ", got " + k);
        }
    }

    private double[] row(double[] values, int k) {
        check(k);
        int r = recorded.length;
        return Arrays.copyOfRange(values, k * r, k * r + r);
    }

    private double[] finals(double[] values) {
        int r = recorded.length;
        double[] out = new double[networks - divergedCount()];
        int i = 0;
        for (int k = 0; k < networks; k++) {
            if (divergence[k] == null) {
                out[i++] = values[k * r + r - 1];
            }
        }
        return out;
    }

    /**
     * One row per member: width, seed, final train/test loss and error (the last epoch; NaN for a member that
     * diverged), diverged, and at which epoch.
     */
    @Override
    public Table table() {
        int r = recorded.length, n = networks;
        IntColumn member = IntColumn.create("network"), width = IntColumn.create("width"), at = IntColumn.create("diverged at epoch");
        LongColumn seed = LongColumn.create("seed");
        DoubleColumn trainL = DoubleColumn.create("train loss"), testL = DoubleColumn.create("test loss"),
                trainE = DoubleColumn.create("train error"), testE = DoubleColumn.create("test error");
        BooleanColumn diverged = BooleanColumn.create("diverged");
        for (int k = 0; k < n; k++) {
            member.append(k);
            width.append(width());
            seed.append(seeds[k]);
            trainL.append(trainLoss[k * r + r - 1]);
            testL.append(testLoss[k * r + r - 1]);
            trainE.append(trainError[k * r + r - 1]);
            testE.append(testError[k * r + r - 1]);
            diverged.append(divergence[k] != null);
            at.append(divergence[k] != null ? divergedAt[k] : 0);
        }
        return Table.create(name, member, width, seed, trainL, testL, trainE, testE, diverged, at);
    }

    /** One row per member and recorded epoch: the training curves. */
    public Table history() {
        int r = recorded.length;
        IntColumn member = IntColumn.create("network"), epoch = IntColumn.create("epoch");
        DoubleColumn trainL = DoubleColumn.create("train loss"), testL = DoubleColumn.create("test loss"),
                trainE = DoubleColumn.create("train error"), testE = DoubleColumn.create("test error");
        for (int k = 0; k < networks; k++) {
            for (int i = 0; i < r; i++) {
                member.append(k);
                epoch.append(recorded[i]);
                trainL.append(trainLoss[k * r + i]);
                testL.append(testLoss[k * r + i]);
                trainE.append(trainError[k * r + i]);
                testE.append(testError[k * r + i]);
            }
        }
        return Table.create(name + ": history", member, epoch, trainL, testL, trainE, testE);
    }

    private static final String[] COLUMNS = {"network", "epoch", "seed", "train loss", "test loss", "train error",
            "test error", "diverged", "diverged at epoch", "divergence"};

    /**
     * Saves every member at every recorded epoch (its {@link #history()} with its seed and how it ended, so
     * {@link #table()} is its last epochs) and what the summary says of the network and the training, for
     * {@link #read}; not the parameters.
     */
    @Override
    public void write(Path file) {
        int r = recorded.length;
        IntColumn member = IntColumn.create(COLUMNS[0]), epoch = IntColumn.create(COLUMNS[1]),
                at = IntColumn.create(COLUMNS[8]);
        LongColumn seed = LongColumn.create(COLUMNS[2]);
        DoubleColumn trainL = DoubleColumn.create(COLUMNS[3]), testL = DoubleColumn.create(COLUMNS[4]),
                trainE = DoubleColumn.create(COLUMNS[5]), testE = DoubleColumn.create(COLUMNS[6]);
        BooleanColumn diverged = BooleanColumn.create(COLUMNS[7]);
        StringColumn how = StringColumn.create(COLUMNS[9]);
        for (int k = 0; k < networks; k++) {
            for (int i = 0; i < r; i++) {
                member.append(k);
                epoch.append(recorded[i]);
                seed.append(seeds[k]);
                trainL.append(trainLoss[k * r + i]);
                testL.append(testLoss[k * r + i]);
                trainE.append(trainError[k * r + i]);
                testE.append(testError[k * r + i]);
                diverged.append(divergence[k] != null);
                at.append(divergence[k] != null ? divergedAt[k] : 0);
                how.append(divergence[k] == null ? "" : divergence[k]);
            }
        }
        ResultFile.write(file, "EnsembleRun", ResultFile.meta("name", name, "architecture", architecture,
                "activation", activation.name(), "loss", loss.name(), "test set", testSet, "settings", settings,
                "seconds", seconds, "resumed at epoch", resumedAt), Table.create(name + ": members at the recorded "
                + "epochs", member, epoch, seed, trainL, testL, trainE, testE, diverged, at, how));
    }

    /**
     * The run saved by {@link #write}: the same members, seeds, losses and errors at the recorded epochs, summary,
     * table and figure. The network and the members' parameters are not in the file: {@link #network()},
     * {@link #theta}, {@link #indices} and {@link #indicesAfter} say so. A damaged file (rows out of order, a member
     * whose rows disagree, an error rate outside [0, 1]) is refused naming its line.
     */
    public static EnsembleRun read(Path file) {
        ResultFile f = ResultFile.read(file, "EnsembleRun").expectColumns(COLUMNS);
        int rows = f.rows();
        if (rows == 0) {
            throw f.badCell(0, COLUMNS[0], "no rows: an ensemble has at least one network, each at epoch 0");
        }
        int[] member = f.ints(COLUMNS[0]), epoch = f.ints(COLUMNS[1]), at = f.ints(COLUMNS[8]);
        long[] seed = f.longs(COLUMNS[2]);
        boolean[] diverged = f.booleans(COLUMNS[7]);
        String[] how = f.strings(COLUMNS[9]);
        int r = 0;
        while (r < rows && member[r] == 0) {
            r++;
        }
        if (r == 0 || rows % r != 0) {
            throw f.badCell(r == 0 ? 0 : rows - 1, COLUMNS[0], "every network has a row at each recorded epoch, in "
                    + "order, network 0 first; " + rows + " rows do not make whole networks of " + r + " epochs");
        }
        int[] recorded = Arrays.copyOf(epoch, r);
        for (int i = 0; i < r; i++) {
            if (i == 0 ? recorded[0] != 0 : recorded[i] <= recorded[i - 1]) {
                throw f.badCell(i, COLUMNS[1], "the recorded epochs start at 0 and increase, here " + recorded[i]
                        + (i == 0 ? "" : " after " + recorded[i - 1]));
            }
        }
        int n = rows / r;
        long[] seeds = new long[n];
        String[] divergence = new String[n];
        int[] divergedAt = new int[n];
        for (int i = 0; i < rows; i++) {
            int k = i / r;
            if (member[i] != k) {
                throw f.badCell(i, COLUMNS[0], "network " + member[i] + " where network " + k + " belongs (each network "
                        + "has " + r + " rows, one per recorded epoch; rows reordered?)");
            }
            if (epoch[i] != recorded[i % r]) {
                throw f.badCell(i, COLUMNS[1], "epoch " + epoch[i] + " where the recorded epoch " + recorded[i % r]
                        + " belongs");
            }
            if (diverged[i] == how[i].isEmpty()) {
                throw f.badCell(i, COLUMNS[7], diverged[i] + " but divergence '" + how[i] + "': a network that diverged "
                        + "says how, one that did not has no divergence");
            }
            if (i % r == 0) {
                seeds[k] = seed[i];
                divergence[k] = diverged[i] ? how[i] : null;
                divergedAt[k] = at[i];
            } else {
                String differs = seed[i] != seeds[k] ? COLUMNS[2] : at[i] != divergedAt[k] ? COLUMNS[8]
                        : !how[i].equals(divergence[k] == null ? "" : divergence[k]) ? COLUMNS[9] : null;
                if (differs != null) {
                    throw f.badCell(i, differs, "network " + k + " has another " + differs + " on its first row: a "
                            + "network's rows agree on it");
                }
            }
        }
        double[] trainError = errors(f, COLUMNS[5]), testError = errors(f, COLUMNS[6]);
        int resumedAt = f.metaInt("resumed at epoch");
        if (resumedAt < 0 || resumedAt > recorded[r - 1]) {
            throw f.badMeta("resumed at epoch", "between 0 and the last recorded epoch, " + recorded[r - 1] + ", not "
                    + resumedAt);
        }
        EnsembleRun run = new EnsembleRun(f.meta("name"), null, f.meta("settings"), f.metaDouble("seconds"), resumedAt,
                architecture(f), named(f, "activation", Activation.class), named(f, "loss", Loss.class), seeds,
                recorded, f.doubles(COLUMNS[3]), f.doubles(COLUMNS[4]), trainError, testError, divergence, divergedAt,
                f.metaBoolean("test set"));
        run.readFrom = f.file().toString();
        return run;
    }

    private static double[] errors(ResultFile f, String column) {
        double[] v = f.doubles(column);
        for (int i = 0; i < v.length; i++) {
            if (v[i] < 0 || v[i] > 1) {
                throw f.badCell(i, column, "an error rate is a fraction in [0, 1], not " + v[i]);
            }
        }
        return v;
    }

    /** The architecture as written, e.g. "(3-4-1)". */
    private static Architecture architecture(ResultFile f) {
        try {
            return Architecture.parse(f.meta("architecture"));
        } catch (IllegalArgumentException e) {
            throw f.badMeta("architecture", e.getMessage());
        }
    }

    private static <E extends Enum<E>> E named(ResultFile f, String key, Class<E> type) {
        String text = f.meta(key);
        try {
            return Enum.valueOf(type, text);
        } catch (IllegalArgumentException e) {
            throw f.badMeta(key, "'" + text + "' is not one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    /** The histogram of the final test losses (train losses without a test set) beside the training curves. */
    @Override
    public Figure figure() {
        return Figure.row(histograms(name, 0, this), curves());
    }

    /**
     * The median, 10% and 90% quantiles over the members that did not diverge of the train (and test) loss at each
     * recorded epoch.
     */
    public Figure curves() {
        XYChart chart = Plots.xyChart(name + ": training curves", "epoch", "loss (median, 10% and 90% of members)");
        double[] x = Arrays.stream(recorded).asDoubleStream().toArray();
        boolean log = true;
        String[] which = hasTestSet() ? new String[]{"train", "test"} : new String[]{"train"};
        int colour = 0;
        for (String w : which) {
            double[][] q = new double[3][];
            for (int j = 0; j < 3; j++) {
                q[j] = lossQuantiles(w.equals("test"), new double[]{0.1, 0.5, 0.9}[j]);
                log &= Arrays.stream(q[j]).noneMatch(v -> v <= 0);
            }
            java.awt.Color c = Plots.PALETTE[colour++];
            chart.addSeries(w + " (median)", x, q[1]).setMarkerColor(c).setLineColor(c);
            chart.addSeries(w + " 10%", x, q[0]).setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE)
                    .setLineColor(c).setLineStyle(org.landscape.plot.Theme.DASHED);
            chart.addSeries(w + " 90%", x, q[2]).setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE)
                    .setLineColor(c).setLineStyle(org.landscape.plot.Theme.DASHED);
        }
        chart.getStyler().setYAxisLogarithmic(log).setLegendPosition(Styler.LegendPosition.InsideNE);
        return new Figure(Renderings.chartImage(chart), "training curves of " + name);
    }

    /**
     * The q-quantile over the members that did not diverge of the train (or test) loss at each recorded epoch
     * ({@link #recordedEpochs()}); NaN at an epoch where no member has a finite loss.
     */
    public double[] lossQuantiles(boolean test, double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("q must be in [0, 1], e.g. 0.5 for the median, got " + q);
        }
        if (test && !hasTestSet()) {
            throw new IllegalArgumentException(name + " was trained without a test set: give the trainer test(data)");
        }
        int r = recorded.length;
        double[] values = test ? testLoss : trainLoss, out = new double[r];
        for (int i = 0; i < r; i++) {
            int epoch = i;
            double[] a = IntStream.range(0, networks).filter(k -> divergence[k] == null)
                    .mapToDouble(k -> values[k * r + epoch]).filter(Double::isFinite).toArray();
            out[i] = a.length == 0 ? Double.NaN : Stats.quantile(a, q);
        }
        return out;
    }

    /**
     * Histograms of the final test losses (train losses for ensembles without a test set) of several ensembles, one
     * outline per ensemble (e.g. one per width), on a shared range: the paper's Figure 1 (right), unscaled.
     * {@code bins} 0 chooses about sqrt(members), between 10 and 40.
     */
    public static Figure histograms(String title, int bins, EnsembleRun... runs) {
        if (runs == null || runs.length == 0) {
            throw new IllegalArgumentException("histograms needs at least one ensemble");
        }
        if (bins < 0) {
            throw new IllegalArgumentException("bins must be >= 1, or 0 to choose, got " + bins);
        }
        List<Series> series = new ArrayList<>();
        int most = 0;
        boolean test = true;
        for (EnsembleRun run : runs) {
            test &= run.hasTestSet();
        }
        for (EnsembleRun run : runs) {
            double[] v = test ? run.finalTestLosses() : run.finalTrainLosses();
            if (v.length == 0) {
                throw new IllegalArgumentException(run.name + ": every member diverged, there is no loss to draw");
            }
            most = Math.max(most, v.length);
            series.add(Series.values(run.name, v));
        }
        int b = bins > 0 ? bins : Math.max(10, Math.min(40, (int) Math.round(Math.sqrt(most))));
        XYChart chart = Plots.histogram(title, "final " + (test ? "test" : "train") + " loss", b, series.toArray(new Series[0]));
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        StringBuilder caption = new StringBuilder();
        for (EnsembleRun run : runs) {
            double[] v = test ? run.finalTestLosses() : run.finalTrainLosses();
            caption.append(caption.length() == 0 ? "" : "; ").append(String.format(Locale.ROOT, "%s: mean %.4g, std %.3g",
                    run.name, Stats.mean(v), v.length > 1 ? Stats.std(v) : 0.0));
        }
        return new Figure(Renderings.chartImage(chart), caption.toString());
    }

    @Override
    public String summary() {
        double[] test = hasTestSet() ? finalTestLosses() : finalTrainLosses();
        double[] train = finalTrainLosses();
        String spread = test.length == 0 ? "every member diverged" : String.format(Locale.ROOT,
                "final %s loss mean %.4g, std %.3g, from %.4g to %.4g", hasTestSet() ? "test" : "train",
                Stats.mean(test), test.length > 1 ? Stats.std(test) : 0.0, Stats.min(test), Stats.max(test));
        String corr = hasTestSet() && train.length > 2 ? String.format(Locale.ROOT, ", train-test Pearson r %.3f",
                Stats.pearson(train, test)) : "";
        return String.format(Locale.ROOT, "%s: %d networks %s (%s), %s, in %.1fs%s; %d diverged; %s%s", name,
                networks, architecture, activation.name().toLowerCase(Locale.ROOT)
                        + ", " + loss.name().toLowerCase(Locale.ROOT).replace('_', '-') + " loss",
                settings, seconds, resumedAt > 0 ? " (resumed at epoch " + resumedAt + ")" : "", divergedCount(),
                spread, corr);
    }

    @Override
    public String toString() {
        return summary();
    }
}
