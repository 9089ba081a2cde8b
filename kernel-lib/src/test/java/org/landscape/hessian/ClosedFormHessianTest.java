package org.landscape.hessian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.landscape.data.Dataset;
import org.landscape.model.Activation;
import org.landscape.model.Architecture;
import org.landscape.model.Loss;
import org.landscape.model.Network;

/**
 * Networks without a hidden layer are the textbook models, whose Hessians have closed forms. With x~ = (x, 1) and
 * parameter (i, j) = the weight from input i to output j (i = d for the bias), averaged over the m examples:
 * <ul>
 * <li>linear regression (square loss): H = (2/m) sum x~_i x~_i' delta_jj';</li>
 * <li>logistic regression (sigmoid, binary cross-entropy): H = (1/m) sum s (1 - s) x~ x~^T;</li>
 * <li>softmax regression (cross-entropy): H = (1/m) sum x~_i x~_i' (delta_jj' p_j - p_j p_j').</li>
 * </ul>
 * The network is linear in theta, so H = H0 (the Gauss-Newton matrix) and H1 = 0. Tolerances: the
 * finite-difference Hessian within 1e-9, the backpropagated Gauss-Newton matrix and the layer recursion within
 * 1e-13 (rounding only).
 */
class ClosedFormHessianTest {
    static final int D = 3;
    static final int M = 25;

    private static double[][] inputs(Dataset data) {
        return data.features().toDoubleMatrix();
    }

    /** Parameter index of (input i, output j) in DL4J's layout; i = D is the bias. */
    private static int index(int i, int j, int outputs) {
        return i < D ? i + D * j : D * outputs + j;
    }

    private static double xt(double[] x, int i) {
        return i < D ? x[i] : 1;
    }

    private static void compare(Network net, Dataset data, DenseMatrix formula) {
        DenseMatrix fd = Hessians.dense(net, data);
        assertTrue(fd.maxAbsDifference(formula) <= 1e-9, "finite differences: " + fd.maxAbsDifference(formula));
        DenseMatrix gn = GaussNewton.at(net, data).h0();
        assertTrue(gn.maxAbsDifference(formula) <= 1e-13, "Gauss-Newton: " + gn.maxAbsDifference(formula));
        DenseMatrix block = LayerwiseHessian.of(net, data).block(0);
        assertTrue(block.maxAbsDifference(formula) <= 1e-13, "recursion: " + block.maxAbsDifference(formula));
        assertTrue(formula.maxAbs() > 0.05, "a non-trivial Hessian: " + formula.maxAbs());
    }

    @Test
    void linearRegression() {
        int k = 2;
        Network net = Network.builder(Architecture.of(D, k)).activation(Activation.LINEAR).loss(Loss.SQUARE).seed(1).build();
        Fixtures.jiggle(net, 0.5, 2);
        Dataset data = Fixtures.data(M, D, k, "real", 3);
        int n = (D + 1) * k;
        DenseMatrix h = DenseMatrix.zeros(n, n);
        for (double[] x : inputs(data)) {
            for (int j = 0; j < k; j++) {
                for (int i = 0; i <= D; i++) {
                    for (int i2 = 0; i2 <= D; i2++) {
                        h.add(index(i, j, k), index(i2, j, k), 2.0 / M * xt(x, i) * xt(x, i2));
                    }
                }
            }
        }
        compare(net, data, h);
        DenseMatrix h1 = GaussNewton.at(net, data).h1();
        assertTrue(h1.maxAbs() <= 1e-8, "a linear model has H1 = 0: " + h1.maxAbs());
    }

    @Test
    void logisticRegression() {
        Network net = Network.builder(Architecture.of(D, 1)).loss(Loss.LOGISTIC).seed(4).build();
        double[] theta = Fixtures.jiggle(net, 0.7, 5);
        Dataset data = Fixtures.data(M, D, 1, "binary", 6);
        int n = D + 1;
        DenseMatrix h = DenseMatrix.zeros(n, n);
        for (double[] x : inputs(data)) {
            double z = theta[D];
            for (int i = 0; i < D; i++) {
                z += theta[i] * x[i];
            }
            double s = 1 / (1 + Math.exp(-z));
            for (int i = 0; i <= D; i++) {
                for (int i2 = 0; i2 <= D; i2++) {
                    h.add(index(i, 0, 1), index(i2, 0, 1), s * (1 - s) / M * xt(x, i) * xt(x, i2));
                }
            }
        }
        compare(net, data, h);
    }

    @Test
    void softmaxRegression() {
        int k = 4;
        Network net = Network.builder(Architecture.of(D, k)).loss(Loss.CROSS_ENTROPY).seed(7).build();
        double[] theta = Fixtures.jiggle(net, 0.7, 8);
        Dataset data = Fixtures.data(M, D, k, "one-hot", 9);
        int n = (D + 1) * k;
        DenseMatrix h = DenseMatrix.zeros(n, n);
        for (double[] x : inputs(data)) {
            double[] z = new double[k];
            double sum = 0;
            for (int j = 0; j < k; j++) {
                z[j] = theta[index(D, j, k)];
                for (int i = 0; i < D; i++) {
                    z[j] += theta[index(i, j, k)] * x[i];
                }
            }
            double max = Math.max(Math.max(z[0], z[1]), Math.max(z[2], z[3]));
            double[] p = new double[k];
            for (int j = 0; j < k; j++) {
                p[j] = Math.exp(z[j] - max);
                sum += p[j];
            }
            for (int j = 0; j < k; j++) {
                p[j] /= sum;
            }
            for (int j = 0; j < k; j++) {
                for (int j2 = 0; j2 < k; j2++) {
                    double c = (j == j2 ? p[j] : 0) - p[j] * p[j2];
                    for (int i = 0; i <= D; i++) {
                        for (int i2 = 0; i2 <= D; i2++) {
                            h.add(index(i, j, k), index(i2, j2, k), c / M * xt(x, i) * xt(x, i2));
                        }
                    }
                }
            }
        }
        compare(net, data, h);
        // Adding the same vector to every class's weights changes no probability: D + 1 zero eigenvalues.
        Spectrum s = DenseEigen.all(h);
        for (int i = 0; i < D + 1; i++) {
            assertEquals(0, s.eigenvalue(i), 1e-13, "null direction " + i);
        }
        assertTrue(s.eigenvalue(D + 1) > 1e-3, "and no more: " + s.eigenvalue(D + 1));
    }
}
