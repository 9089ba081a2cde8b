package org.landscape.model;

import java.util.Locale;
import java.util.stream.IntStream;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.landscape.display.Renderings;
import org.landscape.plot.Figure;
import org.landscape.plot.Plots;
import org.landscape.plot.Result;
import org.landscape.plot.Series;
import org.landscape.plot.Theme;
import org.landscape.util.Memory;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * A network's {@link Paths} on a sample: for every path i and example r its input X_i(r) and activation A_i(r)
 * (the product of the gates of its hidden units, read off the engine's layer values), and every output as the sum
 * over the paths that end there, z_k(r) = sum_i X_i A_i prod w (plus the bias paths, if any), next to the engine's
 * forward pass ({@link Risk#outputs}). The sums are compensated (Neumaier), so the difference to the forward pass is
 * the forward pass's own rounding.
 *
 * <p>The activation of a path only depends on its hidden units (i_1..i_L), not on its input or output: the A's of the
 * Psi paths are the prod_{l=1..L} d_l products of gates ("hidden routes"), computed once per example.
 *
 * <p>No {@code read(Path)}: a path sum holds the network and the sample's inputs and gates, which its table (one row
 * per output and example) does not; {@link #write} saves that table.
 *
 * <p>Computed when made, then immutable (arrays are handed out as copies): safe to read from several threads.
 */
public final class PathSum implements Result {
    private final Paths paths;
    private final Risk risk;
    private final int m;
    private final int[] d;
    private final int routes;          // d_1 ... d_L
    private final double[][] inputs;   // [r][i]
    private final double[][][] gates;  // [l - 1][r][u] for hidden layers l = 1..L
    private final double[][] forward;  // [r][k], the engine's z
    private final double[][] pathSum;  // [r][k]
    private final double[][] magnitude; // [r][k], sum of |terms|
    private final double[][] labels;

    PathSum(Paths paths, Risk risk) {
        this.paths = paths;
        this.risk = risk;
        this.m = risk.size();
        this.d = paths.widths();
        int hidden = d.length - 2;
        long r = 1;
        for (int l = 1; l <= hidden; l++) {
            r *= d[l];
        }
        this.routes = (int) r;
        long widthSum = 0;
        for (int w : d) {
            widthSum += w;
        }
        Memory.require(Double.BYTES * (3 * widthSum * m + 3L * d[d.length - 1] * m + (long) routes * 2),
                "the layer values and path sums of " + m + " examples", "use fewer examples (data.sample(n, seed))");
        double[] theta = paths.parameters();
        double[][][] values = risk.layerValues(theta);
        this.inputs = new double[m][];
        this.gates = new double[hidden][m][];
        Activation act = paths.activation();
        for (int e = 0; e < m; e++) {
            inputs[e] = values[e][0];
            for (int l = 1; l <= hidden; l++) {
                double[] g = new double[d[l]];
                for (int u = 0; u < d[l]; u++) {
                    g[u] = act.gateAtValue(values[e][l][u]);
                }
                gates[l - 1][e] = g;
            }
        }
        this.forward = risk.outputs(theta);
        this.labels = risk.labels();
        int k = d[d.length - 1];
        this.pathSum = new double[m][k];
        this.magnitude = new double[m][k];
        IntStream.range(0, m).parallel().forEach(e -> sumOverPaths(e, pathSum[e], magnitude[e]));
    }

    /** z_k of one example as the compensated sum over its paths, and the sum of the terms' magnitudes. */
    private void sumOverPaths(int e, double[] sum, double[] abs) {
        int k = d[d.length - 1];
        double[] comp = new double[k];
        double[] route = routeActivations(e, 1);
        double[] w = paths.products();
        double[] x = inputs[e];
        for (int i = 0; i < d[0]; i++) {
            if (x[i] == 0) {
                continue;   // its paths' terms are 0: nothing to add
            }
            for (int s = 0; s < routes; s++) {
                double xa = x[i] * route[s];
                if (xa == 0) {
                    continue;
                }
                int base = (i * routes + s) * k;
                for (int c = 0; c < k; c++) {
                    double term = xa * w[base + c];
                    add(sum, comp, c, term);
                    abs[c] += Math.abs(term);
                }
            }
        }
        for (int s = 1; s < d.length; s++) {   // bias paths starting at layer s
            double[] b = paths.biasProducts(s);
            if (b == null) {
                break;
            }
            double[] tail = routeActivations(e, s);
            int tails = b.length / k;
            for (int t = 0; t < tails; t++) {
                if (tail[t] == 0) {
                    continue;
                }
                for (int c = 0; c < k; c++) {
                    double term = tail[t] * b[t * k + c];
                    add(sum, comp, c, term);
                    abs[c] += Math.abs(term);
                }
            }
        }
        for (int c = 0; c < k; c++) {
            sum[c] += comp[c];
        }
    }

    /** Neumaier's compensated addition of term to sum[c]. */
    private static void add(double[] sum, double[] comp, int c, double term) {
        double t = sum[c] + term;
        comp[c] += Math.abs(sum[c]) >= Math.abs(term) ? (sum[c] - t) + term : (term - t) + sum[c];
        sum[c] = t;
    }

    /**
     * The products of the gates along every route through the hidden layers from layer {@code from} to L, in mixed
     * radix (the unit of layer {@code from} first); [1] when there is no hidden layer in between.
     */
    private double[] routeActivations(int e, int from) {
        double[] prod = {1};
        for (int l = from; l <= d.length - 2; l++) {
            double[] g = gates[l - 1][e];
            double[] next = new double[prod.length * d[l]];
            for (int q = 0; q < prod.length; q++) {
                for (int u = 0; u < d[l]; u++) {
                    next[q * d[l] + u] = prod[q] * g[u];
                }
            }
            prod = next;
        }
        return prod;
    }

    public Paths paths() {
        return paths;
    }

    /** The number of examples m. */
    public int size() {
        return m;
    }

    /** X_p(r) for every example r: the value of the input path p starts from. */
    public double[] inputs(long p) {
        int i = paths.input(p);
        double[] x = new double[m];
        for (int e = 0; e < m; e++) {
            x[e] = inputs[e][i];
        }
        return x;
    }

    /** A_p(r) for every example r: the product of the gates of path p's hidden units (1 or 0 for the ReLU). */
    public double[] activations(long p) {
        int[] u = paths.units(p);
        double[] a = new double[m];
        for (int e = 0; e < m; e++) {
            double g = 1;
            for (int l = 1; l < d.length - 1; l++) {
                g *= gates[l - 1][e][u[l]];
            }
            a[e] = g;
        }
        return a;
    }

    /** The term X_p A_p prod w_p of path p for example r. */
    public double term(long p, int example) {
        checkExample(example);
        int[] u = paths.units(p);
        double g = inputs[example][u[0]];
        for (int l = 1; l < d.length - 1; l++) {
            g *= gates[l - 1][example][u[l]];
        }
        return g * paths.weightProduct(p);
    }

    /** The terms of the input paths ending at output k for one example, in path order. */
    public double[] terms(int example, int output) {
        checkExample(example);
        int k = d[d.length - 1];
        if (output < 0 || output >= k) {
            throw new IllegalArgumentException("output must be in 0.." + (k - 1) + ", got " + output);
        }
        double[] route = routeActivations(example, 1);
        double[] w = paths.products();
        double[] t = new double[d[0] * routes];
        for (int i = 0; i < d[0]; i++) {
            for (int s = 0; s < routes; s++) {
                t[i * routes + s] = inputs[example][i] * route[s] * w[(i * routes + s) * k + output];
            }
        }
        return t;
    }

    /** The number of input paths that are active (A != 0) for one example. */
    public long activePaths(int example) {
        checkExample(example);
        double[] route = routeActivations(example, 1);
        long active = 0;
        for (double a : route) {
            active += a != 0 ? 1 : 0;
        }
        return active * d[0] * d[d.length - 1];
    }

    /** The share of (path, example) pairs with A = 1: the paper's rho for a ReLU network (A1p: the same for every path). */
    public double activeShare() {
        double total = 0;
        for (int e = 0; e < m; e++) {
            total += (double) activePaths(e) / paths.count();
        }
        return total / m;
    }

    /** The outputs as sums over paths, z_k(r) = sum_i X_i A_i prod w: one row per example. */
    public double[][] outputs() {
        return copy(pathSum);
    }

    /** The engine's forward pass, z_k(r) ({@link Risk#outputs}). */
    public double[][] forward() {
        return copy(forward);
    }

    /** max over examples and outputs of |sum over paths - forward pass|. */
    public double maxAbsoluteError() {
        double max = 0;
        for (int e = 0; e < m; e++) {
            for (int c = 0; c < pathSum[e].length; c++) {
                max = Math.max(max, Math.abs(pathSum[e][c] - forward[e][c]));
            }
        }
        return max;
    }

    /**
     * max over examples and outputs of |sum over paths - forward pass| / sum_i |X_i A_i prod w_i|: the error relative
     * to the size of the terms, the scale of rounding (an output that cancels to ~0 keeps a meaningful error).
     */
    public double maxRelativeError() {
        double max = 0;
        for (int e = 0; e < m; e++) {
            for (int c = 0; c < pathSum[e].length; c++) {
                double diff = Math.abs(pathSum[e][c] - forward[e][c]);
                max = Math.max(max, magnitude[e][c] == 0 ? diff : diff / magnitude[e][c]);
            }
        }
        return max;
    }

    /**
     * The hinge risk of the paper's equation (1), per output unit and averaged over the examples, from the paths:
     * L = M (1 - Y_t Y) = M + q sum_i Z_i I_i prod w, with Y = q sum_i X_i A_i prod w, Z_i = -Y_t X_i, I_i = M A_i and
     * M = 1 where the margin 1 - Y_t Y is positive (the max of the hinge). Labels Y_t in {-1, +1} (the sample's,
     * one per output). With q = 1 it is the library's {@link Loss#HINGE} risk of the network on the sample.
     */
    public double hingeRisk(double q) {
        if (!(q > 0) || !Double.isFinite(q)) {
            throw new IllegalArgumentException("q must be a positive number (the paper's Lambda^(-(H-1)/2), or 1), got " + q);
        }
        double total = 0;
        for (int e = 0; e < m; e++) {
            for (int c = 0; c < pathSum[e].length; c++) {
                double yt = labels[e][c];
                if (yt != 1 && yt != -1) {
                    throw new IllegalArgumentException("the hinge loss needs labels -1 or +1; example " + e + " output " + c
                            + " has " + yt + " (map one-hot labels y to 2y - 1)");
                }
                double y = q * pathSum[e][c];
                double mMax = 1 - yt * y > 0 ? 1 : 0;
                // sum_i Z_i I_i prod w = -Y_t M sum_i X_i A_i prod w: linear in the path sum
                total += mMax + q * (-yt * mMax * pathSum[e][c]);
            }
        }
        return total / m;
    }

    /** The statistics of assumptions A5u and A6u on this sample, with bootstrap intervals (95%, seeded). */
    public PathAssumptions assumptions(int resamples, long seed) {
        return new PathAssumptions(this, resamples, 0.95, seed);
    }

    double[][] inputRows() {
        return inputs;
    }

    /** A_s(r) for every hidden route s (mixed radix over i_1..i_L), one row per example. */
    double[][] routeRows() {
        double[][] rows = new double[m][];
        for (int e = 0; e < m; e++) {
            rows[e] = routeActivations(e, 1);
        }
        return rows;
    }

    int routes() {
        return routes;
    }

    private void checkExample(int example) {
        if (example < 0 || example >= m) {
            throw new IllegalArgumentException("example must be in 0.." + (m - 1) + ", got " + example);
        }
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    @Override
    public String summary() {
        return String.format(Locale.ROOT, "%s on %d examples: the sum over paths equals the forward pass to %.1e relative "
                        + "(max |difference| %.1e); %.1f%% of the (path, example) pairs active",
                paths, m, maxRelativeError(), maxAbsoluteError(), 100 * activeShare());
    }

    /** Left: the sizes of the paths' weight products (log10, zero products left out); right: example 0's first output built up path by path. */
    @Override
    public Figure figure() {
        double[] sizes = java.util.Arrays.stream(paths.products()).filter(v -> v != 0).map(v -> Math.log10(Math.abs(v))).toArray();
        XYChart products = Plots.histogram("sizes of the weight products of the " + String.format(Locale.ROOT, "%,d", paths.count())
                + " paths", "log10 |prod_l w^(l)| along a path", 50, Series.values("paths", sizes.length == 0 ? new double[]{0} : sizes));
        int k = 0;
        double[] t = terms(0, k);
        double[] index = new double[t.length], running = new double[t.length];
        double s = 0;
        for (int i = 0; i < t.length; i++) {
            s += t[i];
            index[i] = i + 1;
            running[i] = s;
        }
        XYChart build = Plots.line("example 0, output 0: the sum over its paths", "paths added (input-major order)",
                "running sum of X A prod w", "running sum", index, running);
        build.addSeries(String.format(Locale.ROOT, "forward pass %.4g", forward[0][k]), new double[]{1, t.length},
                new double[]{forward[0][k], forward[0][k]}).setMarker(SeriesMarkers.NONE).setLineColor(Theme.PALETTE[1])
                .setLineStyle(Theme.DASHED);
        build.getSeriesMap().get("running sum").setMarker(SeriesMarkers.NONE);
        build.getStyler().setLegendVisible(true);
        return Figure.row(new Figure(Renderings.chartImage(products), "weight products"),
                new Figure(Renderings.chartImage(build), summary()));
    }

    /**
     * Every input path of one example, one row each: its units, X_i, A_i, prod w and the term X_i A_i prod w (the
     * terms of the paths ending at output k add up to z_k; the bias paths, if any, are not listed).
     */
    public Table pathTable(int example) {
        checkExample(example);
        Memory.require(64L * paths.count(), "a table of " + paths.count() + " paths", "look at a smaller network");
        tech.tablesaw.api.LongColumn path = tech.tablesaw.api.LongColumn.create("path");
        IntColumn input = IntColumn.create("input i_0"), output = IntColumn.create("output");
        tech.tablesaw.api.StringColumn hidden = tech.tablesaw.api.StringColumn.create("hidden units");
        DoubleColumn xs = DoubleColumn.create("X"), as = DoubleColumn.create("A"), ws = DoubleColumn.create("prod w"),
                ts = DoubleColumn.create("X A prod w");
        for (long p = 0; p < paths.count(); p++) {
            int[] u = paths.units(p);
            path.append(p);
            input.append(u[0]);
            StringBuilder route = new StringBuilder();
            double g = 1;
            for (int l = 1; l < d.length - 1; l++) {
                route.append(l == 1 ? "" : "-").append(u[l]);
                g *= gates[l - 1][example][u[l]];
            }
            hidden.append(route.length() == 0 ? "none" : route.toString());
            output.append(u[d.length - 1]);
            xs.append(inputs[example][u[0]]);
            as.append(g);
            ws.append(paths.weightProduct(p));
            ts.append(inputs[example][u[0]] * g * paths.weightProduct(p));
        }
        return Table.create("the paths of example " + example, path, input, hidden, output, xs, as, ws, ts);
    }

    /** One row per example and output: the forward pass, the sum over paths, their difference, the active paths. */
    @Override
    public Table table() {
        int k = d[d.length - 1];
        IntColumn example = IntColumn.create("example"), output = IntColumn.create("output");
        DoubleColumn fw = DoubleColumn.create("forward pass"), ps = DoubleColumn.create("sum over paths"),
                diff = DoubleColumn.create("difference"), rel = DoubleColumn.create("relative error");
        IntColumn active = IntColumn.create("active paths");
        for (int e = 0; e < m; e++) {
            long act = activePaths(e) / k;
            for (int c = 0; c < k; c++) {
                example.append(e);
                output.append(c);
                fw.append(forward[e][c]);
                ps.append(pathSum[e][c]);
                diff.append(pathSum[e][c] - forward[e][c]);
                rel.append(magnitude[e][c] == 0 ? 0 : Math.abs(pathSum[e][c] - forward[e][c]) / magnitude[e][c]);
                active.append((int) Math.min(Integer.MAX_VALUE, act));
            }
        }
        return Table.create("sum over paths against the forward pass", example, output, fw, ps, diff, rel, active);
    }

    @Override
    public String toString() {
        return summary();
    }
}
