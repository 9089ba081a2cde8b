package org.landscape.hessian;

import org.landscape.plot.Charted;
import org.landscape.model.ParameterLayout;

import java.util.Locale;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.Table;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.DoubleColumn;
import org.landscape.plot.Theme;
import org.landscape.plot.Plots;
import org.landscape.data.Dataset;
import java.nio.file.Path;
import java.util.Map;
import org.landscape.model.Activation;
import org.landscape.model.Architecture;
import org.landscape.plot.ResultFile;
import org.landscape.model.Loss;
import org.landscape.model.Network;
import org.landscape.model.Risk;

/**
 * The diagonal blocks of the Hessian, one per layer, computed exactly by the backward recursion of pre-activation
 * Hessians (Botev, Ritter and Barber, 2017; the blog post). For one example, with h_l = W_l^T a_l + b_l the
 * pre-activations of layer l and calH_l = d^2E/dh_l^2:
 *
 * <pre>
 *   calH_L = d^2E/dz^2                       (2 I for the square loss, diag(p) - p p^T for softmax cross-entropy)
 *   calH_l = B_l W_{l+1} calH_{l+1} W_{l+1}^T B_l + D_l,
 *            B_l = diag(sigma'(h_l)),  D_l = diag(sigma''(h_l) * dE/da_{l+1})
 *   block_l = (a~_l a~_l^T) (x) calH_l        (a~_l = (a_l, 1): the layer's input with a 1 for the bias)
 * </pre>
 *
 * averaged over the examples. Only the diagonal blocks come out this way (the off-diagonal ones couple layers), at the
 * cost of one forward and one backward pass per example instead of n Hessian-vector products.
 *
 * <p>What it shows (the blog): for a piecewise-linear sigma (ReLU), sigma'' = 0 away from the kinks, so D_l = 0 and
 * every calH_l is a congruence of the convex loss's PSD Hessian: every block is PSD, and so is their sum of traces,
 * the trace of H. A zero sigma' (a dead ReLU) zeroes rows of B_l and lowers the blocks' rank.
 *
 * <p>{@link #read} gives back each block's eigenvalues, trace and size (the same summary, table and picture) and
 * refuses {@link #block(int)}, whose d x d entries the file does not hold.
 */
public final class LayerwiseHessian implements Charted {
    private final ParameterLayout layout;
    private final DenseMatrix[] blocks; // null for blocks read back (their eigenvalues and traces are kept)
    private final String network;
    private final double[] blockTraces;
    private Spectrum[] spectra;
    private String readFrom;            // the file a read-back result came from

    private LayerwiseHessian(ParameterLayout layout, DenseMatrix[] blocks, String network) {
        this.layout = layout;
        this.blocks = blocks;
        this.network = network;
        this.blockTraces = new double[blocks.length];
        for (int l = 0; l < blocks.length; l++) {
            blockTraces[l] = blocks[l].trace();
        }
    }

    private LayerwiseHessian(ParameterLayout layout, Spectrum[] spectra, double[] blockTraces, String network,
                             String readFrom) {
        this.layout = layout;
        this.blocks = null;
        this.network = network;
        this.blockTraces = blockTraces;
        this.spectra = spectra;
        this.readFrom = readFrom;
    }

    /** The blocks at the network's current parameters. */
    public static LayerwiseHessian of(Network net, Dataset data) {
        if (net == null) {
            throw new IllegalArgumentException("net must not be null");
        }
        return of(net, data, net.parameters());
    }

