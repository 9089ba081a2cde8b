package org.landscape.model;

import java.util.Locale;
import java.util.stream.IntStream;
import org.landscape.data.Dataset;
import org.landscape.model.internal.DenseKernels;

/**
 * The library's one numeric engine for a network on a fixed sample: the risk R_S(theta) = (1/m) sum_i
 * loss(Phi_theta(x_i), y_i), its gradient, the outputs z_i, Jacobian products J v (forward mode) and J^T u
 * (backpropagation), per-example Jacobians, every layer's values, and the Hessian's parts ({@link #curvature}), for
 * any parameter vector theta, computed on plain arrays with the library's internal kernels; the maths of the
 * activations and losses is {@link Activation}'s and {@link Loss}'s. The same numbers as the network's own
 * {@link Network#loss(double[], Dataset)} and {@link Network#gradient(double[], Dataset)} (the tests compare every
 * entry point with DL4J and with finite differences), about three times faster than DL4J for a 100k-parameter
 * network. DL4J builds and initialises networks; everything numeric goes through here. The network itself is never
 * changed, so one Risk can be used from several threads.
 *
 * <p>The examples are cut into blocks; the blocks are split into a fixed number of contiguous chunks ({@value #CHUNKS},
 * run in parallel), each chunk accumulates its own sums, and the chunks are added in order: the result depends neither
 * on the thread schedule nor on the number of cores, so the same theta gives the same bits with any thread count.
 *
 * <pre>{@code
 * Risk risk = Risk.of(net, data);
 * double r = risk.value(theta);
 * double[] g = risk.gradient(theta);              // = net.gradient(theta, data)
 * double[][] jv = risk.jacobianTimes(theta, v);   // J_i v for every example
 * Curvature c = risk.curvature(theta);            // H0 v, H1 v (GaussNewton wraps them as operators)
 * }</pre>
 */
public final class Risk {
    /** Examples per block: a 100-unit layer of a block is 200 KB and stays in the core's cache (best of 128..1024). */
    private static final int BLOCK = 256;

    private final Network net;
    private final Dataset data;       // null for a subset of rows, made on demand from parentData
    private final Dataset parentData;
    private final int[] rows;
    private final ParameterLayout layout;
    private final Activation activation;
    private final Loss loss;
    private final int examples;
    private final int[] widths;      // d0, d1, ..., d_{L+1}
    private final double[] inputsT;  // column-major: feature j of example r at j * examples + r
    private final double[] labelsT;
    private final int chunks;

    private Risk(Network net, Dataset data) {
        net.checkData(data);
        this.net = net;
        this.data = data;
        this.parentData = null;
        this.rows = null;
        this.layout = net.layout();
        this.activation = net.activation();
        this.loss = net.lossKind();
        this.examples = data.size();
        var layers = layout.layers();
        widths = new int[layers.size() + 1];
        for (int l = 0; l < layers.size(); l++) {
            widths[l] = layers.get(l).inputs;
            widths[l + 1] = layers.get(l).outputs;
        }
        inputsT = DenseKernels.columnMajor(data.features());
        labelsT = DenseKernels.columnMajor(data.labels());
        chunks = chunksFor(examples);
    }

    /**
     * Chunks the blocks are cut into, whatever the machine: the sums are added chunk by chunk, so a chunk count
     * taken from the number of cores (as before) gave other bits on another machine or thread-pool size.
     */
    static final int CHUNKS = 8;

    /** {@link #CHUNKS} chunks of blocks (fewer when there are fewer blocks): the same on every machine. */
    private static int chunksFor(int examples) {
        int blocks = (examples + BLOCK - 1) / BLOCK;
        return Math.max(1, Math.min(blocks, CHUNKS));
    }

