package org.landscape.slice;

import java.util.Locale;
import java.util.stream.IntStream;
import org.landscape.data.Dataset;
import org.landscape.model.Activation;
import org.landscape.model.Loss;
import org.landscape.model.Network;
import org.landscape.model.ParameterLayout;
import org.landscape.model.internal.DenseKernels;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Evaluates the loss (and accuracy) at many points mu + a d1 + b d2 of one plane, fast. This is the hot path of
 * every slice, so it is written for speed rather than with ND4J:
 * <ul>
 * <li>All points share the input X, so the first layer's pre-activations are X W(a,b) = X W_mu + a X D1 + b X D2:
 * three products computed once, after which a point costs two scaled additions there instead of a matrix product.</li>
 * <li>The examples are cut into blocks small enough that a block's activations stay in cache, several grid points
 * are evaluated per pass over a block (the shared products are read from memory once for all of them), and blocks
 * run in parallel. Each block's sums are kept apart and added in block order, so the result does not depend on the
 * thread schedule.</li>
 * <li>Products and tanh are {@link DenseKernels}: vector instructions through the Vector API or loops the JIT
 * vectorises, on plain arrays.</li>
 * </ul>
 * Written for the library's fully connected networks; checked against DL4J's own loss and accuracy in the tests.
 */
final class PlaneEvaluator {
    /** Examples per block: a 100-unit layer of a block is 200 KB and stays in the core's cache (best of 128..1024). */
    static final int BLOCK = 256;
    /** Grid points evaluated per pass over the data. */
    static final int POINTS_PER_PASS = 8;
    /** The three shared first-layer products may take at most this fraction of the heap; else W(a,b) is formed. */
    private static final double SHARED_HEAP_FRACTION = 0.25;

    private final Activation activation;
    private final Loss loss;
    private final int examples;
    private final int outputs;
    private final int[] widths;          // d0, d1, ..., d_{L+1}
    private final double[][][] weights;  // [layer][mu, d1, d2] as [input * outputs + unit]
    private final double[][][] biases;   // [layer][mu, d1, d2] or null without biases
    private final double[] inputsT;      // X^T: feature j of example r at j * examples + r
    private final double[] labelsT;      // Y^T likewise
    private final int[] labelArgmax;     // first largest label per example, for accuracy
    private final double[] sharedFirst;  // X [W_mu | D1 | D2] laid out like inputsT (3 d1 rows), or null
    private final ThreadLocal<double[][]> scratch;

    /**
     * Whether the first layer's products are shared between the points (when there are more than 2 inputs and the
     * three products fit in a quarter of this JVM's heap). Sharing rounds differently from forming W(a,b), so a grid
     * computed in blocks on several JVMs decides it once, where the grid is made, and passes it to every block.
     */
    static boolean shares(Network net, Dataset data) {
        int inputs = net.architecture().widths()[0], first = net.architecture().widths()[1];
        long sharedBytes = 3L * first * data.size() * Double.BYTES;
        return inputs > 2 && sharedBytes < SHARED_HEAP_FRACTION * Runtime.getRuntime().maxMemory();
    }

    PlaneEvaluator(Network net, Dataset data, Plane plane, boolean share) {
        if (plane.dimension() != net.parameterCount()) {
            throw new IllegalArgumentException("the plane lives in R^" + plane.dimension() + " but the network has "
                    + net.parameterCount() + " parameters");
        }
        net.checkData(data);
        this.activation = net.activation();
        this.loss = net.lossKind();
        this.examples = data.size();
        this.outputs = data.outputWidth();
        var layers = net.layout().layers();
        widths = new int[layers.size() + 1];
        weights = new double[layers.size()][][];
        biases = new double[layers.size()][][];
        double[][] vectors = {plane.mu(), plane.d1(), plane.d2()};
        for (int l = 0; l < layers.size(); l++) {
            ParameterLayout.Layer layer = layers.get(l);
            widths[l] = layer.inputs;
            widths[l + 1] = layer.outputs;
            weights[l] = new double[3][];
            biases[l] = layer.biasOffset < 0 ? null : new double[3][];
            for (int v = 0; v < 3; v++) {
                // theta holds W_{unit,input} at unit * inputs + input; the kernel wants input-major rows.
                double[] w = new double[layer.weightCount()];
                for (int unit = 0; unit < layer.outputs; unit++) {
                    for (int in = 0; in < layer.inputs; in++) {
                        w[in * layer.outputs + unit] = vectors[v][layer.weight(unit, in)];
                    }
                }
                weights[l][v] = w;
                if (biases[l] != null) {
                    biases[l][v] = java.util.Arrays.copyOfRange(vectors[v], layer.biasOffset,
                            layer.biasOffset + layer.outputs);
                }
            }
        }
        INDArray x = data.features().castTo(DataType.DOUBLE);
        inputsT = DenseKernels.columnMajor(x);
        labelsT = DenseKernels.columnMajor(data.labels());
        labelArgmax = new int[examples];
        for (int r = 0; r < examples; r++) {
            int best = 0;
            for (int k = 1; k < outputs; k++) {
                if (labelsT[k * examples + r] > labelsT[best * examples + r]) {
                    best = k;
                }
            }
            labelArgmax[r] = best;
        }
        sharedFirst = share ? firstLayerProducts() : null;
        int widest = 0;
        for (int l = 1; l < widths.length; l++) {
            widest = Math.max(widest, widths[l]);
        }
        int buffer = widest * BLOCK;
        scratch = ThreadLocal.withInitial(() -> new double[][]{new double[buffer], new double[buffer]});
    }