    /** The blocks at {@code theta}. */
    public static LayerwiseHessian of(Network net, Dataset data, double[] theta) {
        if (net == null || data == null) {
            throw new IllegalArgumentException((net == null ? "net" : "data") + " must not be null");
        }
        Vectors.check("theta", theta, (int) net.parameterCount());
        Risk risk = Risk.of(net, data); // checks the data's shape with the network's own messages
        double[][][] values = risk.layerValues(theta);
        ParameterLayout layout = net.layout();
        Activation activation = net.activation();
        Loss loss = net.lossKind();
        int layers = layout.layerCount();
        DenseMatrix[] blocks = new DenseMatrix[layers];
        for (int l = 0; l < layers; l++) {
            blocks[l] = DenseMatrix.zeros(layout.count(l), layout.count(l));
        }
        double[][] y = data.labels().toDoubleMatrix();
        int m = y.length;
        for (int e = 0; e < m; e++) {
            double[][] a = values[e]; // a[l]: the input of layer l; a[layers]: the outputs z
            double[][] h = loss.hessian(a[layers], y[e]);
            double[] delta = loss.gradient(a[layers], y[e]);
            for (int l = layers - 1; l >= 0; l--) {
                accumulate(blocks[l], layout, l, a[l], h, 1.0 / m);
                if (l == 0) {
                    break;
                }
                double[] dA = timesWeights(theta, layout, l, delta); // dE/da_l, over the units of layer l-1
                double[][] next = sandwich(theta, layout, l, h);
                double[] newDelta = new double[dA.length];
                for (int i = 0; i < dA.length; i++) {
                    double b = activation.derivativeAtValue(a[l][i]);
                    newDelta[i] = b * dA[i];
                    for (int k = 0; k < dA.length; k++) {
                        next[i][k] *= b * activation.derivativeAtValue(a[l][k]);
                    }
                    next[i][i] += activation.secondDerivativeAtValue(a[l][i]) * dA[i];
                }
                h = next;
                delta = newDelta;
            }
        }
        return new LayerwiseHessian(layout, blocks, net.toString());
    }

    /** W_l u: the vector over layer l's inputs from one over its units (W_{unit j, input i} at start + i + nIn j). */
    private static double[] timesWeights(double[] theta, ParameterLayout layout, int l, double[] u) {
        int nIn = layout.inputs(l), nOut = layout.units(l), w = layout.start(l);
        double[] r = new double[nIn];
        for (int j = 0; j < nOut; j++) {
            if (u[j] != 0) {
                for (int i = 0; i < nIn; i++) {
                    r[i] += theta[w + nIn * j + i] * u[j];
                }
            }
        }
        return r;
    }

    /** W_l H W_l^T for a symmetric H over layer l's units. */
    private static double[][] sandwich(double[] theta, ParameterLayout layout, int l, double[][] h) {
        int nIn = layout.inputs(l), nOut = layout.units(l), w = layout.start(l);
        double[][] wh = new double[nIn][nOut]; // (W H)_{i, .} = sum_j W_ij H_j.
        for (int i = 0; i < nIn; i++) {
            for (int j = 0; j < nOut; j++) {
                double wij = theta[w + i + nIn * j];
                if (wij != 0) {
                    Vectors.axpy(wij, h[j], wh[i]);
                }
            }
        }
        double[][] r = new double[nIn][nIn];
        for (int i = 0; i < nIn; i++) {
            for (int k = 0; k <= i; k++) {
                double s = 0;
                for (int j = 0; j < nOut; j++) {
                    s += wh[i][j] * theta[w + k + nIn * j];
                }
                r[i][k] = s;
                r[k][i] = s;
            }
        }
        return r;
    }

    /** block += scale * (a~ a~^T) (x) calH, in the layer's parameter order (W column-major, then b). */
    private static void accumulate(DenseMatrix block, ParameterLayout layout, int l, double[] a, double[][] h,
                                   double scale) {
        int nIn = layout.inputs(l), nOut = layout.units(l), size = block.rows();
        boolean bias = layout.hasBiases();
        int width = nIn + (bias ? 1 : 0);
        double[] aa = new double[width];
        System.arraycopy(a, 0, aa, 0, nIn);
        if (bias) {
            aa[nIn] = 1;
        }
        double[] data = block.data();
        for (int j = 0; j < nOut; j++) {
            for (int k = 0; k < nOut; k++) {
                double hjk = h[j][k] * scale;
                if (hjk == 0) {
                    continue;
                }
                for (int i = 0; i < width; i++) {
                    double c = aa[i] * hjk;
                    if (c == 0) {
                        continue;
                    }
                    int row = (i < nIn ? i + nIn * j : nIn * nOut + j) * size;
                    int col = nIn * k;
                    for (int i2 = 0; i2 < nIn; i2++) {
                        data[row + col + i2] += c * aa[i2];
                    }
                    if (bias) {
                        data[row + nIn * nOut + k] += c;
                    }
                }
            }
        }
    }

