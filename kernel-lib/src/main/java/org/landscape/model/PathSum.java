package org.landscape.model;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.IntStream;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.landscape.display.Renderings;
import org.landscape.plot.Figure;
import org.landscape.plot.Plots;
import org.landscape.plot.Result;
import org.landscape.plot.ResultFile;
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
 * <p>{@link #read} gives back the outputs, the weight products and example 0's inputs and gates (what the summary,
 * table and figure show); what needs the network or the other examples' inputs and gates refuses, naming the file.
 *
 * <p>Computed when made, then immutable (arrays are handed out as copies): safe to read from several threads.
 */
public final class PathSum implements Result {
    private final Paths paths;          // null when read back
    private final String pathsText;     // paths.toString(), for the summary
    private final long count;           // Psi
    private final double[] products;    // prod w per input path
    private final int m;
    private final int[] d;
    private final int k;                // output units
    private final int routes;          // d_1 ... d_L
    private final double[][] inputs;   // [r][i]; null when read back
    private final double[][][] gates;  // [l - 1][r][u] for hidden layers l = 1..L; null when read back
    private final double[] inputs0, routes0; // example 0's X_i and route activations: what a read-back sum holds
    private final double[][] forward;  // [r][k], the engine's z
    private final double[][] pathSum;  // [r][k]
    private final double[][] magnitude; // [r][k], sum of |terms|
    private final double[][] labels;
    private final long[] active;       // active input paths per example
    private final String readFrom;     // the file a sum read back came from; null for one computed here

    PathSum(Paths paths, Risk risk) {
        this.paths = paths;
        this.pathsText = paths.toString();
        this.count = paths.count();
        this.products = paths.products();
        this.readFrom = null;
        this.inputs0 = null;
        this.routes0 = null;
        this.m = risk.size();
        this.d = paths.widths();
        this.k = d[d.length - 1];
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
        this.pathSum = new double[m][k];
        this.magnitude = new double[m][k];
        this.active = new long[m];
        IntStream.range(0, m).parallel().forEach(e -> {
            sumOverPaths(e, pathSum[e], magnitude[e]);
            long on = 0;
            for (double a : routeActivations(e, 1)) {
                on += a != 0 ? 1 : 0;
            }
            active[e] = on * d[0] * k;
        });
    }

    /** A sum read back from its file: no network, and only example 0's inputs and gates (see {@link #read}). */
    private PathSum(String pathsText, int[] d, double[] products, double[] inputs0, double[] routes0, double[][] forward,
                    double[][] pathSum, double[][] magnitude, double[][] labels, long[] active, String readFrom) {
        this.paths = null;
        this.pathsText = pathsText;
        this.d = d;
        this.k = d[d.length - 1];
        this.count = products.length;
        this.products = products;
        this.routes = routes0.length;
        this.inputs = null;
        this.gates = null;
        this.inputs0 = inputs0;
        this.routes0 = routes0;
        this.m = forward.length;
        this.forward = forward;
        this.pathSum = pathSum;
        this.magnitude = magnitude;
        this.labels = labels;
        this.active = active;
        this.readFrom = readFrom;
    }

