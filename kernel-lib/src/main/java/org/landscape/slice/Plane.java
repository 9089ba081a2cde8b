package org.landscape.slice;

import java.util.Locale;
import org.landscape.model.Network;

/**
 * A 2-D section mu + a d1 + b d2 of parameter space (book 12.1.1), with names for its two axes. Made from random
 * directions, from the principal components of a trajectory ({@link Pca#plane()}), or through three trained
 * solutions ({@link #throughThree}).
 */
public final class Plane implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final double[] mu;
    private final double[] d1;
    private final double[] d2;
    private final String name1;
    private final String name2;

    public Plane(double[] mu, double[] d1, double[] d2, String name1, String name2) {
        if (mu == null || d1 == null || d2 == null) {
            throw new IllegalArgumentException("mu, d1 and d2 must not be null");
        }
        if (d1.length != mu.length || d2.length != mu.length) {
            throw new IllegalArgumentException("mu, d1 and d2 must have the same length, got " + mu.length + ", "
                    + d1.length + ", " + d2.length);
        }
        Slices.checkVector("mu", mu, mu.length);
        Slices.checkVector("d1", d1, mu.length);
        Slices.checkVector("d2", d2, mu.length);
        double n1 = Slices.norm(d1), n2 = Slices.norm(d2);
        if (!Double.isFinite(n1) || !Double.isFinite(n2)) {
            throw new IllegalArgumentException("|" + (Double.isFinite(n1) ? "d2" : "d1") + "| overflows: scale the "
                    + "direction down (entries up to about 1e150 are fine)");
        }
        if (n1 == 0 || n2 == 0) {
            throw new IllegalArgumentException((n1 == 0 ? "d1" : "d2") + " is the zero vector: a plane needs two non-zero directions");
        }
        if (Math.abs(Slices.dot(d1, d2)) / (n1 * n2) > 1 - 1e-10) {
            throw new IllegalArgumentException("d1 and d2 are parallel: they span a line, not a plane");
        }
        this.mu = mu.clone();
        this.d1 = d1.clone();
        this.d2 = d2.clone();
        this.name1 = name1;
        this.name2 = name2;
    }

    /** The plane through {@code net}'s current theta along two random directions (seeds {@code seed}, {@code seed+1}). */
    public static Plane random(Network net, long seed, Directions.Normalisation normalisation, boolean includeBiases) {
        return new Plane(net.parameters(), Directions.random(net, seed, normalisation, includeBiases),
                Directions.random(net, seed + 1, normalisation, includeBiases), "random direction 1", "random direction 2");
    }

    /**
     * The plane through the evaluator's parameters along two random directions (seeds {@code seed}, {@code seed+1}),
     * normalised by its groups ({@link Evaluator#groups}): for an adapted DL4J model, per convolution filter and dense
     * unit under FILTER, with biases and batch-norm gamma and beta only when {@code includeBiases}.
     */
    public static Plane random(Evaluator evaluator, long seed, Directions.Normalisation normalisation,
                               boolean includeBiases) {
        if (evaluator == null) {
            throw new IllegalArgumentException("evaluator must not be null");
        }
        double[] theta = evaluator.parameters();
        java.util.List<Directions.Group> groups = evaluator.groups(includeBiases);
        String kind = normalisation == Directions.Normalisation.NONE ? "random" : normalisation.name().toLowerCase(Locale.ROOT)
                + "-normalised";
        return new Plane(theta, Directions.random(theta, groups, seed, normalisation),
                Directions.random(theta, groups, seed + 1, normalisation), kind + " direction 1", kind + " direction 2");
    }

    /**
     * The plane through {@code net}'s theta along a random direction within hidden layer {@code layer1}'s incoming
     * weights and one within {@code layer2}'s (0 = the first weight matrix): the same layer twice gives a plane
     * within one layer, two layers one across them. Filter-normalised unless {@code normalisation} says otherwise.
     */
    public static Plane randomInLayers(Network net, long seed, Directions.Normalisation normalisation, int layer1, int layer2) {
        double[] theta = net.parameters();
        return new Plane(theta, Directions.restrict(net.layout(), Directions.random(net, seed, normalisation, false), layer1),
                Directions.restrict(net.layout(), Directions.random(net, seed + 1, normalisation, false), layer2),
                "random direction in layer " + layer1, "random direction in layer " + layer2);
    }

    /**
     * mu = theta1, d1 = theta2 - theta1, d2 = theta3 - theta1: the solutions sit at (0,0), (1,0) and (0,1).
     * Refuses three solutions on one line (they span no plane).
     */
    public static Plane throughThree(double[] theta1, double[] theta2, double[] theta3) {
        double[] a = Directions.difference(theta2, theta1), b = Directions.difference(theta3, theta1);
        double na = Slices.norm(a), nb = Slices.norm(b);
        if (na == 0 || nb == 0) {
            throw new IllegalArgumentException((na == 0 ? "theta2" : "theta3") + " equals theta1: three different solutions are needed");
        }
        if (Math.abs(Slices.dot(a, b)) / (na * nb) > 1 - 1e-10) {
            throw new IllegalArgumentException("theta1, theta2 and theta3 lie on one line: they span no plane; "
                    + "train from different seeds to get three distinct solutions");
        }
        return new Plane(theta1, a, b, "toward theta2", "toward theta3");
    }

    /** The same plane with d1, d2 made orthonormal (Gram-Schmidt) and the axes in units of parameter distance. */
    public Plane orthonormalised() {
        double n1 = Slices.norm(d1);
        double[] e1 = new double[d1.length], e2 = d2.clone();
        for (int i = 0; i < e1.length; i++) {
            e1[i] = d1[i] / n1;
        }
        double p = Slices.dot(e2, e1);
        for (int i = 0; i < e2.length; i++) {
            e2[i] -= p * e1[i];
        }
        double n2 = Slices.norm(e2);
        for (int i = 0; i < e2.length; i++) {
            e2[i] /= n2;
        }
        return new Plane(mu, e1, e2, name1 + " (unit)", "orthogonal (unit)");
    }

    /** mu + a d1 + b d2. */
    public double[] point(double a, double b) {
        double[] t = new double[mu.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = mu[i] + a * d1[i] + b * d2[i];
        }
        return t;
    }

    /** The coordinates (a, b) of the point of the plane nearest to theta (least squares). */
    public double[] coordinates(double[] theta) {
        if (theta.length != mu.length) {
            throw new IllegalArgumentException("theta has " + theta.length + " entries, the plane lives in " + mu.length);
        }
        double[] r = Directions.difference(theta, mu);
        double g11 = Slices.dot(d1, d1), g12 = Slices.dot(d1, d2), g22 = Slices.dot(d2, d2);
        double r1 = Slices.dot(d1, r), r2 = Slices.dot(d2, r);
        double det = g11 * g22 - g12 * g12;
        return new double[]{(g22 * r1 - g12 * r2) / det, (g11 * r2 - g12 * r1) / det};
    }

    /**
     * The points projected onto the plane (least squares), e.g. a training trajectory to draw on a slice:
     * {@code HeatmapPlot.of(surface).path(p.x(), p.y(), "training")}.
     */
    public Projection project(double[][] points) {
        double[] xs = new double[points.length], ys = new double[points.length], gaps = new double[points.length];
        for (int i = 0; i < points.length; i++) {
            double[] c = coordinates(points[i]);
            xs[i] = c[0];
            ys[i] = c[1];
            gaps[i] = Slices.norm(Directions.difference(points[i], point(c[0], c[1])));
        }
        return new Projection(this, xs, ys, gaps);
    }

    /** Distance from theta to the plane. */
    public double distance(double[] theta) {
        double[] c = coordinates(theta);
        return Slices.norm(Directions.difference(theta, point(c[0], c[1])));
    }

    public double[] mu() {
        return mu.clone();
    }

    public double[] d1() {
        return d1.clone();
    }

    public double[] d2() {
        return d2.clone();
    }

    public String name1() {
        return name1;
    }

    public String name2() {
        return name2;
    }

    public int dimension() {
        return mu.length;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "plane in R^%d along '%s' (|d1| = %.3g) and '%s' (|d2| = %.3g), cos(d1, d2) = %.3f",
                mu.length, name1, Slices.norm(d1), name2, Slices.norm(d2),
                Slices.dot(d1, d2) / (Slices.norm(d1) * Slices.norm(d2)));
    }
}
