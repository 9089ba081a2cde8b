package org.landscape.slice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.landscape.data.Dataset;
import org.landscape.data.Synthetic;
import org.landscape.model.Activation;
import org.landscape.model.Architecture;
import org.landscape.model.Loss;
import org.landscape.model.Network;
import org.landscape.model.ParameterLayout;

class DirectionsTest {

    @Test
    void filterNormalisedDirectionsHaveTheParametersFilterNorms() {
        Network net = Network.builder(Architecture.of(5, 7, 3, 2)).seed(4).build();
        double[] theta = net.parameters();
        double[] d = Directions.random(net, 11, Directions.Normalisation.FILTER, false);
        for (ParameterLayout.Layer layer : net.layout().layers()) {
            for (int unit = 0; unit < layer.outputs; unit++) {
                double dn = 0, tn = 0;
                for (int i = 0; i < layer.inputs; i++) {
                    dn += Math.pow(d[layer.weight(unit, i)], 2);
                    tn += Math.pow(theta[layer.weight(unit, i)], 2);
                }
                assertEquals(Math.sqrt(tn), Math.sqrt(dn), 1e-12, "filter " + unit + " of layer " + layer.index);
            }
            for (int unit = 0; unit < layer.outputs; unit++) {
                assertEquals(0, d[layer.bias(unit)], 0, "biases left out");
            }
        }
        double[] layerNormalised = Directions.random(net, 11, Directions.Normalisation.LAYER, true);
        ParameterLayout.Layer first = net.layout().layer(0);
        double dn = 0, tn = 0;
        for (int k = first.weightOffset; k < first.weightOffset + first.weightCount(); k++) {
            dn += layerNormalised[k] * layerNormalised[k];
            tn += theta[k] * theta[k];
        }
        assertEquals(Math.sqrt(tn), Math.sqrt(dn), 1e-12);
        assertArrayEquals(d, Directions.random(net, 11, Directions.Normalisation.FILTER, false), "same seed, same direction");
    }

