package org.landscape.spinglass;

import java.util.SplittableRandom;

/**
 * The geometry of the sphere |w|^2 = Lambda (Lambda = w.length) that gradient descent, Newton's method and the
 * Riemannian Hessian share: random points, the tangent projection P = I - w w^T / Lambda and the retraction (a step
 * in the tangent space followed by rescaling back onto the sphere). Points are plain arrays; nothing here allocates
 * shared state, so every method is safe from several threads.
 */
public final class Sphere {
    private Sphere() {
    }

    /** A point uniform on the sphere |w|^2 = lambda, from {@code random}. */
    public static double[] uniform(int lambda, SplittableRandom random) {
        double[] w = new double[lambda];
        for (int i = 0; i < lambda; i++) {
            w[i] = random.nextGaussian();
        }
        retract(w);
        return w;
    }

    /** {@code w} scaled onto the sphere |w|^2 = w.length (a new array); the zero vector is refused. */
    public static double[] project(double[] w) {
        double[] out = w.clone();
        retract(out);
        return out;
    }

    /** Scales {@code w} in place onto the sphere |w|^2 = w.length. */
    public static void retract(double[] w) {
        double norm = Math.sqrt(dot(w, w));
        if (norm == 0) {
            throw new IllegalArgumentException("w is the zero vector, which has no direction to scale onto the sphere");
        }
        double f = Math.sqrt(w.length) / norm;
        for (int i = 0; i < w.length; i++) {
            w[i] *= f;
        }
    }

    /** v := P v = v - (w . v / Lambda) w in place, the part of v tangent to the sphere at w; returns w . v. */
    public static double tangentInPlace(double[] w, double[] v) {
        double wv = dot(w, v);
        double radial = wv / w.length;
        for (int i = 0; i < v.length; i++) {
            v[i] -= radial * w[i];
        }
        return wv;
    }

    /** P v as a new array. */
    public static double[] tangent(double[] w, double[] v) {
        double[] t = v.clone();
        tangentInPlace(w, t);
        return t;
    }

    /** One retracted step in place: w := sqrt(Lambda) (w + factor d) / |w + factor d|. */
    public static void step(double[] w, double[] d, double factor) {
        for (int i = 0; i < w.length; i++) {
            w[i] += factor * d[i];
        }
        retract(w);
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
