package org.landscape.spinglass;

import java.util.Locale;
import org.landscape.hessian.DenseEigen;
import org.landscape.hessian.DenseMatrix;
import org.landscape.hessian.Index;
import org.landscape.hessian.LinearOperator;
import org.landscape.hessian.Spectrum;

/**
 * The Riemannian Hessian of a spin glass's energy on the sphere at a point w, as a {@link LinearOperator} on R^Lambda
 * (so Lanczos, {@link DenseEigen} and {@link Index} of the hessian package work on it):
 * <pre>  Hess_S L(w) v = P (Hess L(w)) P v - (w . grad L(w) / Lambda) P v,     P = I - w w^T / Lambda.</pre>
 * The second term is the sphere's curvature: along a great circle through w with velocity v the path bends back
 * towards the centre with acceleration -|v|^2 w / Lambda, which adds grad L . (that) to the second derivative. For
 * every tangent v, v^T Hess_S v is d^2/dt^2 L(geodesic(t)) at t = 0. It maps w to 0, so as an operator on R^Lambda it
 * has one extra eigenvalue 0 besides the Lambda - 1 of the tangent space; {@link #tangent()} leaves it out.
 */
public final class RiemannianHessian implements LinearOperator {
    private final double[] w;
    private final DenseMatrix euclidean;
    private final double radial; // w . grad L / Lambda = H L(w) / Lambda
    private final int n;
    private final int order;

    RiemannianHessian(double[] w, double[][] euclidean, double radial, int order) {
        this.w = w.clone();
        this.euclidean = DenseMatrix.of(euclidean);
        this.radial = radial;
        this.n = w.length;
        this.order = order;
    }

    @Override
    public int dimension() {
        return n;
    }

    @Override
    public double[] apply(double[] v) {
        if (v == null || v.length != n) {
            throw new IllegalArgumentException("v must have " + n + " coordinates (lambda), got "
                    + (v == null ? "null" : v.length));
        }
        double[] pv = Sphere.tangent(w, v);
        double[] out = euclidean.apply(pv);
        Sphere.tangentInPlace(w, out);
        for (int i = 0; i < n; i++) {
            out[i] -= radial * pv[i];
        }
        return out;
    }

    /** The point the Hessian is taken at (a copy). */
    public double[] point() {
        return w.clone();
    }

    /** The Lambda x Lambda matrix P H P - (w . grad L / Lambda) P. */
    public DenseMatrix dense() {
        double[] hw = euclidean.apply(w);
        double whw = Sphere.dot(w, hw);
        DenseMatrix out = DenseMatrix.zeros(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                // P H P = H - w (Hw)^T/n - (Hw) w^T/n + (w^T H w) w w^T / n^2
                double php = euclidean.get(i, j) - (w[i] * hw[j] + hw[i] * w[j]) / n + whw * w[i] * w[j] / ((double) n * n);
                double p = (i == j ? 1.0 : 0.0) - w[i] * w[j] / n;
                out.set(i, j, php - radial * p);
            }
        }
        return out;
    }

    /**
     * The Hessian in an orthonormal basis of the tangent space: a (Lambda - 1) x (Lambda - 1) symmetric matrix. The
     * basis is the Householder reflection that maps w / |w| to a coordinate axis, without that axis.
     */
    public DenseMatrix tangent() {
        double[][] h = euclidean.toArray();
        new Householder(w).conjugate(h);
        DenseMatrix t = DenseMatrix.zeros(n - 1, n - 1);
        for (int i = 0; i < n - 1; i++) {
            for (int j = 0; j < n - 1; j++) {
                t.set(i, j, 0.5 * (h[i][j] + h[j][i]));
            }
            t.add(i, i, -radial);
        }
        return t;
    }

    /** The Lambda - 1 eigenvalues on the tangent space, ascending (the shared dense eigensolver). */
    public double[] eigenvalues() {
        return DenseEigen.all(tangent(), false).eigenvalues();
    }

    /** The index with the paper's convention ({@link Index#PAPER_TOLERANCE}): eigenvalues below -0.001. */
    public int index() {
        return Index.count(eigenvalues());
    }

    /**
     * The Newton direction d (tangent, in R^Lambda) solving Hess_S d = -r for a tangent r, through the eigenvectors;
     * eigenvalues smaller than 1e-12 in magnitude are replaced by +-1e-12, so a singular Hessian gives a long step
     * (which the caller caps) instead of NaN.
     */
    double[] newtonDirection(double[] r) {
        Householder q = new Householder(w);
        double[] t = q.toTangent(r);
        Spectrum s = DenseEigen.all(tangent(), true);
        double[] d = new double[n - 1];
        for (int j = 0; j < n - 1; j++) {
            double[] v = s.eigenvector(j);
            double l = s.eigenvalue(j);
            l = Math.abs(l) < 1e-12 ? Math.copySign(1e-12, l) : l;
            double c = -Sphere.dot(v, t) / l;
            for (int i = 0; i < n - 1; i++) {
                d[i] += c * v[i];
            }
        }
        return q.fromTangent(d);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Riemannian Hessian of the %d-spin glass at a point with E/lambda = %.4f "
                + "(%d x %d; maps w to 0)", order, radial / order, n, n);
    }
}
