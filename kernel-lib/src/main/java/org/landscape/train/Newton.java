package org.landscape.train;

import java.util.Locale;
import org.landscape.data.Dataset;
import org.landscape.hessian.DenseEigen;
import org.landscape.hessian.Hessians;
import org.landscape.hessian.NewtonSteps;
import org.landscape.hessian.Spectrum;
import org.landscape.hessian.Vectors;
import org.landscape.model.Network;
import org.landscape.model.Risk;

/**
 * Converges a training run's end point to a critical point, for small networks: damped Newton steps
 * p = -sum_i v_i (v_i . g) / (|lambda_i| + mu) ({@link NewtonSteps#saddleFree}, the step of the minima search in
 * {@link org.landscape.hessian.NetworkCriticalPoints}) on the eigenvectors of the dense Hessian
 * ({@link Hessians#dense(Risk, double[])}, the one assembly and symmetrisation policy) (the absolute values make
 * every step go downhill, so it settles in a minimum rather than jumping to a saddle), mu shrinking after a step
 * that lowers the loss and growing after one that does not. Near a minimum this is Newton's method and converges
 * quadratically. Reports |grad| and the Hessian's smallest eigenvalue at the end, which tell a minimum (>= 0) from a
 * saddle. Only the step is shared with the minima search: that search starts far from any critical point and so caps
 * steps at length 1 and gives up when stalled, while this refinement starts near one and wants full Newton steps.
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
        while (step < maxSteps && Vectors.norm(g) >= tolerance) {
            Spectrum eigen = DenseEigen.all(Hessians.dense(risk, x));
            double scale = Math.max(Math.abs(eigen.min()), Math.abs(eigen.max()));
            if (Double.isNaN(mu)) {
                mu = Math.max(1e-4 * scale, Double.MIN_NORMAL);
            }
            step++;
            boolean accepted = false;
            for (int trial = 0; trial < 40 && !accepted; trial++) {
                double[] next = x.clone();
                Vectors.axpy(1, NewtonSteps.saddleFree(eigen, g, mu), next);
                double fn = risk.value(next);
                double[] gn = risk.gradient(next);
                if (fn < f || (fn <= f + 1e-12 * Math.abs(f) && Vectors.norm(gn) < Vectors.norm(g))) {
                    x = next;
                    f = fn;
                    g = gn;
                    mu = Math.max(mu / 10, Math.max(1e-15 * scale, Double.MIN_NORMAL));
                    accepted = true;
                } else {
                    mu = 10 * mu + 1e-15;
                }
            }
            if (!accepted) {
                break; // no step lowers the loss: x is as good as the arithmetic allows
            }
        }
        double smallest = DenseEigen.all(Hessians.dense(risk, x), false).min();
        return new Point(x, f, Vectors.norm(g), smallest, step, Vectors.norm(g) < tolerance);
    }
}
