package org.landscape.model;

import java.util.Locale;
import org.landscape.data.Dataset;
import org.landscape.util.Memory;

/**
 * The input-to-output paths of a network with a piecewise-linear activation (ReLU, as in the paper; leaky ReLU and
 * linear too): its output is a sum over paths, z_k(x) = sum_{paths i ending at output k} X_i A_i prod_l w_i^(l), with
 * X_i the input the path starts from, A_i the product of the gates of the hidden units it passes (1 or 0 for a ReLU,
 * {@link Activation#gateAtValue}) and prod w the product of its H = L + 1 weights (Choromanska et al., section 3).
 *
 * <p>A path is one unit in every layer, (i_0, i_1, ..., i_{L+1}); the Psi = d_0 d_1 ... d_{L+1} paths are numbered in
 * mixed radix, input first: p = ((i_0 d_1 + i_1) d_2 + i_2) ... , so the paths from one input are contiguous and the
 * output unit is p mod d_{L+1}. Only the weight products are stored (8 bytes a path); the rest is computed.
 *
 * <p><b>Biases.</b> The paper's network has none, and the paper's Psi counts only these input paths. A network with
 * biases is handled exactly: the bias of unit j of layer s is a path from a constant input 1 starting at that unit,
 * through one unit of every later layer ({@link #biasPathCount()}); the output is the sum over both kinds. The
 * statistics of the paper's assumptions ({@link PathSum#assumptions}) are about the input paths only.
 *
 * <p>Immutable (taken at one theta; later changes to the network do not reach it): safe from several threads.
 *
 * <pre>{@code
 * Paths paths = Paths.of(net);              // at the network's parameters
 * paths.count();                            // Psi = product of the widths
 * PathSum sum = paths.on(data);             // X_i, A_i per example; the outputs as sums over paths
 * sum.maxRelativeError();                   // against Risk's forward pass
 * }</pre>
 */
public final class Paths {
    /** The most input paths enumerated (80 MB of weight products): beyond, sums over paths take minutes per example set. */
    public static final long MAX_PATHS = 10_000_000L;

    private final Network net;
    private final double[] theta;
    private final Activation activation;
    private final int[] widths;          // d_0 .. d_{L+1}
    private final long count;            // Psi
    private final long[] stride;         // stride[l] = d_{l+1} ... d_{L+1}: paths per choice of units up to layer l
    private final double[] products;     // prod of the weights of path p
    private final double[][] biasProducts; // [s - 1][t]: b of unit j_s of layer s times the weights after it; t over (j_s..j_{L+1})
    private final long biasCount;

    private Paths(Network net, double[] theta) {
        this.net = net;
        this.theta = theta.clone();
        this.activation = net.activation();
        this.widths = net.architecture().widths();
        this.count = count(widths);
        this.stride = new long[widths.length];
        stride[widths.length - 1] = 1;
        for (int l = widths.length - 2; l >= 0; l--) {
            stride[l] = stride[l + 1] * widths[l + 1];
        }
        ParameterLayout layout = net.layout();
        this.products = products(layout, 0, null);
        if (net.hasBiases()) {
            biasProducts = new double[widths.length - 1][];
            long total = 0;
            for (int s = 1; s < widths.length; s++) {
                double[] start = new double[widths[s]];
                for (int j = 0; j < widths[s]; j++) {
                    start[j] = theta[layout.layer(s - 1).bias(j)];
                }
                biasProducts[s - 1] = products(layout, s, start);
                total += biasProducts[s - 1].length;
            }
            biasCount = total;
        } else {
            biasProducts = new double[0][];
            biasCount = 0;
        }
    }

    /**
     * Products of weights along every path from layer {@code from} to the output, the first factor per unit of
     * layer {@code from} given by {@code start} (null: 1, the input paths). Built layer by layer over prefixes.
     */
    private double[] products(ParameterLayout layout, int from, double[] start) {
        double[] prefix = start != null ? start.clone() : filled(widths[from]);
        for (int l = from; l + 1 < widths.length; l++) {
            ParameterLayout.Layer layer = layout.layer(l);
            int next = widths[l + 1];
            double[] longer = new double[prefix.length * next];
            for (int q = 0; q < prefix.length; q++) {
                int unitBefore = q % widths[l];
                for (int u = 0; u < next; u++) {
                    longer[q * next + u] = prefix[q] * theta[layer.weight(u, unitBefore)];
                }
            }
            prefix = longer;
        }
        return prefix;
    }

    private static double[] filled(int n) {
        double[] ones = new double[n];
        java.util.Arrays.fill(ones, 1);
        return ones;
    }

    /** Psi = d_0 d_1 ... d_{L+1}, or -1 beyond Long.MAX_VALUE. */
    static long count(int[] widths) {
        long psi = 1;
        for (int d : widths) {
            if (psi > Long.MAX_VALUE / d) {
                return -1;
            }
            psi *= d;
        }
        return psi;
    }

    /** The paths of {@code net} at its current parameters. */
    public static Paths of(Network net) {
        if (net == null) {
            throw new IllegalArgumentException("net must not be null");
        }
        return of(net, net.parameters());
    }

