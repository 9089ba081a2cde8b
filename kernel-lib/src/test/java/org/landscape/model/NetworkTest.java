package org.landscape.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.landscape.data.Dataset;
import org.landscape.data.Synthetic;
import org.junit.jupiter.api.Test;

class NetworkTest {

    @Test
    void parameterCountIsTheBooksNA() {
        // n_A = sum d_{l+1}(d_l + 1), by hand.
        assertEquals(2 * (1 + 1) + 1 * (2 + 1), Architecture.of(1, 2, 1).parameterCount());
        assertEquals(20 * 6 + 20 * 21 + 1 * 21, Architecture.of(5, 20, 20, 1).parameterCount());
        assertEquals(1000 * 6 + 1001, Architecture.uniform(5, 1000, 1, 1).parameterCount());
        assertEquals(2, Architecture.of(1, 1, 1).parameterCount(false));
        for (Architecture a : new Architecture[]{Architecture.of(3, 1), Architecture.of(5, 10, 10, 10, 1),
                Architecture.of(100, 25, 10), Architecture.of(2, 7, 3)}) {
            Network net = Network.builder(a).build();
            assertEquals(a.parameterCount(), net.parameterCount(), "DL4J's count for " + a);
            Network noBias = Network.builder(a).biases(false).build();
            assertEquals(a.parameterCount(false), noBias.parameterCount(), "without biases for " + a);
        }
    }

    @Test
    void lossIsTheMeanSquareErrorComputedByHand() {
        // Phi(x) = w2 tanh(w1 x), no biases: theta = (w1, w2) in that order.
        Network net = Network.builder(Architecture.of(1, 1, 1)).activation(Activation.TANH).biases(false).build();
        double[][] x = {{-1.5}, {-0.2}, {0.7}, {2.0}};
        double[][] y = {{-0.9}, {0.1}, {0.4}, {1.1}};
        Dataset data = Dataset.of("four points", x, y);
        double w1 = 0.8, w2 = -1.3;
        double expected = 0;
        for (int i = 0; i < x.length; i++) {
            double r = w2 * Math.tanh(w1 * x[i][0]) - y[i][0];
            expected += r * r / x.length;
        }
        assertEquals(expected, net.loss(new double[]{w1, w2}, data), 1e-13);
    }

    @Test
    void lossWithBiasesAndTwoOutputsMatchesAForwardPassByHand() {
        Architecture a = Architecture.of(2, 3, 2);
        Network net = Network.builder(a).activation(Activation.RELU).seed(3).build();
        double[] theta = net.parameters();
        double[][] x = {{0.3, -1.2}, {1.1, 0.4}, {-0.5, 0.9}};
        double[][] y = {{0.2, -0.1}, {1.0, 0.5}, {-0.3, 0.0}};
        // DL4J layout per layer: W (nIn x nOut, column-major), then b.
        double expected = 0;
        for (int n = 0; n < x.length; n++) {
            double[] h = new double[3];
            for (int j = 0; j < 3; j++) {
                double pre = theta[6 + j];
                for (int i = 0; i < 2; i++) {
                    pre += theta[i + 2 * j] * x[n][i];
                }
                h[j] = Math.max(0, pre);
            }
            for (int k = 0; k < 2; k++) {
                double out = theta[9 + 6 + k];
                for (int j = 0; j < 3; j++) {
                    out += theta[9 + j + 3 * k] * h[j];
                }
                expected += (out - y[n][k]) * (out - y[n][k]) / x.length;
            }
        }
        assertEquals(expected, net.loss(Dataset.of("three points", x, y)), 1e-12);
    }

    @Test
    void badInputGetsErrorsThatNameTheArgument() {
        Network net = Network.builder(Architecture.of(5, 4, 1)).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.setParameters(new double[3]));
        assertTrue(e.getMessage().contains("theta has 3 entries"), e.getMessage());
        double[] nan = net.parameters();
        nan[2] = Double.NaN;
        e = assertThrows(IllegalArgumentException.class, () -> net.setParameters(nan));
        assertTrue(e.getMessage().contains("theta[2] is NaN"), e.getMessage());
        Dataset wrongWidth = Synthetic.twoMoons(10, 0.1, 1);
        e = assertThrows(IllegalArgumentException.class, () -> net.loss(wrongWidth));
        assertTrue(e.getMessage().contains("has 2 inputs"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Architecture.of(5, 0, 1));
        assertTrue(e.getMessage().contains("d_1"), e.getMessage());
    }

