package org.landscape.slice;

import java.util.Locale;

/**
 * A curve in parameter space from theta_A (t = 0) to theta_B (t = 1) through one bend theta_C, the curves of
 * Garipov et al. (2018): the quadratic Bezier curve (1-t)^2 A + 2t(1-t) C + t^2 B, or the polygonal chain A -> C -> B
 * (t = 1/2 at the bend). The ends never move; only the bend is trained ({@code train.CurveTrainer}). Both shapes lie in
 * the plane through A, B and C ({@link #plane()}), at the coordinates {@link #inPlane}: the curve can be drawn exactly
 * on that plane's heatmap.
 *
 * <p>Made with the bend at the midpoint (A + B) / 2, either shape is the straight line from A to B, as the paper
 * starts training.
 *
 * <pre>{@code
 * ModeCurve curve = ModeCurve.bezier(thetaA, thetaB);       // the straight line, to be bent by training
 * Curve loss = Slices.along(net, data, curve, Axis.of("t", 0, 1, 61), Metric.LOSS);
 * }</pre>
 */
public final class ModeCurve {
    /** The two shapes of the paper. */
    public enum Shape {
        /** (1-t)^2 A + 2t(1-t) C + t^2 B. */
        BEZIER,
        /** A -> C for t in [0, 1/2], C -> B for t in [1/2, 1]. */
        POLYGONAL;

        @Override
        public String toString() {
            return this == BEZIER ? "quadratic Bezier curve" : "polygonal chain";
        }
    }

    private final Shape shape;
    private final double[] a;
    private final double[] bend;
    private final double[] b;

    private ModeCurve(Shape shape, double[] a, double[] bend, double[] b) {
        this.shape = shape;
        this.a = a;
        this.bend = bend;
        this.b = b;
    }

    /** The Bezier curve from thetaA to thetaB, its bend at the midpoint (so it starts as the straight line). */
    public static ModeCurve bezier(double[] thetaA, double[] thetaB) {
        return between(Shape.BEZIER, thetaA, thetaB);
    }

    /** The polygonal chain from thetaA to thetaB, its bend at the midpoint (so it starts as the straight line). */
    public static ModeCurve polygonal(double[] thetaA, double[] thetaB) {
        return between(Shape.POLYGONAL, thetaA, thetaB);
    }

    /** A curve of {@code shape} from thetaA to thetaB with its bend at the midpoint. */
    public static ModeCurve between(Shape shape, double[] thetaA, double[] thetaB) {
        if (shape == null) {
            throw new IllegalArgumentException("shape must not be null: Shape.BEZIER or Shape.POLYGONAL");
        }
        if (thetaA == null || thetaB == null) {
            throw new IllegalArgumentException((thetaA == null ? "thetaA" : "thetaB") + " must not be null");
        }
        Slices.checkVector("thetaB", thetaB, thetaA.length);
        Slices.checkVector("thetaA", thetaA, thetaA.length);
        if (Slices.norm(Directions.difference(thetaB, thetaA)) == 0) {
            throw new IllegalArgumentException("thetaA equals thetaB: a curve between solutions needs two different ends");
        }
        double[] mid = new double[thetaA.length];
        for (int i = 0; i < mid.length; i++) {
            mid[i] = 0.5 * (thetaA[i] + thetaB[i]);
        }
        return new ModeCurve(shape, thetaA.clone(), mid, thetaB.clone());
    }

    /** The same ends and shape with another bend. */
    public ModeCurve withBend(double[] newBend) {
        if (newBend == null) {
            throw new IllegalArgumentException("the bend must not be null");
        }
        Slices.checkVector("bend", newBend, a.length);
        return new ModeCurve(shape, a, newBend.clone(), b);
    }

    /**
     * The weights (w_A, w_C, w_B) of the ends and the bend at t: curve(t) = w_A A + w_C C + w_B B. The gradient of a
     * loss at curve(t) with respect to the bend is w_C(t) times the loss's gradient there (the chain rule).
     */
    public double[] weights(double t) {
        checkT(t);
        if (shape == Shape.BEZIER) {
            return new double[]{(1 - t) * (1 - t), 2 * t * (1 - t), t * t};
        }
        return t <= 0.5 ? new double[]{1 - 2 * t, 2 * t, 0} : new double[]{0, 2 - 2 * t, 2 * t - 1};
    }

    /** d curve(t) / d bend: the factor of the bend in curve(t), w_C(t). */
    public double bendWeight(double t) {
        return weights(t)[1];
    }

    /** The point of the curve at t in [0, 1]; exactly theta_A at 0 and theta_B at 1. */
    public double[] point(double t) {
        if (t == 0) {
            return a.clone();
        }
        if (t == 1) {
            return b.clone();
        }
        double[] w = weights(t);
        double[] p = new double[a.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = w[0] * a[i] + w[1] * bend[i] + w[2] * b[i];
        }
        return p;
    }

    /** {@code count} points at t = 0, 1/(count-1), ..., 1, one per row (to project onto a plane). */
    public double[][] points(int count) {
        if (count < 2) {
            throw new IllegalArgumentException("count must be >= 2 (the two ends), got " + count);
        }
        org.landscape.util.Memory.require(8L * count * a.length, count + " points of " + a.length + " parameters",
                "use fewer points (a hundred draw a smooth curve)");
        double[][] p = new double[count][];
        for (int k = 0; k < count; k++) {
            p[k] = point(k == count - 1 ? 1 : (double) k / (count - 1));
        }
        return p;
    }

    /**
     * The coordinates (x, y) of curve(t) in {@link #plane()} (A + x (B - A) + y (C - A)): (t^2, 2t(1-t)) for the Bezier
     * curve, (0, 2t) then (2t - 1, 2 - 2t) for the chain.
     */
    public double[] inPlane(double t) {
        checkT(t);
        if (shape == Shape.BEZIER) {
            return new double[]{t * t, 2 * t * (1 - t)};
        }
        return t <= 0.5 ? new double[]{0, 2 * t} : new double[]{2 * t - 1, 2 - 2 * t};
    }

    /**
     * The plane through A, B and the bend C ({@link Plane#throughThree}: A at (0, 0), B at (1, 0), C at (0, 1)). A bend
     * on the line through A and B (an untrained curve) spans no plane and is refused.
     */
    public Plane plane() {
        return Plane.throughThree(a, b, bend);
    }

    public Shape shape() {
        return shape;
    }

    /** theta_A, the curve at t = 0. */
    public double[] start() {
        return a.clone();
    }

    /** theta_B, the curve at t = 1. */
    public double[] end() {
        return b.clone();
    }

    /** The bend theta_C (for the Bezier curve its control point, which the curve does not pass through). */
    public double[] bend() {
        return bend.clone();
    }

    public int dimension() {
        return a.length;
    }

    /** The bend's distance from the midpoint of A and B, relative to |B - A|: 0 for the straight line. */
    public double bendOffset() {
        double[] off = new double[a.length];
        for (int i = 0; i < off.length; i++) {
            off[i] = bend[i] - 0.5 * (a[i] + b[i]);
        }
        return Slices.norm(off) / Slices.norm(Directions.difference(b, a));
    }

    private static void checkT(double t) {
        if (!(t >= 0 && t <= 1)) {
            throw new IllegalArgumentException("t must be in [0, 1] (0 = theta_A, 1 = theta_B), got " + t);
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s in R^%d, |B - A| = %.4g, bend %.3g x |B - A| off the midpoint", shape,
                a.length, Slices.norm(Directions.difference(b, a)), bendOffset());
    }
}
