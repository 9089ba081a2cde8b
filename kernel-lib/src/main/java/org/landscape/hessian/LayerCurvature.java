package org.landscape.hessian;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.landscape.data.Dataset;
import org.landscape.display.Progress;
import org.landscape.display.Renderings;
import org.landscape.model.Architecture;
import org.landscape.model.Network;
import org.landscape.model.ParameterLayout;
import org.landscape.plot.Figure;
import org.landscape.plot.Plots;
import org.landscape.plot.Result;
import org.landscape.plot.ResultFile;
import org.landscape.plot.Series;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Each layer's curvature at random parameter points, taken from an <b>independent</b> Hessian: the dense Hessian of
 * the whole risk (central differences of {@code Risk} gradients, {@link Hessians#dense}) restricted to the layer's
 * parameters, not the layer-wise recursion (whose sigma'' = 0 for ReLU would make PSD blocks hold by construction).
 * Per point: each block's smallest and largest eigenvalue, the trace of the whole Hessian, and (when probes > 0)
 * Hutchinson's and Hutch++'s estimates of that trace from Hessian-vector products, as for a network too large for
 * any dense matrix.
 *
 * <p>Accuracy: a finite-difference entry is off by at most {@code entryError} (D1 of notebook 06 measures it against
 * the exact recursion), so by Weyl's inequality an eigenvalue of a block of size k is off by at most k entryError and
 * the trace of n entries by n entryError: {@link #blocksBelow(double)} and {@link #tracesBelow(double)} count what lies
 * below those bounds, i.e. what rounding cannot explain.
 *
 * <pre>{@code
 * LayerCurvature relu = LayerCurvature.survey("ReLU", reluNet, data, 20, 0.5, 100, 30);
 * relu.blocksBelow(1e-8);   // 0 when every block is PSD within the finite-difference accuracy
 * }</pre>
 *
 * <p>{@link #read} gives back every number of the survey and the network's architecture (its summary, table and
 * picture, the ratio chart); nothing is refused, as no method needs the network itself.
 */
public final class LayerCurvature implements Result {
    private final String name;
    private final Architecture architecture; // of the surveyed network, for the summary (the network is not kept)
    private final boolean biases;
    private final int points;
    private final int[] blockSizes;
    private final double[][] smallest, largest;  // [point][layer]
    private final double[] traces, hutchinson, standardErrors, hutchPlusPlus;
    private final int probes;
    private final int dimension;

    private LayerCurvature(String name, Network net, int points, int probes) {
        this(name, net.architecture(), net.layout().hasBiases(), points, probes);
    }

    private LayerCurvature(String name, Architecture architecture, boolean biases, int points, int probes) {
        this.name = name;
        this.architecture = architecture;
        this.biases = biases;
        this.points = points;
        ParameterLayout layout = ParameterLayout.of(architecture, biases);
        this.blockSizes = new int[layout.layerCount()];
        Arrays.setAll(blockSizes, layout::count);
        this.smallest = new double[points][blockSizes.length];
        this.largest = new double[points][blockSizes.length];
        this.traces = new double[points];
        this.hutchinson = new double[points];
        this.standardErrors = new double[points];
        this.hutchPlusPlus = new double[points];
        this.probes = probes;
        this.dimension = layout.size();
    }

    /**
     * At {@code points} random points theta = (the network's parameters) + N(0, noise^2) (point k seeded seed + k):
     * the blocks and trace of the dense Hessian, and with {@code probes} > 0 the two trace estimates from as many
     * Hessian-vector products each.
     */
    public static LayerCurvature survey(String name, Network net, Dataset data, int points, double noise, long seed,
                                        int probes) {
        if (net == null || data == null) {
            throw new IllegalArgumentException((net == null ? "net" : "data") + " must not be null");
        }
        if (points < 1) {
            throw new IllegalArgumentException("points must be >= 1, got " + points);
        }
        if (!(noise >= 0)) {
            throw new IllegalArgumentException("noise must be >= 0 (a standard deviation), got " + noise);
        }
        if (probes < 0) {
            throw new IllegalArgumentException("probes must be >= 0 (0: no trace estimates), got " + probes);
        }
        DenseMatrix.checkFits(net.parameterCount(), net.parameterCount(), "heap");
        LayerCurvature c = new LayerCurvature(name, net, points, probes);
        ParameterLayout layout = net.layout();
        try (Progress progress = Progress.start("layer curvature: " + name, points)) {
            for (int k = 0; k < points; k++) {
                double[] theta = randomPoint(net, noise, seed + k);
                HessianVectorProduct h = HessianVectorProduct.at(net, data, theta);
                DenseMatrix full = Hessians.dense(h);
                for (int l = 0; l < c.blockSizes.length; l++) {
                    Spectrum s = DenseEigen.all(full.block(layout.start(l), layout.end(l)), false);
                    c.smallest[k][l] = s.min();
                    c.largest[k][l] = s.max();
                }
                c.traces[k] = full.trace();
                if (probes > 0) {
                    Trace.Estimate hutch = Trace.hutchinson(h, probes, k), plus = Trace.hutchPlusPlus(h, probes, k);
                    c.hutchinson[k] = hutch.value();
                    c.standardErrors[k] = hutch.standardError();
                    c.hutchPlusPlus[k] = plus.value();
                }
                progress.step();
            }
        }
        return c;
    }

    /** The network's parameters plus N(0, noise^2) noise from {@code new Random(seed)}. */
    public static double[] randomPoint(Network net, double noise, long seed) {
        Random r = new Random(seed);
        double[] t = net.parameters();
        for (int i = 0; i < t.length; i++) {
            t[i] += noise * r.nextGaussian();
        }
        return t;
    }

    /**
     * The layer-wise recursion against the dense Hessian at theta, block by block: rows (network, layer, block size,
     * max |recursion - dense block|, max |block entry|), the table D1 of notebook 06 shows.
     */
    public static Table recursionVsDense(String name, Network net, Dataset data, double[] theta) {
        DenseMatrix full = Hessians.dense(net, data, theta);
        LayerwiseHessian blocks = LayerwiseHessian.of(net, data, theta);
        ParameterLayout layout = blocks.layout();
        Table t = Table.create("layer blocks: recursion vs dense Hessian", StringColumn.create("network"),
                StringColumn.create("layer"), IntColumn.create("block size"),
                DoubleColumn.create("max |recursion - dense block|"), DoubleColumn.create("max |block entry|"));
        for (int l = 0; l < blocks.layers(); l++) {
            t.stringColumn(0).append(name + " " + net.architecture());
            t.stringColumn(1).append("W" + (l + 1) + (layout.hasBiases() ? ", b" + (l + 1) : ""));
            t.intColumn(2).append(layout.count(l));
            t.doubleColumn(3).append(full.block(layout.start(l), layout.end(l)).maxAbsDifference(blocks.block(l)));
            t.doubleColumn(4).append(blocks.block(l).maxAbs());
        }
        return t;
    }

    public String name() {
        return name;
    }

    public int points() {
        return points;
    }

    /** The smallest over all points and blocks of (smallest eigenvalue / largest eigenvalue) of a block. */
    public double worstRatio() {
        double worst = Double.POSITIVE_INFINITY;
        for (int k = 0; k < points; k++) {
            for (int l = 0; l < blockSizes.length; l++) {
                worst = Math.min(worst, smallest[k][l] / largest[k][l]);
            }
        }
        return worst;
    }

    /** Blocks (over all points) whose smallest eigenvalue is below -(block size) entryError: negative beyond rounding. */
    public int blocksBelow(double entryError) {
        int count = 0;
        for (int k = 0; k < points; k++) {
            for (int l = 0; l < blockSizes.length; l++) {
                count += smallest[k][l] < -blockSizes[l] * entryError ? 1 : 0;
            }
        }
        return count;
    }

    /** All blocks examined: points x layers. */
    public int blocks() {
        return points * blockSizes.length;
    }

    /** The trace of the dense Hessian at each point. */
    public double[] traces() {
        return traces.clone();
    }

    /** Points whose trace is below -n entryError: negative beyond rounding. */
    public int tracesBelow(double entryError) {
        return (int) Arrays.stream(traces).filter(t -> t < -dimension * entryError).count();
    }

    public double[] hutchinson() {
        return hutchinson.clone();
    }

    public double[] standardErrors() {
        return standardErrors.clone();
    }

    public double[] hutchPlusPlus() {
        return hutchPlusPlus.clone();
    }

    /** Points at which Hutchinson's estimate lies within {@code k} standard errors of the dense trace. */
    public int hutchinsonWithin(double k) {
        requireProbes();
        int within = 0;
        for (int i = 0; i < points; i++) {
            within += Math.abs(hutchinson[i] - traces[i]) <= k * standardErrors[i] ? 1 : 0;
        }
        return within;
    }

    private void requireProbes() {
        if (probes == 0) {
            throw new IllegalStateException("no trace estimates: survey with probes > 0");
        }
    }

    @Override
    public String summary() {
        return String.format(Locale.ROOT, "%s %s, %d random points x %d blocks: worst λ_min/λ_max of a block %.3g; "
                        + "trace of H from %.4g to %.4g", name, architecture, points, blockSizes.length,
                worstRatio(), Arrays.stream(traces).min().orElse(Double.NaN),
                Arrays.stream(traces).max().orElse(Double.NaN));
    }

    /** Every block's smallest / largest eigenvalue at every point, one colour per survey. */
    public static XYChart ratioChart(LayerCurvature... surveys) {
        List<Series> sets = new ArrayList<>();
        for (LayerCurvature c : surveys) {
            int layers = c.blockSizes.length;
            double[] x = new double[c.points * layers], y = new double[c.points * layers];
            for (int k = 0; k < c.points; k++) {
                for (int l = 0; l < layers; l++) {
                    x[k * layers + l] = k + 0.15 * l;
                    y[k * layers + l] = c.smallest[k][l] / c.largest[k][l];
                }
            }
            sets.add(Series.of(c.name, x, y));
        }
        XYChart chart = Plots.scatter("λ_min / λ_max of each layer block (dense H)",
                "random parameter point (one mark per block)", "λ_min / λ_max of the block", sets.toArray(Series[]::new));
        chart.getStyler().setLegendVisible(true).setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        return chart;
    }

    /** The estimates against the dense trace, Hutchinson with one standard error bars, and the diagonal. */
    public XYChart traceChart() {
        requireProbes();
        XYChart chart = Plots.xyChart("trace of H at random points: " + name, "trace of the dense Hessian",
                "estimate from Hessian-vector products");
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter).setMarkerSize(7)
                .setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        chart.addSeries("Hutchinson (" + probes + " probes) ± 1 s.e.", traces, hutchinson, standardErrors)
                .setMarkerColor(Plots.PALETTE[0]);
        chart.addSeries("Hutch++ (" + probes + " products)", traces, hutchPlusPlus).setMarkerColor(Plots.PALETTE[1])
                .setMarker(SeriesMarkers.DIAMOND);
        double lo = Math.min(0, Arrays.stream(traces).min().orElse(0)), hi = Arrays.stream(traces).max().orElse(1);
        chart.addSeries("estimate = trace", new double[]{lo, hi}, new double[]{lo, hi})
                .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line).setMarker(SeriesMarkers.NONE)
                .setLineColor(java.awt.Color.GRAY);
        return chart;
    }

    @Override
    public Figure figure() {
        XYChart chart = probes > 0 ? traceChart() : ratioChart(this);
        return new Figure(Renderings.chartImage(chart), summary());
    }

    /** One row per point: the worst block ratio, the trace and its estimates. */
    @Override
    public Table table() {
        Table t = Table.create("dense Hessian at random points: " + name, StringColumn.create("point"),
                DoubleColumn.create("worst λ_min/λ_max of a block"), DoubleColumn.create("trace (dense)"));
        for (int k = 0; k < points; k++) {
            double worst = Double.POSITIVE_INFINITY;
            for (int l = 0; l < blockSizes.length; l++) {
                worst = Math.min(worst, smallest[k][l] / largest[k][l]);
            }
            t.stringColumn(0).append("θ" + (k + 1));
            t.doubleColumn(1).append(round(worst));
            t.doubleColumn(2).append(round(traces[k]));
        }
        if (probes > 0) {
            t.addColumns(DoubleColumn.create("Hutchinson", Arrays.stream(hutchinson).map(LayerCurvature::round)),
                    DoubleColumn.create("± std. error", Arrays.stream(standardErrors).map(LayerCurvature::round)),
                    DoubleColumn.create("Hutch++", Arrays.stream(hutchPlusPlus).map(LayerCurvature::round)));
        }
        return t;
    }

    private static final String POINT = "point", TRACE = "trace (dense)", HUTCHINSON = "Hutchinson",
            ERROR = "± std. error", PLUS = "Hutch++";

    /**
     * One row per point, unrounded: the dense trace, the estimates (with probes > 0), and each block's smallest and
     * largest eigenvalue; the name, architecture, biases and probes in comment lines. For {@link #read}.
     */
    @Override
    public void write(java.nio.file.Path file) {
        Table t = Table.create("layer curvature", IntColumn.create(POINT, java.util.stream.IntStream.rangeClosed(1,
                points).toArray()), DoubleColumn.create(TRACE, traces));
        if (probes > 0) {
            t.addColumns(DoubleColumn.create(HUTCHINSON, hutchinson), DoubleColumn.create(ERROR, standardErrors),
                    DoubleColumn.create(PLUS, hutchPlusPlus));
        }
        for (int l = 0; l < blockSizes.length; l++) {
            int layer = l;
            t.addColumns(DoubleColumn.create(smallestColumn(l), Arrays.stream(smallest).mapToDouble(p -> p[layer])),
                    DoubleColumn.create(largestColumn(l), Arrays.stream(largest).mapToDouble(p -> p[layer])));
        }
        ResultFile.write(file, "LayerCurvature", ResultFile.meta("name", name, "architecture", architecture,
                "biases", biases, "probes", probes), t);
    }

    private static String smallestColumn(int layer) {
        return "smallest eigenvalue, layer " + layer;
    }

    private static String largestColumn(int layer) {
        return "largest eigenvalue, layer " + layer;
    }

    /** The survey saved by {@link #write}: every number, the same summary, table and picture; refuses a damaged file. */
    public static LayerCurvature read(java.nio.file.Path file) {
        ResultFile f = ResultFile.read(file, "LayerCurvature");
        Architecture architecture = LayerwiseHessian.architecture(f, "architecture");
        int probes = f.metaInt("probes");
        if (probes < 0) {
            throw f.badMeta("probes", "probes is >= 0 (0: no trace estimates), the file says " + probes);
        }
        List<String> columns = new ArrayList<>(List.of(POINT, TRACE));
        if (probes > 0) {
            columns.addAll(List.of(HUTCHINSON, ERROR, PLUS));
        }
        for (int l = 0; l < architecture.layers(); l++) {
            columns.add(smallestColumn(l));
            columns.add(largestColumn(l));
        }
        f.expectColumns(columns.toArray(String[]::new));
        if (f.rows() < 1) {
            throw f.badCell(0, POINT, "a survey has at least one point, the file has none");
        }
        LayerCurvature c = new LayerCurvature(f.metaOrNull("name"), architecture, f.metaBoolean("biases"), f.rows(),
                probes);
        int[] point = f.ints(POINT);
        for (int k = 0; k < point.length; k++) {
            if (point[k] != k + 1) {
                throw f.badCell(k, POINT, "point " + point[k] + " where " + (k + 1) + " belongs (rows reordered?)");
            }
        }
        System.arraycopy(f.doubles(TRACE), 0, c.traces, 0, c.points);
        if (probes > 0) {
            System.arraycopy(f.doubles(HUTCHINSON), 0, c.hutchinson, 0, c.points);
            System.arraycopy(f.doubles(ERROR), 0, c.standardErrors, 0, c.points);
            System.arraycopy(f.doubles(PLUS), 0, c.hutchPlusPlus, 0, c.points);
        }
        for (int l = 0; l < c.blockSizes.length; l++) {
            double[] lo = f.doubles(smallestColumn(l)), hi = f.doubles(largestColumn(l));
            for (int k = 0; k < c.points; k++) {
                if (!Double.isFinite(lo[k]) || !Double.isFinite(hi[k]) || lo[k] > hi[k]) {
                    throw f.badCell(k, Double.isFinite(lo[k]) && !Double.isFinite(hi[k]) ? largestColumn(l)
                            : smallestColumn(l), "smallest eigenvalue " + lo[k] + ", largest " + hi[k]
                            + ": a block's eigenvalues are finite, the smallest no larger than the largest");
                }
                c.smallest[k][l] = lo[k];
                c.largest[k][l] = hi[k];
            }
        }
        return c;
    }

    private static double round(double x) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.4g", x));
    }

    @Override
    public String toString() {
        return summary();
    }
}