    /** The same risk on the examples {@code rows} of the parent's sample (a minibatch), sharing its settings. */
    private Risk(Risk parent, int[] rows) {
        this.net = parent.net;
        this.data = null;
        this.parentData = parent.dataOrParent();
        this.rows = rows.clone();
        this.layout = parent.layout;
        this.activation = parent.activation;
        this.loss = parent.loss;
        this.examples = rows.length;
        this.widths = parent.widths;
        this.inputsT = gather(parent.inputsT, parent.examples, widths[0], rows);
        this.labelsT = gather(parent.labelsT, parent.examples, widths[widths.length - 1], rows);
        this.chunks = chunksFor(examples);
    }

    private static double[] gather(double[] columnMajor, int m, int width, int[] rows) {
        double[] out = new double[width * rows.length];
        for (int j = 0; j < width; j++) {
            for (int i = 0; i < rows.length; i++) {
                int r = rows[i];
                if (r < 0 || r >= m) {
                    throw new IllegalArgumentException("row " + r + " is not an example of the sample (0.." + (m - 1) + ")");
                }
                out[j * rows.length + i] = columnMajor[j * m + r];
            }
        }
        return out;
    }

    /**
     * The risk on some of the examples (a minibatch): {@code rows} index the sample, repeats allowed. Costs a copy of
     * those rows, not of the whole sample.
     */
    public Risk rows(int[] rows) {
        if (rows == null || rows.length == 0) {
            throw new IllegalArgumentException("rows must name at least one example of the sample");
        }
        return new Risk(this, rows);
    }

    /** The risk of {@code net}'s architecture, activation and loss on {@code data}. */
    public static Risk of(Network net, Dataset data) {
        if (net == null || data == null) {
            throw new IllegalArgumentException((net == null ? "net" : "data") + " must not be null");
        }
        return new Risk(net, data);
    }

    public Network network() {
        return net;
    }

    /** The sample this risk averages over (for a subset of rows, those rows as a data set). */
    public Dataset data() {
        return data != null ? data : parentData.rows(parentData.name() + " (" + rows.length + " rows)", rows);
    }

    private Dataset dataOrParent() {
        return data != null ? data : parentData;
    }

    /** R_S(theta); NaN if a loss is not finite. */
    public double value(double[] theta) {
        return run(theta, false).value;
    }

    /** grad R_S(theta). */
    public double[] gradient(double[] theta) {
        return run(theta, true).gradient;
    }

    /** R_S(theta), with grad R_S(theta) written into {@code gradient} (one pass for both, as a training step needs). */
    public double valueAndGradient(double[] theta, double[] gradient) {
        if (gradient == null || gradient.length != layout.size()) {
            throw new IllegalArgumentException("gradient must have " + layout.size() + " entries, one per parameter");
        }
        Result result = run(theta, true);
        System.arraycopy(result.gradient, 0, gradient, 0, gradient.length);
        return result.value;
    }

    private static final class Result {
        double value;
        double[] gradient;
    }

    private Result run(double[] theta, boolean withGradient) {
        Weights w = weights(theta, "theta");
        Work[] works = overBlocks(withGradient ? theta.length : 0, (work, r0, len) -> {
            forward(work, r0, len, w);
            double sum = loss.sum(work.activations[widths.length - 1], BLOCK, 0, labelsT, examples, r0,
                    widths[widths.length - 1], len, withGradient ? work.delta : null);
            if (withGradient) {
                backward(work, r0, len, w);
            }
            return sum;
        });
        Result result = new Result();
        double total = 0;
        for (Work work : works) {
            total += work.sum;
        }
        result.value = Double.isFinite(total) ? total / examples : Double.NaN;
        if (withGradient) {
            result.gradient = gradientSum(works, 1.0 / examples);
        }
        return result;
    }

    /** Number of outputs k (the width of the last layer). */
    public int outputs() {
        return widths[widths.length - 1];
    }

    /** Number of examples m. */
    public int size() {
        return examples;
    }

    /** n, the number of parameters. */
    public int dimension() {
        return layout.size();
    }

