package org.landscape.hessian;

import org.landscape.plot.Charted;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.landscape.plot.ResultFile;
import tech.tablesaw.api.IntColumn;
import java.util.Random;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.Table;
import tech.tablesaw.api.DoubleColumn;
import org.landscape.plot.Plots;

/**
 * The shape of the whole spectrum of an operator too big to diagonalise, by stochastic Lanczos quadrature (SLQ;
 * Ghorbani, Krishnan and Xiao, 2019). The spectral density phi(t) = (1/n) sum_i delta(t - lambda_i) is estimated from
 * a few random unit vectors v: m Lanczos steps from v give a Gauss quadrature (nodes = eigenvalues of T_m,
 * weights = squared first entries of its eigenvectors) for v^T f(A) v = sum_i (v . u_i)^2 f(lambda_i), whose average
 * over v is (1/n) tr f(A). Each node is broadened into a Gaussian of width sigma, so the estimate is a smooth density
 * that integrates to 1 (each vector's weights sum to 1).
 *
 * <p>Cost: vectors x steps products. Its first moment is exactly the mean of the vectors' Rayleigh quotients, an
 * estimate of tr(A)/n.
 *
 * <p>{@link #table()} is the drawn curve; {@link #write} saves the quadrature itself ({@link #quadrature()}: every
 * vector's nodes and weights), from which {@link #read} rebuilds the same density.
 */
public final class SpectralDensity implements Charted {
    /** Points of the drawn curve. */
    private static final int CURVE_POINTS = 800;

    private final double[][] nodes;
    private final double[][] weights;
    private final int dimension;
    private final double sigma;
    private final long products;
    private final double seconds;
    private final String what;

    private SpectralDensity(double[][] nodes, double[][] weights, int dimension, double sigma, long products,
                            double seconds, String what) {
        this.nodes = nodes;
        this.weights = weights;
        this.dimension = dimension;
        this.sigma = sigma;
        this.products = products;
        this.seconds = seconds;
        this.what = what;
    }

