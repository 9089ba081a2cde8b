package org.landscape.hessian;

import org.landscape.plot.Charted;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;
import org.knowm.xchart.XYChart;
import org.landscape.data.Dataset;
import org.landscape.display.Progress;
import org.landscape.model.Network;
import org.landscape.model.Risk;
import org.landscape.plot.Plots;
import org.landscape.plot.ResultFile;
import org.landscape.plot.Series;
import org.landscape.stats.Stats;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Critical points of a small network's risk from many starts, by two searches that use the whole Hessian
 * ({@link Hessians#dense(Risk, double[])}, so for tens to a few hundred parameters):
 * <ul>
 * <li>{@link Kind#ANY_INDEX}: Levenberg-Marquardt on |grad R|^2 / 2, step -(H^2 + mu I)^{-1} H g, which converges to
 * saddles as readily as to minima (a step is kept when it lowers |grad R|);</li>
 * <li>{@link Kind#MINIMA}: saddle-free Newton on R, step -(|H| + mu I)^{-1} g, downhill along every eigenvector (a
 * step is kept when it lowers R).</li>
 * </ul>
 * Steps longer than 1 are shortened to length 1 (a trust region: long steps run off to saturated units). Each start
 * draws theta ~ N(0, {@link #INITIAL_SCALE}^2), runs 0, 10, 100, 1000 or 3000 steps of gradient descent (rate 0.1, so
 * the starts spread over the loss levels), then each search runs at most {@link #MAX_ITERATIONS} steps, stopping
 * early when it has not gained a factor 10 in |grad R| over 200 steps. A point is critical when
 * |grad R| < {@link #CRITICAL_GRADIENT}; searches that end above are counted as not converged and reported.
 * Its index fraction is the share of Hessian eigenvalues below -{@link Index#PAPER_TOLERANCE}.
 *
 * <pre>{@code
 * NetworkCriticalPoints found = NetworkCriticalPoints.search(net, data, 80, 11);
 * found.correlation(Kind.ANY_INDEX);   // Spearman loss vs index fraction within one search, permutation p
 * }</pre>
 *
 * <p>{@link #read} gives back every point found (loss, |grad|, index, search and start, bit for bit) with the same
 * distinct points, summary, table and chart; a point's {@link Point#theta()} (a vector of every parameter) is not in
 * the file and says so.
 */
public final class NetworkCriticalPoints implements Charted {
    public static final double INITIAL_SCALE = 0.5;
    public static final int MAX_ITERATIONS = 1000;
    public static final double CRITICAL_GRADIENT = 1e-8;
    static final int[] DESCENT_STEPS = {0, 10, 100, 1000, 3000};
    static final int PERMUTATIONS = 10000;

    /** Which search found a point. */
    public enum Kind {
        ANY_INDEX("any-index search (Levenberg-Marquardt on |grad|²/2)"),
        MINIMA("minima search (saddle-free Newton)");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /**
     * A critical point: where, its loss, |grad R|, index (negative eigenvalues), index fraction, its search, and
     * {@code readFrom}, the file a point read back came from (null for a point found by a search).
     */
    public record Point(double[] theta, double loss, double gradientNorm, int index, double indexFraction, Kind kind,
                        int start, String readFrom) {
        /** A point found by a search. */
        public Point(double[] theta, double loss, double gradientNorm, int index, double indexFraction, Kind kind,
                     int start) {
            this(theta, loss, gradientNorm, index, indexFraction, kind, start, null);
        }

        /** Where the point is; not available for a point {@link NetworkCriticalPoints#read} back. */
        @Override
        public double[] theta() {
            if (readFrom != null) {
                throw new IllegalStateException("the parameters of the point from start " + start + " are not in "
                        + readFrom + ": the file of a critical-point search holds each point's loss, |grad| and index, "
                        + "not where it is; search again (same network, data, starts and seed: the same points)");
            }
            return theta;
        }

        public boolean isMinimum() {
            return index == 0;
        }
    }

    // what the summary and the chart say of the network (the search's network itself is not kept)
    private final String architecture;
    private final String network;
    private final int starts;
    private final long seed;
    private final List<Point> found;
    private final int[] notConverged;
    private final List<Point> distinct;

    private NetworkCriticalPoints(String architecture, String network, int starts, long seed, List<Point> found,
                                  int[] notConverged) {
        this.architecture = architecture;
        this.network = network;
        this.starts = starts;
        this.seed = seed;
        this.found = List.copyOf(found);
        this.notConverged = notConverged;
        this.distinct = distinct(found);
    }

    /** Runs both searches from {@code starts} random starts of {@code net}'s architecture on {@code data}. */
    public static NetworkCriticalPoints search(Network net, Dataset data, int starts, long seed) {
        if (net == null || data == null) {
            throw new IllegalArgumentException((net == null ? "net" : "data") + " must not be null");
        }
        if (starts < 1) {
            throw new IllegalArgumentException("starts must be >= 1, got " + starts + "; try 80");
        }
        DenseMatrix.checkFits(net.parameterCount(), net.parameterCount(), "heap");
        Risk risk = Risk.of(net, data);
        int n = (int) net.parameterCount();
        List<Point> found = new ArrayList<>();
        int[] notConverged = new int[Kind.values().length];
        try (Progress progress = Progress.start("critical-point search", starts)) {
            // starts are independent (each its own generator), so they run in parallel with the same results
            List<Point[]> results = IntStream.range(0, starts).parallel().mapToObj(s -> {
                Point[] pair = fromStart(risk, n, s, seed);
                synchronized (progress) {
                    progress.step();
                }
                return pair;
            }).toList();
            for (Point[] pair : results) {
                for (Point p : pair) {
                    if (p.gradientNorm() < CRITICAL_GRADIENT) {
                        found.add(p);
                    } else {
                        notConverged[p.kind().ordinal()]++;
                    }
                }
            }
        }
        return new NetworkCriticalPoints(net.architecture().toString(), net.toString(), starts, seed, found, notConverged);
    }

    private static Point[] fromStart(Risk risk, int n, int s, long seed) {
        Random random = new Random(seed * 1_000_003L + s);
        double[] theta = Vectors.gaussian(n, random);
        Vectors.scale(INITIAL_SCALE, theta);
        for (int t = 0; t < DESCENT_STEPS[s % DESCENT_STEPS.length]; t++) {
            Vectors.axpy(-0.1, risk.gradient(theta), theta);
        }
        Point[] pair = new Point[Kind.values().length];
        for (Kind kind : Kind.values()) {
            double[] end = descend(risk, theta, MAX_ITERATIONS, kind);
            Spectrum spectrum = DenseEigen.all(Hessians.dense(risk, end), false);
            pair[kind.ordinal()] = new Point(end, risk.value(end), Vectors.norm(risk.gradient(end)), spectrum.index(),
                    spectrum.indexFraction(), kind, s);
        }
        return pair;
    }

    /** One search from {@code start}; returns the point reached. */
    static double[] descend(Risk risk, double[] start, int maxIterations, Kind kind) {
        double[] theta = start.clone();
        double mu = 1e-4;
        double[] history = new double[maxIterations];
        for (int it = 0; it < maxIterations; it++) {
            double[] g = risk.gradient(theta);
            double gNorm = Vectors.norm(g);
            history[it] = gNorm;
            if (gNorm < 1e-10 || (it >= 200 && gNorm > 0.1 * history[it - 200])) {
                break;   // done, or stalled
            }
            Spectrum eig = DenseEigen.all(Hessians.dense(risk, theta));
            double[] step = kind == Kind.MINIMA ? NewtonSteps.saddleFree(eig, g, mu) : NewtonSteps.levenbergMarquardt(eig, g, mu);
            double length = Vectors.norm(step);
            if (length > 1) {
                Vectors.scale(1 / length, step);
            }
            double[] trial = theta.clone();
            Vectors.axpy(1, step, trial);
            boolean better = kind == Kind.MINIMA ? risk.value(trial) < risk.value(theta)
                    : Vectors.norm(risk.gradient(trial)) < gNorm;
            if (better) {
                theta = trial;
                mu = Math.max(mu / 4, 1e-14);
            } else {
                mu *= 8;
            }
        }
        return theta;
    }

    /**
     * One point per critical point: a point is dropped when an earlier one (either search) has the same loss to
     * 1e-9 (relative) and the same index; a unit's sign flip or a permutation of units gives such a twin.
     */
    static List<Point> distinct(List<Point> points) {
        List<Point> kept = new ArrayList<>();
        for (Point p : points) {
            boolean seen = kept.stream().anyMatch(q -> Math.abs(p.loss() - q.loss()) < 1e-9 * Math.max(1, p.loss())
                    && p.index() == q.index());
            if (!seen) {
                kept.add(p);
            }
        }
        return kept;
    }

    /** All critical points found (repeats included), in start order. */
    public List<Point> found() {
        return found;
    }

    /** One per distinct critical point. */
    public List<Point> distinct() {
        return distinct;
    }

    /** The distinct critical points found first by {@code kind}. */
    public List<Point> distinct(Kind kind) {
        return distinct.stream().filter(p -> p.kind() == kind).toList();
    }

    public List<Point> minima() {
        return distinct.stream().filter(Point::isMinimum).toList();
    }

    public List<Point> saddles() {
        return distinct.stream().filter(p -> !p.isMinimum()).toList();
    }

    public int starts() {
        return starts;
    }

    /** Searches of this kind that ended with |grad R| >= {@link #CRITICAL_GRADIENT}, left out. */
    public int notConverged(Kind kind) {
        return notConverged[kind.ordinal()];
    }

    /** notConverged / starts for this search. */
    public double discardRate(Kind kind) {
        return (double) notConverged(kind) / starts;
    }

    /** Spearman's rho of loss vs index fraction over some points, with its one-sided permutation p. */
    public static Stats.Correlation correlation(List<Point> points, long seed) {
        if (points.size() < 3) {
            return new Stats.Correlation(Double.NaN, Double.NaN, points.size(), 0);
        }
        double[] loss = points.stream().mapToDouble(Point::loss).toArray();
        double[] alpha = points.stream().mapToDouble(Point::indexFraction).toArray();
        return Stats.spearmanTest(loss, alpha, PERMUTATIONS, seed);
    }

    /** The correlation within one search: the distinct points it found. */
    public Stats.Correlation correlation(Kind kind) {
        return correlation(distinct(kind), seed);
    }

    /** The correlation among the distinct saddles alone (index > 0), whichever search found them. */
    public Stats.Correlation saddleCorrelation() {
        return correlation(saddles(), seed);
    }

    /** The share of (minimum, saddle) pairs in which the minimum has the lower loss (1: every minimum below every saddle). */
    public double minimaBelowSaddles() {
        List<Point> minima = minima(), saddles = saddles();
        if (minima.isEmpty() || saddles.isEmpty()) {
            return Double.NaN;
        }
        long below = minima.stream().mapToLong(m -> saddles.stream().filter(s -> m.loss() < s.loss()).count()).sum();
        return (double) below / ((long) minima.size() * saddles.size());
    }

    private static double[] losses(List<Point> points) {
        return points.stream().mapToDouble(Point::loss).toArray();
    }

    private static double[] fractions(List<Point> points) {
        return points.stream().mapToDouble(Point::indexFraction).toArray();
    }

    /** The loss range "a-b" of some points. */
    private static String range(List<Point> points, boolean fraction) {
        if (points.isEmpty()) {
            return "none";
        }
        double[] v = fraction ? fractions(points) : losses(points);
        return String.format(Locale.ROOT, fraction ? "%.2f-%.2f" : "%.3f-%.3f", Stats.min(v), Stats.max(v));
    }

    @Override
    public String summary() {
        return String.format(Locale.ROOT, "%d distinct critical points of %s from %d starts: %d minima (loss %s), "
                        + "%d saddles (loss %s, index fraction %s); %d of %d any-index and %d of %d minima searches "
                        + "did not reach |grad| < %.0e and are left out",
                distinct.size(), architecture, starts, minima().size(), range(minima(), false), saddles().size(),
                range(saddles(), false), range(saddles(), true), notConverged(Kind.ANY_INDEX), starts,
                notConverged(Kind.MINIMA), starts, CRITICAL_GRADIENT);
    }

    /** Index fraction against loss, minima and saddles in their own colours. */
    public XYChart chart() {
        List<Series> sets = new ArrayList<>();
        sets.add(Series.of("minima (index 0)", losses(minima()), fractions(minima())));
        sets.add(Series.of("saddles (index > 0)", losses(saddles()), fractions(saddles())));
        XYChart chart = Plots.scatter("critical points of " + network, "loss at the critical point", "index fraction (share of eigenvalues < -0.001)",
                sets.stream().filter(s -> s.x().length > 0).toArray(Series[]::new));
        chart.getStyler().setYAxisMin(0.0).setLegendVisible(true)
                .setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        return chart;
    }

    /** One row per distinct critical point, by loss. */
    @Override
    public Table table() {
        List<Point> byLoss = distinct.stream().sorted((a, b) -> Double.compare(a.loss(), b.loss())).toList();
        return Table.create("distinct critical points",
                DoubleColumn.create("loss", byLoss.stream().mapToDouble(p -> round(p.loss(), 5))),
                IntColumn.create("index", byLoss.stream().mapToInt(Point::index).toArray()),
                DoubleColumn.create("index fraction", byLoss.stream().mapToDouble(p -> round(p.indexFraction(), 3))),
                DoubleColumn.create("|grad|", byLoss.stream().mapToDouble(Point::gradientNorm)),
                StringColumn.create("found by", byLoss.stream().map(p -> p.kind() == Kind.MINIMA ? "minima search"
                        : "any-index search")));
    }

    private static final String[] COLUMNS = {"start", "search", "loss", "|grad|", "index", "index fraction"};

    private static String notConvergedKey(Kind kind) {
        return (kind == Kind.MINIMA ? "minima" : "any-index") + " searches not converged";
    }

    /**
     * Saves every point found, unrounded and in start order (the distinct ones are the first of their loss and index),
     * with the searches that did not converge, for {@link #read}; not the points' parameters.
     */
    @Override
    public void write(Path file) {
        ResultFile.write(file, "NetworkCriticalPoints", ResultFile.meta("network", network, "architecture",
                architecture, "starts", starts, "seed", seed, notConvergedKey(Kind.ANY_INDEX),
                notConverged(Kind.ANY_INDEX), notConvergedKey(Kind.MINIMA), notConverged(Kind.MINIMA)),
                Table.create("critical points found", IntColumn.create(COLUMNS[0], found.stream().mapToInt(Point::start)
                                .toArray()),
                        StringColumn.create(COLUMNS[1], found.stream().map(p -> p.kind().name())),
                        DoubleColumn.create(COLUMNS[2], found.stream().mapToDouble(Point::loss)),
                        DoubleColumn.create(COLUMNS[3], found.stream().mapToDouble(Point::gradientNorm)),
                        IntColumn.create(COLUMNS[4], found.stream().mapToInt(Point::index).toArray()),
                        DoubleColumn.create(COLUMNS[5], found.stream().mapToDouble(Point::indexFraction))));
    }

    /**
     * The search saved by {@link #write}: the same points (without their parameters, which {@link Point#theta()}
     * says), distinct points, correlations, summary, table and chart. A damaged file (a point that is not critical,
     * an index fraction outside [0, 1], rows out of start order, counts that do not add up to the starts) is refused
     * naming its line.
     */
    public static NetworkCriticalPoints read(Path file) {
        ResultFile f = ResultFile.read(file, "NetworkCriticalPoints").expectColumns(COLUMNS);
        int starts = f.metaInt("starts");
        if (starts < 1) {
            throw f.badMeta("starts", "a search has at least one start, not " + starts);
        }
        int[] start = f.ints(COLUMNS[0]), index = f.ints(COLUMNS[4]);
        String[] search = f.strings(COLUMNS[1]);
        double[] loss = f.doubles(COLUMNS[2]), gradient = f.doubles(COLUMNS[3]), fraction = f.doubles(COLUMNS[5]);
        String from = f.file().toString();
        List<Point> found = new ArrayList<>();
        int[] converged = new int[Kind.values().length];
        for (int i = 0; i < f.rows(); i++) {
            Kind kind;
            try {
                kind = Kind.valueOf(search[i]);
            } catch (IllegalArgumentException e) {
                throw f.badCell(i, COLUMNS[1], "'" + search[i] + "' is not one of " + Arrays.toString(
                        Arrays.stream(Kind.values()).map(Kind::name).toArray()));
            }
            if (start[i] < 0 || start[i] >= starts) {
                throw f.badCell(i, COLUMNS[0], "start " + start[i] + " of a search from starts 0.." + (starts - 1));
            }
            Point before = found.isEmpty() ? null : found.get(found.size() - 1);
            if (before != null && (start[i] < before.start()
                    || start[i] == before.start() && kind.ordinal() <= before.kind().ordinal())) {
                throw f.badCell(i, COLUMNS[0], "start " + start[i] + " (" + search[i] + ") after start " + before.start()
                        + " (" + before.kind().name() + "): the points are in start order, each search once per start "
                        + "(rows reordered?)");
            }
            if (!(gradient[i] >= 0 && gradient[i] < CRITICAL_GRADIENT)) {
                throw f.badCell(i, COLUMNS[3], "a point found has |grad| < " + CRITICAL_GRADIENT + " (a search that "
                        + "ended above is counted as not converged), not " + gradient[i]);
            }
            if (index[i] < 0) {
                throw f.badCell(i, COLUMNS[4], "an index counts negative eigenvalues, so it is >= 0, not " + index[i]);
            }
            if (!(fraction[i] >= 0 && fraction[i] <= 1)) {
                throw f.badCell(i, COLUMNS[5], "an index fraction is a share in [0, 1], not " + fraction[i]);
            }
            if (!Double.isFinite(loss[i])) {
                throw f.badCell(i, COLUMNS[2], "the loss at a critical point is a finite number, not " + loss[i]);
            }
            converged[kind.ordinal()]++;
            found.add(new Point(null, loss[i], gradient[i], index[i], fraction[i], kind, start[i], from));
        }
        int[] notConverged = new int[Kind.values().length];
        for (Kind kind : Kind.values()) {
            String key = notConvergedKey(kind);
            notConverged[kind.ordinal()] = f.metaInt(key);
            if (notConverged[kind.ordinal()] + converged[kind.ordinal()] != starts) {
                throw f.badMeta(key, notConverged[kind.ordinal()] + " searches not converged and "
                        + converged[kind.ordinal()] + " points found by the " + kind + " are not its " + starts
                        + " starts (each start runs each search once)");
            }
        }
        return new NetworkCriticalPoints(f.meta("architecture"), f.meta("network"), starts, f.metaLong("seed"), found,
                notConverged);
    }

    private static double round(double x, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(x * f) / f;
    }

    @Override
    public String toString() {
        return summary();
    }
}
