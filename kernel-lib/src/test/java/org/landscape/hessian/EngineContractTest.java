package org.landscape.hessian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.landscape.data.Dataset;
import org.landscape.model.Activation;
import org.landscape.model.Architecture;
import org.landscape.model.Curvature;
import org.landscape.model.Dl4jReference;
import org.landscape.model.Labels;
import org.landscape.model.Loss;
import org.landscape.model.Network;
import org.landscape.model.Risk;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The contract of the one engine ({@link Risk} and its {@link Curvature}): every entry point (loss, gradient,
 * per-example Jacobian, Hessian-vector product, H0, H1, dense Hessian) against DL4J and against finite differences
 * computed independently, for every activation x loss. No combination is skipped: all are defined almost
 * everywhere. The piecewise-linear ones (ReLU, leaky ReLU, the hinge loss) have kinks where second derivatives do not
 * exist, but the random points and 1e-6 steps here do not reach a kink (a reached kink shows as a failure, not as a
 * silent pass). The softmax needs several outputs: every network here has three.
 *
 * <p>Not compared with DL4J separately: H0 and H1 (DL4J has no such split; their sum is compared with the Hessian
 * from DL4J's gradients, and each with its own finite-difference reference).
 */
class EngineContractTest {
    private static final int M = 12;

    static Stream<Arguments> combinations() {
        List<Arguments> all = new ArrayList<>();
        for (Activation activation : Activation.values()) {
            for (Loss loss : Loss.values()) {
                all.add(Arguments.of(activation, loss));
            }
        }
        return all.stream();
    }

    /** A 3-4-3 network (one hidden layer, biases) at a random point, with labels that suit the loss. */
    static final class Case {
        final Network net;
        final Dataset data;
        final Risk risk;
        final double[] theta;
        final String name;

        Case(Activation activation, Loss loss) {
            net = Network.builder(Architecture.of(3, 4, 3)).activation(activation).loss(loss).seed(7).build();
            Random r = new Random(11);
            double[][] x = new double[M][3];
            for (double[] row : x) {
                for (int j = 0; j < 3; j++) {
                    row[j] = r.nextGaussian();
                }
            }
            data = new Dataset("contract", Nd4j.createFromArray(x), Nd4j.createFromArray(Labels.forLoss(M, loss)));
            theta = Fixtures.jiggle(net, 0.5, 13);
            risk = Risk.of(net, data);
            name = activation + " x " + loss;
        }

        int n() {
            return theta.length;
        }

        double[] shifted(double[] v, double t) {
            double[] p = theta.clone();
            Vectors.axpy(t, v, p);
            return p;
        }

        /** DL4J's outputs (after softmax or sigmoid) at t; the network is restored. */
        double[][] dl4jOutputs(double[] t) {
            double[] saved = net.parameters();
            net.setParameters(t);
            double[][] out = net.output(data.features()).toDoubleMatrix();
            net.setParameters(saved);
            return out;
        }

        /** The dense Hessian from central differences of DL4J's gradients, symmetrised. */
        DenseMatrix dl4jHessian() {
            double[][] h = new double[n()][];
            double eps = 1e-5;
            for (int j = 0; j < n(); j++) {
                double[] e = new double[n()];
                e[j] = 1;
                double[] plus = Dl4jReference.gradient(net, shifted(e, eps), data),
                        minus = Dl4jReference.gradient(net, shifted(e, -eps), data);
                h[j] = new double[n()];
                for (int i = 0; i < n(); i++) {
                    h[j][i] = (plus[i] - minus[i]) / (2 * eps);
                }
            }
            return DenseMatrix.of(h).symmetrized();
        }

        /** phi(t) = (1/m) sum_i r_i . z_i(t), residuals frozen at theta: H1 is its Hessian. */
        double phi(double[] t, double[][] residuals) {
            double[][] z = risk.outputs(t);
            double s = 0;
            for (int i = 0; i < z.length; i++) {
                s += Vectors.dot(residuals[i], z[i]);
            }
            return s / z.length;
        }

        /** H1 by second differences of phi: forward passes only, no backpropagation. */
        DenseMatrix h1FromOutputs() {
            double[][] r = risk.curvature(theta).residuals();
            double h = 1e-4;
            DenseMatrix m = DenseMatrix.zeros(n(), n());
            for (int j = 0; j < n(); j++) {
                for (int k = 0; k <= j; k++) {
                    double[] ej = new double[n()], ek = new double[n()];
                    ej[j] = h;
                    ek[k] = h;
                    double v = (phi(plus(plus(theta, ej), ek), r) - phi(plus(minus(theta, ej), ek), r)
                            - phi(minus(plus(theta, ej), ek), r) + phi(minus(minus(theta, ej), ek), r)) / (4 * h * h);
                    m.set(j, k, v);
                    m.set(k, j, v);
                }
            }
            return m;
        }

        /** J_i by central differences of the engine's outputs (forward passes only): [example][output][parameter]. */
        double[][][] jacobiansFromOutputs() {
            double eps = 1e-6;
            double[][][] jac = new double[M][3][n()];
            for (int j = 0; j < n(); j++) {
                double[] e = new double[n()];
                e[j] = 1;
                double[][] plus = risk.outputs(shifted(e, eps)), minus = risk.outputs(shifted(e, -eps));
                for (int i = 0; i < M; i++) {
                    for (int c = 0; c < 3; c++) {
                        jac[i][c][j] = (plus[i][c] - minus[i][c]) / (2 * eps);
                    }
                }
            }
            return jac;
        }

        /** H0 = (1/m) sum J_i^T L_i J_i with J_i from output differences and L_i from differences of dE/dz. */
        DenseMatrix h0FromDifferences() {
            double[][][] jac = jacobiansFromOutputs();
            double[][] z = risk.outputs(theta), y = data.labels().toDoubleMatrix();
            Loss loss = net.lossKind();
            DenseMatrix h0 = DenseMatrix.zeros(n(), n());
            for (int i = 0; i < M; i++) {
                double[][] l = new double[3][3];
                for (int c = 0; c < 3; c++) {
                    double[] zp = z[i].clone(), zm = z[i].clone();
                    zp[c] += 1e-6;
                    zm[c] -= 1e-6;
                    double[] gp = loss.gradient(zp, y[i]), gm = loss.gradient(zm, y[i]);
                    for (int d = 0; d < 3; d++) {
                        l[d][c] = (gp[d] - gm[d]) / 2e-6;
                    }
                }
                for (int a = 0; a < n(); a++) {
                    for (int b = 0; b < n(); b++) {
                        double s = 0;
                        for (int c = 0; c < 3; c++) {
                            for (int d = 0; d < 3; d++) {
                                s += jac[i][c][a] * l[c][d] * jac[i][d][b];
                            }
                        }
                        h0.add(a, b, s / M);
                    }
                }
            }
            return h0.symmetrized();
        }
    }

    private static double[] plus(double[] a, double[] b) {
        double[] c = a.clone();
        Vectors.axpy(1, b, c);
        return c;
    }

    private static double[] minus(double[] a, double[] b) {
        double[] c = a.clone();
        Vectors.axpy(-1, b, c);
        return c;
    }

    private static void close(double[] expected, double[] got, double relative, String what) {
        double scale = Math.max(Vectors.maxAbs(expected), 1e-3);
        for (int i = 0; i < expected.length; i++) {
            double diff = Math.abs(expected[i] - got[i]);
            assertTrue(diff <= relative * scale, String.format(Locale.ROOT, "%s: entry %d is %.10g, expected %.10g "
                    + "(difference %.2g, allowed %.2g)", what, i, got[i], expected[i], diff, relative * scale));
        }
    }

    private static void close(DenseMatrix expected, DenseMatrix got, double relative, String what) {
        double diff = expected.maxAbsDifference(got), scale = Math.max(expected.maxAbs(), 1e-3);
        assertTrue(diff <= relative * scale, String.format(Locale.ROOT, "%s: max difference %.2g against a scale of "
                + "%.3g (allowed %.0e relative)", what, diff, scale, relative));
    }

    @ParameterizedTest(name = "{0} x {1}")
    @MethodSource("combinations")
    void lossAndGradientAgreeWithDl4jAndDifferences(Activation activation, Loss loss) {
        Case c = new Case(activation, loss);
        double value = c.risk.value(c.theta);
        assertTrue(Math.abs(value - Dl4jReference.loss(c.net, c.theta, c.data)) <= 1e-12 * Math.max(1, value),
                c.name + ": loss against DL4J's score");
        assertEquals(value, c.net.loss(c.theta, c.data), 0.0, c.name + ": the network's loss is the engine's");
        double[] g = c.risk.gradient(c.theta);
        close(Dl4jReference.gradient(c.net, c.theta, c.data), g, 1e-10, c.name + ": gradient against DL4J");
        double[] fd = new double[c.n()];
        for (int j = 0; j < c.n(); j++) {
            double[] e = new double[c.n()];
            e[j] = 1;
            fd[j] = (c.risk.value(c.shifted(e, 1e-6)) - c.risk.value(c.shifted(e, -1e-6))) / 2e-6;
        }
        close(fd, g, 1e-6, c.name + ": gradient against differences of the loss");
    }

    @ParameterizedTest(name = "{0} x {1}")
    @MethodSource("combinations")
    void jacobiansAgreeWithDl4jAndDifferences(Activation activation, Loss loss) {
        Case c = new Case(activation, loss);
        double[][] z = c.risk.outputs(c.theta), dl4j = c.dl4jOutputs(c.theta);
        for (int i = 0; i < M; i++) {
            close(dl4j[i], loss.output(z[i]), 1e-12, c.name + ": outputs of example " + i + " against DL4J");
        }
        double[][][] fd = c.jacobiansFromOutputs();
        double[] v = Vectors.gaussian(c.n(), new Random(3));
        double[][] jv = c.risk.jacobianTimes(c.theta, v);
        double eps = 1e-6;
        double[][] outPlus = c.dl4jOutputs(c.shifted(v, eps)), outMinus = c.dl4jOutputs(c.shifted(v, -eps));
        for (int i = 0; i < M; i++) {
            double[][] jac = c.risk.jacobian(c.theta, i);
            double[] viaRows = new double[3];
            for (int k = 0; k < 3; k++) {
                close(fd[i][k], jac[k], 1e-7, c.name + ": Jacobian row " + k + " of example " + i + " against differences");
                viaRows[k] = Vectors.dot(jac[k], v);
            }
            close(viaRows, jv[i], 1e-12, c.name + ": J v (forward mode) against the Jacobian's rows");
            // DL4J's outputs are link(z): their derivative along v is link'(z) J v.
            double[] expected = new double[3], linked = new double[3];
            for (int k = 0; k < 3; k++) {
                expected[k] = (outPlus[i][k] - outMinus[i][k]) / (2 * eps);
                double[] zp = z[i].clone(), zm = z[i].clone();
                Vectors.axpy(1e-7, jv[i], zp);
                Vectors.axpy(-1e-7, jv[i], zm);
                linked[k] = (loss.output(zp)[k] - loss.output(zm)[k]) / 2e-7;
            }
            close(expected, linked, 1e-6, c.name + ": d output/d theta v against DL4J's outputs");
        }
        // J^T u with u_i = dE/dz_i / m is the gradient.
        double[][] u = c.risk.curvature(c.theta).residuals();
        for (double[] row : u) {
            Vectors.scale(1.0 / M, row);
        }
        close(Dl4jReference.gradient(c.net, c.theta, c.data), c.risk.jacobianTransposeTimes(c.theta, u), 1e-10,
                c.name + ": J^T r / m against DL4J's gradient");
    }

    @ParameterizedTest(name = "{0} x {1}")
    @MethodSource("combinations")
    void curvatureAgreesWithDl4jAndDifferences(Activation activation, Loss loss) {
        Case c = new Case(activation, loss);
        GaussNewton split = GaussNewton.at(c.net, c.data, c.theta);
        DenseMatrix reference = c.dl4jHessian();
        DenseMatrix h = Hessians.dense(c.risk, c.theta), h0 = split.h0(), h1 = split.h1();
        close(reference, h, 1e-6, c.name + ": dense Hessian against differences of DL4J's gradients");
        double[] v = Vectors.gaussian(c.n(), new Random(5));
        close(reference.apply(v), Hessians.operator(c.risk, c.theta).apply(v), 1e-6, c.name + ": H v against DL4J");
        close(c.h0FromDifferences(), h0, 1e-6, c.name + ": H0 against J^T L J from differences");
        close(c.h1FromOutputs(), h1, 1e-5, c.name + ": H1 against second differences of the frozen-residual outputs");
        close(h, h0.plus(h1), 1e-8, c.name + ": H0 + H1 against the engine's Hessian");
        close(reference, h0.plus(h1), 1e-6, c.name + ": H0 + H1 against DL4J's Hessian");
        if (loss != Loss.HINGE) { // the hinge loss is piecewise linear in z: H0 = 0
            assertTrue(DenseEigen.all(h0).min() >= -1e-12 * Math.max(1, h0.maxAbs()), c.name + ": H0 is PSD");
        }
    }

    /**
     * A closed form: 1 input -> 1 tanh unit -> 1 output, square loss, parameters (w1, b1, w2, b2) in DL4J's order.
     * z = w2 tanh(w1 x + b1) + b2; H0 = (2/m) sum grad z grad z^T; H1 = (2/m) sum e d^2 z.
     */
    @Test
    void h0AndH1MatchTheClosedFormOfATinyNetwork() {
        Network net = Network.builder(Architecture.of(1, 1, 1)).activation(Activation.TANH).loss(Loss.SQUARE).build();
        double[] theta = {0.7, -0.3, 1.4, 0.2};
        double[][] x = {{-1.5}, {-0.4}, {0.3}, {0.9}, {2.0}}, y = {{0.5}, {-1}, {0.2}, {1.1}, {0.7}};
        Dataset data = Dataset.of("tiny", x, y);
        int m = x.length;
        double[][] h0 = new double[4][4], h1 = new double[4][4];
        for (int i = 0; i < m; i++) {
            double xi = x[i][0], a = Math.tanh(theta[0] * xi + theta[1]), s = 1 - a * a, s2 = -2 * a * s;
            double w2 = theta[2], e = w2 * a + theta[3] - y[i][0];
            double[] grad = {w2 * s * xi, w2 * s, a, 1};
            double[][] second = {
                    {w2 * s2 * xi * xi, w2 * s2 * xi, s * xi, 0},
                    {w2 * s2 * xi, w2 * s2, s, 0},
                    {s * xi, s, 0, 0},
                    {0, 0, 0, 0}};
            for (int p = 0; p < 4; p++) {
                for (int q = 0; q < 4; q++) {
                    h0[p][q] += 2.0 / m * grad[p] * grad[q];
                    h1[p][q] += 2.0 / m * e * second[p][q];
                }
            }
        }
        GaussNewton split = GaussNewton.at(net, data, theta);
        close(DenseMatrix.of(h0), split.h0(), 1e-13, "H0 against its closed form");
        close(DenseMatrix.of(h1), split.h1(), 1e-8, "H1 against its closed form");
        DenseMatrix h = DenseMatrix.of(h0).plus(DenseMatrix.of(h1));
        close(h, Hessians.dense(Risk.of(net, data), theta), 1e-8, "H against its closed form");
        close(h, split.h0().plus(split.h1()), 1e-8, "H0 + H1 against the closed-form H");
    }
}
