package org.landscape.stats;

import java.util.Arrays;
import java.util.Random;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;
import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * The library's statistics, in one place and over commons-math: one quantile definition (linear interpolation
 * between order statistics, R's type 7 and NumPy's default), rank correlation with a permutation p-value,
 * least-squares fits (straight line, power law) and histogram bins. Every notebook and result uses these.
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