    /**
     * SLQ with {@code vectors} random (+-1 entries, normalised) start vectors and {@code steps} Lanczos steps each;
     * the broadening defaults to 1% of the range of the nodes.
     */
    public static SpectralDensity estimate(LinearOperator a, int vectors, int steps, long seed) {
        if (a == null) {
            throw new IllegalArgumentException("the operator must not be null");
        }
        if (vectors < 1 || steps < 1) {
            throw new IllegalArgumentException("vectors and steps must be >= 1, got " + vectors + " and " + steps
                    + "; 5-10 vectors of 50-100 steps are typical");
        }
        long t0 = System.nanoTime();
        Random random = new Random(seed);
        int n = a.dimension();
        double[][] nodes = new double[vectors][], weights = new double[vectors][];
        long products = 0;
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < vectors; v++) {
            Lanczos.Tridiagonal t = Lanczos.tridiagonal(a, Vectors.rademacher(n, random), steps);
            products += t.size();
            Spectrum s = DenseEigen.all(t.matrix(), true);
            nodes[v] = s.eigenvalues();
            weights[v] = new double[t.size()];
            for (int j = 0; j < t.size(); j++) {
                double first = s.eigenvector(j)[0];
                weights[v][j] = first * first;
            }
            lo = Math.min(lo, s.min());
            hi = Math.max(hi, s.max());
        }
        double sigma = 0.01 * Math.max(hi - lo, 1e-12 * Math.max(1, Math.abs(hi)));
        return new SpectralDensity(nodes, weights, n, sigma, products, (System.nanoTime() - t0) / 1e9, null);
    }

    /** The same nodes broadened with another width. */
    public SpectralDensity withSigma(double sigma) {
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("sigma must be a positive width, got " + sigma);
        }
        return new SpectralDensity(nodes, weights, dimension, sigma, products, seconds, what);
    }

    /** The same density, described as {@code what}. */
    public SpectralDensity named(String what) {
        return new SpectralDensity(nodes, weights, dimension, sigma, products, seconds, what);
    }

    public double sigma() {
        return sigma;
    }

    public long products() {
        return products;
    }

    public double seconds() {
        return seconds;
    }

    public int dimension() {
        return dimension;
    }

    /** phi(t), the broadened density. */
    public double density(double t) {
        double sum = 0, norm = 1 / (sigma * Math.sqrt(2 * Math.PI));
        for (int v = 0; v < nodes.length; v++) {
            for (int j = 0; j < nodes[v].length; j++) {
                double z = (t - nodes[v][j]) / sigma;
                sum += weights[v][j] * norm * Math.exp(-0.5 * z * z);
            }
        }
        return sum / nodes.length;
    }

    /**
     * The quadrature's share of eigenvalues below t (unbroadened): about (1/n) #{lambda_i < t}, but only at the
     * resolution of the nodes: with m steps one node stands for ~n/m eigenvalues, so near a bulk of eigenvalues close to
     * 0 this cannot count the slightly negative ones (the index needs Lanczos from the bottom end, or the dense matrix).
     */
    public double massBelow(double t) {
        double sum = 0;
        for (int v = 0; v < nodes.length; v++) {
            for (int j = 0; j < nodes[v].length; j++) {
                if (nodes[v][j] < t) {
                    sum += weights[v][j];
                }
            }
        }
        return sum / nodes.length;
    }

    /** The first moment, sum of weight x node: the mean of v^T A v over the vectors, ~ tr(A)/n. */
    public double mean() {
        double sum = 0;
        for (int v = 0; v < nodes.length; v++) {
            for (int j = 0; j < nodes[v].length; j++) {
                sum += weights[v][j] * nodes[v][j];
            }
        }
        return sum / nodes.length;
    }

    public double minNode() {
        double m = Double.POSITIVE_INFINITY;
        for (double[] row : nodes) {
            for (double x : row) {
                m = Math.min(m, x);
            }
        }
        return m;
    }

    public double maxNode() {
        double m = Double.NEGATIVE_INFINITY;
        for (double[] row : nodes) {
            for (double x : row) {
                m = Math.max(m, x);
            }
        }
        return m;
    }

    /** {x, phi(x)} at {@code points} points over [min node - 6 sigma, max node + 6 sigma]. */
    public double[][] curve(int points) {
        if (points < 2) {
            throw new IllegalArgumentException("points must be >= 2, got " + points);
        }
        double lo = minNode() - 6 * sigma, hi = maxNode() + 6 * sigma;
        double[] x = new double[points], y = new double[points];
        for (int i = 0; i < points; i++) {
            x[i] = lo + (hi - lo) * i / (points - 1);
            y[i] = density(x[i]);
        }
        return new double[][]{x, y};
    }

    /**
     * The integral of phi by the trapezoid rule over the support plus 8 sigma each side, on a grid of sigma / 8:
     * 1 up to rounding, since each Gaussian integrates to 1 and each vector's weights sum to 1.
     */
    public double integral() {
        double lo = minNode() - 8 * sigma, hi = maxNode() + 8 * sigma;
        int points = (int) Math.min(2_000_000, Math.ceil((hi - lo) / (sigma / 8))) + 1;
        double h = (hi - lo) / (points - 1), sum = 0;
        for (int i = 0; i < points; i++) {
            double w = (i == 0 || i == points - 1) ? 0.5 : 1;
            sum += w * density(lo + i * h);
        }
        return sum * h;
    }

    @Override
    public String summary() {
        return String.format(Locale.ROOT, "spectral density of %s by SLQ (%d vectors x %d steps = %d products, %.2f s): "
                        + "support ~[%.4g, %.4g], mean %.4g (trace ~ %.4g), sigma %.2g, integral %.6f",
                what == null ? String.format(Locale.ROOT, "a %d x %d operator", dimension, dimension) : what,
                nodes.length, nodes.length == 0 ? 0 : nodes[0].length, products, seconds, minNode(), maxNode(), mean(),
                mean() * dimension, sigma, integral());
    }

    /** The density on a log scale (floored at 1e-7 of its peak), so that outliers show next to the bulk. */
    @Override
    public XYChart chart() {
        double[][] c = curve(CURVE_POINTS);
        double peak = 0;
        for (double y : c[1]) {
            peak = Math.max(peak, y);
        }
        double floor = peak * 1e-7;
        for (int i = 0; i < c[1].length; i++) {
            c[1][i] = Math.max(c[1][i], floor);
        }
        XYChart chart = Plots.xyChart("spectral density" + (what == null ? "" : " of " + what), "eigenvalue",
                "density (log scale)");
        chart.getStyler().setYAxisLogarithmic(true).setLegendVisible(false);
        Charts.tidyXAxis(chart, c[0][0], c[0][c[0].length - 1]);
        Charts.roundXAxisEnds(chart, c[0][0], c[0][c[0].length - 1]);
        Charts.line(chart, "SLQ density", c[0], c[1], Charts.NON_NEGATIVE);
        return chart;
    }

    /** The drawn curve: the density at {@value #CURVE_POINTS} eigenvalues across the support. */
    @Override
    public Table table() {
        double[][] c = curve(CURVE_POINTS);
        return Table.create("spectral density" + (what == null ? "" : " of " + what),
                DoubleColumn.create("eigenvalue", c[0]), DoubleColumn.create("density", c[1]));
    }

    /** The quadrature the density is made of: one row per node of each start vector, with its weight. */
    public Table quadrature() {
        IntColumn vector = IntColumn.create("vector");
        DoubleColumn node = DoubleColumn.create("node"), weight = DoubleColumn.create("weight");
        for (int v = 0; v < nodes.length; v++) {
            for (int j = 0; j < nodes[v].length; j++) {
                vector.append(v);
                node.append(nodes[v][j]);
                weight.append(weights[v][j]);
            }
        }
        return Table.create("SLQ quadrature" + (what == null ? "" : " of " + what), vector, node, weight);
    }

    /** Saves {@link #quadrature()} with the width and cost in its comment lines, for {@link #read}. */
    @Override
    public void write(Path file) {
        ResultFile.write(file, "SpectralDensity", ResultFile.meta("of", what, "dimension", dimension, "sigma", sigma,
                "products", products, "seconds", seconds, "vectors", nodes.length), quadrature());
    }

    /** The density saved by {@link #write}: the same nodes, weights and width, so the same curve and summary. */
    public static SpectralDensity read(Path file) {
        ResultFile f = ResultFile.read(file, "SpectralDensity").expectColumns("vector", "node", "weight");
        int vectors = f.metaInt("vectors");
        double sigma = f.metaDouble("sigma");
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw f.badMeta("sigma", "the width must be positive, got " + sigma);
        }
        int[] vector = f.ints("vector");
        double[] node = f.doubles("node"), weight = f.doubles("weight");
        double[][] nodes = new double[vectors][], weights = new double[vectors][];
        int row = 0;
        for (int v = 0; v < vectors; v++) {
            int start = row;
            while (row < vector.length && vector[row] == v) {
                row++;
            }
            if (row == start) {
                throw f.badCell(Math.min(row, vector.length - 1), "vector", "no nodes for vector " + v + " of " + vectors
                        + " (rows out of order, or lost?)");
            }
            nodes[v] = Arrays.copyOfRange(node, start, row);
            weights[v] = Arrays.copyOfRange(weight, start, row);
        }
        if (row != vector.length) {
            throw f.badCell(row, "vector", "vector " + vector[row] + " after the " + vectors + " vectors announced");
        }
        return new SpectralDensity(nodes, weights, f.metaInt("dimension"), sigma, f.metaLong("products"),
                f.metaDouble("seconds"), f.metaOrNull("of"));
    }

    @Override
    public String toString() {
        return summary();
    }
}
