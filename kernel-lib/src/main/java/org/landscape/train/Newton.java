package org.landscape.train;

import java.util.Locale;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.landscape.data.Dataset;
import org.landscape.hessian.DenseMatrix;
import org.landscape.hessian.HessianVectorProduct;
import org.landscape.model.Network;
import org.landscape.model.Risk;

/**
 * Converges a training run's end point to a critical point, for small networks: damped Newton steps
 * p = -sum_i v_i (v_i . g) / (|lambda_i| + mu) on the eigenvectors of the dense Hessian (the absolute values make
 * every step go downhill, so it settles in a minimum rather than jumping to a saddle), mu shrinking after a step
 * that lowers the loss and growing after one that does not. Near a minimum this is Newton's method and converges
 * quadratically. Reports |grad| and the Hessian's smallest eigenvalue at the end, which tell a minimum (>= 0) from a
 * saddle.
 */
public final class Newton {
    /** Dense Hessians above this many parameters are refused (each step costs 2n gradients and an n^3 solve). */
    public static final int MAX_PARAMETERS = 2000;

    private Newton() {
    }

    /** Where the refinement ended. */
    public record Point(double[] theta, double loss, double gradientNorm, double smallestEigenvalue, int steps,
                        boolean converged) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s after %d Newton steps: loss %.6g, |grad| %.1e, smallest Hessian "
                    + "eigenvalue %.3g", converged ? "converged" : "NOT converged", steps, loss, gradientNorm,
                    smallestEigenvalue);
        }
    }

    /** Refines {@code theta} until |grad R_S| < {@code tolerance} or {@code maxSteps} steps. */
    public static Point refine(Network net, Dataset data, double[] theta, double tolerance, int maxSteps) {
        if (!(tolerance > 0) || maxSteps < 1) {
            throw new IllegalArgumentException("need tolerance > 0 and maxSteps >= 1, got " + tolerance + ", " + maxSteps);
        }
        if (net.parameterCount() > MAX_PARAMETERS) {
            throw new IllegalArgumentException("Newton refinement forms the dense Hessian: at most " + MAX_PARAMETERS
                    + " parameters, the network has " + net.parameterCount() + "; use long full-batch descent instead");
        }
        Risk risk = Risk.of(net, data);
        double[] x = theta.clone();
        double[] g = risk.gradient(x);
        double f = risk.value(x);
        double mu = Double.NaN;
        int step = 0;
        EigenDecomposition eigen = null;
        while (step < maxSteps && norm(g) >= tolerance) {
            eigen = new EigenDecomposition(MatrixUtils.createRealMatrix(hessian(net, data, x)));
            double[] lambda = eigen.getRealEigenvalues();
            double scale = 0;
            for (double l : lambda) {
                scale = Math.max(scale, Math.abs(l));
            }
            if (Double.isNaN(mu)) {
                mu = 1e-4 * scale;
            }
            step++;
            boolean accepted = false;
            for (int trial = 0; trial < 40 && !accepted; trial++) {
                double[] next = x.clone();
                for (int i = 0; i < lambda.length; i++) {
                    double[] v = eigen.getEigenvector(i).toArray();
                    double c = dot(v, g) / (Math.abs(lambda[i]) + mu);
                    for (int j = 0; j < next.length; j++) {
                        next[j] -= c * v[j];
                    }
                }
                double fn = risk.value(next);
                double[] gn = risk.gradient(next);
                if (fn < f || (fn <= f + 1e-12 * Math.abs(f) && norm(gn) < norm(g))) {
                    x = next;
                    f = fn;
                    g = gn;
                    mu = Math.max(mu / 10, 1e-15 * scale);
                    accepted = true;
                } else {
                    mu = 10 * mu + 1e-15;
                }
            }
            if (!accepted) {
                break; // no step lowers the loss: x is as good as the arithmetic allows
            }
        }
        double[] lambda = new EigenDecomposition(MatrixUtils.createRealMatrix(hessian(net, data, x))).getRealEigenvalues();
        double smallest = Double.POSITIVE_INFINITY;
        for (double l : lambda) {
            smallest = Math.min(smallest, l);
        }
        return new Point(x, f, norm(g), smallest, step, norm(g) < tolerance);
    }

    /**
     * The Hessian by central differences of gradients, symmetrised without the strict symmetry test of
     * {@link org.landscape.hessian.Hessians#dense}: with saturated tanh units its rounding asymmetry can exceed 1e-6
     * of the largest entry, which is harmless for a step direction and far below the eigenvalues that matter here.
     */
    private static double[][] hessian(Network net, Dataset data, double[] theta) {
        return DenseMatrix.of(HessianVectorProduct.at(net, data, theta)).symmetrized().toArray();
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }
}
