package org.landscape.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.landscape.data.Dataset;
import org.landscape.hessian.HessianVectorProduct;

/** The exact R-operator against central differences where they are accurate, and its symmetry where they are not. */
class RiskHessianTimesTest {
    private static double[] gaussian(int n, long seed) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian();
        }
        return v;
    }

    /** Random inputs with one-hot labels of {@code outputs} classes (square loss: the same targets). */
    private static Dataset data(int samples, int inputs, int outputs, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[samples][inputs], y = new double[samples][outputs];
        for (int i = 0; i < samples; i++) {
            for (int j = 0; j < inputs; j++) {
                x[i][j] = r.nextGaussian();
            }
            y[i][r.nextInt(outputs)] = 1;
        }
        return Dataset.of("random " + inputs + " -> " + outputs, x, y);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double relativeDifference(double[] a, double[] b) {
        double d = 0, n = 0;
        for (int i = 0; i < a.length; i++) {
            d += (a[i] - b[i]) * (a[i] - b[i]);
            n += b[i] * b[i];
        }
        return Math.sqrt(d / n);
    }

    /** Smooth networks, every loss with curvature, two and three weight layers: exact = central differences to ~1e-8. */
    @Test
    void agreesWithCentralDifferencesOnSmoothNetworks() {
        for (Loss loss : new Loss[]{Loss.SQUARE, Loss.CROSS_ENTROPY, Loss.LOGISTIC}) {
            for (int[] widths : new int[][]{{4, 6, 3}, {4, 5, 4, 3}}) {
                Network net = Network.builder(Architecture.of(widths)).activation(Activation.TANH).loss(loss).seed(3).build();
                Dataset data = data(60, 4, widths[widths.length - 1], 5);
                Risk risk = Risk.of(net, data);
                double[] theta = net.parameters(), v = gaussian(theta.length, 7);
                double[] exact = risk.hessianTimes(theta, v);
                double[] differences = HessianVectorProduct.at(risk, theta).apply(v);
                double rel = relativeDifference(exact, differences);
                assertTrue(rel < 1e-7, loss + " " + java.util.Arrays.toString(widths) + ": relative difference " + rel);
            }
        }
    }

    /** ReLU: symmetric and linear to rounding (u.Hv = v.Hu), and equal to differences with a step too small to cross a kink. */
    @Test
    void reluIsSymmetricAndMatchesDifferencesWithinALinearPiece() {
        Dataset data = data(80, 5, 4, 9);
        Network net = Network.builder(Architecture.of(5, 8, 6, 4)).activation(Activation.RELU).loss(Loss.CROSS_ENTROPY)
                .seed(4).build();
        Risk risk = Risk.of(net, data);
        double[] theta = net.parameters(), u = gaussian(theta.length, 1), v = gaussian(theta.length, 2);
        double[] hu = risk.hessianTimes(theta, u), hv = risk.hessianTimes(theta, v);
        double uhv = dot(u, hv), vhu = dot(v, hu);
        assertEquals(uhv, vhu, 1e-12 * Math.max(1, Math.abs(uhv)), "u.Hv vs v.Hu");
        double[] sum = u.clone();
        for (int i = 0; i < sum.length; i++) {
            sum[i] += 2 * v[i];
        }
        double[] hSum = risk.hessianTimes(theta, sum);
        for (int i = 0; i < sum.length; i++) {
            assertEquals(hu[i] + 2 * hv[i], hSum[i], 1e-12 * (1 + Math.abs(hSum[i])), "linearity at " + i);
        }
        // a step of 1e-9 |theta| moves no pre-activation across 0 here (the smallest |h| is far larger)
        double[] differences = HessianVectorProduct.at(risk, theta).withRelativeStep(1e-8).apply(v);
        double rel = relativeDifference(hv, differences);
        assertTrue(rel < 1e-5, "relative difference to small-step differences " + rel);
        // and the ReLU Hessian is not just its Gauss-Newton part: the weights' products between layers add to it
        double[] gn = risk.curvature(theta).gaussNewtonTimes(v);
        assertTrue(relativeDifference(hv, gn) > 1e-3, "H v equals H0 v: the R-operator lost the residual part");
    }
}
