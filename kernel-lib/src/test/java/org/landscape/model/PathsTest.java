package org.landscape.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.landscape.data.Dataset;
import org.landscape.stats.Stats;

class PathsTest {
    private static Dataset gaussian(int m, int in, int out, long seed) {
        Random random = new Random(seed);
        double[][] x = new double[m][in], y = new double[m][out];
        for (int r = 0; r < m; r++) {
            for (int i = 0; i < in; i++) {
                x[r][i] = random.nextInt(5) == 0 ? 0 : random.nextGaussian();   // some zero inputs too
            }
            for (int c = 0; c < out; c++) {
                y[r][c] = random.nextBoolean() ? 1 : -1;
            }
        }
        return Dataset.of("gaussian", x, y);
    }

    private static Network relu(boolean biases, long seed, int... widths) {
        return Network.builder(Architecture.of(widths)).activation(Activation.RELU).biases(biases).seed(seed).build();
    }

    @Test
    void pathSumEqualsTheForwardPassForSeveralDepthsAndWidths() {
        int[][] architectures = {{3, 4, 2}, {5, 4, 3, 2}, {4, 3, 3, 3, 1}, {2, 6, 1}, {3, 2}, {6, 4, 3, 4, 3, 3}};
        for (int[] widths : architectures) {
            for (boolean biases : new boolean[]{false, true}) {
                Network net = relu(biases, widths.length, widths);
                Dataset data = gaussian(300, widths[0], widths[widths.length - 1], 7);
                PathSum sum = Paths.of(net).on(data);
                String what = Architecture.of(widths) + (biases ? " with biases" : "");
                assertTrue(sum.maxRelativeError() < 1e-13, what + ": relative error " + sum.maxRelativeError());
                double[][] z = sum.forward(), p = sum.outputs();
                double scale = 0;
                for (double[] row : z) {
                    for (double v : row) {
                        scale = Math.max(scale, Math.abs(v));
                    }
                }
                assertTrue(scale > 0, what);
                assertTrue(sum.maxAbsoluteError() <= 1e-13 * scale, what + ": " + sum.maxAbsoluteError() + " at scale " + scale);
                // some units are off (negative pre-activations) and some on, so the gates matter
                double share = sum.activeShare();
                assertTrue(widths.length == 2 || (share > 0 && share < 1), what + ": active share " + share);
                assertEquals(z[5][0], p[5][0], 1e-13 * scale);
            }
        }
    }

    @Test
    void leakyReluAndLinearNetworksAreSumsOverPathsToo() {
        for (Activation act : new Activation[]{Activation.LEAKY_RELU, Activation.LINEAR}) {
            Network net = Network.builder(Architecture.of(4, 5, 3, 2)).activation(act).seed(3).build();
            PathSum sum = Paths.of(net).on(gaussian(200, 4, 2, 1));
            assertTrue(sum.maxRelativeError() < 1e-13, act + ": " + sum.maxRelativeError());
        }
    }

    @Test
    void zeroAndNegativePreActivations() {
        Network net = relu(false, 1, 3, 3, 2, 1);
        double[] theta = net.parameters();
        ParameterLayout.Layer first = net.layout().layer(0);
        for (int i = 0; i < 3; i++) {
            theta[first.weight(0, i)] = 0;            // unit 0 of hidden layer 1: h = 0 exactly for every example
            theta[first.weight(1, i)] = -1;           // unit 1: h = -(x0 + x1 + x2) < 0 for positive inputs
            theta[first.weight(2, i)] = 0.5;          // unit 2: on for positive inputs
        }
        double[][] x = new double[50][3], y = new double[50][1];
        Random random = new Random(2);
        for (int r = 0; r < 50; r++) {
            for (int i = 0; i < 3; i++) {
                x[r][i] = r < 25 ? random.nextDouble() : -random.nextDouble();   // positive, then negative inputs
            }
        }
        Paths paths = Paths.of(net, theta);
        PathSum sum = paths.on(Dataset.of("signs", x, y));
        assertTrue(sum.maxRelativeError() < 1e-13, "relative error " + sum.maxRelativeError());
        assertTrue(sum.maxAbsoluteError() < 1e-14, "absolute error " + sum.maxAbsoluteError());
        double[] a0 = sum.activations(paths.index(0, 0, 0, 0)), a1 = sum.activations(paths.index(0, 1, 0, 0));
        for (int r = 0; r < 50; r++) {
            assertEquals(0, a0[r], 0, "a unit at h = 0 is off, as the ReLU's derivative at 0");
            assertEquals(r < 25 ? 0 : 1, a1[r], 0, "unit 1 is on exactly for the negative inputs");
        }
    }

