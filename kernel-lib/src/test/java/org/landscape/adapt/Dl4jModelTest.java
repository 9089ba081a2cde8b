package org.landscape.adapt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CancellationException;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape.data.Dataset;
import org.landscape.data.Mnist;
import org.landscape.hessian.HessianVectorProduct;
import org.landscape.hessian.Lanczos;
import org.landscape.hessian.Spectrum;
import org.landscape.model.Architecture;
import org.landscape.model.Network;
import org.landscape.model.Risk;
import org.landscape.slice.Axis;
import org.landscape.slice.Curve;
import org.landscape.slice.Directions;
import org.landscape.slice.Plane;
import org.landscape.slice.Slices;
import org.landscape.slice.Surface;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The adapter on a small CNN with batch norm (convolutional and dense), on a ComputationGraph, and against the
 * library's own fast path on a fully connected network: gradients against central differences of the loss, the
 * Hessian's symmetry, the model's parameters after evaluations (also failed ones), the layout and the directions.
 */
class Dl4jModelTest {
    static Dataset digits(int count, long seed) {
        return Mnist.subset().downsampled(8).dataset().sample(count, seed);
    }

    /** conv 3x3 (3 channels) - BN - tanh - average pooling - dense 6 - BN - tanh - softmax 10, trained a little. */
    static MultiLayerNetwork smallCnn(DataType type, Dataset train) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(type)
                .weightInit(WeightInit.XAVIER).updater(new Adam(0.02)).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(3).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new ActivationLayer(Activation.TANH))
                .layer(new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(6).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new ActivationLayer(Activation.TANH))
                .layer(new DropoutLayer(0.8))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(8, 8, 1)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        // a few updates, so that the running statistics are far from their initial 0 and 1
        net.fit(Iterators.of(train, 16, 1), 2);
        return net;
    }

    static ComputationGraph smallGraph(Dataset train) {
        org.deeplearning4j.nn.conf.ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(5)
                .dataType(DataType.DOUBLE).weightInit(WeightInit.XAVIER).updater(new Adam(0.02)).graphBuilder()
                .addInputs("in")
                .addLayer("dense", new DenseLayer.Builder().nIn(64).nOut(7).activation(Activation.IDENTITY).build(), "in")
                .addLayer("bn", new BatchNormalization.Builder().nIn(7).nOut(7).build(), "dense")
                .addLayer("act", new ActivationLayer(Activation.TANH), "bn")
                .addLayer("side", new DenseLayer.Builder().nIn(64).nOut(4).activation(Activation.SIGMOID).build(), "in")
                .addVertex("merge", new org.deeplearning4j.nn.conf.graph.MergeVertex(), "act", "side")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(11).nOut(10)
                        .activation(Activation.SOFTMAX).build(), "merge")
                .setOutputs("out").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        g.fit(Iterators.of(train, 16, 2), 2);
        return g;
    }

    /** |g - central differences of the loss| over random coordinates of every kind, relative to |g|. */
    private static void gradientMatchesDifferences(Dl4jModel model, long seed) {
        double[] theta = model.parameters();
        double[] g = model.gradient(theta);
        double scale = Arrays.stream(g).map(Math::abs).max().orElse(1);
        Random r = new Random(seed);
        ModelLayout layout = model.layout();
        for (ModelLayout.Block b : layout.blocks()) {
            int[] p = b.positions();
            for (int t = 0; t < 3; t++) {
                int i = p[r.nextInt(p.length)];
                double h = 1e-5 * Math.max(1, Math.abs(theta[i]));
                double[] plus = theta.clone(), minus = theta.clone();
                plus[i] += h;
                minus[i] -= h;
                double fd = (model.value(plus) - model.value(minus)) / (2 * h);
                if (b.kind == ModelLayout.Kind.RUNNING_STAT) {
                    assertEquals(0, g[i], 0, "running statistics get gradient 0 (frozen)");
                } else {
                    assertEquals(fd, g[i], 1e-6 * scale, b + " entry " + i);
                }
            }
        }
    }

    @Test
    void cnnWithBatchNormGradientsAreThoseOfTheEvaluationModeLoss() {
        Dataset data = digits(48, 1);
        MultiLayerNetwork net = smallCnn(DataType.DOUBLE, digits(96, 2));
        double[] own = net.params().toDoubleVector();
        Dl4jModel model = Dl4jModel.of(net, data).withBatchSize(20);
        assertEquals(20, model.batchSize());
        ModelLayout layout = model.layout();
        assertEquals(3 + 6, layout.count(ModelLayout.Kind.BN_GAMMA), layout.toString());
        assertEquals(2 * (3 + 6), layout.count(ModelLayout.Kind.RUNNING_STAT));
        // the loss is DL4J's own evaluation-mode score
        double dl4j = net.score(new org.nd4j.linalg.dataset.DataSet(data.features(), data.labels()), false);
        assertEquals(dl4j, model.loss(), 1e-12 * dl4j);
        gradientMatchesDifferences(model, 7);
        assertArrayEquals(own, net.params().toDoubleVector(), 0, "the model given is never touched");
        assertArrayEquals(own, model.parameters(), 0);
    }

    @Test
    void computationGraphWithBatchNormAndAMerge() {
        Dataset data = digits(40, 3);
        ComputationGraph g = smallGraph(digits(96, 4));
        double[] own = g.params().toDoubleVector();
        Dl4jModel model = Dl4jModel.of(g, data);
        double dl4j = g.score(new org.nd4j.linalg.dataset.DataSet(data.features(), data.labels()), false);
        assertEquals(dl4j, model.loss(), 1e-12 * dl4j);
        gradientMatchesDifferences(model, 8);
        assertEquals(7, model.layout().count(ModelLayout.Kind.BN_BETA));
        assertArrayEquals(own, g.params().toDoubleVector(), 0);
    }

    @Test
    void parametersAreRestoredAfterEveryEvaluationAlsoAfterAnException() {
        Dl4jModel model = Dl4jModel.of(smallCnn(DataType.DOUBLE, digits(64, 5)), digits(40, 6));
        double[] theta = model.parameters();
        double[] far = theta.clone();
        for (int i = 0; i < far.length; i++) {
            far[i] += 0.5;
        }
        assertNotEquals(model.value(theta), model.value(far));
        assertArrayEquals(theta, model.copy().params().toDoubleVector(), 0, "after value");
        model.gradient(far);
        assertArrayEquals(theta, model.copy().params().toDoubleVector(), 0, "after gradient");
        Thread.currentThread().interrupt(); // the evaluation stops inside, with the copy set to far
        assertThrows(CancellationException.class, () -> model.value(far));
        Thread.interrupted();
        assertArrayEquals(theta, model.copy().params().toDoubleVector(), 0, "after an interrupted evaluation");
        Thread.currentThread().interrupt();
        assertThrows(CancellationException.class, () -> model.gradient(far));
        Thread.interrupted();
        assertEquals(model.value(theta), model.loss(), 0);
        assertArrayEquals(model.gradient(theta), model.gradient(theta), 0, "the same numbers again");
    }

    @Test
    void aGraphsParametersAreRestoredAfterAnInterruptedEvaluation() {
        Dl4jModel model = Dl4jModel.of(smallGraph(digits(96, 4)), digits(40, 3)).withBatchSize(8);
        double[] theta = model.parameters();
        double[] far = theta.clone();
        for (int i = 0; i < far.length; i++) {
            far[i] -= 0.3;
        }
        double loss = model.loss(), farLoss = model.value(far);
        double[] gradient = model.gradient(theta);
        for (Runnable call : new Runnable[]{() -> model.value(far), () -> model.gradient(far), () -> model.accuracy(far)}) {
            Thread.currentThread().interrupt(); // stops inside, after the first of five batches
            assertThrows(CancellationException.class, call::run);
            Thread.interrupted();
            assertArrayEquals(theta, model.copy().params().toDoubleVector(), 0, "the copy restored");
        }
        assertEquals(loss, model.loss(), 0);
        assertEquals(farLoss, model.value(far), 0);
        assertArrayEquals(gradient, model.gradient(theta), 0, "the twin restored: the same gradient again");
    }

    @Test
    void callsFromSeveralThreadsTakeTurnsAndGiveTheSequentialNumbers() throws Exception {
        Dl4jModel model = Dl4jModel.of(smallCnn(DataType.DOUBLE, digits(64, 5)), digits(40, 6));
        double[][] points = new double[6][];
        java.util.Random r = new java.util.Random(3);
        for (int k = 0; k < points.length; k++) {
            points[k] = model.parameters();
            for (int i = 0; i < points[k].length; i++) {
                points[k][i] += 0.1 * r.nextGaussian();
            }
        }
        double[] alone = new double[points.length];
        double[][] gradients = new double[points.length][];
        for (int k = 0; k < points.length; k++) {
            alone[k] = model.value(points[k]);
            gradients[k] = model.gradient(points[k]);
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            java.util.List<java.util.concurrent.Future<double[]>> runs = new java.util.ArrayList<>();
            for (int k = 0; k < 3 * points.length; k++) {
                int p = k % points.length;
                runs.add(pool.submit(() -> p % 2 == 0 ? new double[]{model.value(points[p])} : model.gradient(points[p])));
            }
            for (int k = 0; k < runs.size(); k++) {
                int p = k % points.length;
                double[] got = runs.get(k).get();
                assertArrayEquals(p % 2 == 0 ? new double[]{alone[p]} : gradients[p], got, 0, "call " + k);
            }
        } finally {
            pool.shutdownNow();
        }
        assertArrayEquals(model.parameters(), model.copy().params().toDoubleVector(), 0);
    }

    @Test
    void hessianOfTheCnnIsSymmetricAndLanczosFindsItsTopEigenvalue() {
        Dl4jModel model = Dl4jModel.of(smallCnn(DataType.DOUBLE, digits(64, 7)), digits(32, 8));
        org.landscape.hessian.LinearOperator h = model.hessian();
        assertEquals(model.dimension() - model.layout().count(ModelLayout.Kind.RUNNING_STAT), h.dimension());
        Random r = new Random(9);
        double[] u = new double[h.dimension()], v = new double[h.dimension()];
        for (int i = 0; i < u.length; i++) {
            u[i] = r.nextGaussian();
            v[i] = r.nextGaussian();
        }
        double uHv = dot(u, h.apply(v)), vHu = dot(v, h.apply(u));
        assertEquals(uHv, vHu, 1e-6 * Math.max(Math.abs(uHv), 1e-3), "u.Hv = v.Hu");
        Spectrum top = model.topEigenvalues(1);
        Spectrum power = model.topEigenvalueByPowerIteration(300, 1e-7);
        assertEquals(top.eigenvalue(0), power.eigenvalue(0), 1e-3 * Math.abs(top.eigenvalue(0)));
        assertTrue(top.summary().contains("32 examples"), top.summary());
    }

    @Test
    void fullyConnectedNetworkEqualsTheLibrarysFastPath() {
        Network net = Network.builder(Architecture.of(64, 9, 10)).seed(3).build();
        Dataset data = digits(50, 10);
        Dl4jModel model = Dl4jModel.of(net.dl4j(), data);
        Risk risk = Risk.of(net, data);
        double[] theta = net.parameters();
        assertEquals(net.loss(data), model.value(theta), 1e-12 * risk.value(theta), "DL4J's score");
        assertEquals(risk.value(theta), model.value(theta), 1e-12 * risk.value(theta));
        double[] a = risk.gradient(theta), b = model.gradient(theta);
        assertTrue(org.landscape.hessian.Vectors.relativeDifference(b, a) < 1e-10, "gradient " + org.landscape.hessian.Vectors.relativeDifference(b, a));
        Plane plane = Plane.random(net, 4, Directions.Normalisation.FILTER, false);
        assertArrayEquals(plane.d1(), Plane.random(model, 4, Directions.Normalisation.FILTER, false).d1(), 0,
                "the same filter-normalised directions from the adapter's layout");
        Axis x = Axis.of("a", -1, 1, 5), y = Axis.of("b", -1, 1, 3);
        Surface fast = Slices.plane(net, data, plane, x, y), adapted = Slices.plane(model, plane, x, y);
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(fast.value(i, j), adapted.value(i, j), 1e-10 * fast.value(i, j));
            }
        }
        Curve line = Slices.line(model, theta, plane.point(1, 0), Axis.of("t", 0, 1, 3));
        assertEquals(fast.valueAt(0, 0), line.values()[0], 1e-10 * line.values()[0]);
        double l1 = new Lanczos().largest(HessianVectorProduct.at(net, data), 2).eigenvalue(0);
        double l2 = model.topEigenvalues(2).eigenvalue(0);
        assertEquals(l1, l2, 1e-8 * Math.abs(l1));
    }

    @Test
    void filterNormalisedDirectionsPerConvolutionFilterLeaveBatchNormAndRunningStatisticsAlone() {
        Dl4jModel model = Dl4jModel.of(smallCnn(DataType.DOUBLE, digits(32, 11)), digits(20, 12));
        double[] theta = model.parameters();
        for (boolean include : new boolean[]{false, true}) {
            double[] d = Directions.random(theta, model.groups(include), 5, Directions.Normalisation.FILTER);
            for (ModelLayout.Block b : model.layout().blocks()) {
                for (int[] f : b.filters()) {
                    double dn = 0, tn = 0;
                    for (int i : f) {
                        dn += d[i] * d[i];
                        tn += theta[i] * theta[i];
                    }
                    boolean moves = b.kind == ModelLayout.Kind.WEIGHT || include && b.kind != ModelLayout.Kind.RUNNING_STAT;
                    assertEquals(moves ? Math.sqrt(tn) : 0, Math.sqrt(dn), 1e-12 * Math.max(1, Math.sqrt(tn)), b.toString());
                }
            }
        }
        ModelLayout.Block conv = model.layout().blocks().stream().filter(b -> b.key.equals("W")).findFirst().orElseThrow();
        assertEquals("per output channel", conv.filterRule());
        assertEquals(3, conv.filterCount());
        assertEquals(9, conv.filters()[0].length);
    }

    @Test
    void aFloatModelIsEvaluatedInDoubleAndSaysSo() {
        Dataset data = digits(30, 13);
        MultiLayerNetwork floats = smallCnn(DataType.FLOAT, digits(48, 14));
        Dl4jModel model = Dl4jModel.of(floats, data);
        assertEquals(DataType.FLOAT, model.modelType());
        assertTrue(model.toString().contains("evaluated in double"), model.toString());
        double own = floats.score(new org.nd4j.linalg.dataset.DataSet(data.features().castTo(DataType.FLOAT),
                data.labels().castTo(DataType.FLOAT)), false);
        assertEquals(own, model.loss(), 1e-5 * own);
        gradientMatchesDifferences(model, 15);
    }

    @Test
    void savedAndLoadedModelsGiveTheSameLoss(@TempDir Path dir) {
        MultiLayerNetwork net = smallCnn(DataType.DOUBLE, digits(32, 16));
        Dataset data = digits(20, 17);
        Path file = dir.resolve("cnn.zip");
        Dl4jModel.save(net, file);
        Dl4jModel loaded = Dl4jModel.load(file, data);
        assertArrayEquals(net.params().toDoubleVector(), loaded.parameters(), 0);
        assertEquals(Dl4jModel.of(net, data).loss(), loaded.loss(), 0);
        ComputationGraph g = smallGraph(digits(32, 18));
        Dl4jModel.save(g, dir.resolve("graph.zip"));
        assertTrue(Dl4jModel.loadModel(dir.resolve("graph.zip")) instanceof ComputationGraph);
    }

    @Test
    void theListenerRecordsTheUsersOwnFit() {
        Dataset train = digits(64, 19);
        MultiLayerNetwork net = smallCnn(DataType.DOUBLE, digits(16, 20));
        double[] start = net.params().toDoubleVector();
        TrajectoryListener path = new TrajectoryListener(2, 100);
        net.addListeners(path);
        net.fit(Iterators.of(train, 16, 3), 3); // 4 iterations per epoch, 12 in all
        assertEquals(12, path.iterations());
        assertEquals(1 + 6, path.trajectory().size(), path.toString());
        assertArrayEquals(start, path.trajectory().first(), 0, "the start, before the first update");
        assertArrayEquals(net.params().toDoubleVector(), path.trajectory().last(), 0, "iteration 12, the end");
        TrajectoryListener small = new TrajectoryListener(1, 4);
        net.setListeners(small);
        net.fit(Iterators.of(train, 16, 4), 3);
        assertTrue(small.trajectory().size() <= 4, "memory-bounded: " + small);
    }

    @Test
    void badInputIsRefusedNamingTheParameterAndTheFix() {
        Dataset data = digits(10, 21);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dl4jModel.of((MultiLayerNetwork) null, data));
        assertTrue(e.getMessage().contains("net must not be null"), e.getMessage());
        Dl4jModel model = Dl4jModel.of(smallCnn(DataType.DOUBLE, data), data);
        e = assertThrows(IllegalArgumentException.class, () -> model.value(new double[3]));
        assertTrue(e.getMessage().contains("theta has 3 entries") && e.getMessage().contains("model.parameters()"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Dl4jModel.of(smallCnn(DataType.DOUBLE, data),
                Mnist.subset().downsampled(10).dataset().sample(5, 1)));
        assertTrue(e.getMessage().contains("does not fit the model"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> model.withBatchSize(0));
        e = assertThrows(IllegalArgumentException.class, () -> Dl4jModel.loadModel(Path.of("no-such-model.zip")));
        assertTrue(e.getMessage().contains("Dl4jModel.save"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TrajectoryListener(0, 10));
        assertTrue(e.getMessage().contains("every"), e.getMessage());
        refused(() -> new TrajectoryListener(2, 1), "maxSnapshots must be >= 2");
        refused(() -> Dl4jModel.of(smallCnn(DataType.DOUBLE, data), (Dataset) null), "data must not be null");
        refused(() -> Dl4jModel.of((ComputationGraph) null, data), "graph must not be null");
        refused(() -> model.on(null), "on: data must not be null");
        MultiLayerNetwork uninitialised = new MultiLayerNetwork(smallCnn(DataType.DOUBLE, data).getLayerWiseConfigurations());
        refused(() -> Dl4jModel.of(uninitialised, data), "call net.init() first");
        assertTrue(!uninitialised.isInitCalled(), "the model given is left uninitialised");
        ComputationGraph bareGraph = new ComputationGraph(smallGraph(digits(16, 4)).getConfiguration());
        refused(() -> Dl4jModel.of(bareGraph, data), "call graph.init() first");
        double[] nan = model.parameters();
        nan[2] = Double.NaN;
        refused(() -> model.value(nan), "theta[2] is NaN", "finite");
        refused(() -> model.gradient(nan), "theta[2] is NaN");
        refused(() -> model.accuracy(new double[1]), "theta has 1 entries");
        refused(() -> model.withBatchSize(0), "withBatchSize: size must be >= 1", "default is 100");
        refused(() -> Iterators.of(data, 0, 1), "batchSize must be >= 1");
        refused(() -> Dl4jModel.save(null, Path.of("x.zip")), "model must be a MultiLayerNetwork or a ComputationGraph");
        // an exhausted iterator that can be reset is reset (and used); an empty one is refused
        org.nd4j.linalg.dataset.api.iterator.DataSetIterator empty =
                new org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator<>(new java.util.ArrayList<>(), 5);
        MultiLayerNetwork cnn = smallCnn(DataType.DOUBLE, data);
        refused(() -> Dl4jModel.of(cnn, empty), "gave no examples");
        org.deeplearning4j.nn.conf.ComputationGraphConfiguration two = new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE).graphBuilder().addInputs("a", "b")
                .addVertex("merge", new org.deeplearning4j.nn.conf.graph.MergeVertex(), "a", "b")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(128).nOut(10)
                        .activation(Activation.SOFTMAX).build(), "merge")
                .setOutputs("out").build();
        ComputationGraph twoInputs = new ComputationGraph(two);
        twoInputs.init();
        refused(() -> Dl4jModel.of(twoInputs, data), "2 inputs and 1 outputs", "one input and one output");
    }

    @Test
    void aFileThatIsNotAModelIsRefusedNamingIt(@TempDir Path dir) throws Exception {
        Path junk = dir.resolve("not-a-model.zip");
        java.nio.file.Files.writeString(junk, "not a zip");
        refused(() -> Dl4jModel.loadModel(junk), "not-a-model.zip holds neither a MultiLayerNetwork nor a ComputationGraph");
    }

    private static void refused(org.junit.jupiter.api.function.Executable call, String... words) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), "'" + w + "' missing from: " + e.getMessage());
        }
    }

    @Test
    void interpolationBetweenTwoTrainedCopiesEndsAtEachCopysLoss(@TempDir Path dir) throws Exception {
        Dataset data = digits(30, 22);
        MultiLayerNetwork first = smallCnn(DataType.DOUBLE, digits(64, 23));
        MultiLayerNetwork second = first.clone();
        second.fit(Iterators.of(digits(64, 24), 16, 5), 2);
        Dl4jModel.save(second, dir.resolve("second.zip"));
        Dl4jModel a = Dl4jModel.of(first, data), b = Dl4jModel.load(dir.resolve("second.zip"), data);
        Curve c = Slices.line(a, a.parameters(), b.parameters(), Axis.of("t", 0, 1, 5));
        assertEquals(a.loss(), c.values()[0], 1e-12 * a.loss());
        assertEquals(b.loss(), c.values()[4], 1e-12 * b.loss());
        assertTrue(Files.size(dir.resolve("second.zip")) > 0);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