    /** {loss, accuracy} at mu + a d1 + b d2; accuracy is NaN for a single output. Non-finite loss becomes NaN. */
    double[] evaluate(double a, double b) {
        double[][] v = evaluate(new double[]{a}, new double[]{b});
        return new double[]{v[0][0], v[1][0]};
    }

    /** {losses, accuracies} at the points (a[p], b[p]), evaluated together. */
    double[][] evaluate(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("a has " + a.length + " coefficients but b has " + b.length);
        }
        int points = a.length;
        int layers = weights.length;
        double[][][] w = new double[points][layers][];
        double[][][] bias = new double[points][layers][];
        for (int p = 0; p < points; p++) {
            for (int l = 0; l < layers; l++) {
                w[p][l] = l == 0 && sharedFirst != null ? null : combine(weights[l], a[p], b[p]);
                bias[p][l] = biases[l] == null ? new double[widths[l + 1]] : combine(biases[l], a[p], b[p]);
            }
        }
        int blocks = (examples + BLOCK - 1) / BLOCK;
        double[][] lossSums = new double[points][blocks];
        int[][] correct = new int[points][blocks];
        IntStream.range(0, blocks).parallel().forEach(block -> {
            double[][] buffers = scratch.get();
            int r0 = block * BLOCK, len = Math.min(BLOCK, examples - r0);
            for (int p = 0; p < points; p++) {
                double[] out = forward(r0, len, a[p], b[p], w[p], bias[p], buffers);
                lossSums[p][block] = loss.sum(out, BLOCK, 0, labelsT, examples, r0, outputs, len, null);
                correct[p][block] = outputs > 1 ? correct(out, r0, len) : 0;
            }
        });
        double[][] result = new double[2][points];
        for (int p = 0; p < points; p++) {
            double sum = 0;
            long right = 0;
            for (int block = 0; block < blocks; block++) {
                sum += lossSums[p][block];
                right += correct[p][block];
            }
            double value = sum / examples;
            result[0][p] = Double.isFinite(value) ? value : Double.NaN;
            result[1][p] = outputs > 1 ? (double) right / examples : Double.NaN;
        }
        return result;
    }

    /** The network's outputs for examples r0 .. r0+len-1, unit-major with stride BLOCK, in one of the buffers. */
    private double[] forward(int r0, int len, double a, double b, double[][] w, double[][] bias, double[][] buffers) {
        double[] z = buffers[0];
        int first = widths[1];
        if (sharedFirst != null) {
            for (int unit = 0; unit < first; unit++) {
                int at = unit * examples + r0;
                combineRows(z, unit * BLOCK, sharedFirst, at, at + first * examples, at + 2 * first * examples, a, b,
                        bias[0][unit], len);
            }
        } else {
            product(inputsT, examples, r0, widths[0], w[0], first, bias[0], z, len);
        }
        int layers = weights.length;
        for (int l = 0; l < layers; l++) {
            if (l > 0) {
                double[] next = buffers[l % 2];
                product(z, BLOCK, 0, widths[l], w[l], widths[l + 1], bias[l], next, len);
                z = next;
            }
            if (l < layers - 1) {
                for (int unit = 0; unit < widths[l + 1]; unit++) {
                    activation.applyInPlace(z, unit * BLOCK, len);
                }
            }
        }
        return z;
    }

    /** How many of the block's examples have their largest output where their largest label is. */
    private int correct(double[] out, int r0, int len) {
        int right = 0;
        for (int r = 0; r < len; r++) {
            int best = 0;
            for (int k = 1; k < outputs; k++) {
                if (out[k * BLOCK + r] > out[best * BLOCK + r]) {
                    best = k;
                }
            }
            if (best == labelArgmax[r0 + r]) {
                right++;
            }
        }
        return right;
    }

    /** out[unit][r] = bias[unit] + sum_j h[j][r] W[j][unit] into a block buffer. */
    private static void product(double[] h, int hStride, int h0, int in, double[] w, int out, double[] bias,
                                double[] z, int len) {
        DenseKernels.product(h, hStride, h0, in, w, out, bias, z, BLOCK, 0, len);
    }

    private static void combineRows(double[] z, int at, double[] shared, int mu, int d1, int d2, double a, double b,
                                    double bias, int len) {
        for (int r = 0; r < len; r++) {
            z[at + r] = shared[mu + r] + a * shared[d1 + r] + b * shared[d2 + r] + bias;
        }
    }

    /** X [W_mu | D1 | D2] in the kernels' layout, computed block by block in parallel like the forward pass. */
    private double[] firstLayerProducts() {
        int in = widths[0], units = widths[1], out = 3 * units;
        double[] w = new double[in * out];
        for (int j = 0; j < in; j++) {
            for (int v = 0; v < 3; v++) {
                System.arraycopy(weights[0][v], j * units, w, j * out + v * units, units);
            }
        }
        double[] result = new double[out * examples];
        double[] zero = new double[out];
        int blocks = (examples + BLOCK - 1) / BLOCK;
        IntStream.range(0, blocks).parallel().forEach(block -> {
            int r0 = block * BLOCK;
            DenseKernels.product(inputsT, examples, r0, in, w, out, zero, result, examples, r0,
                    Math.min(BLOCK, examples - r0));
        });
        return result;
    }

    private static double[] combine(double[][] v, double a, double b) {
        double[] c = new double[v[0].length];
        for (int i = 0; i < c.length; i++) {
            c[i] = v[0][i] + a * v[1][i] + b * v[2][i];
        }
        return c;
    }
}