    /**
     * The paths of {@code net}'s architecture at {@code theta}. Refused before anything is allocated: a tanh network
     * (not a sum over paths), more than {@link #MAX_PATHS} paths, or weight products that do not fit in the heap.
     */
    public static Paths of(Network net, double[] theta) {
        if (net == null) {
            throw new IllegalArgumentException("net must not be null");
        }
        if (!net.activation().isPiecewiseLinear()) {
            throw new IllegalArgumentException("the network " + net + " has a " + net.activation().name().toLowerCase(Locale.ROOT)
                    + " activation: only a piecewise-linear network (ReLU, leaky ReLU, linear) is a sum over paths of "
                    + "input x gates x weights; build it with .activation(Activation.RELU)");
        }
        net.checkParameters("theta", theta);
        int[] d = net.architecture().widths();
        long psi = count(d);
        String product = java.util.Arrays.stream(d).mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(" x "));
        String fix = "use narrower or fewer hidden layers (Psi is the product of all widths, " + product + ")";
        if (psi < 0 || psi > MAX_PATHS) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "the network %s has Psi = %s = %s paths, more than "
                    + "the %,d that can be enumerated: %s", net.architecture(), product, psi < 0 ? "more than 9.2e18"
                    : String.format(Locale.ROOT, "%,d", psi), MAX_PATHS, fix));
        }
        // the products, the prefixes they are built from (at most half as many again) and the bias paths (fewer)
        Memory.require(3 * Double.BYTES * psi, String.format(Locale.ROOT, "the weight products of %,d paths", psi), fix
                + ", or start the kernel with a larger -Xmx");
        return new Paths(net, theta);
    }

    public Network network() {
        return net;
    }

    /** The parameters the products were taken at (a copy). */
    public double[] parameters() {
        return theta.clone();
    }

    /** Psi, the number of input-to-output paths: the product of the widths. */
    public long count() {
        return count;
    }

    /** Paths from a bias (a constant input 1) to an output; 0 for a network without biases (the paper's). */
    public long biasPathCount() {
        return biasCount;
    }

    /** H, the number of layers of weights on a path (L + 1): the degree of the polynomial. */
    public int layers() {
        return widths.length - 1;
    }

    /** d_0 .. d_{L+1}. */
    public int[] widths() {
        return widths.clone();
    }

    /** The paper's Lambda = Psi^(1/H) (an integer in the paper's idealisation; here whatever the widths give). */
    public double lambda() {
        return Math.pow(count, 1.0 / layers());
    }

    /** The paper's normalisation of the output, Y = q sum_i X_i A_i prod w with q = Lambda^(-(H-1)/2). */
    public double normalisation() {
        return Math.pow(lambda(), -(layers() - 1) / 2.0);
    }

    /** The unit of layer l (0 = input, L + 1 = output) on path p. */
    public int unit(long p, int l) {
        checkPath(p);
        if (l < 0 || l >= widths.length) {
            throw new IllegalArgumentException("layer must be in 0.." + (widths.length - 1) + ", got " + l);
        }
        return (int) ((p / stride[l]) % widths[l]);
    }

    /** The units (i_0, ..., i_{L+1}) of path p. */
    public int[] units(long p) {
        int[] u = new int[widths.length];
        for (int l = 0; l < widths.length; l++) {
            u[l] = unit(p, l);
        }
        return u;
    }

    /** The input i_0 path p starts from: X_p is this input's value. */
    public int input(long p) {
        return unit(p, 0);
    }

    /** The output unit path p ends at. */
    public int output(long p) {
        return unit(p, widths.length - 1);
    }

    /** The index of the path through the given units (i_0, ..., i_{L+1}). */
    public long index(int... units) {
        if (units == null || units.length != widths.length) {
            throw new IllegalArgumentException("a path names one unit in each of the " + widths.length + " layers");
        }
        long p = 0;
        for (int l = 0; l < widths.length; l++) {
            if (units[l] < 0 || units[l] >= widths[l]) {
                throw new IllegalArgumentException("unit " + units[l] + " of layer " + l + " is not in 0.." + (widths[l] - 1));
            }
            p += units[l] * stride[l];
        }
        return p;
    }

    /** prod_l w_p^(l), the product of the H weights along path p. */
    public double weightProduct(long p) {
        checkPath(p);
        return products[(int) p];
    }

    /** Every path's weight product, in path order (a copy: Psi doubles). */
    public double[] weightProducts() {
        return products.clone();
    }

    private void checkPath(long p) {
        if (p < 0 || p >= count) {
            throw new IllegalArgumentException("path must be in 0.." + (count - 1) + ", got " + p);
        }
    }

    /** The weight products, without a copy, for the evaluation. */
    double[] products() {
        return products;
    }

    /** The bias paths' products starting at layer s (1..L+1), or null without biases. */
    double[] biasProducts(int s) {
        return biasProducts.length == 0 ? null : biasProducts[s - 1];
    }

    Activation activation() {
        return activation;
    }

    /**
     * The paths on a sample: each path's input X_i and activation A_i for every example (from the engine's layer
     * values, {@link Risk#layerValues}) and the outputs as sums over paths, next to the engine's forward pass.
     */
    public PathSum on(Dataset data) {
        return new PathSum(this, Risk.of(net, data));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%,d paths of %s (H = %d layers of weights%s)", count, net.architecture(),
                layers(), biasCount == 0 ? ", no biases" : String.format(Locale.ROOT, "; and %,d bias paths", biasCount));
    }
}
