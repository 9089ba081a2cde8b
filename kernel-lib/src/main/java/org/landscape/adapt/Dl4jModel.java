package org.landscape.adapt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.misc.ElementWiseMultiplicationLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.landscape.data.Dataset;
import org.landscape.hessian.HessianVectorProduct;
import org.landscape.hessian.Lanczos;
import org.landscape.hessian.LinearOperator;
import org.landscape.hessian.PowerIteration;
import org.landscape.hessian.SpectralDensity;
import org.landscape.hessian.Spectrum;
import org.landscape.hessian.Trace;
import org.landscape.slice.Directions;
import org.landscape.slice.Evaluator;
import org.landscape.util.Fingerprint;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Any DL4J {@link MultiLayerNetwork} or {@link ComputationGraph} of one's own (convolutions, subsampling, batch norm,
 * dense layers...) with its data, as a function theta -> loss that the library's tools take: {@link
 * org.landscape.slice.Slices} (it is an {@link Evaluator}: random, filter-normalised, three-model and PCA planes,
 * interpolation), {@link HessianVectorProduct} (it is {@code Differentiable}: Lanczos, power iteration, traces,
 * spectral densities) and {@link TrajectoryListener} (parameters recorded during one's own {@code fit()}).
 *
 * <pre>{@code
 * Dl4jModel model = Dl4jModel.of(lenet, train.sample(1000, 1));          // a snapshot of lenet's parameters
 * Surface s = Slices.randomPlane(model, Normalisation.FILTER, false, 1, a, b);  // biases and BN left out
 * Spectrum top = model.on(train.sample(256, 2)).topEigenvalues(3);        // the Hessian on 256 examples
 * }</pre>
 *
 * <p><b>What is evaluated.</b> theta is DL4J's flat parameter vector ({@code model.params()}), laid out as
 * {@link #layout()} says, running statistics of batch norm included. The loss is the model's own loss function,
 * the mean over the examples, in batches of {@link #batchSize()} (the last may be smaller), in <em>evaluation
 * mode</em>: batch norm uses its running statistics (frozen: part of theta, never moved by random directions, and
 * given gradient 0) and dropout is off. Regularisation terms (L1/L2 penalties, weight decay) are left out of the loss,
 * as DL4J leaves them out of its gradients. Masks and networks with several inputs or outputs are refused.
 *
 * <p><b>Precision.</b> The library computes in double. The adapter works on a double-precision copy of the model
 * (DL4J's {@code convertDataType}) whatever the model's own data type (float, half or double; {@link #modelType()}
 * says which): a float model's slices and Hessians are those of the same network in double, and differ from the
 * model's own float outputs by float rounding (about 1e-7 relative).
 *
 * <p><b>The model's own parameters.</b> The model given is never touched: the adapter copies it when made (a
 * snapshot: adapt again after training further). Each evaluation sets the copy to theta and restores the copy's
 * parameters afterwards, also when DL4J throws, so {@link #parameters()} never changes.
 *
 * <p><b>Gradients.</b> DL4J's backpropagation of batch norm is that of training mode (batch statistics), not of the
 * evaluation-mode loss. The gradients here come from DL4J's backpropagation through a twin of the model in which
 * every batch-norm layer is replaced by the per-channel affine map it computes in evaluation mode (a 1x1 depthwise
 * convolution, or an element-wise multiplication for dense activations) and dropout is off; the gradients for the
 * twin's scale and shift are mapped back to gamma and beta by the chain rule. The twin's loss is checked against the
 * model's at construction (refused beyond 1e-9 relative). Calls on one adapter take turns (one lock).
 */
public final class Dl4jModel implements Evaluator, HessianVectorProduct.Differentiable {
    /** Examples per DL4J call unless {@link #withBatchSize} says otherwise. */
    public static final int DEFAULT_BATCH = 100;
    /** Largest relative difference allowed between the twin's loss and the model's (see the class comment). */
    static final double TWIN_TOLERANCE = 1e-9;

    private final Object lock;
    private final Model model;
    private final ComputationGraph twin;
    private final Twin map;
    private final ModelLayout layout;
    private final List<DataSet> batches;
    private final int examples;
    private final int batchSize;
    private final double[] theta0;
    private final String description;
    private final String dataName;
    private final DataType modelType;
    private final String configurationDigest;
    private final String dataDigest;

    private Dl4jModel(Object lock, Model model, ComputationGraph twin, Twin map, ModelLayout layout,
                      List<DataSet> batches, int batchSize, double[] theta0, String description, String dataName,
                      DataType modelType, String configurationDigest) {
        this.lock = lock;
        this.model = model;
        this.twin = twin;
        this.map = map;
        this.layout = layout;
        this.batches = batches;
        int m = 0;
        for (DataSet b : batches) {
            m += b.numExamples();
        }
        this.examples = m;
        this.batchSize = batchSize;
        this.theta0 = theta0;
        this.description = description;
        this.dataName = dataName;
        this.modelType = modelType;
        this.configurationDigest = configurationDigest;
        Fingerprint.Digest digest = new Fingerprint.Digest();
        for (DataSet b : batches) {
            double[] f = b.getFeatures().dup('c').data().asDouble(), l = b.getLabels().dup('c').data().asDouble();
            digest.add(f, 0, f.length).add(l, 0, l.length);
        }
        this.dataDigest = digest.toString();
    }

    /** {@code net} on {@code data} (features as the network takes them, e.g. flat pixels for a convolutionalFlat input). */
    public static Dl4jModel of(MultiLayerNetwork net, Dataset data) {
        return build(net, "net", batchesOf(data), DEFAULT_BATCH, data == null ? null : data.name());
    }

    /** {@code graph} (one input, one output) on {@code data}. */
    public static Dl4jModel of(ComputationGraph graph, Dataset data) {
        return build(graph, "graph", batchesOf(data), DEFAULT_BATCH, data == null ? null : data.name());
    }

    /** {@code net} on every example of {@code data} (read once, in its own batches; reset before and after). */
    public static Dl4jModel of(MultiLayerNetwork net, DataSetIterator data) {
        return build(net, "net", batchesOf(data), -1, "iterator");
    }

    /** {@code graph} on every example of {@code data}. */
    public static Dl4jModel of(ComputationGraph graph, DataSetIterator data) {
        return build(graph, "graph", batchesOf(data), -1, "iterator");
    }

    /** The model saved by {@link #save} (or by DL4J's {@code ModelSerializer}) at {@code file}, on {@code data}. */
    public static Dl4jModel load(Path file, Dataset data) {
        Model m = loadModel(file);
        return m instanceof MultiLayerNetwork net ? of(net, data) : of((ComputationGraph) m, data);
    }

    /**
     * Reads a model written by DL4J's {@code ModelSerializer}: a {@link MultiLayerNetwork} or a
     * {@link ComputationGraph}, whichever the file holds.
     */
    public static Model loadModel(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("file " + file + " does not exist: save a model first with "
                    + "Dl4jModel.save(model, file) or ModelSerializer.writeModel(model, file, false)");
        }
        try {
            return ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false);
        } catch (Exception notANetwork) {
            try {
                return ModelSerializer.restoreComputationGraph(file.toFile(), false);
            } catch (Exception e) {
                throw new IllegalArgumentException("file " + file + " holds neither a MultiLayerNetwork nor a "
                        + "ComputationGraph written by DL4J's ModelSerializer (" + e.getMessage() + ")", e);
            }
        }
    }

    /** Writes {@code model} (its configuration and parameters, no updater state) with DL4J's ModelSerializer, atomically. */
    public static void save(Model model, Path file) {
        if (!(model instanceof MultiLayerNetwork) && !(model instanceof ComputationGraph)) {
            throw new IllegalArgumentException("model must be a MultiLayerNetwork or a ComputationGraph, got "
                    + (model == null ? "null" : model.getClass().getSimpleName()));
        }
        org.landscape.util.AtomicFile.write(file, out -> ModelSerializer.writeModel(model, out, false));
    }

    /** The same model (its copy, shared: calls take turns) on other data, e.g. a stated subset for the Hessian. */
    public Dl4jModel on(Dataset data) {
        if (data == null) {
            throw new IllegalArgumentException("on: data must not be null: pass a Dataset, e.g. train.sample(256, 1)");
        }
        return new Dl4jModel(lock, model, twin, map, layout, batchesOf(data), batchSize, theta0, description,
                data.name(), modelType, configurationDigest).checked();
    }

    /** The same model and data evaluated {@code size} examples per DL4J call (memory against speed). */
    public Dl4jModel withBatchSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("withBatchSize: size must be >= 1 example, got " + size + " (the default is "
                    + DEFAULT_BATCH + "; smaller batches use less memory, larger ones are faster)");
        }
        List<DataSet> all = new ArrayList<>();
        DataSet merged = DataSet.merge(batches);
        for (int from = 0; from < examples; from += size) {
            all.add(rows(merged, from, Math.min(examples, from + size)));
        }
        return new Dl4jModel(lock, model, twin, map, layout, all, size, theta0, description, dataName, modelType,
                configurationDigest);
    }

    private static Dl4jModel build(Model given, String name, List<DataSet> batches, int batchSize, String dataName) {
        if (given == null) {
            throw new IllegalArgumentException(name + " must not be null: pass an initialised DL4J model");
        }
        // asked before params(), which would initialise the user's own model behind their back
        boolean initialised = given instanceof MultiLayerNetwork net ? net.isInitCalled()
                : ((ComputationGraph) given).getLayers() != null;
        if (!initialised || given.params() == null || given.numParams() == 0) {
            throw new IllegalArgumentException(name + " has no parameters: call " + name + ".init() first");
        }
        if (given.numParams() > Integer.MAX_VALUE / 4) {
            throw new IllegalArgumentException(name + " has " + given.numParams() + " parameters: the adapter holds "
                    + "theta as Java arrays, at most " + Integer.MAX_VALUE / 4);
        }
        long n = given.numParams();
        // the copy, the twin, their gradients and a few vectors of theta; the data is held already
        org.landscape.util.Memory.require(8L * n * 8, "an adapted model of " + n + " parameters (about 8 copies of "
                + "theta in double)", "adapt a smaller model or start the kernel with a larger -Xmx");
        DataType type = given.params().dataType();
        Model copy;
        ComputationGraph graph;
        String config;
        if (given instanceof MultiLayerNetwork net) {
            MultiLayerNetwork d = type == DataType.DOUBLE ? net.clone() : net.convertDataType(DataType.DOUBLE);
            copy = d;
            graph = d.clone().toComputationGraph();
            config = net.getLayerWiseConfigurations().toJson();
        } else {
            ComputationGraph cg = (ComputationGraph) given;
            if (cg.getConfiguration().getNetworkInputs().size() != 1 || cg.getConfiguration().getNetworkOutputs().size() != 1) {
                throw new IllegalArgumentException(name + " has " + cg.getConfiguration().getNetworkInputs().size()
                        + " inputs and " + cg.getConfiguration().getNetworkOutputs().size() + " outputs: the adapter "
                        + "takes graphs with one input and one output (a DataSet)");
            }
            ComputationGraph d = type == DataType.DOUBLE ? cg.clone() : cg.convertDataType(DataType.DOUBLE);
            copy = d;
            graph = d.clone();
            config = cg.getConfiguration().toJson();
        }
        String digest = Fingerprint.of("dl4j configuration").add("json", config).build().digest();
        double[] theta = copy.params().toDoubleVector();
        fits(copy, batches.get(0), dataName);
        ModelLayout layout = layoutOf(copy);
        Twin twinMap = Twin.of(copy, graph, batches.get(0), layout);
        String what = String.format(Locale.ROOT, "%s (%s%s)", given.getClass().getSimpleName(), type,
                type == DataType.DOUBLE ? "" : ", evaluated in double on a copy");
        Dl4jModel adapted = new Dl4jModel(new Object(), copy, twinMap.twin, twinMap, layout, batches,
                batchSize > 0 ? batchSize : batches.get(0).numExamples(), theta, what, dataName, type, digest);
        return adapted.checked();
    }

    /** The model's loss on {@code batch}; data the model does not take is refused, saying what DL4J said. */
    private static double fits(Model model, DataSet batch, String dataName) {
        try {
            return score(model, batch);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("data '" + dataName + "' does not fit the model: DL4J says: "
                    + e.getMessage() + " (check the features' shape: e.g. flat pixels need "
                    + "InputType.convolutionalFlat(h, w, channels) in the model's configuration)", e);
        }
    }

    /** Fails early on data the model does not take, and checks the twin against the model. */
    private Dl4jModel checked() {
        double own, twinLoss;
        synchronized (lock) {
            DataSet first = batches.get(0);
            own = at(theta0, () -> fits(model, first, dataName));
            twin.setParams(Nd4j.createFromArray(map.toTwin(theta0)).reshape(1, twin.numParams()));
            twinLoss = twin.score(first, false) - twin.calcRegularizationScore(true);
        }
        if (!(Math.abs(twinLoss - own) <= TWIN_TOLERANCE * Math.max(1, Math.abs(own)))) {
            throw new IllegalStateException(String.format(Locale.ROOT, "the gradient twin's loss %.17g differs from "
                    + "the model's %.17g: a layer (%s) is not mapped faithfully; please report the configuration",
                    twinLoss, own, map.replaced));
        }
        return this;
    }

    // ------------------------------------------------------------------------------------------------ evaluation

    @Override
    public String quantity() {
        return "loss";
    }

    @Override
    public int dimension() {
        return theta0.length;
    }

    /** The parameters at adaptation (the model's own, in DL4J's order, converted to double). */
    @Override
    public double[] parameters() {
        return theta0.clone();
    }

    /** The loss at theta, in evaluation mode, over every example (the mean, in batches). */
    @Override
    public double value(double[] theta) {
        check("theta", theta);
        synchronized (lock) {
            return at(theta, () -> {
                double sum = 0;
                for (DataSet b : batches) {
                    sum += score(b) * b.numExamples();
                    afterBatch();
                }
                return sum / examples;
            });
        }
    }

    /** {@link #value} at the model's own parameters. */
    public double loss() {
        return value(theta0);
    }

    /**
     * The gradient of {@link #value} at theta (the mean over the examples), in double: 0 for running statistics.
     */
    @Override
    public double[] gradient(double[] theta) {
        check("theta", theta);
        double[] sum = new double[(int) twin.numParams()];
        synchronized (lock) {
            INDArray saved = twin.params().dup();
            try {
                twin.setParams(Nd4j.createFromArray(map.toTwin(theta)).reshape(1, sum.length));
                for (DataSet b : batches) {
                    twin.setInputs(b.getFeatures());
                    twin.setLabels(b.getLabels());
                    twin.computeGradientAndScore();
                    double[] g = twin.getFlattenedGradients().toDoubleVector();
                    for (int i = 0; i < g.length; i++) {
                        sum[i] += g[i];
                    }
                    afterBatch();
                }
            } finally {
                twin.clear();
                twin.setParams(saved);
            }
        }
        // DL4J's gradients are sums over each minibatch; the loss is the mean over all examples
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= examples;
        }
        return map.fromTwin(sum, theta);
    }

    /** The fraction of examples whose largest output is at their label's largest entry, at theta. */
    public double accuracy(double[] theta) {
        check("theta", theta);
        synchronized (lock) {
            return at(theta, () -> {
                long right = 0;
                for (DataSet b : batches) {
                    INDArray out = model instanceof MultiLayerNetwork net ? net.output(b.getFeatures(), false)
                            : ((ComputationGraph) model).outputSingle(false, b.getFeatures());
                    right += out.argMax(1).eq(b.getLabels().argMax(1)).castTo(DataType.INT64).sumNumber().longValue();
                    afterBatch();
                }
                return right / (double) examples;
            });
        }
    }

    /** The loss over the data of the model at theta: the model's score without its regularisation term. */
    private double score(DataSet batch) {
        return score(model, batch);
    }

    private static double score(Model model, DataSet batch) {
        if (model instanceof MultiLayerNetwork net) {
            return net.score(batch, false) - net.calcRegularizationScore(true);
        }
        ComputationGraph cg = (ComputationGraph) model;
        return cg.score(batch, false) - cg.calcRegularizationScore(true);
    }

    /** {@code work} with the copy at theta; the copy's parameters restored afterwards, also when DL4J throws. */
    private <T> T at(double[] theta, java.util.function.Supplier<T> work) {
        INDArray saved = model.params().dup();
        try {
            model.setParams(Nd4j.createFromArray(theta).reshape(1, theta.length));
            return work.get();
        } finally {
            model.setParams(saved);
            if (model instanceof MultiLayerNetwork net) {
                net.clear();
            } else {
                ((ComputationGraph) model).clear();
            }
        }
    }

    /** After each batch: stop when interrupted, and collect DL4J's off-heap arrays before they pile up. */
    private static void afterBatch() {
        NativeMemory.afterBatch();
        if (Thread.currentThread().isInterrupted()) {
            throw new java.util.concurrent.CancellationException("interrupted: the model keeps its own parameters");
        }
    }

    private void check(String name, double[] theta) {
        if (theta == null || theta.length != theta0.length) {
            throw new IllegalArgumentException(name + " has " + (theta == null ? "no" : String.valueOf(theta.length))
                    + " entries but the model has " + theta0.length + " parameters: use model.parameters() or a "
                    + "point of a plane made from them");
        }
        for (int i = 0; i < theta.length; i++) {
            if (!Double.isFinite(theta[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] is " + theta[i] + ": parameters must be finite");
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ curvature

    /**
     * The Hessian of the loss at the model's parameters with respect to the trained parameters (every entry of theta
     * but the running statistics, which are constants here: {@link #trainedPositions()} gives the order), as
     * central differences of these gradients ({@link HessianVectorProduct}, two gradients per product).
     */
    public LinearOperator hessian() {
        return hessian(theta0);
    }

    /** The same at theta. */
    public LinearOperator hessian(double[] theta) {
        check("theta", theta);
        HessianVectorProduct h = HessianVectorProduct.of(this, theta);
        int[] trained = trainedPositions();
        String what = String.format(Locale.ROOT, "Hessian of the %s on %,d examples of '%s' over its %,d trained "
                + "parameters", description, examples, dataName, trained.length);
        if (trained.length == theta.length) {
            return LinearOperator.of(h.dimension(), h::apply, what);
        }
        LinearOperator restricted = h.restrictedTo(trained);
        return LinearOperator.of(restricted.dimension(), restricted::apply, what);
    }

    /** Positions in theta of every parameter but the running statistics: the coordinates of {@link #hessian()}. */
    public int[] trainedPositions() {
        return layout.positions(ModelLayout.Kind.WEIGHT, ModelLayout.Kind.BIAS, ModelLayout.Kind.BN_GAMMA,
                ModelLayout.Kind.BN_BETA);
    }

    /** The {@code k} largest eigenvalues of {@link #hessian()} by Lanczos, named with the number of examples. */
    public Spectrum topEigenvalues(int k) {
        return new Lanczos().largest(hessian(), k).named(curvatureName());
    }

    /** The largest eigenvalue by power iteration (a check on Lanczos), at most {@code iterations} products. */
    public Spectrum topEigenvalueByPowerIteration(int iterations, double tolerance) {
        return new PowerIteration().maxIterations(iterations).tolerance(tolerance).largest(hessian(), 1)
                .named(curvatureName() + ", power iteration");
    }

    /** The Hessian's spectral density by stochastic Lanczos quadrature, named with the number of examples. */
    public SpectralDensity spectralDensity(int vectors, int steps, long seed) {
        return SpectralDensity.estimate(hessian(), vectors, steps, seed).named(curvatureName());
    }

    /** Hutchinson's estimate of the Hessian's trace from {@code samples} products. */
    public Trace.Estimate trace(int samples, long seed) {
        return Trace.hutchinson(hessian(), samples, seed);
    }

    private String curvatureName() {
        // the name titles the charts: short, with the number of examples (the data's own name is in toString())
        return String.format(Locale.ROOT, "Hessian of the %s on %,d examples", model.getClass().getSimpleName(), examples);
    }

    // ------------------------------------------------------------------------------------------------ layout

    /** Where each parameter array sits in theta, its kind and its filters. */
    public ModelLayout layout() {
        return layout;
    }

    @Override
    public List<Directions.Group> groups(boolean includeBiasesAndBatchNorm) {
        return layout.groups(includeBiasesAndBatchNorm);
    }

    @Override
    public String fingerprint() {
        return Fingerprint.of("dl4j model").add("configuration", configurationDigest).add("data", dataDigest)
                .add("examples", examples).add("quantity", quantity()).build().digest();
    }

    public int examples() {
        return examples;
    }

    public int batchSize() {
        return batchSize;
    }

    /** The data type of the model given (the adapter computes in double either way). */
    public DataType modelType() {
        return modelType;
    }

    /** The double-precision copy the adapter evaluates (do not change it while the adapter is in use). */
    public Model copy() {
        return model;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: %s; %,d examples of '%s' in batches of %d; evaluation mode (batch-norm "
                        + "running statistics frozen, dropout off)", description, layout, examples, dataName,
                batchSize);
    }

    // ------------------------------------------------------------------------------------------------ data

    private static List<DataSet> batchesOf(Dataset data) {
        if (data == null) {
            throw new IllegalArgumentException("data must not be null: pass a Dataset or a DataSetIterator");
        }
        DataSet all = new DataSet(data.features().castTo(DataType.DOUBLE), data.labels().castTo(DataType.DOUBLE));
        List<DataSet> list = new ArrayList<>();
        for (int from = 0; from < data.size(); from += DEFAULT_BATCH) {
            list.add(rows(all, from, Math.min(data.size(), from + DEFAULT_BATCH)));
        }
        return list;
    }

    private static List<DataSet> batchesOf(DataSetIterator data) {
        if (data == null) {
            throw new IllegalArgumentException("data must not be null: pass a Dataset or a DataSetIterator");
        }
        if (data.resetSupported()) {
            data.reset();
        }
        List<DataSet> list = new ArrayList<>();
        while (data.hasNext()) {
            DataSet b = data.next();
            if (b.getFeaturesMaskArray() != null || b.getLabelsMaskArray() != null) {
                throw new IllegalArgumentException("the iterator gives masked data: the adapter takes unmasked "
                        + "DataSets (no features or labels masks)");
            }
            list.add(new DataSet(b.getFeatures().castTo(DataType.DOUBLE).dup(), b.getLabels().castTo(DataType.DOUBLE).dup()));
        }
        if (data.resetSupported()) {
            data.reset();
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException("the iterator gave no examples: reset it, or pass one that is not "
                    + "exhausted");
        }
        return list;
    }

    private static DataSet rows(DataSet all, int from, int to) {
        INDArray f = all.getFeatures(), l = all.getLabels();
        INDArrayIndexes idx = new INDArrayIndexes(f.rank(), from, to);
        INDArrayIndexes lidx = new INDArrayIndexes(l.rank(), from, to);
        return new DataSet(f.get(idx.indices).dup(), l.get(lidx.indices).dup());
    }

    /** Rows from..to of an array of any rank. */
    private static final class INDArrayIndexes {
        final org.nd4j.linalg.indexing.INDArrayIndex[] indices;

        INDArrayIndexes(int rank, int from, int to) {
            indices = new org.nd4j.linalg.indexing.INDArrayIndex[rank];
            indices[0] = NDArrayIndex.interval(from, to);
            for (int i = 1; i < rank; i++) {
                indices[i] = NDArrayIndex.all();
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ layout of a model

    /** DL4J's layers of a network or graph, in the order of its flat parameters. */
    static Layer[] layers(Model m) {
        return m instanceof MultiLayerNetwork net ? net.getLayers() : ((ComputationGraph) m).getLayers();
    }

    /**
     * Positions in theta of every entry of each layer's parameter arrays, found by setting theta to 0, 1, 2, ... and
     * reading each array back (so whatever order DL4J keeps an array in, 'f' for dense weights, 'c' for convolution
     * filters, the positions are right); the model's parameters are restored.
     */
    static Map<Layer, Map<String, int[]>> positions(Model m) {
        INDArray saved = m.params().dup();
        Map<Layer, Map<String, int[]>> out = new LinkedHashMap<>();
        try {
            long n = m.numParams();
            m.setParams(Nd4j.linspace(0, n - 1, n, DataType.DOUBLE).reshape(1, n));
            for (Layer layer : layers(m)) {
                Map<String, int[]> arrays = new LinkedHashMap<>();
                for (Map.Entry<String, INDArray> e : layer.paramTable().entrySet()) {
                    double[] at = e.getValue().dup('c').data().asDouble();
                    int[] p = new int[at.length];
                    for (int i = 0; i < p.length; i++) {
                        p[i] = (int) Math.round(at[i]);
                    }
                    arrays.put(e.getKey(), p);
                }
                out.put(layer, arrays);
            }
        } finally {
            m.setParams(saved);
        }
        return out;
    }

    static String layerName(Layer layer, int index) {
        String name = layer.conf().getLayer().getLayerName();
        return name != null ? name : "layer " + index;
    }

    private static ModelLayout layoutOf(Model m) {
        List<ModelLayout.Block> blocks = new ArrayList<>();
        int index = 0;
        for (Map.Entry<Layer, Map<String, int[]>> e : positions(m).entrySet()) {
            Layer layer = e.getKey();
            org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
            String name = layerName(layer, index++);
            String type = conf.getClass().getSimpleName();
            for (Map.Entry<String, int[]> a : e.getValue().entrySet()) {
                String key = a.getKey();
                int[] p = a.getValue();
                long[] shape = layer.paramTable().get(key).shape();
                ModelLayout.Kind kind = kindOf(conf, key);
                int[][] filters;
                String rule;
                if (kind != ModelLayout.Kind.WEIGHT) {
                    filters = new int[][]{p};
                    rule = "the whole vector";
                } else if (conf instanceof ConvolutionLayer && !(conf instanceof Deconvolution2D)
                        && !(conf instanceof DepthwiseConvolution2D) && !(conf instanceof SeparableConvolution2D)
                        && shape.length >= 3) {
                    filters = cut(p, (int) shape[0], true); // [nOut, nIn, kH, kW]: one filter per output channel
                    rule = "per output channel";
                } else if (conf instanceof FeedForwardLayer && shape.length == 2 && "W".equals(key)) {
                    filters = cut(p, (int) shape[1], false); // [nIn, nOut]: one unit's incoming weights, a column
                    rule = "per unit";
                } else {
                    filters = new int[][]{p};
                    rule = "the whole array";
                }
                blocks.add(new ModelLayout.Block(name, key, type, kind, shape, p, filters, rule));
            }
        }
        return new ModelLayout(blocks, (int) m.numParams());
    }

    /** The positions of a row-major array cut into {@code count} filters along its first (or, if not, last) axis. */
    private static int[][] cut(int[] p, int count, boolean firstAxis) {
        int per = p.length / count;
        int[][] filters = new int[count][per];
        for (int i = 0; i < p.length; i++) {
            if (firstAxis) {
                filters[i / per][i % per] = p[i];
            } else {
                filters[i % count][i / count] = p[i];
            }
        }
        return filters;
    }

    private static ModelLayout.Kind kindOf(org.deeplearning4j.nn.conf.layers.Layer conf, String key) {
        if (conf instanceof BatchNormalization) {
            switch (key) {
                case "gamma":
                    return ModelLayout.Kind.BN_GAMMA;
                case "beta":
                    return ModelLayout.Kind.BN_BETA;
                default:
                    return ModelLayout.Kind.RUNNING_STAT;
            }
        }
        return "b".equals(key) ? ModelLayout.Kind.BIAS : ModelLayout.Kind.WEIGHT;
    }

    // ------------------------------------------------------------------------------------------------ the twin

    /**
     * The gradient twin: the model as a graph with each batch-norm layer replaced by the affine map a x + c it
     * computes in evaluation mode (a = gamma / sigma, c = beta - gamma mu / sigma per channel, sigma the running
     * standard deviation) and dropout off, and the maps between theta and the twin's parameters.
     */
    static final class Twin {
        final ComputationGraph twin;
        /** theta position -> twin position for every entry copied as it is. */
        final int[] from;
        final int[] to;
        final List<Norm> norms;
        final String replaced;

        private Twin(ComputationGraph twin, int[] from, int[] to, List<Norm> norms, String replaced) {
            this.twin = twin;
            this.from = from;
            this.to = to;
            this.norms = norms;
            this.replaced = replaced;
        }

        /** One batch-norm layer: theta positions of gamma, beta, mean and the variance (or log10 sd) per channel. */
        record Norm(int[] gamma, int[] beta, int[] mean, int[] spread, boolean logStd, double eps, double fixedGamma,
                    double fixedBeta, int[] scale, int[] shift) {
            /** sqrt(var + eps); with log10 standard deviations DL4J stores s and uses var = (10^s)^2. */
            double sigma(double[] theta, int c) {
                double s = theta[spread[c]];
                double var = logStd ? Math.pow(Math.pow(10, s), 2) : s;
                return Math.sqrt(var + eps);
            }

            double gamma(double[] theta, int c) {
                return gamma == null ? fixedGamma : theta[gamma[c]];
            }

            double beta(double[] theta, int c) {
                return beta == null ? fixedBeta : theta[beta[c]];
            }
        }

        static Twin of(Model copy, ComputationGraph graph, DataSet sample, ModelLayout layout) {
            ComputationGraphConfiguration conf = graph.getConfiguration().clone();
            Map<String, Integer> ranks = batchNormInputRanks(graph, conf, sample);
            List<String> replaced = new ArrayList<>();
            for (Map.Entry<String, GraphVertex> v : new ArrayList<>(conf.getVertices().entrySet())) {
                if (!(v.getValue() instanceof LayerVertex lv)) {
                    continue;
                }
                org.deeplearning4j.nn.conf.layers.Layer l = lv.getLayerConf().getLayer();
                if (l instanceof BatchNormalization bn) {
                    int rank = ranks.get(v.getKey());
                    long channels = bn.getNOut();
                    org.deeplearning4j.nn.conf.layers.Layer affine;
                    if (rank == 4) {
                        affine = new DepthwiseConvolution2D.Builder(1, 1).nIn(channels).nOut(channels).depthMultiplier(1)
                                .stride(1, 1).convolutionMode(ConvolutionMode.Truncate).activation(Activation.IDENTITY)
                                .hasBias(true).dataFormat(bn.getCnn2DFormat()).weightInit(WeightInit.ONES)
                                .updater(new NoOp()).biasUpdater(new NoOp()).build();
                    } else if (rank == 2) {
                        affine = new ElementWiseMultiplicationLayer.Builder().nIn(channels).nOut(channels)
                                .activation(Activation.IDENTITY).weightInit(WeightInit.ONES).updater(new NoOp())
                                .biasUpdater(new NoOp()).build();
                    } else {
                        throw new IllegalArgumentException("batch norm '" + v.getKey() + "' normalises activations "
                                + "of rank " + rank + ": the adapter handles dense (rank 2) and convolutional (rank 4)");
                    }
                    affine.setLayerName(l.getLayerName());
                    NeuralNetConfiguration nnc = lv.getLayerConf().clone();
                    nnc.setLayer(affine);
                    conf.getVertices().put(v.getKey(), new LayerVertex(nnc, lv.getPreProcessor()));
                    replaced.add(v.getKey() + (rank == 4 ? " (1x1 depthwise convolution)" : " (element-wise)"));
                } else {
                    l.setIDropout(null);
                    if (l instanceof BaseLayer b) {
                        b.setWeightNoise(null);
                    }
                }
            }
            ComputationGraph twin = new ComputationGraph(conf);
            twin.init();
            Map<Layer, Map<String, int[]>> mine = positions(copy), theirs = positions(twin);
            Layer[] a = mine.keySet().toArray(new Layer[0]), b = theirs.keySet().toArray(new Layer[0]);
            if (a.length != b.length) {
                throw new IllegalStateException("the gradient twin has " + b.length + " layers, the model " + a.length);
            }
            List<Integer> from = new ArrayList<>(), to = new ArrayList<>();
            List<Norm> norms = new ArrayList<>();
            for (int i = 0; i < a.length; i++) {
                Map<String, int[]> pa = mine.get(a[i]), pb = theirs.get(b[i]);
                if (a[i].conf().getLayer() instanceof BatchNormalization bn) {
                    norms.add(new Norm(pa.get("gamma"), pa.get("beta"), pa.get("mean"),
                            bn.isUseLogStd() ? pa.get("log10stdev") : pa.get("var"), bn.isUseLogStd(), bn.getEps(),
                            bn.getGamma(), bn.getBeta(), pb.get("W"), pb.get("b")));
                    continue;
                }
                if (!pa.keySet().equals(pb.keySet())) {
                    throw new IllegalStateException("layer " + layerName(a[i], i) + " has arrays " + pa.keySet()
                            + " but its twin " + pb.keySet());
                }
                for (String key : pa.keySet()) {
                    int[] x = pa.get(key), y = pb.get(key);
                    if (x.length != y.length) {
                        throw new IllegalStateException("array " + key + " of layer " + layerName(a[i], i)
                                + " has " + x.length + " entries but its twin " + y.length);
                    }
                    for (int k = 0; k < x.length; k++) {
                        from.add(x[k]);
                        to.add(y[k]);
                    }
                }
            }
            return new Twin(twin, from.stream().mapToInt(Integer::intValue).toArray(),
                    to.stream().mapToInt(Integer::intValue).toArray(), norms,
                    replaced.isEmpty() ? "no batch norm" : String.join(", ", replaced));
        }

        /** The rank of the activations each batch-norm layer normalises, from one forward pass on two examples. */
        private static Map<String, Integer> batchNormInputRanks(ComputationGraph graph, ComputationGraphConfiguration conf,
                                                                DataSet sample) {
            Map<String, Integer> ranks = new LinkedHashMap<>();
            Map<String, INDArray> acts = null;
            for (Map.Entry<String, GraphVertex> v : conf.getVertices().entrySet()) {
                if (v.getValue() instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof BatchNormalization) {
                    if (acts == null) {
                        INDArray x = sample.getFeatures();
                        INDArray two = x.get(new INDArrayIndexes(x.rank(), 0, Math.min(2, (int) x.size(0))).indices);
                        acts = graph.feedForward(new INDArray[]{two}, false);
                    }
                    INDArray in = acts.get(conf.getVertexInputs().get(v.getKey()).get(0));
                    InputPreProcessor pre = lv.getPreProcessor();
                    if (pre != null) {
                        in = pre.preProcess(in, (int) in.size(0), LayerWorkspaceMgr.noWorkspaces());
                    }
                    ranks.put(v.getKey(), in.rank());
                }
            }
            return ranks;
        }

        /** The twin's parameters for theta. */
        double[] toTwin(double[] theta) {
            double[] t = new double[(int) twin.numParams()];
            for (int k = 0; k < from.length; k++) {
                t[to[k]] = theta[from[k]];
            }
            for (Norm n : norms) {
                for (int c = 0; c < n.scale().length; c++) {
                    double sigma = n.sigma(theta, c), g = n.gamma(theta, c);
                    t[n.scale()[c]] = g / sigma;
                    t[n.shift()[c]] = n.beta(theta, c) - g * theta[n.mean()[c]] / sigma;
                }
            }
            return t;
        }

        /** The gradient in theta's layout from the twin's (chain rule through a and c; 0 for running statistics). */
        double[] fromTwin(double[] g, double[] theta) {
            double[] out = new double[theta.length];
            for (int k = 0; k < from.length; k++) {
                out[from[k]] = g[to[k]];
            }
            for (Norm n : norms) {
                for (int c = 0; c < n.scale().length; c++) {
                    double sigma = n.sigma(theta, c), ga = g[n.scale()[c]], gc = g[n.shift()[c]];
                    if (n.gamma() != null) {
                        out[n.gamma()[c]] = ga / sigma - gc * theta[n.mean()[c]] / sigma;
                    }
                    if (n.beta() != null) {
                        out[n.beta()[c]] = gc;
                    }
                }
            }
            return out;
        }
    }
}
