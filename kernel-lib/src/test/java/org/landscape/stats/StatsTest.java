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
}
