package org.landscape.hessian;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.knowm.xchart.XYChart;
import org.landscape.data.Dataset;
import org.landscape.display.Progress;
import org.landscape.display.Renderings;
import org.landscape.model.Network;
import org.landscape.model.Risk;
import org.landscape.plot.Figure;
import org.landscape.plot.Plots;
import org.landscape.plot.Result;
import org.landscape.plot.ResultFile;
import org.landscape.plot.Series;
import org.landscape.stats.Stats;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * How sharp a minimum is, measured four ways at a parameter theta of a network:
 * <ul>
 *   <li>the top eigenvalue of the Hessian ({@link Lanczos} on the exact {@link HessianVectorProduct#exact()}, which
 *   unlike differences of gradients does not straddle ReLU kinks) and its trace
 *   ({@link Trace#hutchPlusPlus});</li>
 *   <li><b>epsilon-sharpness</b> (Keskar et al. 2017): the largest loss increase max L(theta + y) - L(theta) over the
 *   box |y_i| &lt;= eps (1 + |theta_i|) (Keskar's region, {@link Region#BOX}) or the ball |y| &lt;= eps
 *   ({@link Region#BALL});</li>
 *   <li><b>adaptive sharpness</b> (Kwon et al. 2021, ASAM): the same over the ball |y / |theta|| &lt;= rho, the
 *   perturbation of each parameter measured relative to the parameter itself.</li>
 * </ul>
 * The maxima are found by projected gradient ascent (Keskar uses L-BFGS-B): with y = s * u elementwise (s = 1 for
 * the ball, 1 + |theta| for Keskar's box, |theta| for the adaptive ball), u moves by a step of the region's radius
 * along the normalised gradient (ball) or the gradient's signs (box) and is projected back onto the region; the
 * largest loss met is the answer, a lower bound of the true maximum. Losses and gradients come from {@link Risk}.
 *
 * <p><b>Reparametrisation.</b> Rescaling two adjacent ReLU layers by c and 1/c ({@link Network#rescaleLayers})
 * keeps the function and so every loss, but moves theta: the top eigenvalue and epsilon-sharpness change (Dinh et al.
 * 2017), while the adaptive ball is carried onto the adaptive ball of the new theta and the ascent's iterates map
 * onto each other, so adaptive sharpness is the same to rounding.
 *
 * <pre>{@code
 * Sharpness.Comparison c = Sharpness.settings().epsilon(1e-3, Region.BOX).adaptive(0.5)
 *         .of("small batch", net, train, test, thetas);
 * c.values("small batch", Sharpness.Measure.TOP_EIGENVALUE);
 * }</pre>
 */
public final class Sharpness {
    /** The region of perturbations. */
    public enum Region {
        /** The l2 ball: |u| &lt;= radius. */
        BALL,
        /** The box: |u_i| &lt;= radius for every i. */
        BOX
    }

    /** The columns of a {@link Comparison}. */
    public enum Measure {
        TRAIN_LOSS("train loss"), TEST_LOSS("test loss"), TRAIN_ACCURACY("train accuracy"),
        TEST_ACCURACY("test accuracy"), GRADIENT_NORM("|grad|"), TOP_EIGENVALUE("top eigenvalue"),
        RESIDUAL("relative residual"), TRACE("trace"),
        EPSILON("epsilon-sharpness"), ADAPTIVE("adaptive sharpness");

        private final String label;

        Measure(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private Sharpness() {
    }

    /** The outcome of one ascent: the loss at theta, the largest loss found in the region, where, and its cost. */
    public record Ascent(double base, double worst, double[] point, int gradients) {
        /** worst - base: the sharpness. */
        public double increase() {
            return worst - base;
        }
    }

    /**
     * Keskar's epsilon-sharpness: BOX is the box |y_i| &lt;= eps (1 + |theta_i|), BALL the ball |y| &lt;= eps. The
     * largest loss found by {@code steps} projected gradient ascent steps from a random start (seeded).
     */
    public static Ascent epsilon(Risk risk, double[] theta, double eps, Region region, int steps, long seed) {
        check(risk, theta, eps, "eps", region, steps);
        double[] s = new double[theta.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = region == Region.BOX ? 1 + Math.abs(theta[i]) : 1;
        }
        return ascend(risk, theta, s, eps, region, steps, seed);
    }

    /** Adaptive sharpness (ASAM's l2 form): the largest loss increase over |y / |theta|| &lt;= rho. */
    public static Ascent adaptive(Risk risk, double[] theta, double rho, int steps, long seed) {
        check(risk, theta, rho, "rho", Region.BALL, steps);
        double[] s = new double[theta.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.abs(theta[i]);
        }
        if (Vectors.norm(s) == 0) {
            throw new IllegalArgumentException("theta is the zero vector: an adaptive region |y / |theta|| <= rho is "
                    + "the point theta itself");
        }
        return ascend(risk, theta, s, rho, Region.BALL, steps, seed);
    }

    private static void check(Risk risk, double[] theta, double radius, String what, Region region, int steps) {
        if (risk == null || region == null) {
            throw new IllegalArgumentException((risk == null ? "risk" : "region") + " must not be null");
        }
        Vectors.check("theta", theta, risk.dimension());
        checkRadius(what, radius);
        checkSteps(steps);
    }

    private static void checkRadius(String what, double radius) {
        if (!(radius > 0) || !Double.isFinite(radius)) {
            throw new IllegalArgumentException(what + " must be a finite number > 0, got " + radius
                    + " (Keskar uses eps = 1e-3 and 5e-4 for the box; ASAM rho = 0.5)");
        }
    }

    private static void checkSteps(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1 gradient ascent step, got " + steps);
        }
    }

    /** Projected gradient ascent in u (y = s * u) over the region of the given radius; the best loss met wins. */
    private static Ascent ascend(Risk risk, double[] theta, double[] s, double radius, Region region, int steps,
                                 long seed) {
        int n = theta.length;
        double base = risk.value(theta);
        Random random = new Random(seed);
        double[] u = new double[n];
        for (int i = 0; i < n; i++) {
            u[i] = region == Region.BOX ? radius * (random.nextDouble() - 0.5) : random.nextGaussian();
        }
        if (region == Region.BALL) {
            Vectors.scale(0.5 * radius / Vectors.norm(u), u); // half-way to the boundary, in a random direction
        }
        double[] point = new double[n], gradient = new double[n], best = theta.clone();
        double worst = base;
        int gradients = 0;
        for (int k = 0; k <= steps; k++) {
            for (int i = 0; i < n; i++) {
                point[i] = theta[i] + s[i] * u[i];
            }
            double value = risk.valueAndGradient(point, gradient);
            gradients++;
            if (!Double.isFinite(value)) {
                throw new IllegalStateException("the loss at a point of the region is " + value
                        + ": the region is too large for this network; use a smaller radius");
            }
            if (value > worst) {
                worst = value;
                best = point.clone();
            }
            if (k == steps) {
                break;
            }
            for (int i = 0; i < n; i++) {
                gradient[i] *= s[i]; // d/du L(theta + s u)
            }
            if (region == Region.BALL) {
                double g = Vectors.norm(gradient);
                if (g > 0) {
                    Vectors.axpy(radius / g, gradient, u);
                }
                double norm = Vectors.norm(u);
                if (norm > radius) {
                    Vectors.scale(radius / norm, u);
                }
            } else {
                for (int i = 0; i < n; i++) {
                    u[i] = Math.max(-radius, Math.min(radius, u[i] + radius * Math.signum(gradient[i])));
                }
            }
        }
        return new Ascent(base, worst, best, gradients);
    }

    /** Settings for measuring many networks: radii, steps, trace products, seeds, progress. */
    public static Settings settings() {
        return new Settings();
    }

    /** How the four measures are taken (see the class comment). */
    public static final class Settings {
        private double eps = 1e-3;
        private Region region = Region.BOX;
        private double rho = 0.5;
        private int steps = 20;
        private int traceProducts = 30;
        private double lanczosTolerance = 1e-6;
        private long seed = 42;
        private boolean progress = true;

        private Settings() {
        }

        /** The epsilon-sharpness region (default Keskar's box with eps = 1e-3). */
        public Settings epsilon(double eps, Region region) {
            checkRadius("eps", eps);
            if (region == null) {
                throw new IllegalArgumentException("region must not be null: Region.BOX (Keskar's) or Region.BALL");
            }
            this.eps = eps;
            this.region = region;
            return this;
        }

        /** The adaptive ball's radius rho (default 0.5, ASAM's). */
        public Settings adaptive(double rho) {
            checkRadius("rho", rho);
            this.rho = rho;
            return this;
        }

        /** Gradient ascent steps per sharpness (default 20). */
        public Settings steps(int steps) {
            checkSteps(steps);
            this.steps = steps;
            return this;
        }

        /** Hessian-vector products for the trace (Hutch++; default 30; 0 leaves the trace out). */
        public Settings traceProducts(int products) {
            if (products != 0 && products < 3) {
                throw new IllegalArgumentException("traceProducts must be 0 (no trace) or >= 3 (Hutch++), got " + products);
            }
            this.traceProducts = products;
            return this;
        }

        /** Lanczos's relative residual tolerance for the top eigenvalue (default 1e-6). */
        public Settings lanczosTolerance(double tolerance) {
            new Lanczos().tolerance(tolerance);
            this.lanczosTolerance = tolerance;
            return this;
        }

        /** Seeds of the ascents' starts, Lanczos's start and the trace's probes. */
        public Settings seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Settings progress(boolean show) {
            this.progress = show;
            return this;
        }

        /** The measures at each theta (rows of {@code thetas}, {@code net}'s layout), named "group k". */
        public Comparison of(String group, Network net, Dataset train, Dataset test, double[][] thetas) {
            if (group == null || group.isBlank()) {
                throw new IllegalArgumentException("group must be a name, e.g. \"small batch\"");
            }
            if (net == null || train == null) {
                throw new IllegalArgumentException((net == null ? "net" : "train") + " must not be null");
            }
            if (thetas == null || thetas.length == 0) {
                throw new IllegalArgumentException("thetas must hold at least one parameter vector");
            }
            for (int k = 0; k < thetas.length; k++) {
                Vectors.check("thetas[" + k + "]", thetas[k], (int) net.parameterCount());
            }
            net.checkData(train);
            if (test != null) {
                net.checkData(test);
            }
            List<Row> rows = new ArrayList<>();
            try (Progress bar = progress ? Progress.start("sharpness of " + group, thetas.length) : null) {
                for (int k = 0; k < thetas.length; k++) {
                    rows.add(measure(group, thetas.length == 1 ? group : group + " " + k, net, train, test, thetas[k]));
                    if (bar != null) {
                        bar.step();
                    }
                }
            }
            return new Comparison(rows, this);
        }

        /** One network's measures at theta. */
        public Comparison of(String group, Network net, Dataset train, Dataset test, double[] theta) {
            return of(group, net, train, test, new double[][]{theta});
        }

        private Row measure(String group, String name, Network net, Dataset train, Dataset test, double[] theta) {
            Risk risk = Risk.of(net, train);
            boolean classifier = train.outputWidth() > 1;
            // exact products (R-operator): differences of gradients straddle ReLU kinks and give no Hessian at all
            HessianVectorProduct h = HessianVectorProduct.at(risk, theta).exact();
            Spectrum topPair = new Lanczos().tolerance(lanczosTolerance).seed(seed).largest(h, 1);
            double top = topPair.eigenvalue(0);
            Trace.Estimate trace = traceProducts == 0 ? null : Trace.hutchPlusPlus(h, traceProducts, seed);
            Ascent e = Sharpness.epsilon(risk, theta, eps, region, steps, seed);
            Ascent a = Sharpness.adaptive(risk, theta, rho, steps, seed);
            Risk testRisk = test == null ? null : Risk.of(net, test);
            return new Row(group, name, theta.length, e.base(), testRisk == null ? Double.NaN : testRisk.value(theta),
                    classifier ? risk.accuracy(theta) : Double.NaN,
                    classifier && testRisk != null ? testRisk.accuracy(theta) : Double.NaN, Vectors.norm(h.gradient()), top,
                    topPair.maxResidual() / Math.abs(top), trace == null ? Double.NaN : trace.value(), e.increase(),
                    a.increase(), topPair.products() + (trace == null ? 0 : trace.products()),
                    1 + e.gradients() + a.gradients());
        }

        private String describe() {
            return String.format(Locale.ROOT, "epsilon-sharpness over the %s, eps = %.3g; adaptive over |y/|theta|| <= %.3g; "
                    + "%d ascent steps", region == Region.BOX ? "box |y_i| <= eps (1 + |theta_i|)" : "ball |y| <= eps",
                    eps, rho, steps);
        }
    }

    /** One network's measures; products are Hessian-vector products (Lanczos and trace), gradients the rest. */
    public record Row(String group, String name, int parameters, double trainLoss, double testLoss,
                      double trainAccuracy, double testAccuracy, double gradientNorm, double topEigenvalue, double residual, double trace,
                      double epsilonSharpness, double adaptiveSharpness, long products, long gradients) {
        public double get(Measure m) {
            return switch (m) {
                case TRAIN_LOSS -> trainLoss;
                case TEST_LOSS -> testLoss;
                case TRAIN_ACCURACY -> trainAccuracy;
                case TEST_ACCURACY -> testAccuracy;
                case GRADIENT_NORM -> gradientNorm;
                case TOP_EIGENVALUE -> topEigenvalue;
                case RESIDUAL -> residual;
                case TRACE -> trace;
                case EPSILON -> epsilonSharpness;
                case ADAPTIVE -> adaptiveSharpness;
            };
        }
    }

    /**
     * The measures of several networks in groups (e.g. small-batch and large-batch solutions): a table, one row per
     * network; the three sharpness measures against test accuracy, one colour per group.
     *
     * <p>{@link #read} gives back what {@link #write} saved (every row, its counts exact, and the settings: the whole
     * comparison, since nothing it answers needs the parameters), and refuses a row with impossible counts.
     */
    public static final class Comparison implements Result {
        private final List<Row> rows;
        private final String settings;

        private Comparison(List<Row> rows, Settings settings) {
            this(rows, settings.describe());
        }

        private Comparison(List<Row> rows, String settings) {
            this.rows = List.copyOf(rows);
            this.settings = settings;
        }

        /** This comparison and {@code others} in one (their settings should be the same; the first one's is shown). */
        public Comparison and(Comparison... others) {
            List<Row> all = new ArrayList<>(rows);
            for (Comparison o : others) {
                all.addAll(o.rows);
            }
            return new Comparison(all, settings);
        }

        public List<Row> rows() {
            return rows;
        }

        public List<String> groups() {
            LinkedHashSet<String> g = new LinkedHashSet<>();
            rows.forEach(r -> g.add(r.group()));
            return new ArrayList<>(g);
        }

        /** The measure of every network of {@code group}, in order. */
        public double[] values(String group, Measure m) {
            double[] v = rows.stream().filter(r -> r.group().equals(group)).mapToDouble(r -> r.get(m)).toArray();
            if (v.length == 0) {
                throw new IllegalArgumentException("no group '" + group + "'; the groups are " + groups());
            }
            return v;
        }

        /** The measure of every network, in the order of {@link #rows()}. */
        public double[] values(Measure m) {
            return rows.stream().mapToDouble(r -> r.get(m)).toArray();
        }

        /** Every network's measure over that of the first network of {@code reference} (e.g. before a rescaling). */
        public double[] relativeTo(String reference, Measure m) {
            double base = values(reference, m)[0];
            double[] v = values(m);
            for (int k = 0; k < v.length; k++) {
                v[k] /= base;
            }
            return v;
        }

        /** values(a, m)[k] / values(b, m)[k]: pairs of networks (e.g. the same seed trained two ways). */
        public double[] ratios(String a, String b, Measure m) {
            double[] x = values(a, m), y = values(b, m);
            if (x.length != y.length) {
                throw new IllegalArgumentException("'" + a + "' has " + x.length + " networks and '" + b + "' "
                        + y.length + ": ratios pair them one to one");
            }
            double[] r = new double[x.length];
            for (int k = 0; k < r.length; k++) {
                r[k] = x[k] / y[k];
            }
            return r;
        }

        /**
         * Every measure (but the residual) of group {@code a} over group {@code b}, network by network ({@link #ratios}):
         * one row per pair, named "a's network / b's network".
         */
        public Table ratioTable(String a, String b) {
            List<Row> x = rows.stream().filter(r -> r.group().equals(a)).toList();
            List<Row> y = rows.stream().filter(r -> r.group().equals(b)).toList();
            double[] check = ratios(a, b, Measure.TRAIN_LOSS); // the same refusals as ratios
            Table t = Table.create(a + " over " + b, StringColumn.create("networks",
                    java.util.stream.IntStream.range(0, check.length).mapToObj(k -> x.get(k).name() + " / " + y.get(k).name())
                            .toArray(String[]::new)));
            for (Measure m : Measure.values()) {
                if (m != Measure.RESIDUAL) {
                    t.addColumns(DoubleColumn.create(m.toString(), ratios(a, b, m)));
                }
            }
            return t;
        }

        @Override
        public String summary() {
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "sharpness of %d networks (%s)", rows.size(),
                    settings));
            for (String g : groups()) {
                s.append(String.format(Locale.ROOT, "; %s: median top eigenvalue %.4g, epsilon %.3g, adaptive %.3g, "
                                + "test accuracy %.4f", g, Stats.median(values(g, Measure.TOP_EIGENVALUE)),
                        Stats.median(values(g, Measure.EPSILON)), Stats.median(values(g, Measure.ADAPTIVE)),
                        Stats.median(values(g, Measure.TEST_ACCURACY))));
            }
            return s.toString();
        }

        @Override
        public String toString() {
            return summary();
        }

        /** Top eigenvalue, epsilon-sharpness and adaptive sharpness against test accuracy (or train loss without one). */
        @Override
        public Figure figure() {
            Measure x = rows.stream().allMatch(r -> Double.isNaN(r.testAccuracy())) ? Measure.TRAIN_LOSS : Measure.TEST_ACCURACY;
            Measure[] ys = {Measure.TOP_EIGENVALUE, Measure.EPSILON, Measure.ADAPTIVE};
            Figure[] panels = new Figure[ys.length];
            for (int k = 0; k < ys.length; k++) {
                panels[k] = new Figure(Renderings.chartImage(chart(x, ys[k])), ys[k].toString());
            }
            return Figure.row(panels);
        }

        private XYChart chart(Measure x, Measure y) {
            List<Series> sets = new ArrayList<>();
            for (String g : groups()) {
                sets.add(Series.of(g, values(g, x), values(g, y)));
            }
            XYChart chart = Plots.scatter(y.toString(), x.toString(), y.toString(), sets.toArray(new Series[0]));
            double[] all = rows.stream().mapToDouble(r -> r.get(y)).toArray();
            boolean log = Arrays.stream(all).allMatch(v -> v > 0) && Stats.max(all) > 20 * Stats.min(all);
            // the legend below: the points may sit in any corner
            chart.getStyler().setYAxisLogarithmic(log).setLegendVisible(sets.size() > 1).setMarkerSize(10)
                    .setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS)
                    .setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Horizontal);
            return chart;
        }

        @Override
        public Table table() {
            Table t = Table.create("sharpness",
                    StringColumn.create("group", rows.stream().map(Row::group).toArray(String[]::new)),
                    StringColumn.create("network", rows.stream().map(Row::name).toArray(String[]::new)),
                    IntColumn.create("parameters", rows.stream().mapToInt(Row::parameters).toArray()));
            for (Measure m : Measure.values()) {
                t.addColumns(DoubleColumn.create(m.toString(), rows.stream().mapToDouble(r -> r.get(m)).toArray()));
            }
            return t.addColumns(DoubleColumn.create(PRODUCTS, rows.stream().mapToDouble(Row::products).toArray()),
                    DoubleColumn.create(GRADIENTS, rows.stream().mapToDouble(Row::gradients).toArray()));
        }

        private static final String PRODUCTS = "Hessian products", GRADIENTS = "gradients";

        private static String[] columns() {
            List<String> c = new ArrayList<>(List.of("group", "network", "parameters"));
            for (Measure m : Measure.values()) {
                c.add(m.toString());
            }
            c.add(PRODUCTS);
            c.add(GRADIENTS);
            return c.toArray(String[]::new);
        }

        /** Saves {@link #table()} with the counts as whole numbers and the settings in a comment line, for {@link #read}. */
        @Override
        public void write(java.nio.file.Path file) {
            Table t = table();
            t.replaceColumn(PRODUCTS, LongColumn.create(PRODUCTS, rows.stream().mapToLong(Row::products).toArray()));
            t.replaceColumn(GRADIENTS, LongColumn.create(GRADIENTS, rows.stream().mapToLong(Row::gradients).toArray()));
            ResultFile.write(file, "Sharpness.Comparison", ResultFile.meta("settings", settings), t);
        }

        /** The comparison saved by {@link #write}: the same rows, summary, table and figure; a damaged file is refused. */
        public static Comparison read(java.nio.file.Path file) {
            ResultFile f = ResultFile.read(file, "Sharpness.Comparison").expectColumns(columns());
            if (f.rows() < 1) {
                throw f.badCell(0, "group", "a comparison has at least one network, the file has none");
            }
            String[] group = f.strings("group"), name = f.strings("network");
            int[] parameters = f.ints("parameters");
            long[] products = f.longs(PRODUCTS), gradients = f.longs(GRADIENTS);
            double[][] v = new double[Measure.values().length][];
            for (Measure m : Measure.values()) {
                v[m.ordinal()] = f.doubles(m.toString());
            }
            List<Row> rows = new ArrayList<>();
            for (int r = 0; r < f.rows(); r++) {
                if (group[r].isBlank()) {
                    throw f.badCell(r, "group", "every network belongs to a named group");
                }
                if (parameters[r] < 1) {
                    throw f.badCell(r, "parameters", "a network has at least one parameter, the row says " + parameters[r]);
                }
                if (products[r] < 0 || gradients[r] < 1) {
                    throw f.badCell(r, products[r] < 0 ? PRODUCTS : GRADIENTS, "a count of products (>= 0) and of "
                            + "gradients (>= 1: the loss at theta), the row says " + products[r] + " and " + gradients[r]);
                }
                // the measures in Measure's order, which is Row's
                rows.add(new Row(group[r], name[r], parameters[r], v[0][r], v[1][r], v[2][r], v[3][r], v[4][r], v[5][r],
                        v[6][r], v[7][r], v[8][r], v[9][r], products[r], gradients[r]));
            }
            return new Comparison(rows, f.meta("settings"));
        }
    }
}