    @Test
    void psiIsTheProductOfTheWidthsAndPathsAreNumberedInputFirst() {
        Network net = relu(true, 1, 4, 3, 5, 2);
        Paths paths = Paths.of(net);
        assertEquals(4 * 3 * 5 * 2, paths.count());
        assertEquals(3 * 5 * 2 + 5 * 2 + 2, paths.biasPathCount(), "bias paths start at each later unit");
        assertEquals(3, paths.layers());
        assertEquals(0, relu(false, 1, 4, 3, 5, 2).layout().hasBiases() ? -1 : Paths.of(relu(false, 1, 4, 3, 5, 2)).biasPathCount());
        for (long p = 0; p < paths.count(); p++) {
            int[] u = paths.units(p);
            assertEquals(p, paths.index(u));
            assertEquals(u[0], paths.input(p));
            assertEquals(u[3], paths.output(p));
            assertEquals(p / 30, paths.input(p), "the paths of one input are contiguous");
        }
        assertEquals(Math.pow(120, 1.0 / 3), paths.lambda(), 1e-12);
        assertEquals(Math.pow(120, -1.0 / 3), paths.normalisation(), 1e-12);
    }

    @Test
    void tinyNetworkByHand() {
        // 2-2-1 ReLU without biases: W0 = [[1, -1], [2, 1]] (row = hidden unit), W1 = [3, -2]
        Network net = relu(false, 1, 2, 2, 1);
        ParameterLayout layout = net.layout();
        double[] theta = new double[layout.size()];
        theta[layout.layer(0).weight(0, 0)] = 1;
        theta[layout.layer(0).weight(0, 1)] = -1;
        theta[layout.layer(0).weight(1, 0)] = 2;
        theta[layout.layer(0).weight(1, 1)] = 1;
        theta[layout.layer(1).weight(0, 0)] = 3;
        theta[layout.layer(1).weight(0, 1)] = -2;
        Paths paths = Paths.of(net, theta);
        assertEquals(4, paths.count());
        // path (input, hidden, output): products W0[hidden][input] * W1[0][hidden]
        assertEquals(3, paths.weightProduct(paths.index(0, 0, 0)), 0);
        assertEquals(-4, paths.weightProduct(paths.index(0, 1, 0)), 0);
        assertEquals(-3, paths.weightProduct(paths.index(1, 0, 0)), 0);
        assertEquals(-2, paths.weightProduct(paths.index(1, 1, 0)), 0);
        // x = (1, 2): h = (1 - 2, 2 + 2) = (-1, 4): unit 0 off, unit 1 on; z = -2 * 4 = -8 = 1*(-4) + 2*(-2)
        PathSum sum = paths.on(Dataset.of("one", new double[][]{{1, 2}}, new double[][]{{1}}));
        assertArrayEquals(new double[]{0}, sum.activations(paths.index(0, 0, 0)), 0);
        assertArrayEquals(new double[]{1}, sum.activations(paths.index(1, 1, 0)), 0);
        assertArrayEquals(new double[]{2}, sum.inputs(paths.index(1, 1, 0)), 0);
        assertEquals(-4, sum.term(paths.index(0, 1, 0), 0), 0);
        assertEquals(-4, sum.term(paths.index(1, 1, 0), 0), 0);
        assertArrayEquals(new double[]{0, -4, 0, -4}, sum.terms(0, 0), 0);
        assertEquals(-8, sum.outputs()[0][0], 0);
        assertEquals(-8, sum.forward()[0][0], 0);
        assertEquals(2, sum.activePaths(0));
        // the hinge loss with Y_t = 1: max(0, 1 + 8) = 9 = M + sum Z I w with M = 1, Z = -X
        assertEquals(9, sum.hingeRisk(1), 0);
        assertEquals(Math.max(0, 1 + 8 * 0.5), sum.hingeRisk(0.5), 1e-15);
    }

