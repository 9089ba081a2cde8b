package org.landscape.slice;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.landscape.data.Dataset;
import org.landscape.model.Network;

/**
 * Sections of a network's loss landscape, each in one call, in the manner of loss-landscapes: 2-D planes
 * alpha -> M(mu + alpha_1 d_1 + alpha_2 d_2) (book 12.1.1) and 1-D lines, for a pluggable {@link Metric} M (the loss
 * unless given). Every surface remembers its {@link Plane}, so a trajectory can be projected onto it.
 *
 * <p>An interrupted plane or line keeps the points computed so far: running the same call again (same network
 * parameters, data, plane or end points, axes and metric) in the same kernel finishes only the rest. The last {@value #KEPT} interrupted
 * computations are kept.
 */
public final class Slices {
    /** Interrupted computations kept for resumption. */
    static final int KEPT = 4;
    private static final Map<String, Object> INTERRUPTED = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
            return size() > KEPT;
        }
    };

    private Slices() {
    }

    /**
     * The metric on the plane through {@code mu} spanned by {@code d1} and {@code d2}, over the grid of {@code a}
     * (coefficient of d1) and {@code b} (coefficient of d2).
     */
    public static Surface plane(Network net, Dataset data, double[] mu, double[] d1, double[] d2, Axis a, Axis b) {
        int n = (int) net.parameterCount();
        checkVector("mu", mu, n);
        checkVector("d1", d1, n);
        checkVector("d2", d2, n);
        return plane(net, data, new Plane(mu, d1, d2, a.name(), b.name()), a, b);
    }

    /** The loss over a grid of the plane's coordinates. */
    public static Surface plane(Network net, Dataset data, Plane plane, Axis a, Axis b) {
        return plane(net, data, plane, a, b, Metric.LOSS);
    }

    /** {@code metric} over a grid of the plane's coordinates. */
    public static Surface plane(Network net, Dataset data, Plane plane, Axis a, Axis b, Metric metric) {
        if (metric instanceof Metric.Builtin builtin) {
            return planeWithAccuracy(net, data, plane, a, b)[builtin.index];
        }
        checkPlane(net, plane);
        return plane(Evaluator.of(net, data, metric), plane, a, b);
    }

    /**
     * The evaluator's quantity over a grid of the plane's coordinates: the same surface, progress and resumption
     * for any model (an adapted DL4J network, a custom metric), one point after another.
     */
    public static Surface plane(Evaluator evaluator, Plane plane, Axis a, Axis b) {
        checkPlane(evaluator, plane);
        if (a == null || b == null) {
            throw new IllegalArgumentException("axes a and b must not be null: e.g. Axis.of(\"a\", -1, 1, 21)");
        }
        String key = key("plane", evaluator, plane, exact(a) + "|" + exact(b));
        Surface surface = resumed(key, Surface.class);
        if (surface == null) {
            surface = Surface.grid(evaluator.quantity(), a, b).on(plane);
        }
        Surface s = surface;
        return remembering(key, s, () -> s.fill((x, y) -> evaluator.value(plane.point(x, y))));
    }

    /**
     * The evaluator's quantity on the plane through its parameters along two random Gaussian directions (seeds
     * {@code seed} and {@code seed + 1}), normalised group by group as {@code normalisation} says (Li et al. 2018),
     * with its biases (and whatever else it groups with them, e.g. batch-norm gamma and beta) only when
     * {@code includeBiases}.
     */
    public static Surface randomPlane(Evaluator evaluator, Directions.Normalisation normalisation,
                                      boolean includeBiases, long seed, Axis a, Axis b) {
        return plane(evaluator, Plane.random(evaluator, seed, normalisation, includeBiases), a, b);
    }

    /** The evaluator's quantity along theta(t) = (1 - t) thetaA + t thetaB, t over {@code t}. */
    public static Curve line(Evaluator evaluator, double[] thetaA, double[] thetaB, Axis t) {
        if (evaluator == null) {
            throw new IllegalArgumentException("evaluator must not be null");
        }
        Plane plane = linePlane(thetaA, thetaB, evaluator.dimension());
        String key = key("line", evaluator, plane, exact(t));
        Curve.Partial partial = resumed(key, Curve.Partial.class);
        if (partial == null) {
            partial = new Curve.Partial(evaluator.quantity(), t);
        }
        Curve.Partial p = partial;
        return remembering(key, p, () -> p.fill(x -> evaluator.value(plane.point(x, 0)), true));
    }

    /** The book's plane through three solutions (see the network version), for any evaluator. */
    public static Surface throughThree(Evaluator evaluator, double[] theta1, double[] theta2, double[] theta3,
                                       int points) {
        int n = evaluator.dimension();
        checkVector("theta1", theta1, n);
        checkVector("theta2", theta2, n);
        checkVector("theta3", theta3, n);
        Plane plane = Plane.throughThree(theta1, theta2, theta3);
        return plane(evaluator, plane, Axis.through("toward solution 2", -0.5, 1.5, points, 0, 1),
                Axis.through("toward solution 3", -0.5, 1.5, points, 0, 1));
    }

    /** The plane of the first two principal components of {@code trajectory} (see the network version). */
    public static Surface pcaPlane(Evaluator evaluator, double[][] trajectory, int points) {
        Plane plane = Pca.of(trajectory, 2).plane();
        Projection path = plane.project(trajectory);
        return plane(evaluator, plane, path.xAxis(1.3, points), path.yAxis(1.3, 0.4, points));
    }

    /**
     * {loss, accuracy} surfaces over the grid, from one pass (accuracy is NaN everywhere for a single output).
     * Uses the fast evaluator that shares the first layer's products between the points of the plane.
     */
    public static Surface[] planeWithAccuracy(Network net, Dataset data, Plane plane, Axis a, Axis b) {
        checkPlane(net, plane);
        String key = key("planeWithAccuracy", net, data, plane, exact(a) + "|" + exact(b), "");
        Surface[] pair = resumedPair(key, plane, a, b);
        PlaneEvaluator evaluator = new PlaneEvaluator(net, data, plane, PlaneEvaluator.shares(net, data));
        Surface[] p = pair;
        return remembering(key, p, () -> {
            Surface.fillTogether(p[0], p[1], PlaneEvaluator.POINTS_PER_PASS, evaluator::evaluate);
            return p;
        });
    }

    /**
     * The metric on a plane through the network's current theta along two random Gaussian directions (seeds
     * {@code seed} and {@code seed + 1}), normalised as {@code normalisation} says (Li et al. 2018). With
     * {@code NONE} the directions include the biases; normalised ones leave biases out, as the paper does.
     */
    public static Surface randomPlane(Network net, Dataset data, Directions.Normalisation normalisation, long seed,
                                      Axis a, Axis b) {
        return randomPlane(net, data, normalisation, seed, a, b, Metric.LOSS);
    }

    public static Surface randomPlane(Network net, Dataset data, Directions.Normalisation normalisation, long seed,
                                      Axis a, Axis b, Metric metric) {
        Plane plane = Plane.random(net, seed, normalisation, normalisation == Directions.Normalisation.NONE);
        return plane(net, data, plane, a, b, metric);
    }

    /** The metric along a random direction through the network's theta (t = 0 is theta), normalised as for planes. */
    public static Curve randomLine(Network net, Dataset data, Directions.Normalisation normalisation, long seed, Axis t) {
        return randomLine(net, data, normalisation, seed, t, Metric.LOSS);
    }

    public static Curve randomLine(Network net, Dataset data, Directions.Normalisation normalisation, long seed, Axis t,
                                   Metric metric) {
        double[] theta = net.parameters();
        double[] d = Directions.random(net, seed, normalisation, normalisation == Directions.Normalisation.NONE);
        double[] end = new double[theta.length];
        for (int i = 0; i < end.length; i++) {
            end[i] = theta[i] + d[i];
        }
        return line(net, data, theta, end, t, metric);
    }

    /**
     * The loss along the straight line theta(t) = (1 - t) thetaA + t thetaB (linear interpolation), t over
     * {@code t}: t = 0 is thetaA and t = 1 is thetaB. Shows barriers between two solutions.
     */
    public static Curve line(Network net, Dataset data, double[] thetaA, double[] thetaB, Axis t) {
        return line(net, data, thetaA, thetaB, t, Metric.LOSS);
    }

    public static Curve line(Network net, Dataset data, double[] thetaA, double[] thetaB, Axis t, Metric metric) {
        Plane plane = linePlane(thetaA, thetaB, (int) net.parameterCount());
        if (!(metric instanceof Metric.Builtin)) {
            return line(Evaluator.of(net, data, metric), thetaA, thetaB, t);
        }
        String key = key("line", net, data, plane, exact(t), metric.name());
        Curve.Partial partial = resumed(key, Curve.Partial.class);
        if (partial == null) {
            partial = new Curve.Partial(metric.name(), t);
        }
        Curve.Partial p = partial;
        int index = ((Metric.Builtin) metric).index;
        PlaneEvaluator evaluator = new PlaneEvaluator(net, data, plane, PlaneEvaluator.shares(net, data));
        return remembering(key, p, () -> p.fill(x -> evaluator.evaluate(x, 0)[index], true));
    }

    /** The plane thetaA + t (thetaB - thetaA) + 0 e whose first axis is the line (e any other direction). */
    private static Plane linePlane(double[] thetaA, double[] thetaB, int n) {
        checkVector("thetaA", thetaA, n);
        checkVector("thetaB", thetaB, n);
        double[] direction = Directions.difference(thetaB, thetaA);
        if (norm(direction) == 0) {
            throw new IllegalArgumentException("thetaA equals thetaB: a line needs two different points");
        }
        double[] other = new double[n];
        other[argMinAbs(direction)] = 1; // any direction not parallel to the line; its coefficient stays 0
        return new Plane(thetaA, direction, other, "t", "unused");
    }

    /**
     * The metric along a curve between two solutions ({@link ModeCurve}: a Bezier curve or a polygonal chain), at the
     * points of {@code t}, which must lie in [0, 1] (0 = theta_A, 1 = theta_B). Interrupted, it keeps its points and
     * resumes as {@link #line} does.
     */
    public static Curve along(Network net, Dataset data, ModeCurve curve, Axis t, Metric metric) {
        if (curve == null || t == null || metric == null) {
            throw new IllegalArgumentException((curve == null ? "curve" : t == null ? "t" : "metric") + " must not be null");
        }
        if (curve.dimension() != net.parameterCount()) {
            throw new IllegalArgumentException("the curve lives in R^" + curve.dimension() + " but the network has "
                    + net.parameterCount() + " parameters");
        }
        if (!(t.min() >= 0 && t.max() <= 1)) {
            throw new IllegalArgumentException("t runs over [" + t.min() + ", " + t.max() + "] but a curve is defined on "
                    + "[0, 1] only: use e.g. Axis.of(\"t\", 0, 1, 61)");
        }
        net.checkData(data);
        String key = org.landscape.util.Fingerprint.of("along").add("network", net.toString()).add("data", data.fingerprint())
                .add("shape", curve.shape().name()).add("A", curve.start()).add("C", curve.bend()).add("B", curve.end())
                .add("axes", exact(t)).add("metric", metric.name()).build().digest();
        Curve.Partial partial = resumed(key, Curve.Partial.class);
        if (partial == null) {
            partial = new Curve.Partial(metric.name(), t);
        }
        Curve.Partial p = partial;
        if (metric == Metric.LOSS) { // the engine's loss, as the line's evaluator gives it
            org.landscape.model.Risk risk = org.landscape.model.Risk.of(net, data);
            return remembering(key, p, () -> p.fill(x -> risk.value(curve.point(x)), true));
        }
        Network at = net.copy();
        return remembering(key, p, () -> p.fill(x -> {
            at.setParameters(curve.point(x));
            return metric.value(at, data);
        }, true));
    }

    /**
     * The book's plane through three solutions: mu = theta1, d1 = theta2 - theta1, d2 = theta3 - theta1, over
     * [-0.5, 1.5]^2 with at least {@code points} points per axis, chosen so that 0 and 1 are grid points: the
     * solutions sit exactly at (0, 0), (1, 0) and (0, 1), where {@link Surface#valueAt} gives their values.
     */
    public static Surface throughThree(Network net, Dataset data, double[] theta1, double[] theta2, double[] theta3,
                                       int points) {
        return throughThree(net, data, theta1, theta2, theta3, points, Metric.LOSS);
    }

    public static Surface throughThree(Network net, Dataset data, double[] theta1, double[] theta2, double[] theta3,
                                       int points, Metric metric) {
        int n = (int) net.parameterCount();
        checkVector("theta1", theta1, n);
        checkVector("theta2", theta2, n);
        checkVector("theta3", theta3, n);
        Plane plane = Plane.throughThree(theta1, theta2, theta3);
        return plane(net, data, plane, Axis.through("toward solution 2", -0.5, 1.5, points, 0, 1),
                Axis.through("toward solution 3", -0.5, 1.5, points, 0, 1), metric);
    }

    /**
     * The plane of the first two principal components of {@code trajectory} (one parameter vector per row), through
     * its mean, over axes that cover the projected trajectory with a margin of 30% (the second axis at least 40% of
     * the first, so a straight path still gets a readable picture). Project the trajectory with
     * {@code surface.plane().project(trajectory)}.
     */
    public static Surface pcaPlane(Network net, Dataset data, double[][] trajectory, int points) {
        return pcaPlane(net, data, trajectory, points, Metric.LOSS);
    }

    public static Surface pcaPlane(Network net, Dataset data, double[][] trajectory, int points, Metric metric) {
        Plane plane = Pca.of(trajectory, 2).plane();
        Projection path = plane.project(trajectory);
        return plane(net, data, plane, path.xAxis(1.3, points), path.yAxis(1.3, 0.4, points), metric);
    }

    /**
     * How wide the basin around {@code theta} is: the mean distance, along {@code directions} filter-normalised
     * random directions (both ways), at which the loss first rises {@code rise} above its value at theta. Distances
     * are in units of the filter-normalised direction (1 = as large as the weights themselves); a direction that
     * never rises that much within {@code maxDistance} counts as maxDistance. A flat, wide minimum scores high.
     */
    public static double basinWidth(Network net, Dataset data, double[] theta, int directions, double rise,
                                    double maxDistance, long seed) {
        checkVector("theta", theta, (int) net.parameterCount());
        if (directions < 1 || !(rise > 0) || !(maxDistance > 0)) {
            throw new IllegalArgumentException("need directions >= 1, rise > 0 and maxDistance > 0; got " + directions
                    + ", " + rise + ", " + maxDistance);
        }
        Network at = net.copy();
        at.setParameters(theta);
        double base = at.loss(data);
        int steps = 200;
        double total = 0;
        for (int k = 0; k < directions; k++) {
            double[] d = Directions.random(at, seed + k, Directions.Normalisation.FILTER, false);
            double[] other = Directions.random(at, seed + k + 7919, Directions.Normalisation.NONE, true);
            PlaneEvaluator line = new PlaneEvaluator(at, data, new Plane(theta, d, other, "t", "unused"),
                    PlaneEvaluator.shares(at, data));
            for (int sign : new int[]{1, -1}) {
                double reached = maxDistance;
                for (int i = 1; i <= steps; i++) {
                    double t = sign * maxDistance * i / steps;
                    double value = line.evaluate(t, 0)[0];
                    if (!(value <= base + rise)) { // NaN counts as risen
                        reached = maxDistance * (i - 0.5) / steps;
                        break;
                    }
                }
                total += reached;
            }
        }
        return total / (2 * directions);
    }

    private static int argMinAbs(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (Math.abs(v[i]) < Math.abs(v[best])) {
                best = i;
            }
        }
        return best;
    }

    /** For a network with exactly two parameters: the loss over (theta_1, theta_2) itself, the whole landscape. */
    public static Surface wholeLandscape(Network net, Dataset data, Axis theta1, Axis theta2) {
        if (net.parameterCount() != 2) {
            throw new IllegalArgumentException("wholeLandscape needs a network with exactly 2 parameters, " + net
                    + " has " + net.parameterCount() + "; use Slices.plane for a 2-D section instead");
        }
        return plane(net, data, new double[2], new double[]{1, 0}, new double[]{0, 1}, theta1, theta2);
    }

    private static void checkPlane(Network net, Plane plane) {
        if (plane.dimension() != net.parameterCount()) {
            throw new IllegalArgumentException("the plane lives in R^" + plane.dimension() + " but the network has "
                    + net.parameterCount() + " parameters");
        }
    }

    private static void checkPlane(Evaluator evaluator, Plane plane) {
        if (evaluator == null || plane == null) {
            throw new IllegalArgumentException((evaluator == null ? "evaluator" : "plane") + " must not be null");
        }
        if (plane.dimension() != evaluator.dimension()) {
            throw new IllegalArgumentException("the plane lives in R^" + plane.dimension() + " but the model has "
                    + evaluator.dimension() + " parameters: make the plane from this model's parameters");
        }
    }

    /** What identifies one computation of an evaluator: the call, its fingerprint, the plane and the axes. */
    private static String key(String call, Evaluator evaluator, Plane plane, String axes) {
        return org.landscape.util.Fingerprint.of(call).add("evaluator", evaluator.fingerprint())
                .add("mu", plane.mu()).add("d1", plane.d1()).add("d2", plane.d2()).add("axes", axes).build().digest();
    }

    /** What identifies one computation: the call, the network's settings and theta, the data, plane, axes, metric. */
    private static String key(String call, Network net, Dataset data, Plane plane, String axes, String metric) {
        // SHA-256 digests, not hash codes: a collision would hand back another computation's points
        return org.landscape.util.Fingerprint.of(call).add("network", net.toString()).add("theta", net.parameters())
                .add("data", data.fingerprint()).add("mu", plane.mu()).add("d1", plane.d1()).add("d2", plane.d2())
                .add("axes", axes).add("metric", metric).build().digest();
    }

    /** An axis exactly (its toString rounds to 6 digits, so two different axes could print alike). */
    private static String exact(Axis a) {
        return a.name() + " [" + a.min() + ", " + a.max() + "] " + a.points();
    }

    /**
     * {@link #planeWithAccuracy}'s grid cut into blocks of {@code rowsPerBlock} rows of b, for a scheduler that
     * computes the blocks elsewhere (e.g. {@code Spark.run(job)} of the {@code kernel-lib-spark} module). Every point
     * is computed as {@link #planeWithAccuracy} computes it (the first-layer sharing is decided here, once for the
     * grid), so the finished job returns its {loss, accuracy} surfaces bit for bit; an interrupted job's points are
     * kept like an interrupted call's, so either path continues them.
     */
    public static PlaneJob planeJob(Network net, Dataset data, Plane plane, Axis a, Axis b, int rowsPerBlock) {
        if (net == null || data == null || plane == null || a == null || b == null) {
            throw new IllegalArgumentException("planeJob needs a network, data, a plane and two axes, none null");
        }
        if (rowsPerBlock < 1) {
            throw new IllegalArgumentException("rowsPerBlock must be >= 1 (e.g. 4: a block is one task), got "
                    + rowsPerBlock);
        }
        checkPlane(net, plane);
        net.checkData(data);
        String key = key("planeWithAccuracy", net, data, plane, exact(a) + "|" + exact(b), "");
        return new PlaneJob(net, data, plane, a, b, rowsPerBlock, PlaneEvaluator.shares(net, data), key,
                resumedPair(key, plane, a, b));
    }

    private static Surface[] resumedPair(String key, Plane plane, Axis a, Axis b) {
        Surface[] pair = resumed(key, Surface[].class);
        return pair != null ? pair
                : new Surface[]{Surface.grid("loss", a, b).on(plane), Surface.grid("accuracy", a, b).on(plane)};
    }

    /** Keeps a partial result under its key, as an interrupted call does (for {@link PlaneJob#interrupted}). */
    static void keepInterrupted(String key, Object partial) {
        synchronized (INTERRUPTED) {
            INTERRUPTED.put(key, partial);
        }
    }

    private static <T> T resumed(String key, Class<T> type) {
        synchronized (INTERRUPTED) {
            Object o = INTERRUPTED.remove(key);
            return type.isInstance(o) ? type.cast(o) : null;
        }
    }

    /** Runs the computation; if the cell is interrupted, keeps its partial result under {@code key} and rethrows. */
    private static <T> T remembering(String key, Object partial, java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (CancellationException e) {
            synchronized (INTERRUPTED) {
                INTERRUPTED.put(key, partial);
            }
            throw e;
        }
    }

    static void checkVector(String name, double[] v, int n) {
        if (v == null || v.length != n) {
            throw new IllegalArgumentException(name + " has " + (v == null ? "no" : String.valueOf(v.length))
                    + " entries but the network has " + n + " parameters");
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] is " + v[i] + ": entries must be finite");
            }
        }
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }
}