    @Test
    void gradientMatchesCentralDifferencesOfTheMeanLoss() {
        for (Activation activation : new Activation[]{Activation.TANH, Activation.LINEAR}) {
            for (Loss loss : new Loss[]{Loss.SQUARE, Loss.CROSS_ENTROPY}) {
                Network net = Network.builder(Architecture.of(2, 4, 3, 2)).activation(activation).loss(loss).seed(5).build();
                Dataset data = loss == Loss.SQUARE ? Dataset.of("r", new double[][]{{0.3, -1}, {1, 2}, {-0.4, 0.1}},
                        new double[][]{{1, 0}, {0.5, -1}, {0, 0.2}})
                        : Synthetic.twoMoons(7, 0.1, 3);
                double[] theta = net.parameters();
                double[] g = net.gradient(theta, data);
                double eps = 1e-5;
                for (int i = 0; i < theta.length; i++) {
                    double[] plus = theta.clone(), minus = theta.clone();
                    plus[i] += eps;
                    minus[i] -= eps;
                    double fd = (net.loss(plus, data) - net.loss(minus, data)) / (2 * eps);
                    assertEquals(fd, g[i], 1e-8, activation + " " + loss + " parameter " + i);
                }
            }
        }
    }

    /**
     * Network's loss, gradient and accuracy go through the engine (Risk); DL4J's own score, backpropagated gradient
     * and outputs stay the independent reference, for every activation and loss, with and without biases.
     */
    @Test
    void lossGradientAndAccuracyAgreeWithDl4jsOwnScoreGradientAndOutputs() {
        int m = 40;
        Dataset inputs = Synthetic.teacher(m, 4, 3, 9);
        for (boolean biases : new boolean[]{true, false}) {
            for (Activation activation : Activation.values()) {
                for (Loss loss : Loss.values()) {
                    Network net = Network.builder(Architecture.of(4, 6, 3)).activation(activation).loss(loss)
                            .biases(biases).seed(8).build();
                    String what = activation + " " + loss + (biases ? "" : " without biases");
                    assertTrue(!Dl4jReference.hasRegularisation(net), what + ": DL4J's score has a regularisation term");
                    Dataset data = new Dataset("labels for " + loss, inputs.features(),
                            org.nd4j.linalg.factory.Nd4j.createFromArray(Labels.forLoss(m, loss)));
                    double[] theta = net.parameters();
                    java.util.Random random = new java.util.Random(2);
                    for (int i = 0; i < theta.length; i++) {
                        theta[i] += 0.5 * random.nextGaussian();
                    }
                    double expected = Dl4jReference.loss(net, theta, data);
                    assertEquals(expected, net.loss(theta, data), 1e-12 * Math.max(1, expected), what + ": loss");
                    double[] g = Dl4jReference.gradient(net, theta, data), got = net.gradient(theta, data);
                    double scale = 0;
                    for (double v : g) {
                        scale = Math.max(scale, Math.abs(v));
                    }
                    for (int i = 0; i < g.length; i++) {
                        assertEquals(g[i], got[i], 1e-12 * Math.max(scale, 1e-3), what + ": gradient entry " + i);
                    }
                    double[] before = net.parameters();
                    net.setParameters(theta);
                    assertEquals(expected, net.loss(data), 1e-12 * Math.max(1, expected), what + ": loss at own theta");
                    assertTrue(Arrays.equals(got, net.gradient(data)), what + ": gradient at own theta");
                    assertEquals(Dl4jReference.accuracy(net, theta, data), net.accuracy(data), 0.0, what + ": accuracy");
                    double[][] expectedOut = Dl4jReference.output(net, theta, data.features());
                    double[][] out = net.output(data.features()).toDoubleMatrix();
                    for (int i = 0; i < m; i++) {
                        assertArrayEquals(expectedOut[i], out[i], 1e-12, what + ": output of example " + i);
                    }
                    net.setParameters(before);
                }
            }
        }
    }

