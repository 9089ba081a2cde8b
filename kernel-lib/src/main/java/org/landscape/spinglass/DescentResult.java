package org.landscape.spinglass;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import org.landscape.display.MimeBundle;
import org.landscape.plot.Figure;
import org.landscape.plot.Result;
import org.landscape.plot.ResultFile;
import org.landscape.stats.Stats;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * Where the walkers of a {@link Descent} ended: energy, steps, whether they converged, and (once computed) the
 * index of the point they reached. Statistics are over the converged walkers (the minima found), energies per
 * coordinate E/Lambda as in the paper's Figure 1. Shows as a histogram of E/Lambda with the band
 * (-E_0, -E_inf) of the asymptotic theory, and a one-line summary; {@link #table()} gives one row per walker.
 * {@link #write} saves that table with the settings; {@link #read} gives back the same result without the end points
 * (Lambda numbers per walker: keep the result in memory to use them).
 */
public final class DescentResult implements Result {
    private final int lambda;
    private final int order;
    private final long glassSeed;
    private final int walkers;
    private final double stepSize;
    private final double tolerance;
    private final int maxSteps;
    private final int[] ids;
    private final double[] energies;
    private final int[] steps;
    private final boolean[] converged;
    private final double[] gradientRms;
    private final int[] index;
    private final double[] smallestEigenvalue;
    private final double[][] points;
    private final double seconds;
    private final long walkerSteps;
    private final double[] minimaPerSite; // E/Lambda of the converged walkers, in walker order

    DescentResult(int lambda, int order, long glassSeed, int walkers, double stepSize, double tolerance, int maxSteps,
                  int[] ids, double[] energies, int[] steps, boolean[] converged, double[] gradientRms, int[] index,
                  double[] smallestEigenvalue, double[][] points, double seconds, long walkerSteps) {
        this.lambda = lambda;
        this.order = order;
        this.glassSeed = glassSeed;
        this.walkers = walkers;
        this.stepSize = stepSize;
        this.tolerance = tolerance;
        this.maxSteps = maxSteps;
        this.ids = ids;
        this.energies = energies;
        this.steps = steps;
        this.converged = converged;
        this.gradientRms = gradientRms;
        this.index = index;
        this.smallestEigenvalue = smallestEigenvalue;
        this.points = points;
        this.seconds = seconds;
        this.walkerSteps = walkerSteps;
        int c = 0;
        for (boolean b : converged) {
            c += b ? 1 : 0;
        }
        minimaPerSite = new double[c];
        for (int i = 0, k = 0; i < energies.length; i++) {
            if (converged[i]) {
                minimaPerSite[k++] = energies[i] / lambda;
            }
        }
    }

    public int size() {
        return lambda;
    }

    public int order() {
        return order;
    }

    /** Walkers asked for. */
    public int walkers() {
        return walkers;
    }

    /** Walkers finished (converged or out of steps). */
    public int finished() {
        return ids.length;
    }

    public int convergedCount() {
        return minimaPerSite.length;
    }

    /** Seconds spent in {@link Descent#run} so far, over all runs. */
    public double seconds() {
        return seconds;
    }

    /** Gradient evaluations (one walker, one step each) done so far. */
    public long walkerSteps() {
        return walkerSteps;
    }

    /** E/Lambda of the converged walkers (the minima found), in walker order. */
    /**
     * A digest of the walkers' numbers (ids, energies, steps, convergence, gradient sizes, indices), to tell two
     * results' bits apart in one line: the same descent run here or in blocks on Spark gives the same digest. Timing
     * is left out; a result read back from its file has the digest of the one that wrote it.
     */
    public String digest() {
        double[] st = new double[steps.length], conv = new double[steps.length], idx = new double[steps.length];
        for (int i = 0; i < steps.length; i++) {
            st[i] = steps[i];
            conv[i] = converged[i] ? 1 : 0;
            idx[i] = index[i];
        }
        return org.landscape.util.Fingerprint.of("descent numbers").add("walkers", java.util.Arrays.toString(ids))
                .add("energies", energies).add("steps", st).add("converged", conv).add("gradient rms", gradientRms)
                .add("indices", idx).add("smallest eigenvalues", smallestEigenvalue).build().digest().substring(0, 16);
    }

    public double[] minimaPerSite() {
        return minimaPerSite.clone();
    }

    /** The finished walkers' numbers. */
    public int[] walkerIds() {
        return ids.clone();
    }

    /** Energies E (not divided by Lambda) of the finished walkers. */
    public double[] energies() {
        return energies.clone();
    }

    public int[] steps() {
        return steps.clone();
    }

    public boolean[] converged() {
        return converged.clone();
    }

    /** |Riemannian gradient| / sqrt(Lambda) where each walker stopped. */
    public double[] gradientRms() {
        return gradientRms.clone();
    }

    /** The index of each finished walker's end point, -1 where not computed (see {@link Descent#computeIndices}). */
    public int[] indices() {
        return index.clone();
    }

    /** The smallest eigenvalue of the Riemannian Hessian where computed, NaN elsewhere. */
    public double[] smallestEigenvalues() {
        return smallestEigenvalue.clone();
    }

    /** The end point of the i-th finished walker (a copy); not available for a result {@link #read} back. */
    public double[] point(int i) {
        if (points == null) {
            throw new IllegalStateException("this result was read from a file, which holds the walkers' energies and "
                    + "indices, not their end points: run the descent again (same seeds, same points) to have them");
        }
        return points[i].clone();
    }

    public int indicesComputed() {
        int c = 0;
        for (int k : index) {
            c += k >= 0 ? 1 : 0;
        }
        return c;
    }

    /** How many computed indices equal {@code k}. */
    public int indexCount(int k) {
        int c = 0;
        for (int i : index) {
            c += i == k ? 1 : 0;
        }
        return c;
    }

    // ---------------------------------------------------------------- statistics of E/Lambda over the minima

    private double[] minima() {
        if (minimaPerSite.length == 0) {
            throw new IllegalStateException("no walker has converged yet: run the descent (or raise maxSteps) first");
        }
        return minimaPerSite;
    }

    public double mean() {
        return Stats.mean(minima());
    }

    /** The sample standard deviation (n - 1 in the denominator). */
    public double std() {
        return Stats.std(minima());
    }

    /** The q-quantile ({@link Stats#quantile}: linear interpolation between order statistics). */
    public double quantile(double q) {
        return Stats.quantile(minima(), q);
    }

    /** The interquartile range, quantile(0.75) - quantile(0.25). */
    public double iqr() {
        return Stats.iqr(minima());
    }

    public double min() {
        return Stats.min(minima());
    }

    public double max() {
        return Stats.max(minima());
    }

    /** The share of the minima with E/Lambda above {@code level} (e.g. -E_inf). */
    public double shareAbove(double level) {
        double[] m = minima();
        return Arrays.stream(m).filter(v -> v > level).count() / (double) m.length;
    }

    /** How many different minima were found: energies equal to 1e-6 per coordinate count as one minimum. */
    public int distinctMinima() {
        return (int) Arrays.stream(minima()).map(v -> Math.round(v * 1e6)).distinct().count();
    }

    /** The most steps a finished walker took. */
    public int maxSteps() {
        return Arrays.stream(steps).max().orElse(0);
    }

    // ---------------------------------------------------------------- display

    /** One row per finished walker. */
    @Override
    public Table table() {
        int n = ids.length;
        double[] perSite = new double[n];
        for (int i = 0; i < n; i++) {
            perSite[i] = energies[i] / lambda;
        }
        return Table.create(String.format(Locale.ROOT, "descent on the %d-spin glass, lambda = %d", order, lambda),
                IntColumn.create("walker", ids.clone()),
                DoubleColumn.create("E", energies.clone()),
                DoubleColumn.create("E/lambda", perSite),
                IntColumn.create("steps", steps.clone()),
                BooleanColumn.create("converged", converged.clone()),
                DoubleColumn.create("|grad_S|/sqrt(lambda)", gradientRms.clone()),
                IntColumn.create("index", index.clone()),
                DoubleColumn.create("smallest eigenvalue", smallestEigenvalue.clone()));
    }

    /** The histogram of E/Lambda over the minima, with the band lines. */
    @Override
    public Figure figure() {
        return SpinGlassCharts.figure(SpinGlassCharts.minimaHistograms("where gradient descent ends, lambda = " + lambda,
                List.of(this), 30), summary());
    }

    @Override
    public String summary() {
        if (minimaPerSite.length == 0) {
            return String.format(Locale.ROOT, "lambda = %d: %d of %d walkers finished, none converged yet", lambda,
                    ids.length, walkers);
        }
        String indices = indicesComputed() == 0 ? "" : String.format(Locale.ROOT, "; index 0 for %d of %d checked",
                indexCount(0), indicesComputed());
        return String.format(Locale.ROOT, "lambda = %d: %d of %d walkers converged (up to %d steps, %.0f s), "
                        + "E/lambda mean %.4f, std %.4f, median %.4f, min %.4f, max %.4f%s",
                lambda, minimaPerSite.length, walkers, maxSteps(), seconds, mean(), std(), quantile(0.5), min(), max(),
                indices);
    }

    static final String[] COLUMNS = {"walker", "E", "E/lambda", "steps", "converged", "|grad_S|/sqrt(lambda)", "index",
            "smallest eigenvalue"};

    /** Saves {@link #table()} with the glass and the descent's settings in its comment lines, for {@link #read}. */
    @Override
    public void write(Path file) {
        ResultFile.write(file, "DescentResult", meta(""), table());
    }

    /** The result saved by {@link #write}: the same walkers, statistics, summary and picture, without end points. */
    public static DescentResult read(Path file) {
        ResultFile f = ResultFile.read(file, "DescentResult").expectColumns(COLUMNS);
        return from(f, "", 0, f.rows());
    }

    /** The settings and costs, as metadata with keys starting {@code prefix} (a study keeps one set per size). */
    Map<String, String> meta(String prefix) {
        return ResultFile.meta(prefix + "lambda", lambda, prefix + "order", order, prefix + "glass seed", glassSeed,
                prefix + "walkers", walkers, prefix + "step size", stepSize, prefix + "tolerance", tolerance,
                prefix + "max steps", maxSteps, prefix + "seconds", seconds, prefix + "walker steps", walkerSteps);
    }

    /** The result in rows {@code from..to-1} of a file of {@link #COLUMNS} (a study's file: more columns before). */
    static DescentResult from(ResultFile f, String prefix, int from, int to) {
        int lambda = f.metaInt(prefix + "lambda");
        if (lambda < 2) {
            throw f.badMeta(prefix + "lambda", "lambda must be >= 2, got " + lambda);
        }
        int[] ids = Arrays.copyOfRange(f.ints("walker"), from, to);
        return new DescentResult(lambda, f.metaInt(prefix + "order"), f.metaLong(prefix + "glass seed"),
                f.metaInt(prefix + "walkers"), f.metaDouble(prefix + "step size"), f.metaDouble(prefix + "tolerance"),
                f.metaInt(prefix + "max steps"), ids, Arrays.copyOfRange(f.doubles("E"), from, to),
                Arrays.copyOfRange(f.ints("steps"), from, to), Arrays.copyOfRange(f.booleans("converged"), from, to),
                Arrays.copyOfRange(f.doubles("|grad_S|/sqrt(lambda)"), from, to),
                Arrays.copyOfRange(f.ints("index"), from, to),
                Arrays.copyOfRange(f.doubles("smallest eigenvalue"), from, to), null, f.metaDouble(prefix + "seconds"),
                f.metaLong(prefix + "walker steps"));
    }

    @Override
    public MimeBundle toMimeBundle() {
        return minimaPerSite.length == 0 ? MimeBundle.text(summary()) : Result.super.toMimeBundle();
    }

    @Override
    public String toString() {
        return summary();
    }
}
