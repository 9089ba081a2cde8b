package org.landscape.stats;

import java.util.Arrays;
import java.util.Random;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.regression.SimpleRegression;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * The library's statistics, in one place and over commons-math: one quantile definition (linear interpolation
 * between order statistics, R's type 7 and NumPy's default), rank correlation with a permutation p-value,
 * least-squares fits (straight line, power law) and histogram bins, and resampling: bootstrap confidence intervals
 * and permutation nulls. Every notebook and result uses these.
 */
public final class Stats {
    private Stats() {
    }

    /** The q-quantile (0 <= q <= 1) by linear interpolation between order statistics (type 7). */
    public static double quantile(double[] values, double q) {
        requireData("values", values, 1);
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("q must be in [0, 1], got " + q);
        }
        if (q == 0) {
            return min(values);   // commons-math's Percentile takes (0, 100]
        }
        return new Percentile().withEstimationType(Percentile.EstimationType.R_7).evaluate(values, q * 100);
    }

    public static double median(double[] values) {
        return quantile(values, 0.5);
    }

    /** The interquartile range, quantile(0.75) - quantile(0.25). */
    public static double iqr(double[] values) {
        return quantile(values, 0.75) - quantile(values, 0.25);
    }

    public static double mean(double[] values) {
        requireData("values", values, 1);
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** The sample standard deviation (divisor n - 1); 0 for a single value. */
    public static double std(double[] values) {
        requireData("values", values, 1);
        if (values.length == 1) {
            return 0;
        }
        double m = mean(values), ss = 0;
        for (double v : values) {
            ss += (v - m) * (v - m);
        }
        return Math.sqrt(ss / (values.length - 1));
    }

    public static double min(double[] values) {
        requireData("values", values, 1);
        return Arrays.stream(values).min().getAsDouble();
    }

    public static double max(double[] values) {
        requireData("values", values, 1);
        return Arrays.stream(values).max().getAsDouble();
    }

    /** Ranks 1..n, ties sharing their mean rank. */
    public static double[] ranks(double[] values) {
        return new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE).rank(values);
    }

    /** Spearman's rank correlation (ties share their mean rank). */
    public static double spearman(double[] a, double[] b) {
        requirePairs(a, b, 3);
        return new SpearmansCorrelation().correlation(a, b);
    }

    /** Pearson's correlation. */
    public static double pearson(double[] a, double[] b) {
        requirePairs(a, b, 3);
        return new PearsonsCorrelation().correlation(a, b);
    }

    /** Spearman's rho with its one-sided permutation p-value (chance that a random pairing does at least as well). */
    public static Correlation spearmanTest(double[] a, double[] b, int permutations, long seed) {
        requirePairs(a, b, 3);
        if (permutations < 1) {
            throw new IllegalArgumentException("permutations must be >= 1, got " + permutations);
        }
        double[] ra = ranks(a), shuffled = ranks(b);
        double rho = pearsonOfRanks(ra, shuffled);
        Random random = new Random(seed);
        int atLeast = 0;
        for (int p = 0; p < permutations; p++) {
            for (int i = shuffled.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                double t = shuffled[i];
                shuffled[i] = shuffled[j];
                shuffled[j] = t;
            }
            if (pearsonOfRanks(ra, shuffled) >= rho - 1e-12) {
                atLeast++;
            }
        }
        return new Correlation(rho, (atLeast + 1.0) / (permutations + 1), a.length, permutations);
    }

    private static double pearsonOfRanks(double[] a, double[] b) {
        double ma = mean(a), mb = mean(b), sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa == 0 || sbb == 0 ? 0 : sab / Math.sqrt(saa * sbb);
    }

    /** The least-squares line y = intercept + slope x. */
    public static Fit line(double[] x, double[] y) {
        requirePairs(x, y, 2);
        SimpleRegression r = new SimpleRegression();
        for (int i = 0; i < x.length; i++) {
            r.addData(x[i], y[i]);
        }
        return new Fit(Fit.Kind.LINE, r.getSlope(), r.getIntercept(), x.length < 3 ? 1 : r.getRSquare());
    }

    /** The power law y = a x^b fitted as a line in log-log coordinates (all values must be positive). */
    public static Fit powerLaw(double[] x, double[] y) {
        requirePairs(x, y, 2);
        double[] lx = new double[x.length], ly = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            if (!(x[i] > 0 && y[i] > 0)) {
                throw new IllegalArgumentException("a power-law fit needs positive x and y; point " + i + " is ("
                        + x[i] + ", " + y[i] + ")");
            }
            lx[i] = Math.log(x[i]);
            ly[i] = Math.log(y[i]);
        }
        Fit f = line(lx, ly);
        return new Fit(Fit.Kind.POWER_LAW, f.slope(), f.intercept(), f.r2());
    }

    /** The line y = intercept + slope ln(x): how y moves per unit of ln x. */
    public static Fit logLinear(double[] x, double[] y) {
        requirePairs(x, y, 2);
        double[] lx = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            if (!(x[i] > 0)) {
                throw new IllegalArgumentException("a log-linear fit needs positive x; point " + i + " has x = " + x[i]);
            }
            lx[i] = Math.log(x[i]);
        }
        Fit f = line(lx, y);
        return new Fit(Fit.Kind.LOG_LINEAR, f.slope(), f.intercept(), f.r2());
    }

    /**
     * The fit y = exp(c + alpha x^beta), the paper's E[L] ~ e^(alpha n^beta) with its constant: least squares on ln y.
     * For a given beta the best (c, alpha) is a line in x^beta, so only beta is searched: on a grid over [-2, 2]
     * (beta = 0 is the constant, left out), then by golden-section refinement around the best grid point. With three
     * points the three coefficients interpolate them (R^2 = 1): use four or more for a fit that could miss.
     */
    public static StretchedExponential stretchedExponential(double[] x, double[] y) {
        requirePairs(x, y, 3);
        double[] ly = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            if (!(x[i] > 0 && y[i] > 0)) {
                throw new IllegalArgumentException("a stretched-exponential fit needs positive x and y; point " + i
                        + " is (" + x[i] + ", " + y[i] + ")");
            }
            ly[i] = Math.log(y[i]);
        }
        double bestBeta = Double.NaN, bestSse = Double.POSITIVE_INFINITY;
        for (int g = -200; g <= 200; g++) {
            double beta = g / 100.0;
            double sse = g == 0 ? Double.POSITIVE_INFINITY : stretchedSse(x, ly, beta);
            if (sse < bestSse) {
                bestSse = sse;
                bestBeta = beta;
            }
        }
        if (Double.isNaN(bestBeta)) {
            throw new IllegalArgumentException("no stretched exponential fits these points: x must hold at least two "
                    + "distinct values, got " + Arrays.toString(x));
        }
        double lo = bestBeta - 0.01, hi = bestBeta + 0.01, phi = (Math.sqrt(5) - 1) / 2;
        for (int it = 0; it < 60; it++) {
            double a = hi - phi * (hi - lo), b = lo + phi * (hi - lo);
            if (stretchedSse(x, ly, a) < stretchedSse(x, ly, b)) {
                hi = b;
            } else {
                lo = a;
            }
        }
        double beta = (lo + hi) / 2;
        if (!(stretchedSse(x, ly, beta) <= bestSse)) {
            beta = bestBeta;
        }
        Fit line = line(powers(x, beta), ly);
        return new StretchedExponential(line.intercept(), line.slope(), beta, line.r2());
    }

    private static double stretchedSse(double[] x, double[] ly, double beta) {
        double[] u = powers(x, beta);
        if (min(u) == max(u) || Math.abs(beta) < 1e-12) {
            return Double.POSITIVE_INFINITY;
        }
        Fit f = line(u, ly);
        double sse = 0;
        for (int i = 0; i < u.length; i++) {
            double r = ly[i] - f.at(u[i]);
            sse += r * r;
        }
        return Double.isFinite(sse) ? sse : Double.POSITIVE_INFINITY;
    }

    private static double[] powers(double[] x, double beta) {
        return Arrays.stream(x).map(v -> Math.pow(v, beta)).toArray();
    }

    /** y = exp(c + alpha x^beta); r2 is that of ln y. */
    public record StretchedExponential(double c, double alpha, double beta, double r2) {
        public double at(double x) {
            return Math.exp(c + alpha * Math.pow(x, beta));
        }

        public double[] at(double[] x) {
            return Arrays.stream(x).map(this::at).toArray();
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "E[L] = exp(%.4g + %.4g n^%.3f) (R^2 of ln L %.3f)", c, alpha,
                    beta, r2);
        }
    }

    /** Counts in {@code bins} equal bins over [lo, hi]; values outside are left out (and counted in outside()). */
    public static Histogram histogram(double[] values, int bins, double lo, double hi) {
        requireData("values", values, 0);
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be >= 1, got " + bins);
        }
        if (!(hi > lo) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
            throw new IllegalArgumentException("the range must be finite with lo < hi, got [" + lo + ", " + hi + "]");
        }
        long[] counts = new long[bins];
        long outside = 0;
        for (double v : values) {
            if (v < lo || v > hi || Double.isNaN(v)) {
                outside++;
                continue;
            }
            counts[Math.min(bins - 1, (int) ((v - lo) / (hi - lo) * bins))]++;
        }
        return new Histogram(lo, hi, counts, outside);
    }

    /** Counts in {@code bins} equal bins over the values' own range. */
    public static Histogram histogram(double[] values, int bins) {
        requireData("values", values, 1);
        double lo = min(values), hi = max(values);
        if (hi == lo) {
            double pad = Math.max(1e-12, Math.abs(lo) * 1e-6);
            lo -= pad;
            hi += pad;
        }
        return histogram(values, bins, lo, hi);
    }

    /**
     * Pearson's correlation of a and b with non-negative weights w (a bootstrap resample's counts): the correlation of
     * the weighted sample. 0 when a or b is constant on the weighted sample (no dependence can be seen).
     */
    public static double pearson(double[] a, double[] b, double[] w) {
        requirePairs(a, b, 1);
        if (w == null || w.length != a.length) {
            throw new IllegalArgumentException("weights must have one entry per pair (" + a.length + "), got "
                    + (w == null ? "null" : w.length));
        }
        double sw = 0, sa = 0, sb = 0;
        for (int i = 0; i < a.length; i++) {
            sw += w[i];
            sa += w[i] * a[i];
            sb += w[i] * b[i];
        }
        if (!(sw > 0)) {
            throw new IllegalArgumentException("weights must be non-negative with a positive sum");
        }
        double ma = sa / sw, mb = sb / sw, sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.length; i++) {
            double da = a[i] - ma, db = b[i] - mb;
            sab += w[i] * da * db;
            saa += w[i] * da * da;
            sbb += w[i] * db * db;
        }
        return saa == 0 || sbb == 0 ? 0 : sab / Math.sqrt(saa * sbb);
    }

    /**
     * The bootstrap confidence interval of a statistic of n examples (the basic bootstrap interval, {@link #basic}).
     * A resample draws n
     * examples with replacement; the statistic sees it as weights: w[i] = how often example i was drawn (all ones
     * for the sample itself, which gives the estimate). Resamples are drawn from commons-math's Well19937c seeded by
     * (seed, resample), and evaluated in parallel, so the statistic must not keep state between calls; the interval
     * is the same for the same seed at any thread count. Resamples whose statistic is NaN are left out and counted.
     *
     * @param level the coverage, e.g. 0.95: the interval reflects the (1 - level)/2 and (1 + level)/2 quantiles of
     *              the resamples about the estimate
     */
    public static Interval bootstrap(int n, ToDoubleFunction<double[]> statistic, int resamples, double level, long seed) {
        if (statistic == null) {
            throw new IllegalArgumentException("statistic must not be null");
        }
        return bootstrapAll(n, w -> new double[]{statistic.applyAsDouble(w)}, resamples, level, seed)[0];
    }

    /**
     * {@link #bootstrap(int, ToDoubleFunction, int, double, long)} for several statistics computed together from one
     * resample (one pass over the data for all of them): one interval per entry of the statistics' array.
     */
    public static Interval[] bootstrapAll(int n, Function<double[], double[]> statistics, int resamples, double level, long seed) {
        if (n < 2) {
            throw new IllegalArgumentException("n must be >= 2 examples to resample, got " + n);
        }
        if (statistics == null) {
            throw new IllegalArgumentException("statistics must not be null");
        }
        if (resamples < 20) {
            throw new IllegalArgumentException("resamples must be >= 20 for a percentile interval, got " + resamples
                    + " (use 1000 or more for a 95% interval)");
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1), e.g. 0.95, got " + level);
        }
        double[] ones = new double[n];
        Arrays.fill(ones, 1);
        double[] estimate = statistics.apply(ones);
        double[][] values = IntStream.range(0, resamples).parallel().mapToObj(b -> {
            RandomGenerator random = new Well19937c(new int[]{(int) (seed >>> 32), (int) seed, b});
            double[] w = new double[n];
            for (int i = 0; i < n; i++) {
                w[random.nextInt(n)]++;
            }
            return statistics.apply(w);
        }).toArray(double[][]::new);
        Interval[] intervals = new Interval[estimate.length];
        for (int s = 0; s < estimate.length; s++) {
            int column = s;
            double[] finite = Arrays.stream(values).mapToDouble(v -> v[column]).filter(v -> !Double.isNaN(v)).toArray();
            if (finite.length < resamples / 2) {
                throw new IllegalStateException("statistic " + s + " is NaN on " + (resamples - finite.length) + " of "
                        + resamples + " resamples: it is not defined on most resamples of these " + n + " examples");
            }
            intervals[s] = basic(estimate[s], finite, level, resamples - finite.length);
        }
        return intervals;
    }

    /**
     * The basic (pivotal) bootstrap interval, [2 t - q_hi, 2 t - q_lo] with q the resamples' quantiles and t the
     * estimate (Davison and Hinkley, 1997, eq. 5.6): it takes the resamples' spread around t as the estimate's spread
     * around the truth, so a statistic that resampling shifts (a root mean square of correlations or a participation
     * ratio: repeated examples add noise) has the shift corrected, not doubled as in the plain percentile interval.
     * For an unbiased, symmetric statistic (a mean) the two agree.
     */
    private static Interval basic(double estimate, double[] values, double level, int undefined) {
        double qLo = quantile(values, (1 - level) / 2), qHi = quantile(values, (1 + level) / 2);
        return new Interval(estimate, 2 * estimate - qHi, 2 * estimate - qLo, level, values.length, undefined);
    }

    /**
     * The statistics on {@code permutations} random permutations of 0..n-1 (the null distribution of a permutation
     * test: apply the permutation to one variable to make it independent of the others by construction), one row per
     * permutation. Seeded per permutation like {@link #bootstrap}, evaluated in parallel; the same seed gives the same
     * values at any thread count.
     */
    public static double[][] permutationNull(int n, Function<int[], double[]> statistics, int permutations, long seed) {
        if (n < 2 || permutations < 1 || statistics == null) {
            throw new IllegalArgumentException("a permutation null needs n >= 2, permutations >= 1 and a statistic, got n = "
                    + n + ", permutations = " + permutations);
        }
        return IntStream.range(0, permutations).parallel().mapToObj(b -> statistics.apply(permutation(n, seed, b)))
                .toArray(double[][]::new);
    }

    /** Permutation number {@code b} of 0..n-1 for {@code seed} (Fisher-Yates on Well19937c). */
    public static int[] permutation(int n, long seed, int b) {
        RandomGenerator random = new Well19937c(new int[]{(int) (seed >>> 32), (int) seed, b, 0x5eed});
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static void requireData(String name, double[] values, int atLeast) {
        if (values == null || values.length < atLeast) {
            throw new IllegalArgumentException(name + " needs at least " + atLeast + " value(s), got "
                    + (values == null ? "null" : values.length));
        }
    }

    private static void requirePairs(double[] a, double[] b, int atLeast) {
        if (a == null || b == null || a.length != b.length || a.length < atLeast) {
            throw new IllegalArgumentException("two samples of equal length >= " + atLeast + " are needed, got "
                    + (a == null ? "null" : a.length) + " and " + (b == null ? "null" : b.length));
        }
    }

    /** The values to three significant digits, e.g. "[0.0252, 0.0143, 0.00570]": for the evidence of a check. */
    public static String format(double[] values) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            s.append(i == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT, "%.3g", values[i]));
        }
        return s.append(']').toString();
    }

    /** A bootstrap confidence interval: the estimate on the sample and the interval from the resamples. */
    public record Interval(double estimate, double lower, double upper, double level, int resamples, int undefined) {
        /** Whether x lies in [lower, upper]. */
        public boolean covers(double x) {
            return x >= lower && x <= upper;
        }

        /**
         * The interval of f(statistic) for an increasing f: bootstrap a statistic on a scale where its spread is even
         * (atanh of a correlation, the log of a standard deviation), then map back with the inverse, so that the
         * interval keeps the statistic's range (a basic interval of r itself can reach below -1).
         */
        public Interval map(java.util.function.DoubleUnaryOperator increasing) {
            return new Interval(increasing.applyAsDouble(estimate), increasing.applyAsDouble(lower),
                    increasing.applyAsDouble(upper), level, resamples, undefined);
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%.4g [%.4g, %.4g] (%.0f%% bootstrap, %d resamples%s)", estimate,
                    lower, upper, 100 * level, resamples, undefined == 0 ? "" : ", " + undefined + " undefined");
        }
    }

    /** A rank correlation with its one-sided permutation p-value. */
    public record Correlation(double rho, double p, int n, int permutations) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "Spearman rho = %.3f over %d pairs (permutation p = %.4f, %d permutations)",
                    rho, n, p, permutations);
        }
    }

    /** A fitted line: y = intercept + slope x, in the coordinates its kind names. */
    public record Fit(Kind kind, double slope, double intercept, double r2) {
        public enum Kind { LINE, POWER_LAW, LOG_LINEAR }

        /** The fitted value at x, in the original coordinates. */
        public double at(double x) {
            return switch (kind) {
                case LINE -> intercept + slope * x;
                case POWER_LAW -> Math.exp(intercept) * Math.pow(x, slope);
                case LOG_LINEAR -> intercept + slope * Math.log(x);
            };
        }

        public double[] at(double[] x) {
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                y[i] = at(x[i]);
            }
            return y;
        }

        @Override
        public String toString() {
            return switch (kind) {
                case LINE -> String.format(java.util.Locale.ROOT, "y = %.4g + %.4g x (R^2 %.3f)", intercept, slope, r2);
                case POWER_LAW -> String.format(java.util.Locale.ROOT, "y ~ x^%.3f (R^2 %.3f)", slope, r2);
                case LOG_LINEAR -> String.format(java.util.Locale.ROOT, "y = %.4g + %.4g ln x (R^2 %.3f)", intercept, slope, r2);
            };
        }
    }

    /** Equal-width bins over [lo, hi]. */
    public record Histogram(double lo, double hi, long[] counts, long outside) {
        public int bins() {
            return counts.length;
        }

        public double width() {
            return (hi - lo) / counts.length;
        }

        public double[] centres() {
            double[] c = new double[counts.length];
            for (int i = 0; i < c.length; i++) {
                c[i] = lo + (i + 0.5) * width();
            }
            return c;
        }

        /** Counts divided by (total * bin width): integrates to the share of values inside. */
        public double[] density() {
            long total = outside;
            for (long c : counts) {
                total += c;
            }
            double[] d = new double[counts.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = total == 0 ? 0 : counts[i] / (total * width());
            }
            return d;
        }

        public double[] countsAsDoubles() {
            return Arrays.stream(counts).asDoubleStream().toArray();
        }
    }
}
