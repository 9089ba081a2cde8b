package org.landscape.slice;

import org.landscape.data.Dataset;
import org.landscape.model.Network;

/** 2-D sections alpha -> L(mu + alpha_1 theta_1 + alpha_2 theta_2) of a network's loss landscape (12.1.1). */
public final class Slices {
    private Slices() {
    }

    /**
     * The loss on the plane through {@code mu} spanned by {@code d1} and {@code d2}, over the grid of {@code a}
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
        return planeWithAccuracy(net, data, plane, a, b)[0];
    }

    /**
     * {loss, accuracy} surfaces over the grid, from one pass (accuracy is NaN everywhere for a single output).
     * Uses the fast evaluator that shares the first layer's products between the points of the plane.
     */
    public static Surface[] planeWithAccuracy(Network net, Dataset data, Plane plane, Axis a, Axis b) {
        PlaneEvaluator evaluator = new PlaneEvaluator(net, data, plane);
        Surface loss = Surface.grid("loss", a, b);
        Surface accuracy = Surface.grid("accuracy", a, b);
        Surface.fillTogether(loss, accuracy, PlaneEvaluator.POINTS_PER_PASS, evaluator::evaluate);
        return new Surface[]{loss, accuracy};
    }

    /**
     * The loss along the straight line theta(t) = (1 - t) thetaA + t thetaB, t over {@code t}: t = 0 is thetaA and
     * t = 1 is thetaB. Shows barriers between two solutions.
     */
    public static Curve line(Network net, Dataset data, double[] thetaA, double[] thetaB, Axis t) {
        int n = (int) net.parameterCount();
        checkVector("thetaA", thetaA, n);
        checkVector("thetaB", thetaB, n);
        double[] direction = Directions.difference(thetaB, thetaA);
        if (norm(direction) == 0) {
            throw new IllegalArgumentException("thetaA equals thetaB: a line needs two different points");
        }
        double[] other = new double[n];
        other[argMinAbs(direction)] = 1; // any direction not parallel to the line; its coefficient stays 0
        PlaneEvaluator evaluator = new PlaneEvaluator(net, data, new Plane(thetaA, direction, other, "t", "unused"));
        return Curve.evaluate("loss", t, x -> evaluator.evaluate(x, 0)[0]);
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
            PlaneEvaluator line = new PlaneEvaluator(at, data, new Plane(theta, d, other, "t", "unused"));
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