    @Test
    void pcaComponentsAreOrthonormalAndExplainTheKnownVariance() {
        // Points along e1 with variance 9, e2 with variance 1, e3 with variance 0.01, rotated into R^6.
        Random r = new Random(3);
        int n = 400;
        double[][] basis = new double[3][6];
        double[][] q = randomOrthonormal(6, r);
        System.arraycopy(q, 0, basis, 0, 3);
        double[][] points = new double[n][6];
        double[] sd = {3, 1, 0.1};
        double[][] coefficients = new double[n][3];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                coefficients[i][c] = sd[c] * r.nextGaussian();
                for (int j = 0; j < 6; j++) {
                    points[i][j] += coefficients[i][c] * basis[c][j] + (c == 0 ? 0.5 : 0);
                }
            }
        }
        Pca pca = Pca.of(points, 3);
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                assertEquals(a == b ? 1 : 0, Slices.dot(pca.component(a), pca.component(b)), 1e-10);
            }
        }
        // Independent reference: the sample covariance of the known coefficients (sklearn's definition, N - 1).
        double total = 0;
        double[] expected = new double[3];
        for (int c = 0; c < 3; c++) {
            double mean = 0;
            for (double[] row : coefficients) {
                mean += row[c] / n;
            }
            for (double[] row : coefficients) {
                expected[c] += Math.pow(row[c] - mean, 2) / (n - 1);
            }
            total += expected[c];
        }
        double[] ratio = pca.explainedVarianceRatio();
        for (int c = 0; c < 3; c++) {
            assertEquals(expected[c] / total, ratio[c], 0.01, "component " + c);
            assertEquals(1.0, Math.abs(Slices.dot(pca.component(c), basis[c])), 0.01, "recovers the axis of component " + c);
        }
        assertThrows(IllegalArgumentException.class, () -> Pca.of(new double[][]{{1, 2}}, 1));
    }

    @Test
    void threeSolutionPlaneHitsTheThreeSolutions() {
        Dataset data = Synthetic.teacher(60, 5, 2);
        Network net = Network.builder(Architecture.of(5, 6, 1)).activation(Activation.TANH).build();
        double[][] solutions = new double[3][];
        for (int s = 0; s < 3; s++) {
            solutions[s] = Network.builder(Architecture.of(5, 6, 1)).seed(10 + s).build().parameters();
        }
        Plane plane = Plane.throughThree(solutions[0], solutions[1], solutions[2]);
        Surface loss = Slices.plane(net, data, plane, Axis.of("a", 0, 1, 3), Axis.of("b", 0, 1, 3));
        assertEquals(net.loss(solutions[0], data), loss.value(0, 0), 1e-12);
        assertEquals(net.loss(solutions[1], data), loss.value(2, 0), 1e-12);
        assertEquals(net.loss(solutions[2], data), loss.value(0, 2), 1e-12);
        assertArrayEquals(new double[]{1, 0}, plane.coordinates(solutions[1]), 1e-10);
        assertArrayEquals(new double[]{0, 1}, plane.coordinates(solutions[2]), 1e-10);
        Plane orthonormal = plane.orthonormalised();
        assertEquals(0, Slices.dot(orthonormal.d1(), orthonormal.d2()), 1e-12);
        assertEquals(0, orthonormal.distance(solutions[2]), 1e-9, "the orthonormal plane is the same plane");
        double[] mid = new double[solutions[0].length];
        for (int i = 0; i < mid.length; i++) {
            mid[i] = (solutions[0][i] + solutions[1][i]) / 2;
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Plane.throughThree(solutions[0], solutions[1], mid));
        assertTrue(e.getMessage().contains("one line"), e.getMessage());
    }

    @Test
    void fastPlaneEvaluationMatchesDl4jForEveryActivationAndLoss() {
        // Two inputs: the first layer is formed at each point; six: its products are shared across the plane.
        for (int inputs : new int[]{2, 6}) {
            for (Activation activation : Activation.values()) {
                for (Loss loss : Loss.values()) {
                    Network net = Network.builder(Architecture.of(inputs, 5, 4, 3)).activation(activation).loss(loss)
                            .seed(9).build();
                    Dataset moons = inputs == 2 ? Synthetic.twoMoons(40, 0.2, 1) : Synthetic.teacher(40, inputs, 3, 1);
                    double[][] y = org.landscape.model.Labels.forLoss(40, loss);
                    Dataset data = new Dataset("three classes", moons.features(),
                            org.nd4j.linalg.factory.Nd4j.createFromArray(y));
                    Plane plane = Plane.random(net, 3, Directions.Normalisation.FILTER, true);
                    PlaneEvaluator fast = new PlaneEvaluator(net, data, plane, PlaneEvaluator.shares(net, data));
                    for (double[] ab : new double[][]{{0, 0}, {0.7, -0.3}, {-1.5, 2}}) {
                        double[] theta = plane.point(ab[0], ab[1]);
                        double[] got = fast.evaluate(ab[0], ab[1]);
                        assertEquals(net.loss(theta, data), got[0], 1e-10 * Math.max(1, got[0]),
                                inputs + " inputs, " + activation + " " + loss);
                        Network at = net.copy();
                        at.setParameters(theta);
                        assertEquals(at.accuracy(data), got[1], 1e-12);
                    }
                }
        }
        }
    }

    @Test
    void lineBetweenTwoSolutionsStartsAndEndsAtThem() {
        Dataset data = Synthetic.teacher(50, 5, 3);
        Network net = Network.builder(Architecture.of(5, 4, 1)).build();
        double[] a = Network.builder(Architecture.of(5, 4, 1)).seed(1).build().parameters();
        double[] b = Network.builder(Architecture.of(5, 4, 1)).seed(2).build().parameters();
        Curve curve = Slices.line(net, data, a, b, Axis.of("t", 0, 1, 11));
        assertEquals(net.loss(a, data), curve.value(0), 1e-12);
        assertEquals(net.loss(b, data), curve.value(10), 1e-12);
        assertTrue(curve.barrier() >= 0 || curve.max() >= Math.max(curve.value(0), curve.value(10)) - 1e-15);
        assertThrows(IllegalArgumentException.class, () -> Slices.line(net, data, a, a, Axis.of("t", 0, 1, 3)));
    }

    static double[][] randomOrthonormal(int n, Random r) {
        double[][] q = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                q[i][j] = r.nextGaussian();
            }
            for (int k = 0; k < i; k++) {
                double p = Slices.dot(q[i], q[k]);
                for (int j = 0; j < n; j++) {
                    q[i][j] -= p * q[k][j];
                }
            }
            double norm = Slices.norm(q[i]);
            for (int j = 0; j < n; j++) {
                q[i][j] /= norm;
            }
        }
        return q;
    }
}
