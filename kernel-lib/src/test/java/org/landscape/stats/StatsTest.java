package org.landscape.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    void quantileIsType7() {
        double[] x = {4, 1, 3, 2};   // sorted 1 2 3 4: type 7 gives 1 + q (n - 1)
        assertEquals(1.75, Stats.quantile(x, 0.25), 1e-15);
        assertEquals(2.5, Stats.median(x), 1e-15);
        assertEquals(1.5, Stats.iqr(x), 1e-15);
        assertEquals(1, Stats.quantile(x, 0), 0);
        assertEquals(4, Stats.quantile(x, 1), 0);
        assertThrows(IllegalArgumentException.class, () -> Stats.quantile(x, 1.5));
    }

    @Test
    void meanAndSampleStd() {
        double[] x = {2, 4, 4, 4, 5, 5, 7, 9};
        assertEquals(5, Stats.mean(x), 1e-15);
        assertEquals(Math.sqrt(32.0 / 7), Stats.std(x), 1e-15);
    }

    @Test
    void spearmanAndPermutation() {
        double[] a = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        double[] b = {2, 1, 4, 3, 6, 5, 8, 7, 10, 9};
        // 1 - 6 sum d^2 / (n (n^2 - 1)) with every d = 1
        assertEquals(1 - 6.0 * 10 / (10 * 99), Stats.spearman(a, b), 1e-12);
        assertArrayEquals(new double[]{1.5, 1.5, 3}, Stats.ranks(new double[]{5, 5, 7}), 0);
        Stats.Correlation strong = Stats.spearmanTest(a, b, 2000, 1);
        assertTrue(strong.p() < 0.01, strong.toString());
        double[] reversed = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
        assertTrue(Stats.spearmanTest(a, reversed, 2000, 1).p() > 0.99);
    }

    @Test
    void fitsRecoverExactLaws() {
        double[] x = {1, 2, 4, 8, 16};
        double[] y = new double[5], z = new double[5];
        for (int i = 0; i < 5; i++) {
            y[i] = 3 * Math.pow(x[i], -0.5);
            z[i] = 2 - 0.25 * Math.log(x[i]);
        }
        Stats.Fit p = Stats.powerLaw(x, y);
        assertEquals(-0.5, p.slope(), 1e-12);
        assertEquals(3 * Math.pow(32, -0.5), p.at(32), 1e-12);
        assertEquals(-0.25, Stats.logLinear(x, z).slope(), 1e-12);
        assertEquals(2, Stats.line(new double[]{0, 1, 2}, new double[]{1, 3, 5}).slope(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Stats.powerLaw(new double[]{1, 2}, new double[]{1, -1}));
    }

    @Test
    void histogramCountsEveryValueOnce() {
        Stats.Histogram h = Stats.histogram(new double[]{0, 0.1, 0.5, 0.99, 1, 2}, 2, 0, 1);
        assertArrayEquals(new long[]{2, 3}, h.counts());
        assertEquals(1, h.outside());
        assertArrayEquals(new double[]{0.25, 0.75}, h.centres(), 1e-15);
        assertEquals(2.0 / 6 / 0.5, h.density()[0], 1e-15);
    }

    @Test
    void bootstrapIntervalOfAMeanCoversTheTruthWithTheRightWidth() {
        java.util.Random random = new java.util.Random(3);
        int n = 1000;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 2 + random.nextGaussian();
        }
        java.util.function.ToDoubleFunction<double[]> mean = w -> {
            double s = 0, t = 0;
            for (int i = 0; i < n; i++) {
                s += w[i] * x[i];
                t += w[i];
            }
            return s / t;
        };
        Stats.Interval ci = Stats.bootstrap(n, mean, 1000, 0.95, 1);
        assertEquals(Stats.mean(x), ci.estimate(), 1e-12);
        assertTrue(ci.covers(2), ci.toString());
        // a normal interval is +-1.96 sd / sqrt(n) wide
        assertEquals(2 * 1.96 * Stats.std(x) / Math.sqrt(n), ci.upper() - ci.lower(), 0.15 * (ci.upper() - ci.lower()));
        assertEquals(ci, Stats.bootstrap(n, mean, 1000, 0.95, 1), "same seed, same interval");
        assertThrows(IllegalArgumentException.class, () -> Stats.bootstrap(n, mean, 5, 0.95, 1));
        assertThrows(IllegalArgumentException.class, () -> Stats.bootstrap(n, mean, 100, 1.5, 1));
        assertThrows(IllegalArgumentException.class, () -> Stats.bootstrap(1, mean, 100, 0.95, 1));
    }

    @Test
    void weightedPearsonIsPearsonOfTheRepeatedSample() {
        double[] a = {1, 2, 3, 4, 5}, b = {2, 1, 4, 3, 7}, w = {1, 0, 2, 1, 3};
        double[] ra = {1, 3, 3, 4, 5, 5, 5}, rb = {2, 4, 4, 3, 7, 7, 7};
        assertEquals(Stats.pearson(ra, rb), Stats.pearson(a, b, w), 1e-14);
        assertEquals(0, Stats.pearson(a, new double[]{1, 1, 1, 1, 1}, w), 0, "a constant has no correlation");
        assertThrows(IllegalArgumentException.class, () -> Stats.pearson(a, b, new double[]{1, 2}));
    }

    @Test
    void permutationNullIsSeededAndPermutes() {
        int[] p = Stats.permutation(50, 4, 2);
        assertArrayEquals(p, Stats.permutation(50, 4, 2));
        boolean[] seen = new boolean[50];
        for (int v : p) {
            seen[v] = true;
        }
        for (boolean s : seen) {
            assertTrue(s);
        }
        double[][] nulls = Stats.permutationNull(50, q -> new double[]{q[0], q[49]}, 10, 4);
        assertEquals(10, nulls.length);
        assertArrayEquals(nulls[3], Stats.permutationNull(50, q -> new double[]{q[0], q[49]}, 10, 4)[3], 0);
    }

    @Test
    void stretchedExponentialRecoversExactCoefficientsAndMissesNoise() {
        double[] n = {25, 50, 100, 250, 500};
        for (double[] truth : new double[][]{{-1.2, 0.9, -0.5}, {0.3, -0.02, 0.7}, {-2, 3, -1.37}}) {
            double[] y = java.util.Arrays.stream(n).map(x -> Math.exp(truth[0] + truth[1] * Math.pow(x, truth[2]))).toArray();
            Stats.StretchedExponential f = Stats.stretchedExponential(n, y);
            assertEquals(truth[2], f.beta(), 1e-6, "beta");
            assertEquals(truth[1], f.alpha(), 1e-5 * Math.abs(truth[1]) + 1e-9, "alpha");
            assertEquals(truth[0], f.c(), 1e-5, "c");
            assertEquals(1, f.r2(), 1e-12);
            assertArrayEquals(y, f.at(n), 1e-8);
        }
        // points that no stretched exponential passes through: R^2 below 1
        Stats.StretchedExponential zigzag = Stats.stretchedExponential(n, new double[]{1, 2, 1, 2, 1});
        assertTrue(zigzag.r2() < 0.9, zigzag.toString());
        IllegalArgumentException negative = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Stats.stretchedExponential(n, new double[]{1, 2, -1, 2, 1}));
        assertTrue(negative.getMessage().contains("positive"), negative.getMessage());
    }
}
