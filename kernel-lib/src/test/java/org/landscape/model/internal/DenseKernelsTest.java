package org.landscape.model.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DenseKernelsTest {
    @Test
    void testsRunWithTheVectorApiAsTheKernelsDo() {
        // Surefire starts the JVM with --add-modules=jdk.incubator.vector, as the kernel specs do; without it the
        // tests below would only exercise the plain loops.
        assertTrue(DenseKernels.vectorApi());
    }

    @Test
    void productsMatchATripleLoopForEveryShapeAndTail() {
        Random random = new Random(3);
        int[][] shapes = {{1, 1, 1}, {3, 5, 7}, {4, 4, 8}, {7, 10, 33}, {13, 9, 256}, {100, 10, 130}, {2, 1, 17}};
        for (int[] shape : shapes) {
            int in = shape[0], out = shape[1], len = shape[2];
            int hStride = len + 5, h0 = 2, zStride = len + 3, zFirst = 1;
            double[] h = gaussian(random, in * hStride + h0);
            double[] w = gaussian(random, in * out);
            double[] bias = gaussian(random, out);
            double[] expected = new double[out * zStride + zFirst];
            for (int u = 0; u < out; u++) {
                for (int r = 0; r < len; r++) {
                    double s = bias[u];
                    for (int j = 0; j < in; j++) {
                        s += h[j * hStride + h0 + r] * w[j * out + u];
                    }
                    expected[u * zStride + zFirst + r] = s;
                }
            }
            double[] vector = new double[expected.length];
            double[] plain = new double[expected.length];
            DenseKernels.product(h, hStride, h0, in, w, out, bias, vector, zStride, zFirst, len);
            DenseKernels.plainProduct(h, hStride, h0, in, w, out, bias, plain, zStride, zFirst, len);
            for (int k = 0; k < expected.length; k++) {
                double tol = 1e-13 * (1 + Math.abs(expected[k]));
                assertEquals(expected[k], vector[k], tol, "vector kernel, shape " + in + "x" + out + "x" + len);
                assertEquals(expected[k], plain[k], tol, "plain kernel, shape " + in + "x" + out + "x" + len);
            }
        }
    }

    @Test
    void gramsMatchADoubleLoopForEveryShapeAndTail() {
        Random random = new Random(4);
        int[][] shapes = {{1, 1, 1}, {4, 4, 8}, {5, 7, 9}, {9, 13, 256}, {10, 100, 61}, {3, 2, 200}};
        for (int[] shape : shapes) {
            int na = shape[0], nb = shape[1], len = shape[2];
            int as = len + 3, bs = len + 1, a0 = 1, b0 = 2, cAt = 5;
            double[] a = gaussian(random, na * as + a0), b = gaussian(random, nb * bs + b0);
            double[] start = gaussian(random, cAt + na * nb);
            double[] expected = start.clone(), vector = start.clone(), plain = start.clone();
            for (int i = 0; i < na; i++) {
                for (int j = 0; j < nb; j++) {
                    for (int r = 0; r < len; r++) {
                        expected[cAt + i * nb + j] += a[i * as + a0 + r] * b[j * bs + b0 + r];
                    }
                }
            }
            DenseKernels.gram(a, as, a0, na, b, bs, b0, nb, len, vector, cAt);
            DenseKernels.plainGram(a, as, a0, na, b, bs, b0, nb, len, plain, cAt);
            for (int k = 0; k < expected.length; k++) {
                double tol = 1e-12 * (1 + Math.abs(expected[k]));
                assertEquals(expected[k], vector[k], tol, "vector gram, shape " + na + "x" + nb + "x" + len);
                assertEquals(expected[k], plain[k], tol, "plain gram, shape " + na + "x" + nb + "x" + len);
            }
        }
    }

    @Test
    void dotProductsMatchASumForEveryLengthAndTail() {
        Random random = new Random(6);
        for (int n : new int[]{0, 1, 7, 8, 15, 16, 17, 1000, 1003}) {
            double[] a = gaussian(random, n + 2), b = gaussian(random, n + 2);
            double expected = 0, magnitude = 0;
            for (int i = 0; i < n; i++) {
                expected += a[i] * b[i];
                magnitude += Math.abs(a[i] * b[i]);
            }
            assertEquals(expected, DenseKernels.dot(a, b, n), 1e-14 * (1 + magnitude), "n = " + n);
        }
    }

    @Test
    @org.junit.jupiter.api.Tag("reliability")
    void copiesThatWouldNotFitAreRefusedWithTheSizeAndTheFix() {
        long tooMany = Runtime.getRuntime().maxMemory() / Double.BYTES;
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> DenseKernels.requireHeap(tooMany, "60000 x 784 data"));
        assertTrue(e.getMessage().startsWith("60000 x 784 data (for the fast paths) needs ")
                        && e.getMessage().contains("Dataset.sample"),
                e.getMessage());
        DenseKernels.requireHeap(1000, "a small copy"); // fits: no exception
    }

    @Test
    void tanhAgreesWithMathTanhToRoundingEverywhere() {
        Random random = new Random(5);
        int n = 200_000;
        double[] x = new double[n + 8];
        for (int i = 0; i < n; i++) {
            // wide values, values near 0 over many decades, and the region around the clamp at 20
            x[i] = i % 3 == 0 ? 8 * random.nextGaussian()
                    : i % 3 == 1 ? (random.nextDouble() - 0.5) * Math.pow(10, -random.nextInt(300))
                    : 19 + 2 * random.nextDouble();
        }
        double[] special = {0.0, -0.0, 25, -25, 1e300, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};
        System.arraycopy(special, 0, x, n, special.length);
        double[] y = x.clone();
        DenseKernels.tanh(y, 0, y.length);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            double exact = Math.tanh(x[i]);
            worst = Math.max(worst, exact == 0 ? Math.abs(y[i]) : Math.abs(y[i] - exact) / Math.abs(exact));
        }
        assertTrue(worst < 4e-15, "largest relative error " + worst);
        assertTrue(y[n] == 0 && y[n + 1] == 0, "tanh(+-0) = 0 (the sign of zero does not matter here)");
        assertEquals(1.0, y[n + 2]);
        assertEquals(-1.0, y[n + 3]);
        assertEquals(1.0, y[n + 4]);
        assertEquals(1.0, y[n + 5]);
        assertEquals(-1.0, y[n + 6]);
        assertTrue(Double.isNaN(y[n + 7]), "NaN stays NaN, so a diverged point is reported as such");
    }

    private static double[] gaussian(Random random, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextGaussian();
        }
        return v;
    }
}
