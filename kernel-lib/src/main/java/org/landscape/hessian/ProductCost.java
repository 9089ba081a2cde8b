package org.landscape.hessian;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;
import org.landscape.data.Dataset;
import org.landscape.display.Progress;
import org.landscape.display.Renderings;
import org.landscape.model.Network;
import org.landscape.model.Risk;
import org.landscape.plot.Figure;
import org.landscape.plot.Plots;
import org.landscape.plot.Result;
import org.landscape.plot.ResultFile;
import org.landscape.stats.Stats;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What a Hessian-vector product costs in gradients, like with like: each round times gradients of {@link Risk}
 * alternating with {@link HessianVectorProduct}s (two gradients of the same Risk, by central differences), so both
 * see the same load from anything else on the machine; short products are repeated within a round (about 40 ms of
 * gradients) so that a pause of the machine is spread over many of them. Per network: mean and median times, the
 * ratio of the median times and the median of the rounds' own ratios. The ratio of the mean times is shown but not
 * used by {@link #lowestRatio()} and {@link #highestRatio()}: one paused round on a shared machine moves a mean by
 * any amount (measured in CI: a ratio of means of 1.47 where the median of the rounds' ratios was 2.18), a median
 * only when most rounds are paused.
 *
 * <pre>{@code
 * ProductCost cost = ProductCost.measure(data, 15, small, medium, large);
 * cost.worstRatio();   // HVP / gradient, ~2 for central differences
 * }</pre>
 *
 * <p>{@link #write} keeps the measured times unrounded, so {@link #read} gives back this measurement (to compare it
 * with one taken later or on another machine) with the same summary, table and chart.
 */
public final class ProductCost implements Result {
    private static final int WARM_UP = 2;
    /** A round times pairs (gradient, HVP) until about this many milliseconds of gradients, at most MAX_INNER pairs. */
    private static final double ROUND_MS = 40;
    private static final int MAX_INNER = 50;

    private final long[] sizes;
    private final double[] gradientMean, hvpMean, gradientMedian, hvpMedian, meanRatio, medianRatio,
            ratioOfMedians;
    private final int repeats;
    private final int[] innerCounts;

    private ProductCost(int count, int repeats) {
        this.innerCounts = new int[count];
        this.sizes = new long[count];
        this.gradientMean = new double[count];
        this.hvpMean = new double[count];
        this.gradientMedian = new double[count];
        this.hvpMedian = new double[count];
        this.meanRatio = new double[count];
        this.medianRatio = new double[count];
        this.ratioOfMedians = new double[count];
        this.repeats = repeats;
    }

    /** Times {@code repeats} interleaved rounds (after two warm-up rounds) for each network, at its parameters. */
    public static ProductCost measure(Dataset data, int repeats, Network... nets) {
        if (repeats < 3) {
            throw new IllegalArgumentException("repeats must be >= 3 for a median, got " + repeats + "; try 15");
        }
        if (data == null || nets == null || nets.length == 0) {
            throw new IllegalArgumentException("give the data and at least one network");
        }
        ProductCost cost = new ProductCost(nets.length, repeats);
        try (Progress progress = Progress.start("timing gradients and HVPs", (long) nets.length * (repeats + WARM_UP))) {
            for (int k = 0; k < nets.length; k++) {
                cost.time(k, nets[k], data, progress);
            }
        }
        return cost;
    }

    private void time(int k, Network net, Dataset data, Progress progress) {
        Risk risk = Risk.of(net, data);
        double[] theta = net.parameters();
        HessianVectorProduct h = HessianVectorProduct.at(net, data, theta);
        double[] v = Vectors.gaussian(h.dimension(), new Random(1));
        double[] tg = new double[repeats], th = new double[repeats], ratios = new double[repeats];
        double gradientMs = Double.POSITIVE_INFINITY;   // the fastest of the warm-up gradients: the uncontended cost
        for (int r = 0; r < WARM_UP; r++) {
            h.apply(v);
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                risk.gradient(theta);
                gradientMs = Math.min(gradientMs, (System.nanoTime() - t0) / 1e6);
            }
            progress.step();
        }
        // short products are timed in pairs repeated within a round, so that one pause of the machine (tens of ms
        // on a shared one) is spread over many products and hits gradients and HVPs alike
        int inner = (int) Math.max(1, Math.min(MAX_INNER, Math.ceil(ROUND_MS / Math.max(gradientMs, 1e-3))));
        for (int r = 0; r < repeats; r++) {
            long gradientNanos = 0, hvpNanos = 0;
            for (int i = 0; i < inner; i++) {
                long t0 = System.nanoTime();
                risk.gradient(theta);
                long t1 = System.nanoTime();
                h.apply(v);
                long t2 = System.nanoTime();
                gradientNanos += t1 - t0;
                hvpNanos += t2 - t1;
            }
            tg[r] = gradientNanos / 1e6 / inner;
            th[r] = hvpNanos / 1e6 / inner;
            ratios[r] = th[r] / tg[r];
            progress.step();
        }
        innerCounts[k] = inner;
        sizes[k] = net.parameterCount();
        gradientMean[k] = Stats.mean(tg);
        hvpMean[k] = Stats.mean(th);
        gradientMedian[k] = Stats.median(tg);
        hvpMedian[k] = Stats.median(th);
        meanRatio[k] = hvpMean[k] / gradientMean[k];
        medianRatio[k] = Stats.median(ratios);
        ratioOfMedians[k] = hvpMedian[k] / gradientMedian[k];
    }

    public long[] sizes() {
        return sizes.clone();
    }

    /** Mean HVP time / mean gradient time, per network. */
    public double[] meanRatios() {
        return meanRatio.clone();
    }

    /** The median over rounds of (HVP time / gradient time), per network. */
    public double[] medianRatios() {
        return medianRatio.clone();
    }

    /** Median HVP time / median gradient time, per network. */
    public double[] ratiosOfMedians() {
        return ratioOfMedians.clone();
    }

    /** The smallest of the robust ratios (median of the rounds' ratios, ratio of the medians) over the networks. */
    public double lowestRatio() {
        return Math.min(Stats.min(ratioOfMedians), Stats.min(medianRatio));
    }

    /** The largest of the robust ratios (median of the rounds' ratios, ratio of the medians) over the networks. */
    public double highestRatio() {
        return Math.max(Stats.max(ratioOfMedians), Stats.max(medianRatio));
    }

    public int repeats() {
        return repeats;
    }

    @Override
    public String summary() {
        return String.format(Locale.ROOT, "HVP / gradient (same engine, %d interleaved rounds): median of the rounds' "
                + "ratios %s, ratio of the median times %s (of the means %s) for n = %s", repeats, rounded(medianRatio),
                rounded(ratioOfMedians), rounded(meanRatio), Arrays.toString(sizes));
    }

    private static String rounded(double[] a) {
        return Arrays.toString(Arrays.stream(a).map(x -> Math.round(x * 100) / 100.0).toArray());
    }

    @Override
    public Table table() {
        StringColumn memory = StringColumn.create("a dense Hessian would need");
        Arrays.stream(sizes).forEach(n -> memory.append(Hessians.denseMemory(n)));
        return Table.create("cost of a gradient and of a Hessian-vector product (" + repeats + " interleaved rounds)",
                LongColumn.create(SIZE, sizes),
                DoubleColumn.create(G_MEAN, round(gradientMean, 3)),
                DoubleColumn.create(H_MEAN, round(hvpMean, 3)),
                DoubleColumn.create(MEAN_RATIO, round(meanRatio, 2)),
                DoubleColumn.create(G_MEDIAN, round(gradientMedian, 3)),
                DoubleColumn.create(H_MEDIAN, round(hvpMedian, 3)),
                DoubleColumn.create(RATIO_OF_MEDIANS, round(ratioOfMedians, 2)),
                DoubleColumn.create(MEDIAN_RATIO, round(medianRatio, 2)),
                tech.tablesaw.api.IntColumn.create(INNER, innerCounts),
                memory);
    }

    /** Every measured number, unrounded, one row per network, for {@link #read}. */
    @Override
    public void write(java.nio.file.Path file) {
        ResultFile.write(file, "ProductCost", ResultFile.meta("repeats", repeats),
                Table.create("product cost", LongColumn.create(SIZE, sizes),
                        DoubleColumn.create(G_MEAN, gradientMean), DoubleColumn.create(H_MEAN, hvpMean),
                        DoubleColumn.create(G_MEDIAN, gradientMedian), DoubleColumn.create(H_MEDIAN, hvpMedian),
                        DoubleColumn.create(MEAN_RATIO, meanRatio), DoubleColumn.create(MEDIAN_RATIO, medianRatio),
                        DoubleColumn.create(RATIO_OF_MEDIANS, ratioOfMedians),
                        tech.tablesaw.api.IntColumn.create(INNER, innerCounts)));
    }

    private static final String SIZE = "parameters n", G_MEAN = "gradient mean (ms)", H_MEAN = "HVP mean (ms)",
            G_MEDIAN = "gradient median (ms)", H_MEDIAN = "HVP median (ms)", MEAN_RATIO = "ratio of means",
            MEDIAN_RATIO = "median of the rounds' ratios", RATIO_OF_MEDIANS = "ratio of medians",
            INNER = "pairs timed per round";

    /** The measurement saved by {@link #write}; a damaged file is refused with its line. */
    public static ProductCost read(java.nio.file.Path file) {
        ResultFile f = ResultFile.read(file, "ProductCost").expectColumns(SIZE, G_MEAN, H_MEAN, G_MEDIAN, H_MEDIAN,
                MEAN_RATIO, MEDIAN_RATIO, RATIO_OF_MEDIANS, INNER);
        int repeats = f.metaInt("repeats");
        if (repeats < 3) {
            throw f.badMeta("repeats", "a measurement has at least 3 rounds, the file says " + repeats);
        }
        if (f.rows() < 1) {
            throw f.badCell(0, SIZE, "a measurement has at least one network, the file has none");
        }
        ProductCost c = new ProductCost(f.rows(), repeats);
        System.arraycopy(f.longs(SIZE), 0, c.sizes, 0, f.rows());
        System.arraycopy(f.doubles(G_MEAN), 0, c.gradientMean, 0, f.rows());
        System.arraycopy(f.doubles(H_MEAN), 0, c.hvpMean, 0, f.rows());
        System.arraycopy(f.doubles(G_MEDIAN), 0, c.gradientMedian, 0, f.rows());
        System.arraycopy(f.doubles(H_MEDIAN), 0, c.hvpMedian, 0, f.rows());
        System.arraycopy(f.doubles(MEAN_RATIO), 0, c.meanRatio, 0, f.rows());
        System.arraycopy(f.doubles(MEDIAN_RATIO), 0, c.medianRatio, 0, f.rows());
        System.arraycopy(f.doubles(RATIO_OF_MEDIANS), 0, c.ratioOfMedians, 0, f.rows());
        System.arraycopy(f.ints(INNER), 0, c.innerCounts, 0, f.rows());
        return c;
    }

    private static double[] round(double[] a, int digits) {
        double f = Math.pow(10, digits);
        return Arrays.stream(a).map(x -> Math.round(x * f) / f).toArray();
    }

    /** Median times per network, gradient beside HVP, the ratio of the medians in the category label. */
    public CategoryChart chart() {
        List<String> labels = new ArrayList<>();
        for (int k = 0; k < sizes.length; k++) {
            labels.add(String.format(Locale.ROOT, "%,d (HVP = %.2f x)", sizes[k], ratioOfMedians[k]));
        }
        CategoryChart chart = new CategoryChartBuilder().width(680).height(380)
                .title("time per product (median of " + repeats + " rounds)")
                .xAxisTitle("parameters n (HVP time / gradient time)").yAxisTitle("milliseconds").build();
        Plots.style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.addSeries("gradient (Risk)", labels, Arrays.stream(gradientMedian).boxed().toList());
        chart.addSeries("Hessian-vector product (2 Risk gradients)", labels, Arrays.stream(hvpMedian).boxed().toList());
        return chart;
    }

    @Override
    public Figure figure() {
        return new Figure(Renderings.chartImage(chart()), summary());
    }

    /**
     * Seconds for a complete dense symmetric eigendecomposition (the library's dense solver) of a random symmetric
     * m x m matrix: the yardstick for "just form the Hessian and diagonalise it".
     */
    public static double denseEigenSeconds(int m, long seed) {
        if (m < 1) {
            throw new IllegalArgumentException("m must be >= 1, got " + m);
        }
        DenseMatrix.checkFits(m, m, "heap");
        Random random = new Random(seed);
        double[][] a = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j <= i; j++) {
                a[i][j] = a[j][i] = random.nextGaussian();
            }
        }
        DenseMatrix matrix = DenseMatrix.of(a);
        long t0 = System.nanoTime();
        DenseEigen.all(matrix, false);
        return (System.nanoTime() - t0) / 1e9;
    }

    /** |A y - lambda y| / |lambda| for the i-th eigenpair of a spectrum that holds eigenvectors: one product. */
    public static double relativeResidual(LinearOperator a, Spectrum s, int i) {
        if (!s.hasEigenvectors()) {
            throw new IllegalArgumentException("the spectrum has no eigenvectors: ask the solver to keep them");
        }
        double[] y = s.eigenvector(i);
        double[] ay = a.apply(y);
        Vectors.axpy(-s.eigenvalue(i), y, ay);
        return Vectors.norm(ay) / Math.abs(s.eigenvalue(i));
    }

    @Override
    public String toString() {
        return summary();
    }
}