    public int layers() {
        return layout.layerCount();
    }

    public ParameterLayout layout() {
        return layout;
    }

    /** The Hessian's diagonal block of layer l (a copy), over parameters layout().start(l)..end(l). */
    public DenseMatrix block(int layer) {
        checkLayer(layer);
        if (blocks == null) {
            throw new IllegalStateException("layer " + layer + "'s block is not in " + readFrom + ": the file holds each "
                    + "block's eigenvalues and trace, not its " + layout.count(layer) + " x " + layout.count(layer)
                    + " entries; compute it again with LayerwiseHessian.of(net, data) (the same network, parameters "
                    + "and data give the same blocks)");
        }
        return blocks[layer].times(1);
    }

    /** The eigenvalues of block l (dense, ascending). */
    public Spectrum spectrum(int layer) {
        checkLayer(layer);
        if (spectra == null) {
            spectra = new Spectrum[layers()];
        }
        if (spectra[layer] == null) {
            spectra[layer] = DenseEigen.all(blocks[layer], false).named("layer " + layer + "'s block");
        }
        return spectra[layer];
    }

    /** The smallest eigenvalue of each block: >= 0 (to rounding) when every block is PSD. */
    public double[] smallestEigenvalues() {
        double[] s = new double[layers()];
        for (int l = 0; l < s.length; l++) {
            s[l] = spectrum(l).min();
        }
        return s;
    }

    /** The traces of the blocks; their sum is the trace of the full Hessian. */
    public double[] traces() {
        return blockTraces.clone();
    }

    /** tr(H) = the sum of the blocks' traces (the off-diagonal blocks do not touch the diagonal). */
    public double trace() {
        double t = 0;
        for (double v : traces()) {
            t += v;
        }
        return t;
    }

    private void checkLayer(int layer) {
        if (layer < 0 || layer >= layers()) {
            throw new IllegalArgumentException("layer must be in 0.." + (layers() - 1) + ", got " + layer);
        }
    }

    @Override
    public String summary() {
        StringBuilder s = new StringBuilder("layer-wise Hessian blocks of " + network + ":");
        for (int l = 0; l < layers(); l++) {
            Spectrum sp = spectrum(l);
            s.append(String.format(Locale.ROOT, " layer %d (%d x %d): eigenvalues %.3g..%.3g, trace %.4g;", l,
                    layout.count(l), layout.count(l), sp.min(), sp.max(), blockTraces[l]));
        }
        s.append(String.format(Locale.ROOT, " trace of H %.4g", trace()));
        return s.toString();
    }

