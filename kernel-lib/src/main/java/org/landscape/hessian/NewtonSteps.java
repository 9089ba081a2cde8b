package org.landscape.hessian;

/**
 * The Newton-type steps of the critical-point searches, on the eigendecomposition H = sum_i lambda_i v_i v_i^T of a
 * dense Hessian and the gradient g, with a damping mu > 0 that the caller adapts:
 * <ul>
 * <li>{@link #saddleFree}: -sum_i v_i (v_i . g) / (|lambda_i| + mu), downhill along every eigenvector, so it settles
 * in minima (Newton's step near a minimum);</li>
 * <li>{@link #levenbergMarquardt}: -sum_i v_i (v_i . g) lambda_i / (lambda_i^2 + mu) = -(H^2 + mu I)^{-1} H g, a
 * damped Gauss-Newton step on |g|^2 / 2, which converges to saddles as readily as to minima.</li>
 * </ul>
 */
public final class NewtonSteps {
    private NewtonSteps() {
    }

    /** The saddle-free Newton step; {@code eigen} must keep its eigenvectors. */
    public static double[] saddleFree(Spectrum eigen, double[] g, double mu) {
        return step(eigen, g, mu, false);
    }

    /** The Levenberg-Marquardt step on |g|^2 / 2; {@code eigen} must keep its eigenvectors. */
    public static double[] levenbergMarquardt(Spectrum eigen, double[] g, double mu) {
        return step(eigen, g, mu, true);
    }

    private static double[] step(Spectrum eigen, double[] g, double mu, boolean anyIndex) {
        if (!(mu > 0)) {
            throw new IllegalArgumentException("mu must be > 0, got " + mu + "; start at ~1e-4 of the largest |eigenvalue|");
        }
        Vectors.check("g", g, eigen.dimension());
        double[] step = new double[g.length];
        for (int i = 0; i < eigen.count(); i++) {
            double l = eigen.eigenvalue(i);
            double c = anyIndex ? l / (l * l + mu) : 1 / (Math.abs(l) + mu);
            double[] v = eigen.eigenvector(i);
            Vectors.axpy(-c * Vectors.dot(v, g), v, step);
        }
        return step;
    }
}
