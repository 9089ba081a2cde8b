package org.landscape.spinglass;

/**
 * An orthonormal basis of the tangent space of the sphere at w, without building it: the Householder reflection
 * Q = I - 2 v v^T / (v . v) with v = w/|w| + s e_last (s the sign of w's last coordinate) maps w/|w| to
 * -s e_last, so its first Lambda - 1 columns are orthonormal and orthogonal to w: tangent coordinate i is
 * coordinate i of the reflected frame. Q is symmetric and its own
 * inverse, so Q M Q expresses a matrix M in that basis (plus the last, radial, row and column).
 */
final class Householder {
    private final double[] v;
    private final double twoOverVv;

    Householder(double[] w) {
        int n = w.length;
        double norm = Math.sqrt(Sphere.dot(w, w));
        v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = w[i] / norm;
        }
        v[n - 1] += v[n - 1] >= 0 ? 1 : -1;
        twoOverVv = 2 / Sphere.dot(v, v);
    }

    /** x := Q x. */
    void apply(double[] x) {
        double f = twoOverVv * Sphere.dot(v, x);
        for (int i = 0; i < x.length; i++) {
            x[i] -= f * v[i];
        }
    }

    /** The tangent vector with coordinates t (length Lambda - 1) in this basis, as a vector of R^Lambda. */
    double[] fromTangent(double[] t) {
        double[] x = new double[v.length];
        System.arraycopy(t, 0, x, 0, t.length);
        apply(x);
        return x;
    }

    /** The coordinates (length Lambda - 1) of a tangent vector x in this basis. */
    double[] toTangent(double[] x) {
        double[] y = x.clone();
        apply(y);
        double[] t = new double[v.length - 1];
        System.arraycopy(y, 0, t, 0, t.length);
        return t;
    }

    /** m := Q m Q for a symmetric m, by the rank-two update m - s v p^T - s p v^T + s^2 (v.p) v v^T, p = m v. */
    void conjugate(double[][] m) {
        int n = v.length;
        double s = twoOverVv;
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = Sphere.dot(m[i], v);
        }
        double vp = Sphere.dot(v, p);
        for (int i = 0; i < n; i++) {
            double[] row = m[i];
            for (int j = 0; j < n; j++) {
                row[j] += -s * (v[i] * p[j] + p[i] * v[j]) + s * s * vp * v[i] * v[j];
            }
        }
    }
}