    /** Each block's eigenvalues against their rank (as a fraction of the block's size). */
    @Override
    public XYChart chart() {
        XYChart chart = Plots.xyChart("eigenvalues of the layer blocks (recursion)", "rank / block size", "eigenvalue");
        for (int l = 0; l < layers(); l++) {
            double[] v = spectrum(l).eigenvalues();
            double[] x = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                x[i] = (i + 0.5) / v.length;
            }
            Charts.points(chart, "layer " + l, x, v, Theme.PALETTE[l % Theme.PALETTE.length]);
        }
        Charts.horizontal(chart, "zero", 0, 1, 0);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        return chart;
    }

    /** One row per eigenvalue of each block: the layer, the rank within its block (1 = smallest), the eigenvalue. */
    @Override
    public Table table() {
        IntColumn layer = IntColumn.create("layer"), rank = IntColumn.create("rank");
        DoubleColumn eigenvalue = DoubleColumn.create("eigenvalue");
        for (int l = 0; l < layers(); l++) {
            double[] v = spectrum(l).eigenvalues();
            for (int i = 0; i < v.length; i++) {
                layer.append(l);
                rank.append(i + 1);
                eigenvalue.append(v[i]);
            }
        }
        return Table.create("layer-wise Hessian blocks of " + network, layer, rank, eigenvalue);
    }

    /**
     * Saves {@link #table()} (every block's eigenvalues, unrounded) with, in its comment lines, the network, its
     * architecture and whether it has biases (which fix the blocks' sizes), and each block's trace and how its
     * eigenvalues were found, for {@link #read}.
     */
    @Override
    public void write(Path file) {
        Map<String, String> meta = ResultFile.meta("network", network, "architecture", architectureOf(layout),
                "biases", layout.hasBiases(), "eigenvalues by", spectrum(0).method());
        for (int l = 0; l < layers(); l++) {
            meta.put("layer " + l + " trace", Double.toString(blockTraces[l]));
            meta.put("layer " + l + " products", Long.toString(spectrum(l).products()));
            meta.put("layer " + l + " seconds", Double.toString(spectrum(l).seconds()));
        }
        ResultFile.write(file, "LayerwiseHessian", meta, table());
    }

    /**
     * The blocks' eigenvalues and traces saved by {@link #write}: the same summary, table, picture, spectra and
     * traces; {@link #block(int)} says that the blocks themselves are not in the file. A damaged file is refused
     * with its line.
     */
    public static LayerwiseHessian read(Path file) {
        ResultFile f = ResultFile.read(file, "LayerwiseHessian").expectColumns("layer", "rank", "eigenvalue");
        ParameterLayout layout = ParameterLayout.of(architecture(f, "architecture"), f.metaBoolean("biases"));
        if (f.rows() != layout.size()) {
            throw f.badMeta("architecture", "the blocks of a " + f.meta("architecture") + " network "
                    + (layout.hasBiases() ? "with" : "without") + " biases have " + layout.size()
                    + " eigenvalues in all, the file has " + f.rows() + " rows");
        }
        int[] layer = f.ints("layer"), rank = f.ints("rank");
        double[] values = f.doubles("eigenvalue");
        String method = f.meta("eigenvalues by");
        Spectrum[] spectra = new Spectrum[layout.layerCount()];
        double[] traces = new double[spectra.length];
        int row = 0;
        for (int l = 0; l < spectra.length; l++) {
            int size = layout.count(l);
            for (int i = 0; i < size; i++, row++) {
                if (layer[row] != l || rank[row] != i + 1) {
                    throw f.badCell(row, layer[row] != l ? "layer" : "rank", "layer " + layer[row] + ", rank "
                            + rank[row] + " where layer " + l + ", rank " + (i + 1) + " belongs (layer " + l
                            + "'s block has " + size + " eigenvalues; rows reordered or lost?)");
                }
                requireEigenvalue(f, row, "eigenvalue", values[row], i == 0 ? Double.NaN : values[row - 1]);
            }
            traces[l] = f.metaDouble("layer " + l + " trace");
            if (!Double.isFinite(traces[l])) {
                throw f.badMeta("layer " + l + " trace", "the trace of a block is a finite number, not " + traces[l]);
            }
            spectra[l] = new Spectrum(java.util.Arrays.copyOfRange(values, row - size, row), null, size, method,
                    f.metaLong("layer " + l + " products"), f.metaDouble("layer " + l + " seconds"), true, true, null)
                    .named("layer " + l + "'s block");
        }
        return new LayerwiseHessian(layout, spectra, traces, f.meta("network"), f.file().toString());
    }

    /** Refuses an eigenvalue of a complete (ascending) spectrum that is not finite or below the one before. */
    static void requireEigenvalue(ResultFile f, int row, String column, double v, double previous) {
        if (!Double.isFinite(v)) {
            throw f.badCell(row, column, "an eigenvalue of a Hessian is a finite number, not " + v);
        }
        if (v < previous) {
            throw f.badCell(row, column, v + " after " + previous + ": a complete spectrum is in ascending order");
        }
    }

    /** The architecture of a network whose parameters are laid out so, printed as Architecture prints: "(3-4-1)". */
    static String architectureOf(ParameterLayout layout) {
        int[] widths = new int[layout.layerCount() + 1];
        widths[0] = layout.inputs(0);
        for (int l = 0; l < layout.layerCount(); l++) {
            widths[l + 1] = layout.units(l);
        }
        return Architecture.of(widths).toString();
    }

    /** The architecture in metadata line {@code key}, as an Architecture prints it ("(3-4-1)"). */
    static Architecture architecture(ResultFile f, String key) {
        try {
            return Architecture.parse(f.meta(key));
        } catch (IllegalArgumentException e) {
            throw f.badMeta(key, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return summary();
    }
}
