package org.landscape.hessian;

import java.util.Random;

/**
 * The few vector operations the solvers need, on plain {@code double[]}: a parameter vector of a network is a
 * {@code double[]} ({@code Network.parameters()}), so Hessian-vector products and eigenvectors are too.
 */
public final class Vectors {
    private Vectors() {
    }

    public static double dot(double[] a, double[] b) {
        return org.landscape.model.internal.DenseKernels.dot(a, b, a.length);
    }

    public static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    /** y += a x, in place. */
    public static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    /** x *= a, in place. */
    public static void scale(double a, double[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= a;
        }
    }

    /** x / |x|; refuses the zero vector, which has no direction. */
    public static double[] normalized(double[] x) {
        double n = norm(x);
        if (!(n > 0) || !Double.isFinite(n)) {
            throw new IllegalArgumentException("cannot normalise a vector of norm " + n
                    + ": use a non-zero vector with finite entries");
        }
        double[] y = x.clone();
        scale(1 / n, y);
        return y;
    }

    /** Entries +1 or -1 with equal probability: Hutchinson's probe vectors, E[z z^T] = I. */
    public static double[] rademacher(int n, Random random) {
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = random.nextBoolean() ? 1 : -1;
        }
        return z;
    }

    /** Independent standard normal entries. */
    public static double[] gaussian(int n, Random random) {
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = random.nextGaussian();
        }
        return z;
    }

    /**
     * Removes from {@code w} its components along the orthonormal vectors {@code basis[0..count)} by Gram-Schmidt,
     * repeated once when the first pass cancelled much of w (the Daniel-Gragg-Kaufman-Stewart test: |w| fell below
     * |w| / sqrt(2)). One pass leaves rounding errors of the size of the removed components; "twice is enough"
     * (Kahan, Parlett). When little was removed, as in a Lanczos step, the second pass would change nothing and is
     * skipped: each pass streams the whole basis through memory.
     */
    static void orthogonalize(double[] w, double[][] basis, int count) {
        if (count == 0) {
            return;
        }
        double before = norm(w);
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < count; i++) {
                axpy(-dot(basis[i], w), basis[i], w);
            }
            double after = norm(w);
            if (after > 0.7071 * before) {
                return;
            }
            before = after;
        }
    }

    /** Refuses a vector of the wrong length or with NaN or infinite entries, naming it. */
    public static void check(String name, double[] v, int n) {
        if (v == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (v.length != n) {
            throw new IllegalArgumentException(name + " has " + v.length + " entries but the operator has dimension "
                    + n + ": pass a vector of length " + n);
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] is " + v[i] + ": entries must be finite");
            }
        }
    }

    /**
     * A v, checked: an operator that returns a vector of the wrong length or with NaN or infinite entries is reported
     * as the operator's fault (a solver would otherwise fail later with a misleading message).
     */
    static double[] checkedProduct(LinearOperator a, double[] v) {
        double[] av = a.apply(v);
        int n = a.dimension();
        if (av == null || av.length != n) {
            throw new IllegalStateException("the operator " + a + " of dimension " + n + " returned "
                    + (av == null ? "null" : "a vector of length " + av.length) + ": its products must have length " + n);
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(av[i])) {
                throw new IllegalStateException("the operator " + a + " returned entry " + i + " = " + av[i]
                        + " for a finite vector: its product is not finite there (check the point it is taken at)");
            }
        }
        return av;
    }

    /** |a - b| / |b|: how far a is from the reference b, relative to b. */
    public static double relativeDifference(double[] a, double[] b) {
        if (a == null || b == null || a.length != b.length) {
            throw new IllegalArgumentException("a and b must be vectors of the same length, got "
                    + (a == null ? "null" : a.length) + " and " + (b == null ? "null" : b.length));
        }
        double num = 0, den = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - b[i]) * (a[i] - b[i]);
            den += b[i] * b[i];
        }
        return Math.sqrt(num / den);
    }

    /** max |v_i|. */
    public static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
