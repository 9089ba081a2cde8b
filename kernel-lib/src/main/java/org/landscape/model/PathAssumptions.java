package org.landscape.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.landscape.display.Progress;
import org.landscape.display.Renderings;
import org.landscape.plot.Figure;
import org.landscape.plot.Plots;
import org.landscape.plot.Result;
import org.landscape.plot.ResultFile;
import org.landscape.plot.Series;
import org.landscape.stats.Stats;
import org.landscape.util.Memory;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * How far a network on a sample is from the independence assumptions of Choromanska et al. (section 3): A5u, each
 * path's activation A_i is independent of its input X_i, and A6u, the inputs X_i of different paths are
 * independent. The randomness is the data's: every statistic is over the examples of the sample, with a basic
 * bootstrap interval over the examples ({@link Stats#bootstrap}); the network is fixed.
 *
 * <p><b>A5u.</b> Per path, Pearson's correlation across examples between A_i and X_i (paths whose input or activation
 * is constant on the sample, e.g. a blank border pixel or a dead unit, have none and are left out); their mean and
 * root mean square; the share of paths whose |correlation| exceeds what 99% of shuffles give; and the correlation of
 * A and X pooled over all (path, example) pairs. Independence gives 0 for the mean and the pooled figure; for the
 * root mean square it gives ~1/sqrt(m) on m examples, and the exact value is measured by shuffling the examples'
 * activations against their inputs ({@link Stats#permutationNull}: independent by construction, with everything
 * else kept).
 *
 * <p><b>A6u.</b> The share of paths that share their input with another path (a fully connected network: all of
 * them, each input feeding Psi/d_0 paths; independence: 0); the mean correlation between the inputs of two distinct
 * paths drawn at random (independence: 0); and the effective number of independent path inputs, (sum of the
 * eigenvalues)^2 / (sum of their squares) of the paths' input correlation matrix (independence: the number of paths;
 * paths that share inputs cannot exceed the number of inputs).
 *
 * <p>Paths are grouped by their (input, hidden route): the paths of one group differ only in the output unit and
 * have the same X and A, so means over groups are means over paths.
 *
 * <p>Computed once, when made (with a progress bar; an interrupted computation starts over), then immutable: safe to
 * read from several threads.
 *
 * <p>{@link #read} gives back every statistic, interval and sample the methods, summary, table and figure show (not
 * the examples they were measured on, which nothing needs afterwards), and refuses a file whose numbers disagree.
 */
public final class PathAssumptions implements Result {
    /** Shuffles of the activations for the A5u null. */
    static final int PERMUTATIONS = 40;

    private final int m;
    private final int d0;
    private final int routes;
    private final int outputs;
    private final long paths;
    // what the statistics are computed from; null when read back (see read)
    private final double[][] x;   // [r][i]
    private final double[][] a;   // [r][s]
    private final int[] identity;
    private final boolean[] liveInput;
    private final boolean[] liveRoute;
    private final int liveInputs;
    private final int liveRoutes;
    private final double[] rates;  // activation rate per route
    private final double[] correlations;      // per live (input, route) group
    private final double[] nullCorrelations;  // the same after one shuffle
    private final double[] nullRms;
    private final double threshold;           // 99th percentile of |r| over all shuffles
    private final Stats.Interval pooled, mean, rms, dependentShare, pairCorrelation, effective;
    private final double shared;
    private final double[] inputCorrelations, nullInputCorrelations; // distinct live input pairs
    private final int resamples;
    private final double level;

    PathAssumptions(PathSum sum, int resamples, double level, long seed) {
        this(sum.inputRows(), sum.routeRows(), sum.paths().widths()[sum.paths().widths().length - 1], resamples, level,
                seed);
    }

    /**
     * From the examples' inputs x[r][i] and route activations a[r][s] (the product of the gates along hidden route s)
     * of a network with {@code outputs} output units: Psi = d_0 x routes x outputs paths.
     */
    PathAssumptions(double[][] x, double[][] a, int outputs, int resamples, double level, long seed) {
        if (x == null || a == null || x.length != a.length || x.length < 3) {
            throw new IllegalArgumentException("inputs and activations need the same >= 3 examples");
        }
        if (resamples < 20) {
            throw new IllegalArgumentException("resamples must be >= 20 (use 1000 for a 95% interval), got " + resamples);
        }
        this.m = x.length;
        this.d0 = x[0].length;
        this.routes = a[0].length;
        this.outputs = outputs;
        this.paths = (long) d0 * routes * outputs;
        this.x = x;
        this.a = a;
        this.resamples = resamples;
        this.level = level;
        Memory.require(Double.BYTES * (3L * d0 * routes + 2L * d0 * d0) * Math.max(1, Runtime.getRuntime().availableProcessors()),
                "the path statistics of " + d0 + " inputs x " + routes + " hidden routes",
                "use narrower hidden layers or fewer of them");
        liveInput = new boolean[d0];
        liveRoute = new boolean[routes];
        int li = 0, lr = 0;
        for (int i = 0; i < d0; i++) {
            liveInput[i] = varies(x, i);
            li += liveInput[i] ? 1 : 0;
        }
        rates = new double[routes];
        for (int s = 0; s < routes; s++) {
            liveRoute[s] = varies(a, s);
            lr += liveRoute[s] ? 1 : 0;
            double t = 0;
            for (double[] row : a) {
                t += row[s];
            }
            rates[s] = t / m;
        }
        liveInputs = li;
        liveRoutes = lr;
        if (liveInputs == 0) {
            throw new IllegalArgumentException("every input is constant on these " + m + " examples: there is no dependence to measure");
        }
        identity = new int[m];
        for (int r = 0; r < m; r++) {
            identity[r] = r;
        }
        double[] ones = new double[m];
        java.util.Arrays.fill(ones, 1);
        correlations = groupCorrelations(ones, identity);
        // one step per evaluation: the shuffles, then the A5u and the A6u resamples
        Progress progress = Progress.start("paths' A5u/A6u statistics: shuffles and resamples", PERMUTATIONS + 2L * resamples);
        try (progress) {
            double[][] nulls = Stats.permutationNull(m, perm -> stepped(progress, groupCorrelations(ones, perm)), PERMUTATIONS, seed + 1);
            nullCorrelations = nulls[0];
            nullRms = new double[PERMUTATIONS];
            List<Double> all = new ArrayList<>();
            for (int b = 0; b < PERMUTATIONS; b++) {
                nullRms[b] = rms(nulls[b]);
                for (double r : nulls[b]) {
                    all.add(Math.abs(r));
                }
            }
            threshold = correlations.length == 0 ? Double.NaN
                    : Stats.quantile(all.stream().mapToDouble(Double::doubleValue).toArray(), 0.99);
            Stats.Interval[] a5u = correlations.length == 0 ? null : Stats.bootstrapAll(m, w -> stepped(progress, a5u(w)), resamples, level, seed);
            pooled = a5u == null ? null : a5u[0];
            mean = a5u == null ? null : a5u[1];
            rms = a5u == null ? null : a5u[2];
            dependentShare = a5u == null ? null : a5u[3];
            shared = sharedShare(routes, outputs);
            Stats.Interval[] a6u = Stats.bootstrapAll(m, w -> stepped(progress, a6u(inputCorrelations(x, w))), resamples, level, seed + 2);
            pairCorrelation = a6u[0];
            effective = a6u[1];
        }
        inputCorrelations = offDiagonal(inputCorrelations(x, ones));
        double[][] shuffled = new double[m][d0];
        for (int i = 0; i < d0; i++) {
            int[] perm = Stats.permutation(m, seed + 3, i);
            for (int r = 0; r < m; r++) {
                shuffled[r][i] = x[perm[r]][i];
            }
        }
        nullInputCorrelations = offDiagonal(inputCorrelations(shuffled, ones));
    }

    /** Statistics read back from a file (see {@link #read}): the numbers, without the examples. */
    private PathAssumptions(int m, int d0, int routes, int outputs, int liveInputs, int liveRoutes, int resamples,
                            double level, double threshold, double[][] samples, Stats.Interval[] intervals) {
        this.m = m;
        this.d0 = d0;
        this.routes = routes;
        this.outputs = outputs;
        this.paths = (long) d0 * routes * outputs;
        this.liveInputs = liveInputs;
        this.liveRoutes = liveRoutes;
        this.resamples = resamples;
        this.level = level;
        this.threshold = threshold;
        this.x = null;
        this.a = null;
        this.identity = null;
        this.liveInput = null;
        this.liveRoute = null;
        this.rates = samples[0];
        this.correlations = samples[1];
        this.nullCorrelations = samples[2];
        this.nullRms = samples[3];
        this.inputCorrelations = samples[4];
        this.nullInputCorrelations = samples[5];
        this.pooled = intervals[0];
        this.mean = intervals[1];
        this.rms = intervals[2];
        this.dependentShare = intervals[3];
        this.pairCorrelation = intervals[4];
        this.effective = intervals[5];
        this.shared = sharedShare(routes, outputs);
    }

    /** Every input feeds the same Psi / d_0 paths: all of them share it, or (one path per input) none. */
    private static double sharedShare(int routes, int outputs) {
        return (long) routes * outputs >= 2 ? 1.0 : 0.0;
    }

    /** Counts one evaluation on the bar (from the parallel workers, one at a time). */
    private static double[] stepped(Progress progress, double[] values) {
        synchronized (progress) {
            progress.step();
        }
        return values;
    }

    private static boolean varies(double[][] rows, int column) {
        double first = rows[0][column];
        for (double[] row : rows) {
            if (row[column] != first) {
                return true;
            }
        }
        return false;
    }

    /**
     * Per live (input, route) group, the weighted correlation between A_s(perm[r]) and X_i(r) over the examples
     * (perm = identity: the network's own pairing; a shuffle: independence by construction).
     */
    private double[] groupCorrelations(double[] w, int[] perm) {
        return groupCorrelations(weightedSums(w, perm));
    }

    private double[] groupCorrelations(double[][] sums) {
        double[] sx = sums[0], sxx = sums[1], sa = sums[2], saa = sums[3], sax = sums[4];
        double sw = sums[5][0];
        double[] r = new double[liveInputs * liveRoutes];
        int g = 0;
        for (int i = 0; i < d0; i++) {
            if (!liveInput[i]) {
                continue;
            }
            double vx = sw * sxx[i] - sx[i] * sx[i];
            for (int s = 0; s < routes; s++) {
                if (!liveRoute[s]) {
                    continue;
                }
                double va = sw * saa[s] - sa[s] * sa[s];
                double c = sw * sax[i * routes + s] - sx[i] * sa[s];
                r[g++] = vx > 0 && va > 0 ? c / Math.sqrt(vx * va) : 0;
            }
        }
        return r;
    }

    /** sum w x, sum w x^2 per input; sum w a, sum w a^2 per route; sum w x a per (input, route); sum w. */
    private double[][] weightedSums(double[] w, int[] perm) {
        double[] sx = new double[d0], sxx = new double[d0], sa = new double[routes], saa = new double[routes];
        double[] sax = new double[d0 * routes];
        double sw = 0;
        for (int r = 0; r < m; r++) {
            if (w[r] == 0) {
                continue;
            }
            sw += w[r];
            double[] xr = x[r], ar = a[perm[r]];
            for (int s = 0; s < routes; s++) {
                sa[s] += w[r] * ar[s];
                saa[s] += w[r] * ar[s] * ar[s];
            }
            for (int i = 0; i < d0; i++) {
                double wx = w[r] * xr[i];
                if (wx == 0) {
                    continue;
                }
                sx[i] += wx;
                sxx[i] += wx * xr[i];
                int base = i * routes;
                for (int s = 0; s < routes; s++) {
                    sax[base + s] += wx * ar[s];
                }
            }
        }
        return new double[][]{sx, sxx, sa, saa, sax, {sw}};
    }

    /** pooled r, mean r, RMS r and the share of groups beyond the null threshold, on the resample w. */
    private double[] a5u(double[] w) {
        double[][] sums = weightedSums(w, identity);
        double[] sx = sums[0], sxx = sums[1], sa = sums[2], saa = sums[3], sax = sums[4];
        double sw = sums[5][0];
        // pooled over every (path, example) pair: each (input, route) group has `outputs` identical paths
        double n = sw * d0 * routes, tx = 0, txx = 0, ta = 0, taa = 0, tax = 0;
        for (int i = 0; i < d0; i++) {
            tx += routes * sx[i];
            txx += routes * sxx[i];
        }
        for (int s = 0; s < routes; s++) {
            ta += d0 * sa[s];
            taa += d0 * saa[s];
        }
        for (double v : sax) {
            tax += v;
        }
        double vx = n * txx - tx * tx, va = n * taa - ta * ta;
        double pooledR = vx > 0 && va > 0 ? (n * tax - tx * ta) / Math.sqrt(vx * va) : 0;
        double[] r = groupCorrelations(sums);
        double sum = 0, beyond = 0;
        for (double v : r) {
            sum += v;
            beyond += Math.abs(v) > threshold ? 1 : 0;
        }
        return new double[]{pooledR, sum / r.length, rms(r), beyond / r.length};
    }

    private static double rms(double[] r) {
        double ss = 0;
        for (double v : r) {
            ss += v * v;
        }
        return r.length == 0 ? Double.NaN : Math.sqrt(ss / r.length);
    }

    /** The weighted correlation matrix of the live inputs (1 on the diagonal; 0 where a resample made one constant). */
    private double[][] inputCorrelations(double[][] rows, double[] w) {
        int[] live = new int[liveInputs];
        for (int i = 0, k = 0; i < d0; i++) {
            if (liveInput[i]) {
                live[k++] = i;
            }
        }
        int n = live.length;
        double[] s = new double[n];
        double[][] ss = new double[n][n];
        double sw = 0;
        int[] nonzero = new int[n];
        double[] vals = new double[n];
        for (int r = 0; r < m; r++) {
            if (w[r] == 0) {
                continue;
            }
            sw += w[r];
            int nz = 0;
            for (int k = 0; k < n; k++) {
                double v = rows[r][live[k]];
                if (v != 0) {
                    nonzero[nz] = k;
                    vals[nz++] = v;
                }
            }
            for (int p = 0; p < nz; p++) {   // inputs are often 0 (blank pixels): only the non-zero products
                int k = nonzero[p];
                double wv = w[r] * vals[p];
                s[k] += wv;
                double[] row = ss[k];
                for (int q = p; q < nz; q++) {
                    row[nonzero[q]] += wv * vals[q];
                }
            }
        }
        double[][] c = new double[n][n];
        for (int k = 0; k < n; k++) {
            c[k][k] = 1;
            for (int l = k + 1; l < n; l++) {
                double vk = sw * ss[k][k] - s[k] * s[k], vl = sw * ss[l][l] - s[l] * s[l];
                double cov = sw * ss[k][l] - s[k] * s[l];
                c[k][l] = c[l][k] = vk > 0 && vl > 0 ? cov / Math.sqrt(vk * vl) : 0;
            }
        }
        return c;
    }

    /** mean correlation between the inputs of two distinct paths; effective number of independent path inputs. */
    private double[] a6u(double[][] c) {
        int n = c.length;
        double per = (double) routes * outputs, total = per * n;
        double off = 0, squares = 0;
        for (int k = 0; k < n; k++) {
            for (int l = 0; l < n; l++) {
                squares += c[k][l] * c[k][l];
                if (k != l) {
                    off += c[k][l];
                }
            }
        }
        double meanPair = total < 2 ? Double.NaN : (n * per * (per - 1) + per * per * off) / (total * (total - 1));
        // participation ratio of the paths' correlation matrix C (x) J_per: (n per)^2 / (per^2 sum c^2)
        return new double[]{meanPair, n * (double) n / squares};
    }

    private static double[] offDiagonal(double[][] c) {
        int n = c.length;
        double[] v = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                v[k++] = c[i][j];
            }
        }
        return v;
    }

    /** Psi, the number of input paths. */
    public long paths() {
        return paths;
    }

    /** Paths whose input and activation both vary on the sample (the others have no correlation). */
    public long informativePaths() {
        return (long) liveInputs * liveRoutes * outputs;
    }

    /** Paths whose input varies on the sample: the number of independent inputs A6u would give. */
    public long pathsWithVaryingInput() {
        return (long) liveInputs * routes * outputs;
    }

    public int examples() {
        return m;
    }

    /** The mean activation rate over paths and examples (the paper's rho; A1p: the same for every path). */
    public double activationRate() {
        return Stats.mean(rates);
    }

    /** Each hidden route's activation rate (every path through that route has it). */
    public double[] activationRates() {
        return rates.clone();
    }

    /** Per informative path group (input, route), corr(A_i, X_i) across the examples. */
    public double[] pathCorrelations() {
        return correlations.clone();
    }

    /** The same with the examples' activations shuffled against their inputs (independent by construction). */
    public double[] shuffledPathCorrelations() {
        return nullCorrelations.clone();
    }

    /** A5u: corr(A, X) over all (path, example) pairs. Independence (with A1p): 0. */
    public Stats.Interval pooledCorrelation() {
        return requireA5u(pooled);
    }

    /** A5u: the mean over paths of corr(A_i, X_i). Independence: 0. */
    public Stats.Interval meanCorrelation() {
        return requireA5u(mean);
    }

    /** A5u: the root mean square over paths of corr(A_i, X_i); compare with {@link #shuffledRms()}. */
    public Stats.Interval rmsCorrelation() {
        return requireA5u(rms);
    }

    /** A5u: the RMS correlation on each of the shuffles (independence by construction): what A5u would give here. */
    public double[] shuffledRms() {
        return nullRms.clone();
    }

    /** The 99th percentile of the shuffles' RMS correlation. */
    public double shuffledRms99() {
        return Stats.quantile(nullRms, 0.99);
    }

    /** A5u: the share of paths with |corr(A_i, X_i)| above {@link #dependenceThreshold()}. Independence: about 0.01. */
    public Stats.Interval dependentShare() {
        return requireA5u(dependentShare);
    }

    /** The |correlation| that 99% of the paths' correlations stay under after shuffling. */
    public double dependenceThreshold() {
        return threshold;
    }

    /** A6u: the share of paths whose input also feeds another path. Independence: 0. Exact (no interval). */
    public double sharedInputShare() {
        return shared;
    }

    /** A6u: each input feeds this many paths (Psi / d_0). Independence: 1. */
    public long pathsPerInput() {
        return (long) routes * outputs;
    }

    /** A6u: the mean correlation between the inputs of two distinct paths (of varying input). Independence: 0. */
    public Stats.Interval inputPairCorrelation() {
        return pairCorrelation;
    }

    /** A6u: the effective number of independent path inputs. Independence: {@link #pathsWithVaryingInput()}. */
    public Stats.Interval effectiveInputs() {
        return effective;
    }

    /** The correlations between distinct (varying) inputs, i < j. */
    public double[] inputCorrelations() {
        return inputCorrelations.clone();
    }

    private Stats.Interval requireA5u(Stats.Interval interval) {
        if (interval == null) {
            throw new IllegalStateException("no path has both a varying input and a varying activation on these " + m
                    + " examples: A5u cannot be measured (dead units, or constant inputs)");
        }
        return interval;
    }

    @Override
    public String summary() {
        String a5 = rms == null ? "A5u: not measurable (no path with varying input and activation)"
                : String.format(Locale.ROOT, "A5u: RMS corr(A_i, X_i) over paths %.3f [%.3f, %.3f] against %.3f with "
                        + "activations shuffled (independence), %.0f%% of paths beyond 99%% of shuffles",
                rms.estimate(), rms.lower(), rms.upper(), Stats.mean(nullRms), 100 * dependentShare.estimate());
        return String.format(Locale.ROOT, "%s; A6u: every input feeds %,d paths, which act like %.1f [%.1f, %.1f] "
                        + "independent inputs, not Psi = %,d (%d examples, %.0f%% bootstrap intervals)", a5,
                pathsPerInput(), effective.estimate(), effective.lower(), effective.upper(), paths, m, 100 * level);
    }

    /** Activation rates of the paths (A1p), corr(A_i, X_i) per path against shuffles (A5u), input correlations (A6u). */
    @Override
    public Figure figure() {
        XYChart rate = Plots.histogram(String.format(Locale.ROOT, "A1p: activation rate of the %d hidden routes (%,d paths each)",
                routes, (long) d0 * outputs), "share of examples with A_i = 1", 20, Series.values("routes", rates));
        rate.getStyler().setLegendVisible(false);
        List<Figure> panels = new ArrayList<>();
        panels.add(new Figure(Renderings.chartImage(rate), "activation rates"));
        if (correlations.length > 0) {
            XYChart a5 = Plots.histogram(String.format(Locale.ROOT, "A5u: corr(A_i, X_i) per (input, route): %d paths each", outputs), "correlation across examples", 40,
                    Series.values("trained network", correlations), Series.values("activations shuffled", nullCorrelations));
            panels.add(new Figure(Renderings.chartImage(a5), "A5u"));
        }
        if (inputCorrelations.length > 0) {
            XYChart a6 = Plots.histogram("A6u: corr(X_i, X_j) of two distinct inputs", "correlation across examples", 40,
                    Series.values("inputs", inputCorrelations), Series.values("each input shuffled", nullInputCorrelations));
            panels.add(new Figure(Renderings.chartImage(a6), "A6u"));
        }
        Figure row = Figure.row(panels.toArray(new Figure[0]));
        return new Figure(row.image(), summary());
    }

    /** One row per statistic: estimate, interval, and what independence gives. */
    @Override
    public Table table() {
        StringColumn assumption = StringColumn.create("assumption"), statistic = StringColumn.create("statistic");
        DoubleColumn estimate = DoubleColumn.create("estimate"), lower = DoubleColumn.create("lower"),
                upper = DoubleColumn.create("upper"), independent = DoubleColumn.create("under independence");
        StringColumn note = StringColumn.create("what independence gives");
        add(assumption, statistic, estimate, lower, upper, independent, note, "A1p", "mean activation rate rho",
                activationRate(), Double.NaN, Double.NaN, Double.NaN, String.format(Locale.ROOT,
                        "the same rho on every path (here from %.3f to %.3f)", Stats.min(rates), Stats.max(rates)));
        if (rms != null) {
            add(assumption, statistic, estimate, lower, upper, independent, note, "A5u", "corr(A, X) over all (path, example) pairs",
                    pooled.estimate(), pooled.lower(), pooled.upper(), 0, "0");
            add(assumption, statistic, estimate, lower, upper, independent, note, "A5u", "mean over paths of corr(A_i, X_i)",
                    mean.estimate(), mean.lower(), mean.upper(), 0, "0");
            add(assumption, statistic, estimate, lower, upper, independent, note, "A5u", "RMS over paths of corr(A_i, X_i)",
                    rms.estimate(), rms.lower(), rms.upper(), Stats.mean(nullRms), String.format(Locale.ROOT,
                            "0; on %d examples ~1/sqrt(m): %.4f (mean of %d shuffles, 99%% below %.4f)", m,
                            Stats.mean(nullRms), nullRms.length, shuffledRms99()));
            add(assumption, statistic, estimate, lower, upper, independent, note, "A5u",
                    "share of paths with |corr| beyond 99% of shuffles", dependentShare.estimate(), dependentShare.lower(),
                    dependentShare.upper(), 0.01, String.format(Locale.ROOT, "0.01 (|corr| > %.4f)", threshold));
        }
        add(assumption, statistic, estimate, lower, upper, independent, note, "A6u", "share of paths sharing their input",
                shared, shared, shared, 0, String.format(Locale.ROOT, "0 (here each input feeds %,d paths)", pathsPerInput()));
        add(assumption, statistic, estimate, lower, upper, independent, note, "A6u", "mean corr(X_i, X_j) of two distinct paths",
                pairCorrelation.estimate(), pairCorrelation.lower(), pairCorrelation.upper(), 0, "0");
        add(assumption, statistic, estimate, lower, upper, independent, note, "A6u", "effective number of independent path inputs",
                effective.estimate(), effective.lower(), effective.upper(), pathsWithVaryingInput(),
                String.format(Locale.ROOT, "every path its own: %,d (paths with a varying input)", pathsWithVaryingInput()));
        return Table.create("the paper's assumptions measured (" + m + " examples)", assumption, statistic, estimate, lower,
                upper, independent, note);
    }

    private static void add(StringColumn assumption, StringColumn statistic, DoubleColumn estimate, DoubleColumn lower,
                            DoubleColumn upper, DoubleColumn independent, StringColumn note, String a, String s, double e,
                            double lo, double hi, double ind, String n) {
        assumption.append(a);
        statistic.append(s);
        estimate.append(e);
        lower.append(lo);
        upper.append(hi);
        independent.append(ind);
        note.append(n);
    }

    /** The intervals behind the rows of {@link #table()}, in its order; null for a row without one. */
    private Stats.Interval[] rowIntervals() {
        return rms == null ? new Stats.Interval[]{null, null, pairCorrelation, effective}
                : new Stats.Interval[]{null, pooled, mean, rms, dependentShare, null, pairCorrelation, effective};
    }

    /** The samples the figure and the table are drawn from, in the order of {@link #SAMPLES}. */
    private double[][] samples() {
        return new double[][]{rates, correlations, nullCorrelations, nullRms, inputCorrelations, nullInputCorrelations};
    }

    private static final String[] COLUMNS = {"assumption", "statistic", "estimate", "lower", "upper",
            "under independence", "what independence gives", "undefined resamples", "sample", "value"};
    private static final String[] SAMPLES = {"activation rate per hidden route", "corr(A_i, X_i) per (input, route)",
            "corr(A_i, X_i), activations shuffled", "RMS corr(A_i, X_i) of one shuffle", "corr(X_i, X_j) of two inputs",
            "corr(X_i, X_j), each input shuffled"};
    /** The comment line each sample's length comes from. */
    private static final String[] SIZE_KEYS = {"hidden routes", "varying routes", "varying routes", "shuffles",
            "varying inputs", "varying inputs"};

    /**
     * Saves, unrounded, every value of the figure's samples (one row each: the sample's name and the value), then
     * {@link #table()} with each interval's undefined resamples, for {@link #read}. The samples come first so that
     * read checks each row of the table against them as it comes.
     */
    @Override
    public void write(Path file) {
        Table table = table();
        Stats.Interval[] intervals = rowIntervals();
        double[][] samples = samples();
        long sampleRows = Arrays.stream(samples).mapToLong(s -> s.length).sum();
        ResultFile.write(file, "PathAssumptions", ResultFile.meta("examples", m, "inputs", d0, "hidden routes", routes,
                "outputs", outputs, "varying inputs", liveInputs, "varying routes", liveRoutes, "resamples", resamples,
                "level", level, "shuffles", nullRms.length, "dependence threshold", threshold), COLUMNS,
                sampleRows + table.rowCount(), row -> {
                    if (row < sampleRows) {
                        int k = 0;
                        long q = row;
                        while (q >= samples[k].length) {
                            q -= samples[k++].length;
                        }
                        return new String[]{"", "", "", "", "", "", "", "", SAMPLES[k], ResultFile.cell(samples[k][(int) q])};
                    }
                    int r = (int) (row - sampleRows);
                    String[] cells = new String[COLUMNS.length];
                    for (int c = 0; c < 7; c++) {
                        cells[c] = table.column(c) instanceof DoubleColumn d ? ResultFile.cell(d.getDouble(r))
                                : table.stringColumn(c).get(r);
                    }
                    cells[7] = intervals[r] == null ? "" : Integer.toString(intervals[r].undefined());
                    cells[8] = "";
                    cells[9] = "";
                    return cells;
                });
    }

    /**
     * The statistics saved by {@link #write}: the same intervals, samples, summary, table and figure, and every method
     * answers as before (none needs the examples themselves). Refused naming the line: a sample with values lost or
     * added, rows out of order, a row of the table that its samples and sizes do not give (a hand-edited rate, note or
     * statistic), an interval whose lower end is above its upper one.
     */
    public static PathAssumptions read(Path file) {
        Reading r = new Reading();
        ResultFile head = ResultFile.read(file, "PathAssumptions", r::start);
        return r.finish(head);
    }

    /** The state of one {@link #read}: the sizes from the comment lines, then the rows as they come. */
    private static final class Reading {
        private ResultFile f;
        private int m, d0, routes, outputs, liveInputs, liveRoutes, resamples;
        private double level, threshold;
        private double[][] samples;
        private long sampleRows, rows;
        private Table expected;                 // the table the samples give, with the intervals still to read
        private Boolean[] withInterval;         // which of its rows hold an interval
        private Stats.Interval[] intervals;

        ResultFile.RowSink start(ResultFile head) {
            f = head.expectColumns(COLUMNS);
            m = atLeast("examples", 3);
            d0 = atLeast("inputs", 1);
            routes = atLeast("hidden routes", 1);
            outputs = atLeast("outputs", 1);
            liveInputs = atLeast("varying inputs", 1);
            if (liveInputs > d0) {
                throw f.badMeta("varying inputs", liveInputs + " varying inputs of the " + d0 + " inputs");
            }
            liveRoutes = atLeast("varying routes", 0);
            if (liveRoutes > routes) {
                throw f.badMeta("varying routes", liveRoutes + " varying routes of the " + routes + " hidden routes");
            }
            resamples = atLeast("resamples", 20);
            level = f.metaDouble("level");
            if (!(level > 0 && level < 1)) {
                throw f.badMeta("level", "an interval's level is between 0 and 1, got " + level);
            }
            int shuffles = atLeast("shuffles", 1);
            threshold = f.metaDouble("dependence threshold");
            long groups = (long) liveInputs * liveRoutes, pairs = (long) liveInputs * (liveInputs - 1) / 2;
            if (groups > Integer.MAX_VALUE - 8 || pairs > Integer.MAX_VALUE - 8) {
                throw f.badMeta("varying inputs", "more correlations than an array holds");
            }
            long values = routes + 2 * groups + shuffles + 2 * pairs;
            Memory.require(Double.BYTES * values, "the samples in " + f.file(), "start the kernel with a larger -Xmx");
            samples = new double[][]{new double[routes], new double[(int) groups], new double[(int) groups],
                    new double[shuffles], new double[(int) pairs], new double[(int) pairs]};
            sampleRows = values;
            return this::row;
        }

        private int atLeast(String key, int least) {
            int v = f.metaInt(key);
            if (v < least) {
                throw f.badMeta(key, "expected at least " + least + ", got " + v);
            }
            return v;
        }

        private void row(long index, String[] cells) {
            rows++;
            if (index < sampleRows) {
                sample(index, cells);
            } else {
                statistic(index, cells, (int) Math.min(Integer.MAX_VALUE, index - sampleRows));
            }
        }

        private void sample(long index, String[] cells) {
            int k = 0;
            long q = index;
            while (q >= samples[k].length) {
                q -= samples[k++].length;
            }
            if (!cells[8].equals(SAMPLES[k])) {
                throw f.badCell(index, "sample", (cells[8].isEmpty() ? "a row of the table" : "'" + cells[8] + "'")
                        + " where value " + (q + 1) + " of the " + samples[k].length + " of '" + SAMPLES[k]
                        + "' belongs (its length from '# " + SIZE_KEYS[k] + "'; rows lost, added or reordered?)");
            }
            samples[k][(int) q] = f.number(index, cells, 9);
        }

        private void statistic(long index, String[] cells, int r) {
            if (expected == null) {   // the samples are all in: the table they give, intervals to come from the rows
                Stats.Interval unknown = new Stats.Interval(Double.NaN, Double.NaN, Double.NaN, level, resamples, 0);
                Stats.Interval[] placeholders = new Stats.Interval[6];
                Arrays.fill(placeholders, liveRoutes > 0 ? 0 : 4, 6, unknown);
                PathAssumptions provisional = new PathAssumptions(m, d0, routes, outputs, liveInputs, liveRoutes,
                        resamples, level, threshold, samples, placeholders);
                expected = provisional.table();
                withInterval = Arrays.stream(provisional.rowIntervals()).map(i -> i != null).toArray(Boolean[]::new);
                intervals = new Stats.Interval[expected.rowCount()];
            }
            if (r >= expected.rowCount()) {
                throw f.badCell(index, "assumption", "more rows than the " + expected.rowCount() + " statistics of the "
                        + "table" + (liveRoutes == 0 ? " (no A5u rows: '# varying routes: 0')" : "") + " (rows added?)");
            }
            boolean interval = withInterval[r];
            for (int c = 0; c < 7; c++) {
                if (interval && c >= 2 && c <= 4) {
                    continue;   // the interval itself: read below
                }
                String want = expected.column(c) instanceof DoubleColumn d ? ResultFile.cell(d.getDouble(r))
                        : expected.stringColumn(c).get(r);
                if (!cells[c].equals(want)) {
                    throw f.badCell(index, COLUMNS[c], "'" + cells[c] + "' where the samples and sizes above give '"
                            + want + "' (row " + (r + 1) + " of the table; a hand-edited or reordered row?)");
                }
            }
            if (interval) {
                double estimate = f.number(index, cells, 2), lower = f.number(index, cells, 3),
                        upper = f.number(index, cells, 4);
                if (lower > upper) {
                    throw f.badCell(index, "lower", "the interval's lower end " + lower + " is above its upper end " + upper);
                }
                long undefined;
                try {
                    undefined = Long.parseLong(cells[7].trim());
                } catch (NumberFormatException e) {
                    throw f.badCell(index, COLUMNS[7], "'" + cells[7] + "' is not a whole number");
                }
                if (undefined < 0 || undefined > resamples - resamples / 2) {
                    throw f.badCell(index, COLUMNS[7], undefined + " undefined of " + resamples + " resamples (an "
                            + "interval is defined on at least half of them)");
                }
                intervals[r] = new Stats.Interval(estimate, lower, upper, level, resamples - (int) undefined,
                        (int) undefined);
            } else if (!cells[7].isEmpty()) {
                throw f.badCell(index, COLUMNS[7], "this statistic has no interval, got '" + cells[7] + "'");
            }
            if (!cells[8].isEmpty()) {
                throw f.badCell(index, "sample", "a row of the table has no sample, got '" + cells[8] + "'");
            }
        }

        PathAssumptions finish(ResultFile head) {
            if (rows < sampleRows) {
                int k = 0;
                long q = rows;
                while (q >= samples[k].length) {
                    q -= samples[k++].length;
                }
                throw head.badMeta(SIZE_KEYS[k], "the file ends at value " + q + " of the " + samples[k].length + " of '"
                        + SAMPLES[k] + "' (rows lost?)");
            }
            int statistics = (int) (rows - sampleRows);
            if (expected == null || statistics != expected.rowCount()) {
                throw head.badMeta("varying routes", "the table has " + statistics + " rows, the sizes above give "
                        + (liveRoutes > 0 ? 8 : 4) + " (rows lost?)");
            }
            Stats.Interval[] in = intervals;
            Stats.Interval[] ordered = liveRoutes > 0 ? new Stats.Interval[]{in[1], in[2], in[3], in[4], in[6], in[7]}
                    : new Stats.Interval[]{null, null, null, null, in[2], in[3]};
            return new PathAssumptions(m, d0, routes, outputs, liveInputs, liveRoutes, resamples, level, threshold,
                    samples, ordered);
        }
    }

    @Override
    public String toString() {
        return summary();
    }
}