    @Test
    void sameSeedSameParameters() {
        Architecture a = Architecture.of(5, 8, 1);
        for (long seed : new long[]{0, 1, -7}) {  // DL4J itself treats 0 as unseeded
            assertEquals(java.util.Arrays.toString(Network.builder(a).seed(seed).build().parameters()),
                    java.util.Arrays.toString(Network.builder(a).seed(seed).build().parameters()), "seed " + seed);
        }
        assertEquals(java.util.Arrays.toString(Network.builder(a).seed(11).build().parameters()),
                java.util.Arrays.toString(Network.builder(a).seed(11).build().parameters()));
    }

    /** Issue 10 item 2: from two threads, losses and gradients at theta were wrong and the network kept theta. */
    @Test
    @org.junit.jupiter.api.Tag("reliability")
    void lossAndGradientAtThetaAreRightFromTwoThreadsAndLeaveTheNetworkAlone() throws Exception {
        Network net = Network.builder(Architecture.of(5, 32, 32, 1)).seed(3).build();
        Dataset data = Synthetic.teacher(64, 5, 4, 11);
        double[] own = net.parameters();
        double[][] thetas = new double[2][];
        double[] losses = new double[2];
        double[][] gradients = new double[2][];
        for (int t = 0; t < 2; t++) {
            thetas[t] = own.clone();
            for (int i = 0; i < own.length; i++) {
                thetas[t][i] += 0.3 * Math.sin(7.0 * i + t);
            }
            losses[t] = net.loss(thetas[t], data);
            gradients[t] = net.gradient(thetas[t], data);
        }
        double ownLoss = net.loss(data);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> wrong = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int thread = t;
                wrong.add(pool.submit(() -> {
                    int bad = 0;
                    for (int call = 0; call < 300; call++) {
                        bad += net.loss(thetas[thread], data) == losses[thread] ? 0 : 1;
                        bad += Arrays.equals(net.gradient(thetas[thread], data), gradients[thread]) ? 0 : 1;
                        bad += net.loss(data) == ownLoss ? 0 : 1; // threw a NullPointerException ("this.input")
                    }
                    return bad;
                }));
            }
            for (Future<Integer> f : wrong) {
                assertEquals(0, f.get(), "wrong results of 900 calls");
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(Arrays.equals(own, net.parameters()), "the network was left holding another call's theta");
    }

    /** Issue 10 item 3: a 30000-30000-1 network took 7.26 GB before failing; it is refused before allocating. */
    @Test
    @org.junit.jupiter.api.Tag("reliability")
    void aNetworkTooLargeForTheHeapIsRefusedUpFrontWithItsSizeAndTheFix() {
        long t0 = System.nanoTime();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Network.builder(Architecture.of(30000, 30000, 1)).build());
        assertTrue((System.nanoTime() - t0) / 1e9 < 2, "refused only after allocating");
        assertTrue(e.getMessage().contains("900060001 parameters") && e.getMessage().contains("28.80 GB")
                && e.getMessage().contains("narrower") && e.getMessage().contains("-Xmx"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Network.builder(Architecture.of(100000, 100000, 100000, 1)).build());
        assertTrue(e.getMessage().contains("parameters"), e.getMessage());
    }

    /** Issue 10 item 16: activation(null) threw a NullPointerException at build time. */
    @Test
    void nullSettingsAreRefusedWhereTheyAreGiven() {
        Network.Builder b = Network.builder(Architecture.of(2, 3, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.activation(null));
        assertTrue(e.getMessage().startsWith("activation must not be null") && e.getMessage().contains("TANH"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> b.loss(null));
        assertTrue(e.getMessage().startsWith("loss must not be null"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> b.init(null));
        assertTrue(e.getMessage().startsWith("init must not be null"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> b.build().output(null));
        assertTrue(e.getMessage().startsWith("x must be a matrix with 2 columns"), e.getMessage());
    }

    /** Issue 10 item 16: null labels reached the loss as a NullPointerException. */
    @Test
    @org.junit.jupiter.api.Tag("reliability")
    void nullOrMismatchedLabelsAreRefusedByTheLoss() {
        for (Loss loss : Loss.values()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> loss.value(new double[]{0.5, 0.5}, null));
            assertTrue(e.getMessage().contains("y (labels)") && e.getMessage().contains("null"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> loss.gradient(new double[]{0.5}, new double[]{1, 0}));
            assertTrue(e.getMessage().contains("1 entries and 2 entries"), e.getMessage());
        }
    }
}