    /**
     * z_i = the last layer's affine output for every example (one row per example): the network's output itself for
     * the square and hinge losses, its logits for the others (the output is {@link Loss#output}(z)).
     */
    public double[][] outputs(double[] theta) {
        Weights w = weights(theta, "theta");
        int k = outputs();
        double[] out = new double[k * examples];
        overBlocks(0, (work, r0, len) -> {
            forward(work, r0, len, w);
            toColumns(work.activations[widths.length - 1], k, r0, len, out);
            return 0;
        });
        return rows(out, k);
    }

    /**
     * The fraction of examples whose largest output {@link Loss#output}(z_i) is at the label's largest entry (the
     * first of equal entries counts; a NaN output never wins); NaN for one output, where accuracy is not defined.
     */
    public double accuracy(double[] theta) {
        int k = outputs();
        if (k == 1) {
            weights(theta, "theta"); // still refuses a wrong theta
            return Double.NaN;
        }
        double[][] z = outputs(theta);
        double[] label = new double[k];
        int correct = 0;
        for (int i = 0; i < examples; i++) {
            for (int j = 0; j < k; j++) {
                label[j] = labelsT[j * examples + i];
            }
            correct += argMax(loss.output(z[i])) == argMax(label) ? 1 : 0;
        }
        return (double) correct / examples;
    }