    @Test
    void theHingeLossOfEquationOneIsTheEnginesHingeRisk() {
        Network net = Network.builder(Architecture.of(5, 4, 3)).activation(Activation.RELU).loss(Loss.HINGE).biases(false)
                .seed(4).build();
        Dataset data = gaussian(400, 5, 3, 9);
        PathSum sum = Paths.of(net).on(data);
        double engine = Risk.of(net, data).value(net.parameters());
        assertEquals(engine, sum.hingeRisk(1), 1e-12 * engine);
        assertEquals(net.loss(data), sum.hingeRisk(1), 1e-10 * engine, "and DL4J's own hinge loss");
        Dataset zeroOne = Dataset.of("0/1", new double[][]{{1, 2, 3, 4, 5}}, new double[][]{{0, 1, 0}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Paths.of(net).on(zeroOne).hingeRisk(1));
        assertTrue(e.getMessage().contains("-1 or +1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> sum.hingeRisk(0));
    }

    @Test
    void refusesHugeTanhAndBadInputsUpFront() {
        Network huge = Network.builder(Architecture.of(100, 200, 200, 10)).activation(Activation.RELU).biases(false).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Paths.of(huge));
        assertTrue(e.getMessage().contains("40,000,000") && e.getMessage().contains("narrower"), e.getMessage());
        Network tanh = Network.builder(Architecture.of(3, 2, 1)).activation(Activation.TANH).build();
        e = assertThrows(IllegalArgumentException.class, () -> Paths.of(tanh));
        assertTrue(e.getMessage().contains("RELU"), e.getMessage());
        Network net = relu(false, 1, 3, 2, 1);
        assertThrows(IllegalArgumentException.class, () -> Paths.of(net, new double[5]));
        assertThrows(IllegalArgumentException.class, () -> Paths.of(null));
        Paths paths = Paths.of(net);
        assertThrows(IllegalArgumentException.class, () -> paths.weightProduct(6));
        assertThrows(IllegalArgumentException.class, () -> paths.index(0, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> paths.on(gaussian(10, 4, 1, 1)), "data of the wrong width");
        PathSum sum = paths.on(gaussian(10, 3, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> sum.terms(10, 0));
        assertThrows(IllegalArgumentException.class, () -> sum.terms(0, 1));
        assertThrows(IllegalArgumentException.class, () -> sum.assumptions(5, 1), "too few resamples");
        assertEquals(Paths.count(new int[]{Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE}), -1);
    }

    @Test
    void resultVerbs() {
        PathSum sum = Paths.of(relu(false, 2, 4, 3, 2)).on(gaussian(20, 4, 2, 3));
        assertEquals(40, sum.table().rowCount());
        assertTrue(sum.summary().contains("24 paths"), sum.summary());
        assertTrue(sum.figure().image().getWidth() > 0);
        PathAssumptions a = sum.assumptions(50, 1);
        assertEquals(8, a.table().rowCount());
        assertTrue(a.figure().image().getWidth() > 0);
        assertTrue(a.summary().contains("A5u") && a.summary().contains("A6u"), a.summary());
    }

    // ---- the statistics against cases where the truth is known by construction

    private static final double PHI = 2 / Math.sqrt(2 * Math.PI);   // corr(1{X > 0}, X) for X ~ N(0, 1)

    @Test
    void activationsIndependentOfInputsByConstruction() {
        Random random = new Random(11);
        int m = 2000;
        double[][] x = new double[m][6], a = new double[m][4];
        for (int r = 0; r < m; r++) {
            for (int i = 0; i < 6; i++) {
                x[r][i] = random.nextGaussian();
            }
            for (int s = 0; s < 4; s++) {
                a[r][s] = random.nextBoolean() ? 1 : 0;
            }
        }
        PathAssumptions stats = new PathAssumptions(x, a, 2, 400, 0.95, 5);
        assertTrue(stats.pooledCorrelation().covers(0), stats.pooledCorrelation().toString());
        assertTrue(stats.meanCorrelation().covers(0), stats.meanCorrelation().toString());
        // the RMS of 24 correlations of independent variables is ~1/sqrt(m); the shuffles say the same
        double rms = stats.rmsCorrelation().estimate(), expected = 1 / Math.sqrt(m);
        assertTrue(rms > 0.5 * expected && rms < 2 * expected, "rms " + rms + " against " + expected);
        assertEquals(expected, Stats.mean(stats.shuffledRms()), 0.3 * expected);
        assertTrue(rms < Stats.max(stats.shuffledRms()) * 1.2, "within the shuffles' range: " + rms);
        assertTrue(stats.dependentShare().estimate() < 0.1, stats.dependentShare().toString());
        // notebook 10's P7 criterion for A5u fails here, as it should
        assertTrue(stats.rmsCorrelation().lower() < 3 * stats.shuffledRms99(), stats.rmsCorrelation().toString());
        // A6u: each of the 6 independent inputs feeds 8 paths
        assertEquals(1, stats.sharedInputShare(), 0);
        assertEquals(8, stats.pathsPerInput());
        assertEquals(48, stats.paths());
        assertEquals(6, stats.effectiveInputs().estimate(), 0.1, "6 independent inputs, shared by 8 paths each");
        assertTrue(stats.effectiveInputs().covers(6), stats.effectiveInputs().toString());
        // pairs of distinct paths: 7 of the 47 others share the input (correlation 1), the rest ~0
        assertTrue(stats.inputPairCorrelation().covers(7.0 / 47), stats.inputPairCorrelation().toString());
    }

    @Test
    void activationsThatAreFunctionsOfTheInput() {
        Random random = new Random(12);
        int m = 2000;
        double[][] x = new double[m][1], a = new double[m][3];
        for (int r = 0; r < m; r++) {
            x[r][0] = random.nextGaussian();
            for (int s = 0; s < 3; s++) {
                a[r][s] = x[r][0] > 0 ? 1 : 0;   // a ReLU gate of the input itself
            }
        }
        PathAssumptions stats = new PathAssumptions(x, a, 1, 400, 0.95, 6);
        for (Stats.Interval i : new Stats.Interval[]{stats.pooledCorrelation(), stats.meanCorrelation(), stats.rmsCorrelation()}) {
            assertTrue(i.covers(PHI), i + " should cover " + PHI);
            assertTrue(i.upper() - i.lower() < 0.05, i.toString());
        }
        assertEquals(1, stats.dependentShare().estimate(), 0);
        assertTrue(stats.rmsCorrelation().lower() > 10 * stats.shuffledRms99());
        // one input shared by all 3 paths: perfectly correlated path inputs, one effective input
        assertEquals(1, stats.inputPairCorrelation().estimate(), 1e-12);
        assertEquals(1, stats.effectiveInputs().estimate(), 1e-12);
    }

    @Test
    void pathInputsIndependentOrEquicorrelatedByConstruction() {
        Random random = new Random(13);
        int m = 3000, d = 20;
        double rho = 0.3;
        double[][] independent = new double[m][d], correlated = new double[m][d], a = new double[m][1];
        for (int r = 0; r < m; r++) {
            double common = random.nextGaussian();
            for (int i = 0; i < d; i++) {
                independent[r][i] = random.nextGaussian();
                correlated[r][i] = Math.sqrt(rho) * common + Math.sqrt(1 - rho) * random.nextGaussian();
            }
            a[r][0] = random.nextBoolean() ? 1 : 0;
        }
        // d - 1 - 1 networks: every path has its own input, as A6u wants
        PathAssumptions free = new PathAssumptions(independent, a, 1, 400, 0.95, 7);
        assertEquals(0, free.sharedInputShare(), 0);
        assertTrue(free.inputPairCorrelation().covers(0), free.inputPairCorrelation().toString());
        assertEquals(d, free.effectiveInputs().estimate(), 0.03 * d, free.effectiveInputs().toString());
        assertTrue(free.effectiveInputs().covers(d), free.effectiveInputs() + " should cover " + d);
        // notebook 10's P7 criterion for A6u fails here, as it should
        assertTrue(free.sharedInputShare() < 1 && free.effectiveInputs().upper() > free.pathsWithVaryingInput() / 100.0);
        PathAssumptions tied = new PathAssumptions(correlated, a, 1, 400, 0.95, 8);
        assertTrue(tied.inputPairCorrelation().covers(rho), tied.inputPairCorrelation().toString());
        double effective = d / (1 + (d - 1) * rho * rho);   // (tr C)^2 / |C|_F^2 for the equicorrelation matrix
        assertTrue(tied.effectiveInputs().covers(effective), tied.effectiveInputs() + " should cover " + effective);
    }

    @Test
    void aNetworkWhoseGatesReadOnlyTheSecondInput() {
        // 2-3-1 ReLU: every hidden unit sees only x_1, so paths from x_0 have A independent of X, paths from x_1 not
        Network net = relu(false, 1, 2, 3, 1);
        double[] theta = net.parameters();
        ParameterLayout.Layer first = net.layout().layer(0);
        for (int u = 0; u < 3; u++) {
            theta[first.weight(u, 0)] = 0;
            theta[first.weight(u, 1)] = 1 + u;
        }
        Random random = new Random(14);
        double[][] x = new double[3000][2], y = new double[3000][1];
        for (double[] row : x) {
            row[0] = random.nextGaussian();
            row[1] = random.nextGaussian();
        }
        PathSum sum = Paths.of(net, theta).on(Dataset.of("two inputs", x, y));
        assertTrue(sum.maxRelativeError() < 1e-13);
        PathAssumptions stats = sum.assumptions(200, 3);
        double[] r = stats.pathCorrelations();   // groups (input, hidden unit), input first
        assertEquals(6, r.length);
        for (int s = 0; s < 3; s++) {
            assertEquals(0, r[s], 4 / Math.sqrt(3000), "input 0, unit " + s);
            assertEquals(PHI, r[3 + s], 0.03, "input 1, unit " + s);
        }
        assertEquals(0.5, stats.activationRate(), 0.03);
    }

    @Test
    void sameSeedSameNumbers() {
        PathSum sum = Paths.of(relu(false, 5, 6, 4, 2)).on(gaussian(300, 6, 2, 4));
        PathAssumptions one = sum.assumptions(100, 9), two = sum.assumptions(100, 9);
        assertEquals(one.rmsCorrelation(), two.rmsCorrelation());
        assertEquals(one.effectiveInputs(), two.effectiveInputs());
        assertArrayEquals(one.shuffledRms(), two.shuffledRms(), 0);
    }
}
