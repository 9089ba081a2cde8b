package org.landscape.model;

import java.util.Locale;

/**
 * The two parts of the Hessian of a {@link Risk} at a fixed theta, from the engine's own passes, as products:
 *
 * <pre>
 *   H = H0 + H1,   H0 = (1/m) sum_i J_i^T (d^2E/dz^2)_i J_i      (the Gauss-Newton part; J_i = dz_i/dtheta)
 *                  H1 = (1/m) sum_i sum_k r_ik d^2 z_ik/dtheta^2   (r_i = dE/dz_i, the residuals)
 * </pre>
 *
 * For the square loss r_i = 2 e_i and this is Proposition 12.5's split; for cross-entropy and the logistic loss H0
 * is the generalised Gauss-Newton matrix, positive semi-definite because the losses are convex in z; the hinge loss
 * is piecewise linear in z, so its H0 is 0 and H1 is the whole Hessian (away from the margins).
 * <ul>
 * <li>{@link #gaussNewtonTimes}: J v by forward-mode differentiation, (d^2E/dz^2) from {@link Loss#hessianTimes},
 * J^T by backpropagation: exact to rounding.</li>
 * <li>{@link #residualTimes}: the Hessian of theta -> (1/m) sum_i r_i . z_i(theta) with the residuals frozen at their
 * values at theta, by central differences of its gradient (1/m) sum J_i^T r_i (relative error ~1e-10).</li>
 * </ul>
 * Immutable: one Curvature can be used from several threads.
 */
public final class Curvature {
    /** Perturbation length relative to max(1, |theta|) for central differences (balances truncation and rounding). */
    public static final double RELATIVE_STEP = 1e-6;

    private final Risk risk;
    private final double[] theta;
    private final double[][] outputs;
    private final double[][] residuals;
    private final double[][] labels;

    Curvature(Risk risk, double[] theta) {
        this.risk = risk;
        this.outputs = risk.outputs(theta); // checks theta
        this.theta = theta.clone();
        this.labels = risk.labels();
        this.residuals = new double[outputs.length][];
        for (int i = 0; i < outputs.length; i++) {
            residuals[i] = risk.loss().gradient(outputs[i], labels[i]);
            for (double r : residuals[i]) {
                if (!Double.isFinite(r)) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT, "the loss's derivative at example %d "
                            + "is %s: the curvature is not defined at this theta; check the parameters", i, r));
                }
            }
        }
    }

    public Risk risk() {
        return risk;
    }

    public double[] theta() {
        return theta.clone();
    }

    public int dimension() {
        return theta.length;
    }

    /** z_i, the last layer's outputs at theta (one row per example). */
    public double[][] outputs() {
        return copy(outputs);
    }

    /** r_i = dE/dz_i at theta (one row per example): 2 (z_i - y_i) for the square loss. */
    public double[][] residuals() {
        return copy(residuals);
    }

    /** H0 v = (1/m) sum_i J_i^T (d^2E/dz^2)_i J_i v, exact. */
    public double[] gaussNewtonTimes(double[] v) {
        double[][] jv = risk.jacobianTimes(theta, v);
        for (int i = 0; i < jv.length; i++) {
            jv[i] = risk.loss().hessianTimes(outputs[i], labels[i], jv[i]);
        }
        double[] h0v = risk.jacobianTransposeTimes(theta, jv);
        scale(h0v, 1.0 / jv.length);
        return h0v;
    }

    /** H1 v, by central differences of (1/m) sum_i J_i(t)^T r_i along v (residuals frozen at theta). */
    public double[] residualTimes(double[] v) {
        double norm = norm(v);
        if (norm == 0) {
            return new double[theta.length];
        }
        double eps = RELATIVE_STEP * Math.max(1, norm(theta)) / norm;
        double[] plus = risk.jacobianTransposeTimes(shifted(v, eps), residuals);
        double[] minus = risk.jacobianTransposeTimes(shifted(v, -eps), residuals);
        for (int i = 0; i < plus.length; i++) {
            plus[i] = (plus[i] - minus[i]) / (2 * eps * residuals.length);
            if (!Double.isFinite(plus[i])) {
                throw new IllegalStateException("H1 v has entry " + i + " = " + plus[i]
                        + ": the network's outputs are not finite near theta; check the parameters");
            }
        }
        return plus;
    }

    private double[] shifted(double[] v, double t) {
        double[] point = theta.clone();
        for (int i = 0; i < point.length; i++) {
            point[i] += t * v[i];
        }
        return point;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    private static void scale(double[] v, double factor) {
        for (int i = 0; i < v.length; i++) {
            v[i] *= factor;
        }
    }

    private static double[][] copy(double[][] rows) {
        double[][] c = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            c[i] = rows[i].clone();
        }
        return c;
    }

    @Override
    public String toString() {
        return "curvature of the " + risk + " (H0 exact, H1 by differences)";
    }
}
