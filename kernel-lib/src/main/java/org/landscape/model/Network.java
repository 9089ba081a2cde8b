package org.landscape.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.landscape.data.Dataset;
import org.landscape.util.Memory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * A fully connected network Phi = R_sigma(theta) of an {@link Architecture} (Definition 12.1), in double precision,
 * with its parameters theta as one flat vector (layer by layer: W^(0), b^(0), W^(1), b^(1), ...).
 *
 * <pre>{@code
 * Network net = Network.builder(Architecture.of(5, 20, 1)).activation(Activation.TANH).loss(Loss.SQUARE).seed(1).build();
 * double risk = net.loss(data);   // (1/m) sum_i loss(Phi(x_i), y_i)
 * }</pre>
 *
 * <p>The numbers ({@link #loss}, {@link #gradient}, {@link #accuracy}, {@link #output}) are the library's one engine,
 * {@link Risk}: DL4J only builds and initialises the network and holds theta; the tests keep DL4J's own score,
 * gradient and outputs as an independent reference.
 *
 * <p>Safe from several threads: every method that touches the DL4J model holds the network's lock for the whole
 * call; the evaluations at the current parameters read theta once under the lock and then compute on that copy,
 * and those at a given theta never touch the model, so no call sees another call's theta or leaves the network
 * holding one. {@link #dl4j()} is outside this guarantee.
 */
public final class Network {
    private final Architecture architecture;
    private final Activation activation;
    private final Loss loss;
    private final boolean biases;
    private final MultiLayerNetwork dl4j;
    /** Guards every use of {@link #dl4j}: DL4J keeps the input, labels and gradients of a call in the model. */
    private final Object lock = new Object();

    /** How theta is initialised. */
    public enum Init {
        /** DL4J's Xavier initialisation (the book's experiments). */
        DEFAULT,
        /** Every parameter uniform in [0, 1], i.e. theta uniform in the unit cube (the paper's MNIST ensembles). */
        UNIT_CUBE
    }

    private Network(Architecture architecture, Activation activation, Loss loss, boolean biases, long seed, Init init) {
        this.architecture = architecture;
        this.activation = activation;
        this.loss = loss;
        this.biases = biases;
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .seed(dl4jSeed(seed)).dataType(DataType.DOUBLE).weightInit(WeightInit.XAVIER).updater(new Sgd(0.01)).list();
        int[] d = architecture.widths();
        for (int l = 0; l + 2 < d.length; l++) {
            layers.layer(new DenseLayer.Builder().nIn(d[l]).nOut(d[l + 1]).activation(activation.dl4j())
                    .hasBias(biases).build());
        }
        layers.layer(new OutputLayer.Builder(loss.dl4j()).nIn(d[d.length - 2]).nOut(d[d.length - 1])
                .activation(loss.outputActivation()).hasBias(biases).build());
        this.dl4j = new MultiLayerNetwork(layers.build());
        this.dl4j.init();
        if (init == Init.UNIT_CUBE) {
            setParameters(unitCube(seed, (int) dl4j.numParams()));
        }
    }

    /**
     * The {@link Init#UNIT_CUBE} initialisation of a network with this seed and parameter count, without building
     * one: entry i is the i-th {@code nextDouble()} of {@code new Random(seed)} (what ensembles of many networks use).
     */
    public static double[] unitCube(long seed, int parameters) {
        java.util.Random random = new java.util.Random(seed);
        double[] theta = new double[parameters];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = random.nextDouble();
        }
        return theta;
    }

    /** DL4J treats seed 0 as "no seed" (a random initialisation); shift every seed so 0 is reproducible too. */
    static long dl4jSeed(long seed) {
        long shifted = seed + 0x9E3779B97F4A7C15L;
        return shifted == 0 ? 1 : shifted;
    }

    public static Builder builder(Architecture architecture) {
        return new Builder(architecture);
    }

    public Architecture architecture() {
        return architecture;
    }

    public Activation activation() {
        return activation;
    }

    public Loss lossKind() {
        return loss;
    }

    public boolean hasBiases() {
        return biases;
    }

    /** Where each layer's W and b sit in theta. */
    public ParameterLayout layout() {
        return ParameterLayout.of(architecture, biases);
    }

    /**
     * theta with the units of hidden layer {@code hiddenLayer} (1..L) reordered: unit j of the result is unit
     * {@code permutation[j]} of theta. Rows of W^(l-1) and b^(l-1) and columns of W^(l) move together, so the
     * network computes the same function (the book's P W^(0), P b^(0), W^(1) P^T).
     */
    public double[] permuteHiddenUnits(double[] theta, int hiddenLayer, int[] permutation) {
        checkParameters("theta", theta);
        if (hiddenLayer < 1 || hiddenLayer > architecture.hiddenLayers()) {
            throw new IllegalArgumentException("hiddenLayer must be in 1.." + architecture.hiddenLayers()
                    + " for " + architecture + ", got " + hiddenLayer);
        }
        int width = architecture.width(hiddenLayer);
        boolean[] seen = new boolean[width];
        if (permutation == null || permutation.length != width) {
            throw new IllegalArgumentException("permutation must have " + width + " entries (the width of hidden layer "
                    + hiddenLayer + ")");
        }
        for (int p : permutation) {
            if (p < 0 || p >= width || seen[p]) {
                throw new IllegalArgumentException("permutation must contain each of 0.." + (width - 1) + " once");
            }
            seen[p] = true;
        }
        ParameterLayout.Layer into = layout().layer(hiddenLayer - 1), out = layout().layer(hiddenLayer);
        double[] result = theta.clone();
        for (int j = 0; j < width; j++) {
            int from = permutation[j];
            for (int i = 0; i < into.inputs; i++) {
                result[into.weight(j, i)] = theta[into.weight(from, i)];
            }
            if (biases) {
                result[into.bias(j)] = theta[into.bias(from)];
            }
            for (int k = 0; k < out.outputs; k++) {
                result[out.weight(k, j)] = theta[out.weight(k, from)];
            }
        }
        return result;
    }

    /**
     * theta with hidden layer {@code hiddenLayer} (1..L) rescaled as Dinh et al. (2017) do: its incoming weights
     * W^(l-1) and biases b^(l-1) times {@code c}, its outgoing weights W^(l) divided by c. For a positively homogeneous
     * activation (ReLU, leaky ReLU, linear: sigma(c h) = c sigma(h) for c > 0) the network computes the same function,
     * while the Hessian's blocks change by factors up to c^2: the standard sharpness measures are not invariant.
     */
    public double[] rescaleLayers(double[] theta, int hiddenLayer, double c) {
        checkParameters("theta", theta);
        if (hiddenLayer < 1 || hiddenLayer > architecture.hiddenLayers()) {
            throw new IllegalArgumentException("hiddenLayer must be in 1.." + architecture.hiddenLayers()
                    + " for " + architecture + ", got " + hiddenLayer);
        }
        if (!(c > 0) || !Double.isFinite(c)) {
            throw new IllegalArgumentException("c must be a finite number > 0, got " + c
                    + ": a negative or zero factor changes the function (use e.g. 10 or 0.1)");
        }
        if (activation != Activation.RELU && activation != Activation.LEAKY_RELU && activation != Activation.LINEAR) {
            throw new IllegalArgumentException("rescaleLayers keeps the function only for a positively homogeneous "
                    + "activation (RELU, LEAKY_RELU, LINEAR); this network uses " + activation);
        }
        ParameterLayout.Layer into = layout().layer(hiddenLayer - 1), out = layout().layer(hiddenLayer);
        double[] result = theta.clone();
        for (int i = into.weightOffset; i < into.end(); i++) {
            result[i] *= c; // the weights and, right after them, the biases of the layer
        }
        for (int i = out.weightOffset; i < out.weightOffset + out.weightCount(); i++) {
            result[i] /= c;
        }
        checkParameters("the rescaled theta (c = " + c + ")", result);
        return result;
    }

    /** The number of entries of theta, as DL4J counts them (n_A when biases are on). */
    public long parameterCount() {
        return dl4j.numParams();
    }

    /** A copy of theta. */
    public double[] parameters() {
        synchronized (lock) {
            return dl4j.params().toDoubleVector();
        }
    }

    /** Sets theta; refuses a vector of the wrong length or with NaN/infinite entries. */
    public void setParameters(double[] theta) {
        checkParameters("theta", theta);
        synchronized (lock) {
            dl4j.setParams(Nd4j.createFromArray(theta).reshape(1, theta.length));
        }
    }

    void checkParameters(String name, double[] theta) {
        if (theta == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (theta.length != parameterCount()) {
            throw new IllegalArgumentException(name + " has " + theta.length + " entries but the network " + this
                    + " has " + parameterCount() + " parameters");
        }
        for (int i = 0; i < theta.length; i++) {
            if (!Double.isFinite(theta[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] is " + theta[i]
                        + ": parameters must be finite numbers");
            }
        }
    }

    /**
     * The empirical risk R_S(Phi) = (1/m) sum_i loss(Phi(x_i), y_i) at the current parameters, computed by the
     * library's engine {@link Risk} (the loss clipped as DL4J clips it; DL4J's configuration here has no L1/L2 or
     * weight-decay term, so DL4J's own score is this same number, which the tests check); NaN if a loss is not finite.
     */
    public double loss(Dataset data) {
        checkData(data);
        return Risk.of(this, data).value(parameters());
    }

    /** The risk at {@code theta} ({@link Risk#value}); the network's own parameters are not touched. */
    public double loss(double[] theta, Dataset data) {
        checkParameters("theta", theta);
        checkData(data);
        return Risk.of(this, data).value(theta);
    }

    /**
     * The gradient of the risk R_S (the mean over examples) with respect to theta, at the current parameters, computed
     * by {@link Risk#gradient}.
     */
    public double[] gradient(Dataset data) {
        checkData(data);
        return Risk.of(this, data).gradient(parameters());
    }

    /** The gradient at {@code theta} ({@link Risk#gradient}); the network's own parameters are not touched. */
    public double[] gradient(double[] theta, Dataset data) {
        checkParameters("theta", theta);
        checkData(data);
        return Risk.of(this, data).gradient(theta);
    }

    /**
     * The fraction of examples whose largest output is at the label's largest entry (classification), the outputs
     * {@link Loss#output}(z) of {@link Risk#outputs} at the current parameters (the first of equal entries counts);
     * NaN for a network with one output, where accuracy is not defined.
     */
    public double accuracy(Dataset data) {
        checkData(data);
        return Risk.of(this, data).accuracy(parameters());
    }

    /** A new network of the same architecture, activation, loss and biases, with the same theta. */
    public Network copy() {
        Network copy = new Network(architecture, activation, loss, biases, 0, Init.DEFAULT);
        copy.setParameters(parameters());
        return copy;
    }

    /**
     * Phi(x) for each row of {@code x} (after the output layer's activation: softmax for cross-entropy), computed by
     * {@link Risk#outputs} at the current parameters, like every other number of this class.
     */
    public INDArray output(INDArray x) {
        if (x == null || x.rank() != 2 || x.columns() != architecture.inputWidth()) {
            throw new IllegalArgumentException("x must be a matrix with " + architecture.inputWidth()
                    + " columns (one row per example), got " + (x == null ? "null" : "shape "
                    + java.util.Arrays.toString(x.shape())));
        }
        // Risk needs labels of the right width; the outputs do not read them.
        Dataset inputs = new Dataset("inputs", x.castTo(DataType.DOUBLE),
                Nd4j.zeros(DataType.DOUBLE, x.rows(), architecture.outputWidth()));
        double[][] z = Risk.of(this, inputs).outputs(parameters());
        for (int i = 0; i < z.length; i++) {
            z[i] = loss.output(z[i]);
        }
        return Nd4j.createFromArray(z);
    }

    /** Refuses data whose input or output width does not match this network, naming both. */
    public void checkData(Dataset data) {
        if (data == null) {
            throw new IllegalArgumentException("data must not be null");
        }
        if (data.inputWidth() != architecture.inputWidth() || data.outputWidth() != architecture.outputWidth()) {
            throw new IllegalArgumentException("data '" + data.name() + "' has " + data.inputWidth() + " inputs and "
                    + data.outputWidth() + " outputs but the network " + architecture + " takes "
                    + architecture.inputWidth() + " and gives " + architecture.outputWidth());
        }
    }

    /**
     * The underlying DL4J network, for anything this class does not cover. Not guarded by the network's lock: do not
     * use it while other threads use this network.
     */
    public MultiLayerNetwork dl4j() {
        return dl4j;
    }

    @Override
    public String toString() {
        return architecture + " " + activation.name().toLowerCase() + ", " + loss.name().toLowerCase() + " loss"
                + (biases ? "" : ", no biases") + ", " + parameterCount() + " parameters";
    }

    /** Builds a {@link Network}: tanh, square loss, biases on, seed 0 unless set. */
    public static final class Builder {
        private final Architecture architecture;
        private Activation activation = Activation.TANH;
        private Loss loss = Loss.SQUARE;
        private boolean biases = true;
        private long seed;
        private Init init = Init.DEFAULT;

        private Builder(Architecture architecture) {
            if (architecture == null) {
                throw new IllegalArgumentException("architecture must not be null");
            }
            this.architecture = architecture;
        }

        public Builder activation(Activation activation) {
            if (activation == null) {
                throw new IllegalArgumentException("activation must not be null: use one of "
                        + java.util.Arrays.toString(Activation.values()) + ", e.g. Activation.TANH");
            }
            this.activation = activation;
            return this;
        }

        public Builder loss(Loss loss) {
            if (loss == null) {
                throw new IllegalArgumentException("loss must not be null: use one of "
                        + java.util.Arrays.toString(Loss.values()) + ", e.g. Loss.SQUARE");
            }
            this.loss = loss;
            return this;
        }

        /** Without biases, theta holds only the weight matrices. */
        public Builder biases(boolean biases) {
            this.biases = biases;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The initialisation the networks built will have. */
        public Init initialisation() {
            return init;
        }

        public Builder init(Init init) {
            if (init == null) {
                throw new IllegalArgumentException("init must not be null: use Init.DEFAULT or Init.UNIT_CUBE");
            }
            this.init = init;
            return this;
        }

        /**
         * Builds the network; refuses, before DL4J allocates anything, one whose parameters would not fit: theta is
         * held about {@value #COPIES} times (DL4J's parameters and gradient, the vector an evaluation works on and
         * the engine's two weight orders).
         */
        public Network build() {
            long n = architecture.parameterCount(biases);
            Memory.require(n > Long.MAX_VALUE / (COPIES * Double.BYTES) ? -1 : COPIES * Double.BYTES * n,
                    "the network " + architecture + " (" + n + " parameters, held " + COPIES + " times at 8 bytes each)",
                    "use narrower or fewer hidden layers, or start the kernel with a larger -Xmx");
            return new Network(architecture, activation, loss, biases, seed, init);
        }

        /**
         * What the networks this builder makes depend on, for saved results: architecture, activation, loss, biases
         * and initialisation (the seed is left out: an ensemble records each run's own).
         */
        public org.landscape.util.Fingerprint fingerprint() {
            return org.landscape.util.Fingerprint.of("network").add("architecture", architecture.toString())
                    .add("activation", activation.name()).add("loss", loss.name()).add("biases", biases)
                    .add("init", init == Init.DEFAULT ? "DEFAULT (DL4J Xavier, seed shifted)" : init.name()).build();
        }

        /** Copies of theta a network holds at once (see {@link #build}). */
        static final long COPIES = 4;
    }
}
