package org.landscape.train;

import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.landscape.display.Displayable;
import org.landscape.display.MimeBundle;
import org.landscape.display.Renderings;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/** What one training run produced: per-epoch losses and accuracies, the trajectory, the final theta, and how it ended. */
public final class TrainingRun implements Displayable {
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

    public Trajectory trajectory() {
        return trajectory;
    }

    public double[] finalParameters() {
        return finalParameters.clone();
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

    /** One row per epoch (0 = before training): losses and accuracies on train and test. */
    public Table history() {
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
    public XYChart plot() {
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

    private static double[] finite(double[] v) {
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
                test, trajectory);
    }

    @Override
    public MimeBundle toMimeBundle() {
        return Renderings.of(plot()).withText(summary());
    }

    @Override
    public String toString() {
        return summary();
    }
}