    /** The index of the first largest entry (NaN entries never win). */
    private static int argMax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best] || Double.isNaN(v[best]) && !Double.isNaN(v[i])) {
                best = i;
            }
        }
        return best;
    }

    /** J_i v for every example i (one row per example), J_i = dz_i/dtheta: forward-mode differentiation, exact. */
    public double[][] jacobianTimes(double[] theta, double[] v) {
        Weights w = weights(theta, "theta");
        Weights dw = weights(v, "v");
        int k = outputs();
        double[] out = new double[k * examples];
        overBlocks(0, (work, r0, len) -> {
            forward(work, r0, len, w);
            double[] t = tangent(work, r0, len, w, dw);
            toColumns(t, k, r0, len, out);
            return 0;
        });
        return rows(out, k);
    }

    /**
     * sum_i J_i^T u_i, one row u_i (k entries) per example: backpropagation from u instead of the loss's
     * derivative (with u_i = dE/dz_i / m it is the gradient).
     */
    public double[] jacobianTransposeTimes(double[] theta, double[][] u) {
        Weights w = weights(theta, "theta");
        int k = outputs();
        if (u == null || u.length != examples) {
            throw new IllegalArgumentException("u must have one row per example (" + examples + "), got "
                    + (u == null ? "null" : u.length + " rows"));
        }
        double[] columns = new double[k * examples];
        for (int i = 0; i < examples; i++) {
            if (u[i] == null || u[i].length != k) {
                throw new IllegalArgumentException("row " + i + " of u must have " + k + " entries, one per output");
            }
            for (int c = 0; c < k; c++) {
                columns[c * examples + i] = u[i][c];
            }
        }
        Work[] works = overBlocks(theta.length, (work, r0, len) -> {
            forward(work, r0, len, w);
            for (int c = 0; c < k; c++) {
                System.arraycopy(columns, c * examples + r0, work.delta, c * BLOCK, len);
            }
            backward(work, r0, len, w);
            return 0;
        });
        return gradientSum(works, 1);
    }

    /**
     * H v, the Hessian of R_S at theta times v, exactly (to rounding): Pearlmutter's R-operator, the forward pass's
     * tangent along v and then the backward pass differentiated along v, about three gradients' work. Unlike central
     * differences of gradients it does not step across the kinks of a ReLU (or leaky-ReLU) network, where a difference
     * of gradients jumps and is no Hessian at all; for a piecewise-linear activation it is the Hessian of the linear
     * piece theta lies in (sigma'' = 0), with the weights' products between layers and the loss's curvature.
     */
    public double[] hessianTimes(double[] theta, double[] v) {
        Weights w = weights(theta, "theta");
        Weights dw = weights(v, "v");
        int layers = widths.length - 1, k = outputs();
        int widest = java.util.Arrays.stream(widths, 1, widths.length).max().getAsInt();
        Work[] works = overBlocks(theta.length, (work, r0, len) -> {
            forward(work, r0, len, w);
            double[][] a = work.activations;
            // tangents: dh[l] of every layer's affine value, da[l] = sigma'(h_l) dh[l] of every hidden layer's output
            double[][] dh = new double[layers + 1][], da = new double[layers][];
            dh[1] = new double[widths[1] * BLOCK];
            DenseKernels.product(inputsT, examples, r0, widths[0], dw.forward[0], widths[1], dw.bias[0], dh[1], BLOCK, 0,
                    len);
            for (int l = 2; l <= layers; l++) {
                da[l - 1] = dh[l - 1].clone();
                derivativeTimes(da[l - 1], a[l - 1], widths[l - 1], len);
                dh[l] = new double[widths[l] * BLOCK];
                DenseKernels.product(a[l - 1], BLOCK, 0, widths[l - 1], dw.forward[l - 1], widths[l], dw.bias[l - 1],
                        dh[l], BLOCK, 0, len);
                double[] through = new double[widths[l] * BLOCK];
                DenseKernels.product(da[l - 1], BLOCK, 0, widths[l - 1], w.forward[l - 1], widths[l], work.zeros, through,
                        BLOCK, 0, len);
                add(dh[l], through, widths[l], len);
            }
            // the loss: delta = dE/dz, rdelta = d2E/dz2 dz, example by example
            double sum = loss.sum(a[layers], BLOCK, 0, labelsT, examples, r0, k, len, work.delta);
            double[] rdelta = new double[widest * BLOCK], zr = new double[k], yr = new double[k],
                    ur = new double[k];
            for (int r = 0; r < len; r++) {
                for (int c = 0; c < k; c++) {
                    zr[c] = a[layers][c * BLOCK + r];
                    yr[c] = labelsT[c * examples + r0 + r];
                    ur[c] = dh[layers][c * BLOCK + r];
                }
                double[] hu = loss.hessianTimes(zr, yr, ur);
                for (int c = 0; c < k; c++) {
                    rdelta[c * BLOCK + r] = hu[c];
                }
            }
            double[] delta = work.delta, spare = work.deltaNext, rspare = new double[rdelta.length],
                    through = new double[rdelta.length];
            for (int l = layers; l >= 1; l--) {
                ParameterLayout.Layer layer = layout.layer(l - 1);
                // R(dR/dW_l) = rdelta a_{l-1}^T + delta da_{l-1}^T (the inputs have no tangent)
                if (l == 1) {
                    DenseKernels.gram(rdelta, BLOCK, 0, widths[l], inputsT, examples, r0, widths[0], len, work.gradient,
                            layer.weightOffset);
                } else {
                    DenseKernels.gram(rdelta, BLOCK, 0, widths[l], a[l - 1], BLOCK, 0, widths[l - 1], len, work.gradient,
                            layer.weightOffset);
                    DenseKernels.gram(delta, BLOCK, 0, widths[l], da[l - 1], BLOCK, 0, widths[l - 1], len, work.gradient,
                            layer.weightOffset);
                }
                if (layer.biasOffset >= 0) {
                    for (int unit = 0; unit < widths[l]; unit++) {
                        double t = 0;
                        for (int r = 0; r < len; r++) {
                            t += rdelta[unit * BLOCK + r];
                        }
                        work.gradient[layer.biasOffset + unit] += t;
                    }
                }
                if (l > 1) {
                    int below = widths[l - 1];
                    // g = W^T delta; R(g) = W^T rdelta + dW^T delta; then both times sigma'(h), and R(delta) gains
                    // sigma''(h) dh g (zero for piecewise-linear activations)
                    DenseKernels.product(delta, BLOCK, 0, widths[l], w.backward[l - 1], below, work.zeros, spare, BLOCK,
                            0, len);
                    DenseKernels.product(rdelta, BLOCK, 0, widths[l], w.backward[l - 1], below, work.zeros, rspare,
                            BLOCK, 0, len);
                    DenseKernels.product(delta, BLOCK, 0, widths[l], dw.backward[l - 1], below, work.zeros, through,
                            BLOCK, 0, len);
                    add(rspare, through, below, len);
                    derivativeTimes(rspare, a[l - 1], below, len);
                    if (!activation.isPiecewiseLinear()) {
                        for (int unit = 0; unit < below; unit++) {
                            for (int r = 0; r < len; r++) {
                                int i = unit * BLOCK + r;
                                rspare[i] += activation.secondDerivativeAtValue(a[l - 1][i]) * dh[l - 1][i] * spare[i];
                            }
                        }
                    }
                    derivativeTimes(spare, a[l - 1], below, len);
                    double[] t = delta;
                    delta = spare;
                    spare = t;
                    t = rdelta;
                    rdelta = rspare;
                    rspare = t;
                }
            }
            return sum;
        });
        return gradientSum(works, 1.0 / examples);
    }

    /** dst += src over the first units rows of a block. */
    private static void add(double[] dst, double[] src, int units, int len) {
        for (int unit = 0; unit < units; unit++) {
            for (int r = 0; r < len; r++) {
                dst[unit * BLOCK + r] += src[unit * BLOCK + r];
            }
        }
    }

    /** The Jacobian dz_i/dtheta of one example: k rows of n entries (k backward passes on that example alone). */
    public double[][] jacobian(double[] theta, int example) {
        if (example < 0 || example >= examples) {
            throw new IllegalArgumentException("example must be in 0.." + (examples - 1) + ", got " + example);
        }
        DenseKernels.requireHeap((long) outputs() * layout.size(), "a " + outputs() + " x " + layout.size() + " Jacobian");
        Risk one = new Risk(this, new int[]{example});
        int k = outputs();
        double[][] jac = new double[k][];
        for (int c = 0; c < k; c++) {
            double[][] u = new double[1][k];
            u[0][c] = 1;
            jac[c] = one.jacobianTransposeTimes(theta, u);
        }
        return jac;
    }

    /**
     * The value of every layer for every example: [i][0] the inputs x_i, [i][l] = sigma(h_l) for the hidden layers
     * l = 1..L, [i][L+1] the outputs z_i. What the layer-wise Hessian recursion reads (with {@link Activation}'s
     * derivatives as functions of these values).
     */
    public double[][][] layerValues(double[] theta) {
        Weights w = weights(theta, "theta");
        long total = 0;
        for (int width : widths) {
            total += width;
        }
        DenseKernels.requireHeap(total * examples, "the layer values of " + examples + " examples");
        double[][][] values = new double[examples][widths.length][];
        overBlocks(0, (work, r0, len) -> {
            forward(work, r0, len, w);
            for (int l = 0; l < widths.length; l++) {
                for (int r = 0; r < len; r++) {
                    double[] v = new double[widths[l]];
                    for (int u = 0; u < widths[l]; u++) {
                        v[u] = l == 0 ? inputsT[u * examples + r0 + r] : work.activations[l][u * BLOCK + r];
                    }
                    values[r0 + r][l] = v;
                }
            }
            return 0;
        });
        return values;
    }

    /** The curvature of this risk at theta: the Gauss-Newton part H0 and the residual part H1 of its Hessian. */
    public Curvature curvature(double[] theta) {
        return new Curvature(this, theta);
    }

    /** The labels y_i, one row per example. */
    double[][] labels() {
        return rows(labelsT, outputs());
    }

    /** Loss of this risk. */
    public Loss loss() {
        return loss;
    }

    private double[][] rows(double[] columns, int k) {
        double[][] r = new double[examples][k];
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < examples; i++) {
                r[i][c] = columns[c * examples + i];
            }
        }
        return r;
    }

    private static void toColumns(double[] block, int k, int r0, int len, double[] out) {
        int m = out.length / k;
        for (int c = 0; c < k; c++) {
            System.arraycopy(block, c * BLOCK, out, c * m + r0, len);
        }
    }

    /** theta's weights in the kernels' two orders, and its biases (zeros for a network without). */
    private final class Weights {
        final double[][] forward = new double[widths.length - 1][];  // W_l input-major: [input * outputs + unit]
        final double[][] backward = new double[widths.length - 1][]; // W_l^T input-major, which is theta's own order
        final double[][] bias = new double[widths.length - 1][];
    }

    private Weights weights(double[] theta, String name) {
        if (theta == null || theta.length != layout.size()) {
            throw new IllegalArgumentException(name + " has " + (theta == null ? "no" : theta.length)
                    + " entries but the network " + net.architecture() + " has " + layout.size() + " parameters");
        }
        Weights w = new Weights();
        for (int l = 0; l < widths.length - 1; l++) {
            ParameterLayout.Layer layer = layout.layer(l);
            w.backward[l] = java.util.Arrays.copyOfRange(theta, layer.weightOffset, layer.weightOffset + layer.weightCount());
            w.forward[l] = new double[layer.weightCount()];
            for (int unit = 0; unit < layer.outputs; unit++) {
                for (int in = 0; in < layer.inputs; in++) {
                    w.forward[l][in * layer.outputs + unit] = w.backward[l][unit * layer.inputs + in];
                }
            }
            w.bias[l] = layer.biasOffset < 0 ? new double[layer.outputs]
                    : java.util.Arrays.copyOfRange(theta, layer.biasOffset, layer.biasOffset + layer.outputs);
        }
        return w;
    }

    /** One block's work: its sum over the block's examples, from the buffers of the chunk. */
    private interface BlockStep {
        double run(Work work, int r0, int len);
    }

    /** step over every block, the blocks cut into contiguous chunks run in parallel; the chunks' buffers in order. */
    private Work[] overBlocks(int parameters, BlockStep step) {
        int blocks = (examples + BLOCK - 1) / BLOCK;
        Work[] works = new Work[chunks];
        IntStream.range(0, chunks).parallel().forEach(chunk -> {
            Work work = new Work(parameters);
            int from = (int) ((long) blocks * chunk / chunks), to = (int) ((long) blocks * (chunk + 1) / chunks);
            for (int block = from; block < to; block++) {
                int r0 = block * BLOCK;
                work.sum += step.run(work, r0, Math.min(BLOCK, examples - r0));
            }
            works[chunk] = work;
        });
        return works;
    }

    /** The chunks' gradient sums added in order, times factor. */
    private static double[] gradientSum(Work[] works, double factor) {
        double[] g = new double[works[0].gradient.length];
        for (Work work : works) {
            for (int i = 0; i < g.length; i++) {
                g[i] += work.gradient[i];
            }
        }
        for (int i = 0; i < g.length; i++) {
            g[i] *= factor;
        }
        return g;
    }

    /** Buffers of one chunk: the activations of every layer for one block, two delta buffers, the gradient sum. */
    private final class Work {
        final double[][] activations = new double[widths.length][];
        final double[] delta;
        final double[] deltaNext;
        final double[] zeros; // the "bias" of the backward products
        final double[] gradient;
        double sum;

        Work(int parameters) {
            int widest = 0;
            for (int l = 1; l < widths.length; l++) {
                activations[l] = new double[widths[l] * BLOCK];
                widest = Math.max(widest, widths[l]);
            }
            delta = new double[widest * BLOCK];
            deltaNext = new double[widest * BLOCK];
            zeros = new double[widest];
            gradient = parameters > 0 ? new double[parameters] : null;
        }
    }

    /** Forward: a[l] holds sigma(h) for hidden layers and the output layer's h itself. */
    private void forward(Work work, int r0, int len, Weights w) {
        int layers = widths.length - 1;
        double[][] a = work.activations;
        DenseKernels.product(inputsT, examples, r0, widths[0], w.forward[0], widths[1], w.bias[0], a[1], BLOCK, 0, len);
        for (int l = 1; l <= layers; l++) {
            if (l > 1) {
                DenseKernels.product(a[l - 1], BLOCK, 0, widths[l - 1], w.forward[l - 1], widths[l], w.bias[l - 1],
                        a[l], BLOCK, 0, len);
            }
            for (int unit = 0; l < layers && unit < widths[l]; unit++) {
                activation.applyInPlace(a[l], unit * BLOCK, len);
            }
        }
    }

    /**
     * The directional derivative of every layer's value along dw (forward mode, after {@link #forward}): dh_l =
     * dW_l a_{l-1} + db_l + W_l da_{l-1}, da_l = sigma'(h_l) dh_l. Returns the output layer's, in a fresh block.
     */
    private double[] tangent(Work work, int r0, int len, Weights w, Weights dw) {
        int layers = widths.length - 1;
        double[][] a = work.activations;
        double[] t = new double[widths[1] * BLOCK];
        DenseKernels.product(inputsT, examples, r0, widths[0], dw.forward[0], widths[1], dw.bias[0], t, BLOCK, 0, len);
        for (int l = 2; l <= layers; l++) {
            derivativeTimes(t, a[l - 1], widths[l - 1], len);
            double[] next = new double[widths[l] * BLOCK];
            DenseKernels.product(a[l - 1], BLOCK, 0, widths[l - 1], dw.forward[l - 1], widths[l], dw.bias[l - 1], next,
                    BLOCK, 0, len);
            double[] through = work.delta;
            DenseKernels.product(t, BLOCK, 0, widths[l - 1], w.forward[l - 1], widths[l], work.zeros, through, BLOCK, 0,
                    len);
            for (int unit = 0; unit < widths[l]; unit++) {
                for (int r = 0; r < len; r++) {
                    next[unit * BLOCK + r] += through[unit * BLOCK + r];
                }
            }
            t = next;
        }
        return t;
    }

    /** delta *= sigma'(h) for the first len examples of each of the units' rows, from the stored values a. */
    private void derivativeTimes(double[] delta, double[] a, int units, int len) {
        for (int unit = 0; unit < units; unit++) {
            activation.multiplyByDerivative(delta, a, unit * BLOCK, len);
        }
    }

    /** Backward from work.delta (d/dz per example, after {@link #forward}): the gradient added to work.gradient. */
    private void backward(Work work, int r0, int len, Weights w) {
        int layers = widths.length - 1;
        double[][] a = work.activations;
        double[] delta = work.delta, spare = work.deltaNext;
        for (int l = layers; l >= 1; l--) {
            ParameterLayout.Layer layer = layout.layer(l - 1);
            // dR/dW_{unit,input} = sum_r delta[unit][r] input[input][r], in theta's order (unit-major)
            if (l == 1) {
                DenseKernels.gram(delta, BLOCK, 0, widths[l], inputsT, examples, r0, widths[0], len, work.gradient,
                        layer.weightOffset);
            } else {
                DenseKernels.gram(delta, BLOCK, 0, widths[l], a[l - 1], BLOCK, 0, widths[l - 1], len, work.gradient,
                        layer.weightOffset);
            }
            if (layer.biasOffset >= 0) {
                for (int unit = 0; unit < widths[l]; unit++) {
                    double s = 0;
                    for (int r = 0; r < len; r++) {
                        s += delta[unit * BLOCK + r];
                    }
                    work.gradient[layer.biasOffset + unit] += s;
                }
            }
            if (l > 1) {
                // delta of the layer below: W_l delta, times sigma'(h) read off the stored activations
                DenseKernels.product(delta, BLOCK, 0, widths[l], w.backward[l - 1], widths[l - 1], work.zeros, spare,
                        BLOCK, 0, len);
                derivativeTimes(spare, a[l - 1], widths[l - 1], len);
                double[] t = delta;
                delta = spare;
                spare = t;
            }
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Risk of %s on '%s' (%d examples)", net.architecture(),
                dataOrParent().name(), examples);
    }
}
