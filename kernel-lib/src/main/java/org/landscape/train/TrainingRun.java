package org.landscape.train;

import java.nio.file.Path;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.landscape.plot.Charted;
import org.landscape.plot.ResultFile;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * What one training run produced: per-epoch losses and accuracies, the trajectory, the final theta, and how it ended.
 * Shows as its training curves ({@link #figure()}); {@link #table()} is its history, one row per epoch.
 * {@link #write} saves the history and how the run ended; {@link #read} gives them back, without the trajectory and
 * final parameters (vectors of every parameter, kept by {@code Ensemble}'s run files when needed).
 */
public final class TrainingRun implements Charted {
    private final String name;
    private final double[] trainLoss;
    private final double[] testLoss;
    private final double[] trainAccuracy;
    private final double[] testAccuracy;
    private final Trajectory trajectory;
    private final double[] finalParameters;
    private final String divergence;
    private final boolean stoppedEarly;
    private final double seconds;
    private final boolean fullBatch;
    private String readFrom;       // the file a run read back came from; null for a run trained here (set by read)
    private String trajectoryNote; // the trajectory's description, for a run read back

    TrainingRun(String name, double[] trainLoss, double[] testLoss, double[] trainAccuracy, double[] testAccuracy,
                Trajectory trajectory, double[] finalParameters, String divergence, boolean stoppedEarly, double seconds,
                boolean fullBatch) {
        this.fullBatch = fullBatch;
        this.name = name;
        this.trainLoss = trainLoss;
        this.testLoss = testLoss;
        this.trainAccuracy = trainAccuracy;
        this.testAccuracy = testAccuracy;
        this.trajectory = trajectory;
        this.finalParameters = finalParameters;
        this.divergence = divergence;
        this.stoppedEarly = stoppedEarly;
        this.seconds = seconds;
    }

    private void requireParameters(String what) {
        if (readFrom != null) {
            throw new IllegalStateException(what + " is not in " + readFrom + ": a run's file holds its history, not its "
                    + "parameters; train it again (same seed, same numbers) or keep runs with an Ensemble directory");
        }
    }

    /** Epochs completed (entry 0 of the history is before training). */
    public int epochs() {
        return trainLoss.length - 1;
    }

    public double finalTrainLoss() {
        return trainLoss[trainLoss.length - 1];
    }

    public double finalTestLoss() {
        return testLoss[testLoss.length - 1];
    }

    public double finalTrainAccuracy() {
        return trainAccuracy[trainAccuracy.length - 1];
    }

    public double finalTestAccuracy() {
        return testAccuracy[testAccuracy.length - 1];
    }

    public double[] trainLoss() {
        return trainLoss.clone();
    }

    public double[] testLoss() {
        return testLoss.clone();
    }

    /** The parameters visited (not available for a run {@link #read} back). */
    public Trajectory trajectory() {
        requireParameters("the trajectory");
        return trajectory;
    }

    /** The parameters at the end (not available for a run {@link #read} back). */
    public double[] finalParameters() {
        requireParameters("the final parameters");
        return finalParameters.clone();
    }

    /** The run's name, e.g. its architecture and seed. */
    public String name() {
        return name;
    }

    /** Whether the loss became NaN or infinite; {@link #divergence()} says when. */
    public boolean diverged() {
        return divergence != null;
    }

    public String divergence() {
        return divergence;
    }

    public boolean stoppedEarly() {
        return stoppedEarly;
    }

    public double seconds() {
        return seconds;
    }

    /** One row per epoch (0 = before training): losses and accuracies on train and test (empty where not measured). */
    @Override
    public Table table() {
        int[] epochs = new int[trainLoss.length];
        for (int i = 0; i < epochs.length; i++) {
            epochs[i] = i;
        }
        return Table.create(name, IntColumn.create("epoch", epochs), DoubleColumn.create("train loss", trainLoss),
                DoubleColumn.create("test loss", testLoss), DoubleColumn.create("train accuracy", trainAccuracy),
                DoubleColumn.create("test accuracy", testAccuracy));
    }

    /**
     * Training curves: loss on train and test against epoch (step, for full-batch training), on a log scale:
     * labelled at every decade when the losses span two decades or more, else at every 1..9 x 10^k, so a short
     * range still gets several labels and a long one no overlapping ones.
     */
    @Override
    public XYChart chart() {
        XYChart chart = org.landscape.plot.Plots.xyChart(name, fullBatch ? "step" : "epoch", "loss");
        boolean log = positive(trainLoss) && positive(testLoss);
        chart.getStyler().setYAxisLogarithmic(log).setYAxisLogarithmicDecadeOnly(!log || decades(trainLoss, testLoss) >= 2)
                .setMarkerSize(fullBatch ? 0 : 3);
        double[] x = new double[trainLoss.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        chart.addSeries("train", x, finite(trainLoss));
        if (!Double.isNaN(testLoss[0])) {
            chart.addSeries("test", x, finite(testLoss));
        }
        return chart;
    }

    /** log10(max / min) over the finite values of both curves. */
    private static double decades(double[] a, double[] b) {
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (double[] v : new double[][]{a, b}) {
            for (double x : v) {
                if (Double.isFinite(x) && x > 0) {
                    lo = Math.min(lo, x);
                    hi = Math.max(hi, x);
                }
            }
        }
        return hi > 0 ? Math.log10(hi / lo) : 0;
    }

    private static boolean positive(double[] v) {
        for (double x : v) {
            if (!(x > 0) && !Double.isNaN(x)) {
                return false;
            }
        }
        return true;
    }

    /** v with infinite entries as NaN, which XChart leaves out of a line instead of failing on. */
    static double[] finite(double[] v) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            if (!Double.isFinite(out[i])) {
                out[i] = Double.NaN;
            }
        }
        return out;
    }

    @Override
    public String summary() {
        String end = diverged() ? "DIVERGED " + divergence : stoppedEarly ? "stopped early" : "finished";
        // without a test set there is no test loss to report
        String test = Double.isNaN(testLoss[0]) ? "" : String.format(Locale.ROOT, ", test loss %.4g%s", finalTestLoss(),
                Double.isNaN(finalTestAccuracy()) ? "" : String.format(Locale.ROOT, " (accuracy %.3f)", finalTestAccuracy()));
        return String.format(Locale.ROOT, "%s: %d " + (fullBatch ? "full-batch steps" : "epochs") + " in %.1fs, %s; train loss %.4g -> %.4g%s%s; %s",
                name, epochs(), seconds, end, trainLoss[0], finalTrainLoss(),
                Double.isNaN(finalTrainAccuracy()) ? "" : String.format(Locale.ROOT, " (accuracy %.3f)", finalTrainAccuracy()),
                test, trajectoryText());
    }

    /** Saves {@link #table()} with how the run ended in its comment lines, for {@link #read}. */
    @Override
    public void write(Path file) {
        ResultFile.write(file, "TrainingRun", ResultFile.meta("name", name, "full batch", fullBatch, "seconds", seconds,
                "stopped early", stoppedEarly, "diverged", divergence, "trajectory", trajectoryText()), table());
    }

    /**
     * The run saved by {@link #write}: the same history, ending and summary. Its {@link #trajectory()} and
     * {@link #finalParameters()} are not in the file and say so when asked for.
     */
    public static TrainingRun read(Path file) {
        ResultFile f = ResultFile.read(file, "TrainingRun")
                .expectColumns("epoch", "train loss", "test loss", "train accuracy", "test accuracy");
        if (f.rows() < 1) {
            throw f.badMeta("name", "the history has no rows (epoch 0 is before training)");
        }
        int[] epoch = f.ints("epoch");
        for (int i = 0; i < epoch.length; i++) {
            if (epoch[i] != i) {
                throw f.badCell(i, "epoch", "epoch " + epoch[i] + " where " + i + " belongs (rows reordered?)");
            }
        }
        TrainingRun run = new TrainingRun(f.meta("name"), f.doubles("train loss"), f.doubles("test loss"),
                f.doubles("train accuracy"), f.doubles("test accuracy"), null, null, f.metaOrNull("diverged"),
                f.metaBoolean("stopped early"), f.metaDouble("seconds"), f.metaBoolean("full batch"));
        run.readFrom = f.file().toString();
        run.trajectoryNote = f.metaOrNull("trajectory");
        return run;
    }

    private String trajectoryText() {
        return trajectory != null ? trajectory.toString() : trajectoryNote;
    }

    @Override
    public String toString() {
        return summary();
    }
}
