package org.landscape.hessian;

/**
 * Finds the extreme eigenvalues of a symmetric operator. Three implementations, one contract (the tests run the same
 * fixtures against each): {@link DenseEigen} (LAPACK on the whole matrix: exact, but n^2 memory and n products),
 * {@link Lanczos} (a few dozen products, any size) and {@link PowerIteration} (the simplest, slow when eigenvalues
 * are close).
 */
public interface EigenSolver {
    /** The k algebraically largest eigenvalues, largest first, with unit eigenvectors. */
    Spectrum largest(LinearOperator a, int k);

    /** The k algebraically smallest eigenvalues (most negative first), with unit eigenvectors. */
    Spectrum smallest(LinearOperator a, int k);

    /** Refuses k outside 1..n, naming both. */
    static void checkCount(int k, LinearOperator a) {
        if (a == null) {
            throw new IllegalArgumentException("the operator must not be null");
        }
        if (k < 1 || k > a.dimension()) {
            throw new IllegalArgumentException("k = " + k + " eigenvalues were asked for but the operator has dimension "
                    + a.dimension() + ": k must be in 1.." + a.dimension());
        }
    }
}
