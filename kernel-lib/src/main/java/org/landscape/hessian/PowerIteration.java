package org.landscape.hessian;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The simplest eigen-solver: v <- A v / |A v| converges to the eigenvector of the eigenvalue of largest magnitude,
 * at the rate |lambda_2 / lambda_1| per product. To get the algebraically largest eigenvalue of an indefinite
 * operator it iterates on A + s I with s = |A| (estimated first), which makes every eigenvalue non-negative and keeps
 * their order; the smallest come from -A. The k-th eigenvalue is found in the orthogonal complement of the first k-1
 * eigenvectors (deflation by projection), so repeated eigenvalues are found with their multiplicity.
 *
 * <p>Each eigenpair stops when |A v - lambda v| <= tolerance * |A|. Close eigenvalues make it slow (thousands of
 * products where Lanczos needs dozens): it is here as the baseline every student can check by hand.
 */
public final class PowerIteration implements EigenSolver {
    public static final double DEFAULT_TOLERANCE = 1e-10;

    private double tolerance = DEFAULT_TOLERANCE;
    private int maxIterations = 100_000;
    private long seed = 7;

    public PowerIteration tolerance(double tolerance) {
        if (!(tolerance > 0 && tolerance < 1)) {
            throw new IllegalArgumentException("tolerance must be in (0, 1), got " + tolerance);
        }
        this.tolerance = tolerance;
        return this;
    }

    /** Products per eigenpair before giving up (the result then says it did not converge). */
    public PowerIteration maxIterations(int maxIterations) {
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
        }
        this.maxIterations = maxIterations;
        return this;
    }

    public PowerIteration seed(long seed) {
        this.seed = seed;
        return this;
    }

    @Override
    public Spectrum largest(LinearOperator a, int k) {
        return solve(a, k, true);
    }

    @Override
    public Spectrum smallest(LinearOperator a, int k) {
        return solve(a, k, false);
    }

    private Spectrum solve(LinearOperator a, int k, boolean top) {
        EigenSolver.checkCount(k, a);
        long t0 = System.nanoTime();
        int n = a.dimension();
        Random random = new Random(seed);
        double sign = top ? 1 : -1;
        long[] products = {0};
        List<String> notes = new ArrayList<>();
        // 1. |A| = max |lambda| from plain power iteration.
        Pair dominant = iterate(a, sign, 0, new double[0][], random, products, Double.NaN);
        double norm = Math.max(Math.abs(dominant.value), Double.MIN_NORMAL);
        double shift = 1.05 * norm;
        // 2. The k largest of sign * A + shift I, one after the other in the complement of those found.
        double[] values = new double[k];
        double[][] vectors = new double[k][];
        boolean converged = true;
        for (int i = 0; i < k; i++) {
            double[][] found = java.util.Arrays.copyOf(vectors, i);
            Pair p = iterate(a, sign, shift, found, random, products, norm);
            values[i] = p.value;
            vectors[i] = p.vector;
            if (!p.converged) {
                converged = false;
                notes.add(String.format(Locale.ROOT, "eigenvalue %d not converged in %d products (residual %.2g |A|)",
                        i + 1, maxIterations, p.residual / norm));
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Spectrum(values, vectors, n, "power iteration", products[0], seconds, false, converged, notes)
                .withOperator(a).holding(top);
    }

    private static final class Pair {
        double value;
        double[] vector;
        double residual;
        boolean converged;
    }

    /**
     * Power iteration on B = sign * A + shift I restricted to the complement of {@code deflate}. Returns the
     * Rayleigh quotient of A (not B). With {@code norm} NaN it only estimates |A| (loosely: 1e-3).
     */
    private Pair iterate(LinearOperator a, double sign, double shift, double[][] deflate, Random random, long[] products,
                         double norm) {
        int n = a.dimension();
        double[] v = Vectors.gaussian(n, random);
        Vectors.orthogonalize(v, deflate, deflate.length);
        v = Vectors.normalized(v);
        boolean estimateOnly = Double.isNaN(norm);
        double tol = estimateOnly ? 1e-3 : tolerance;
        int limit = estimateOnly ? Math.min(maxIterations, 500) : maxIterations;
        Pair p = new Pair();
        double previous = Double.NaN;
        for (int it = 0; it < limit; it++) {
            double[] av = Vectors.checkedProduct(a, v);
            products[0]++;
            Vectors.orthogonalize(av, deflate, deflate.length);
            double lambda = Vectors.dot(v, av); // Rayleigh quotient of A (v is a unit vector)
            double[] r = av.clone();
            Vectors.axpy(-lambda, v, r);
            p.value = lambda;
            p.vector = v;
            p.residual = Vectors.norm(r);
            if (estimateOnly) {
                // |A v| -> max |lambda| whatever the signs (the Rayleigh quotient would not, for +-lambda pairs).
                double size = Vectors.norm(av);
                p.value = size;
                if (Math.abs(size - previous) <= tol * Math.max(size, Double.MIN_NORMAL)) {
                    p.converged = true;
                    return p;
                }
                previous = size;
            } else if (p.residual <= tol * norm) {
                p.converged = true;
                return p;
            }
            // B v = sign * A v + shift v
            double[] bv = av;
            Vectors.scale(sign, bv);
            Vectors.axpy(shift, v, bv);
            // B is shift * I on the deflated vectors, often its largest eigenvalue: keep rounding from growing there.
            Vectors.orthogonalize(bv, deflate, deflate.length);
            double bn = Vectors.norm(bv);
            if (bn == 0) { // v is in the kernel of B: an eigenvector already
                p.converged = true;
                return p;
            }
            Vectors.scale(1 / bn, bv);
            v = bv;
        }
        return p;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "power iteration (shifted, deflated; tolerance %.0e)", tolerance);
    }
}
