package org.landscape.slice;

import org.landscape.data.Dataset;
import org.landscape.model.Network;

/** 2-D sections alpha -> L(mu + alpha_1 theta_1 + alpha_2 theta_2) of a network's loss landscape (12.1.1). */
public final class Slices {
    private Slices() {
    }

    /**
     * The loss on the plane through {@code mu} spanned by {@code d1} and {@code d2}, over the grid of {@code a}
     * (coefficient of d1) and {@code b} (coefficient of d2). The network's parameters are restored afterwards.
     */
    public static Surface plane(Network net, Dataset data, double[] mu, double[] d1, double[] d2, Axis a, Axis b) {
        int n = (int) net.parameterCount();
        checkVector("mu", mu, n);
        checkVector("d1", d1, n);
        checkVector("d2", d2, n);
        double n1 = norm(d1), n2 = norm(d2);
        if (n1 == 0 || n2 == 0) {
            throw new IllegalArgumentException((n1 == 0 ? "d1" : "d2") + " is the zero vector: a direction must be non-zero");
        }
        double cos = Math.abs(dot(d1, d2)) / (n1 * n2);
        if (cos > 1 - 1e-12) {
            throw new IllegalArgumentException("d1 and d2 are parallel (|cos| = " + cos + "): they span a line, not a "
                    + "plane; choose directions that are not multiples of each other");
        }
        double[] theta = new double[n];
        double[] saved = net.parameters();
        try {
            return Surface.evaluate("loss", a, b, (alpha, beta) -> {
                for (int k = 0; k < n; k++) {
                    theta[k] = mu[k] + alpha * d1[k] + beta * d2[k];
                }
                net.setParameters(theta);
                return net.loss(data);
            });
        } finally {
            net.setParameters(saved);
        }
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