    /** z_k of one example as the compensated sum over its paths, and the sum of the terms' magnitudes. */
    private void sumOverPaths(int e, double[] sum, double[] abs) {
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

    /** The paths of the network (refused on a sum read back: the network is not in its file). */
    public Paths paths() {
        requireComputed("the paths (the network and its parameters)");
        return paths;
    }

    /** The number of examples m. */
    public int size() {
        return m;
    }

    /** X_p(r) for every example r: the value of the input path p starts from. */
    public double[] inputs(long p) {
        requireComputed("the inputs of every example");
        int i = paths.input(p);
        double[] x = new double[m];
        for (int e = 0; e < m; e++) {
            x[e] = inputs[e][i];
        }
        return x;
    }

    /** A_p(r) for every example r: the product of the gates of path p's hidden units (1 or 0 for the ReLU). */
    public double[] activations(long p) {
        requireComputed("the gates of every example");
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

    /**
     * The term X_p A_p prod w_p of path p for example r, A_p the product of its gates taken first layer first: the
     * same number as in {@link #terms} and {@link #pathTable}.
     */
    public double term(long p, int example) {
        requireExample(example);
        if (p < 0 || p >= count) {
            throw new IllegalArgumentException("path must be in 0.." + (count - 1) + ", got " + p);
        }
        return inputsOf(example)[(int) (p / ((long) routes * k))] * routeActivation(example, (int) ((p / k) % routes))
                * products[(int) p];
    }

    /** The terms of the input paths ending at output k for one example, in path order. */
    public double[] terms(int example, int output) {
        requireExample(example);
        if (output < 0 || output >= k) {
            throw new IllegalArgumentException("output must be in 0.." + (k - 1) + ", got " + output);
        }
        double[] x = inputsOf(example), route = routesOf(example);
        double[] t = new double[d[0] * routes];
        for (int i = 0; i < d[0]; i++) {
            for (int s = 0; s < routes; s++) {
                t[i * routes + s] = x[i] * route[s] * products[(i * routes + s) * k + output];
            }
        }
        return t;
    }

    /** The number of input paths that are active (A != 0) for one example. */
    public long activePaths(int example) {
        checkExample(example);
        return active[example];
    }

    /** The share of (path, example) pairs with A = 1: the paper's rho for a ReLU network (A1p: the same for every path). */
    public double activeShare() {
        double total = 0;
        for (int e = 0; e < m; e++) {
            total += (double) activePaths(e) / count;
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
        requireComputed("the inputs and gates of every example, which the assumptions are measured on,");
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

    /** X_i of one example (read back: example 0's, the only one in the file). */
    private double[] inputsOf(int example) {
        return inputs == null ? inputs0 : inputs[example];
    }

    /** A_s of every hidden route s of one example (read back: example 0's). */
    private double[] routesOf(int example) {
        return gates == null ? routes0 : routeActivations(example, 1);
    }

    /** A_s of one hidden route, as {@link #routeActivations} gives it: the gates multiplied first layer first. */
    private double routeActivation(int example, int s) {
        if (gates == null) {
            return routes0[s];
        }
        int[] u = new int[d.length - 1];
        for (int l = d.length - 2, rest = s; l >= 1; l--) {
            u[l] = rest % d[l];
            rest /= d[l];
        }
        double g = 1;
        for (int l = 1; l <= d.length - 2; l++) {
            g *= gates[l - 1][example][u[l]];
        }
        return g;
    }

    private void checkExample(int example) {
        if (example < 0 || example >= m) {
            throw new IllegalArgumentException("example must be in 0.." + (m - 1) + ", got " + example);
        }
    }

    /** An example whose inputs and gates this sum holds: any when computed here, example 0 when read back. */
    private void requireExample(int example) {
        checkExample(example);
        if (gates == null && example != 0) {
            throw new IllegalStateException("the inputs and gates of example " + example + " are not in " + readFrom
                    + ": a path sum's file holds example 0's (the figure's) and every example's outputs; " + AGAIN);
        }
    }

    /** Refuses, on a sum read back, what needs the network or every example's inputs and gates. */
    private void requireComputed(String what) {
        if (readFrom != null) {
            throw new IllegalStateException(what + " are not in " + readFrom + ": a path sum's file holds the outputs, "
                    + "the weight products and example 0's inputs and gates; " + AGAIN);
        }
    }

    private static final String AGAIN = "compute it again with Paths.of(net).on(data) (same network, same sample)";

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
                pathsText, m, maxRelativeError(), maxAbsoluteError(), 100 * activeShare());
    }

    /** Left: the sizes of the paths' weight products (log10, zero products left out); right: example 0's first output built up path by path. */
    @Override
    public Figure figure() {
        double[] sizes = Arrays.stream(products).filter(v -> v != 0).map(v -> Math.log10(Math.abs(v))).toArray();
        XYChart histogram = Plots.histogram("sizes of the weight products of the " + String.format(Locale.ROOT, "%,d", count)
                + " paths", "log10 |prod_l w^(l)| along a path", 50, Series.values("paths", sizes.length == 0 ? new double[]{0} : sizes));
        int c = 0;
        double[] t = terms(0, c);
        double[] index = new double[t.length], running = new double[t.length];
        double s = 0;
        for (int i = 0; i < t.length; i++) {
            s += t[i];
            index[i] = i + 1;
            running[i] = s;
        }
        XYChart build = Plots.line("example 0, output 0: the sum over its paths", "paths added (input-major order)",
                "running sum of X A prod w", "running sum", index, running);
        build.addSeries(String.format(Locale.ROOT, "forward pass %.4g", forward[0][c]), new double[]{1, t.length},
                new double[]{forward[0][c], forward[0][c]}).setMarker(SeriesMarkers.NONE).setLineColor(Theme.PALETTE[1])
                .setLineStyle(Theme.DASHED);
        build.getSeriesMap().get("running sum").setMarker(SeriesMarkers.NONE);
        build.getStyler().setLegendVisible(true);
        return Figure.row(new Figure(Renderings.chartImage(histogram), "weight products"),
                new Figure(Renderings.chartImage(build), summary()));
    }

    /**
     * Every input path of one example, one row each: its units, X_i, A_i, prod w and the term X_i A_i prod w (the
     * terms of the paths ending at output k add up to z_k; the bias paths, if any, are not listed).
     */
    public Table pathTable(int example) {
        requireExample(example);
        Memory.require(64L * count, "a table of " + count + " paths", "look at a smaller network");
        tech.tablesaw.api.LongColumn path = tech.tablesaw.api.LongColumn.create("path");
        IntColumn input = IntColumn.create("input i_0"), output = IntColumn.create("output");
        tech.tablesaw.api.StringColumn hidden = tech.tablesaw.api.StringColumn.create("hidden units");
        DoubleColumn xs = DoubleColumn.create("X"), as = DoubleColumn.create("A"), ws = DoubleColumn.create("prod w"),
                ts = DoubleColumn.create("X A prod w");
        double[] x = inputsOf(example), route = routesOf(example);
        int[] u = new int[d.length];
        for (long p = 0; p < count; p++) {
            for (int l = d.length - 1, rest = (int) p; l >= 0; l--) {   // mixed radix, input first (as Paths numbers them)
                u[l] = rest % d[l];
                rest /= d[l];
            }
            path.append(p);
            input.append(u[0]);
            StringBuilder units = new StringBuilder();
            for (int l = 1; l < d.length - 1; l++) {
                units.append(l == 1 ? "" : "-").append(u[l]);
            }
            hidden.append(units.length() == 0 ? "none" : units.toString());
            output.append(u[d.length - 1]);
            double a = route[(int) ((p / k) % routes)], w = products[(int) p];
            xs.append(x[u[0]]);
            as.append(a);
            ws.append(w);
            ts.append(x[u[0]] * a * w);
        }
        return Table.create("the paths of example " + example, path, input, hidden, output, xs, as, ws, ts);
    }

    /** One row per example and output: the forward pass, the sum over paths, their difference, the active paths. */
    @Override
    public Table table() {
        IntColumn example = IntColumn.create("example"), output = IntColumn.create("output");
        DoubleColumn fw = DoubleColumn.create(FORWARD), ps = DoubleColumn.create(SUM),
                diff = DoubleColumn.create(DIFFERENCE), rel = DoubleColumn.create(RELATIVE);
        IntColumn active = IntColumn.create(ACTIVE);
        for (int e = 0; e < m; e++) {
            for (int c = 0; c < k; c++) {
                example.append(e);
                output.append(c);
                fw.append(forward[e][c]);
                ps.append(pathSum[e][c]);
                diff.append(difference(e, c));
                rel.append(relativeError(e, c));
                active.append(activePerOutput(e));
            }
        }
        return Table.create("sum over paths against the forward pass", example, output, fw, ps, diff, rel, active);
    }

    private double difference(int e, int c) {
        return pathSum[e][c] - forward[e][c];
    }

    /** The table's relative error: 0 where the terms are all 0. */
    private double relativeError(int e, int c) {
        return magnitude[e][c] == 0 ? 0 : Math.abs(pathSum[e][c] - forward[e][c]) / magnitude[e][c];
    }

    /** The active paths ending at one output (every output has the same). */
    private int activePerOutput(int e) {
        return (int) Math.min(Integer.MAX_VALUE, active[e] / k);
    }

    private static final String EXAMPLE = "example", OUTPUT = "output", FORWARD = "forward pass", SUM = "sum over paths",
            DIFFERENCE = "difference", RELATIVE = "relative error", ACTIVE = "active paths", MAGNITUDE = "sum of |terms|",
            LABEL = "label", PATH = "path", PRODUCT = "prod w", X0 = "X (example 0)", A0 = "A (example 0)";
    /** The file's columns: the table's and each output's label and term size, then one row per path. */
    private static final String[] COLUMNS = {EXAMPLE, OUTPUT, FORWARD, SUM, DIFFERENCE, RELATIVE, ACTIVE, MAGNITUDE, LABEL,
            PATH, PRODUCT, X0, A0};

    /**
     * Saves, unrounded, one row per example and output ({@link #table()} with each output's sum of |terms| and label),
     * then one row per input path: its weight product and example 0's X and A (the figure's), for {@link #read}.
     */
    @Override
    public void write(Path file) {
        long outputRows = (long) m * k;
        double[] x = inputsOf(0), route = routesOf(0);
        ResultFile.write(file, "PathSum", ResultFile.meta("paths", pathsText, "widths", Arrays.toString(d),
                "examples", m), COLUMNS, outputRows + count, row -> {
                    if (row < outputRows) {
                        int e = (int) (row / k), c = (int) (row % k);
                        return new String[]{Integer.toString(e), Integer.toString(c), ResultFile.cell(forward[e][c]),
                                ResultFile.cell(pathSum[e][c]), ResultFile.cell(difference(e, c)),
                                ResultFile.cell(relativeError(e, c)), Integer.toString(activePerOutput(e)),
                                ResultFile.cell(magnitude[e][c]), ResultFile.cell(labels[e][c]), "", "", "", ""};
                    }
                    long p = row - outputRows;
                    return new String[]{"", "", "", "", "", "", "", "", "", Long.toString(p),
                            ResultFile.cell(products[(int) p]), ResultFile.cell(x[(int) (p / ((long) routes * k))]),
                            ResultFile.cell(route[(int) ((p / k) % routes)])};
                });
    }

    /**
     * The sum saved by {@link #write}: the same outputs, summary, table and figure, the hinge risk, and example 0's
     * terms and path table. The network and the other examples' inputs and gates are not in the file: {@link #paths},
     * {@link #inputs}, {@link #activations}, {@link #assumptions} and the terms of another example say so. A file whose
     * rows are out of order or disagree with each other (a difference that is not sum - forward, an input with two
     * values) is refused naming the line.
     */
    public static PathSum read(Path file) {
        Reading r = new Reading();
        ResultFile head = ResultFile.read(file, "PathSum", r::start);
        return r.finish(head);
    }

    /** The state of one {@link #read}: the head's sizes, then the rows as they come. */
    private static final class Reading {
        private ResultFile f;
        private int[] d;
        private int m, k, routes;
        private long count, rows;
        private double[] products, inputs0, routes0;
        private double[][] forward, sum, magnitude, labels;
        private long[] active;

        ResultFile.RowSink start(ResultFile head) {
            f = head.expectColumns(COLUMNS);
            String text = f.meta("widths").trim();
            try {
                if (!text.startsWith("[") || !text.endsWith("]")) {
                    throw new IllegalArgumentException();
                }
                d = Arrays.stream(text.substring(1, text.length() - 1).split(",")).map(String::trim)
                        .mapToInt(Integer::parseInt).toArray();
            } catch (IllegalArgumentException e) {
                throw f.badMeta("widths", "expected the layer widths as a list like [3, 4, 1], got '" + text + "'");
            }
            if (d.length < 2 || Arrays.stream(d).anyMatch(w -> w < 1)) {
                throw f.badMeta("widths", "a network has an input and an output layer, each of width >= 1, got " + text);
            }
            count = Paths.count(d);
            if (count < 0 || count > Paths.MAX_PATHS) {
                throw f.badMeta("widths", text + " has more than the " + Paths.MAX_PATHS + " paths a path sum enumerates");
            }
            m = f.metaInt("examples");
            if (m < 1) {
                throw f.badMeta("examples", "a path sum is over at least one example, the file says " + m);
            }
            f.meta("paths");
            k = d[d.length - 1];
            routes = (int) (count / ((long) d[0] * k));
            Memory.require(Double.BYTES * (5L * m * k + count + d[0] + routes), "the path sum in " + f.file(),
                    "start the kernel with a larger -Xmx");
            products = new double[(int) count];
            inputs0 = new double[d[0]];
            routes0 = new double[routes];
            forward = new double[m][k];
            sum = new double[m][k];
            magnitude = new double[m][k];
            labels = new double[m][k];
            active = new long[m];
            return this::row;
        }

        private void row(long index, String[] cells) {
            rows++;
            long outputRows = (long) m * k;
            if (index < outputRows) {
                output(index, cells, (int) (index / k), (int) (index % k));
            } else {
                path(index, cells, index - outputRows);
            }
        }

        private void output(long index, String[] cells, int e, int c) {
            if (cells[0].isEmpty()) {
                throw f.badCell(index, EXAMPLE, "a path's row where example " + e + ", output " + c + " belongs: the '# "
                        + "examples: " + m + "' line and " + k + " outputs call for " + m * k + " output rows first");
            }
            if (whole(index, cells, 0) != e || whole(index, cells, 1) != c) {
                throw f.badCell(index, EXAMPLE, "example " + cells[0] + ", output " + cells[1] + " where example " + e
                        + ", output " + c + " belongs (rows reordered, lost or added?)");
            }
            double fw = f.number(index, cells, 2), ps = f.number(index, cells, 3);
            forward[e][c] = fw;
            sum[e][c] = ps;
            magnitude[e][c] = f.number(index, cells, 7);
            labels[e][c] = f.number(index, cells, 8);
            if (!same(f.number(index, cells, 4), ps - fw)) {
                throw f.badCell(index, DIFFERENCE, cells[4] + " is not the sum over paths minus the forward pass, "
                        + (ps - fw));
            }
            if (!(magnitude[e][c] >= 0) && !Double.isNaN(magnitude[e][c])) {
                throw f.badCell(index, MAGNITUDE, "a sum of magnitudes is not negative, got " + cells[7]);
            }
            double relative = magnitude[e][c] == 0 ? 0 : Math.abs(ps - fw) / magnitude[e][c];
            if (!same(f.number(index, cells, 5), relative)) {
                throw f.badCell(index, RELATIVE, cells[5] + " is not |difference| / sum of |terms|, " + relative);
            }
            long on = whole(index, cells, 6);
            if (on < 0 || on > count / k || (c > 0 && on * k != active[e])) {
                throw f.badCell(index, ACTIVE, on + " active paths" + (c > 0 ? " where output 0 of example " + e + " has "
                        + active[e] / k + " (every output of an example has the same)" : ", not in 0.." + count / k
                        + " (the paths to one output)"));
            }
            active[e] = on * k;
            if (!cells[9].isEmpty()) {
                throw f.badCell(index, PATH, "an output row has no path, got '" + cells[9] + "'");
            }
        }

        private void path(long index, String[] cells, long p) {
            if (p >= count) {
                throw f.badCell(index, PATH, "more path rows than the " + count + " paths of the '# widths: "
                        + Arrays.toString(d) + "' line");
            }
            if (!cells[0].isEmpty()) {
                throw f.badCell(index, EXAMPLE, "an output row where path " + p + " belongs: the '# examples: " + m
                        + "' line and " + k + " outputs call for " + m * k + " output rows (rows added?)");
            }
            if (whole(index, cells, 9) != p) {
                throw f.badCell(index, PATH, "path " + cells[9] + " where path " + p + " belongs (rows reordered?)");
            }
            products[(int) p] = f.number(index, cells, 10);
            // X depends on the input only and A on the hidden route only: the first path of each gives them
            int i = (int) (p / ((long) routes * k)), s = (int) ((p / k) % routes);
            double x = f.number(index, cells, 11), a = f.number(index, cells, 12);
            if (p % ((long) routes * k) == 0) {
                inputs0[i] = x;
            } else if (!same(x, inputs0[i])) {
                throw f.badCell(index, X0, "X = " + cells[11] + ", but path " + i * (long) routes * k + ", from the same "
                        + "input " + i + ", has X = " + inputs0[i] + " (every path from one input starts from its value)");
            }
            if (i == 0 && p % k == 0) {
                routes0[s] = a;
            } else if (!same(a, routes0[s])) {
                throw f.badCell(index, A0, "A = " + cells[12] + ", but path " + (long) s * k + ", through the same hidden "
                        + "units, has A = " + routes0[s] + " (A is the product of the gates of the path's hidden units)");
            }
        }

        private long whole(long index, String[] cells, int column) {
            try {
                return Long.parseLong(cells[column].trim());
            } catch (NumberFormatException e) {
                throw f.badCell(index, COLUMNS[column], "'" + cells[column] + "' is not a whole number");
            }
        }

        private static boolean same(double a, double b) {
            return Double.doubleToLongBits(a) == Double.doubleToLongBits(b);
        }

        PathSum finish(ResultFile head) {
            if (rows < (long) m * k) {
                throw head.badMeta("examples", m + " examples with " + k + " outputs call for " + (long) m * k
                        + " output rows, the file has " + rows + " (rows lost?)");
            }
            if (rows != (long) m * k + count) {
                throw head.badMeta("widths", "the " + count + " paths of " + Arrays.toString(d) + " call for " + count
                        + " path rows, the file has " + (rows - (long) m * k) + " (rows lost?)");
            }
            return new PathSum(head.meta("paths"), d, products, inputs0, routes0, forward, sum, magnitude, labels,
                    active, head.file().toString());
        }
    }

    @Override
    public String toString() {
        return summary();
    }
}
