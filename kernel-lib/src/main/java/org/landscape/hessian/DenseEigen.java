package org.landscape.hessian;

import java.util.Locale;
import org.landscape.util.Memory;
import org.bytedeco.openblas.global.openblas;

/**
 * All eigenvalues and eigenvectors of a dense symmetric matrix, by LAPACK's divide-and-conquer {@code dsyevd} in the
 * OpenBLAS that ND4J bundles (called directly, without ND4J's arrays): exact to rounding (~1e-15 relative), and as
 * fast as PyTorch's {@code eigh} on the same machine (bench/hessian_bench.sh compares them at n = 2000). The one
 * dense eigensolver for every small problem (Hessians, spin glasses, PCA). The matrix must be held: 8 n^2 bytes for
 * the copy LAPACK works on, as much again for the eigenvectors, so a matrix that would not fit is refused with its
 * size in MB before anything is allocated; a matrix with NaN or infinite entries is refused too. For an operator that
 * is not a matrix it first builds the matrix from n products ({@link LinearOperator#dense()}).
 */
public final class DenseEigen implements EigenSolver {
    /** A matrix is accepted as symmetric when max |A_ij - A_ji| <= this times max |A_ij|. */
    public static final double SYMMETRY_TOLERANCE = 1e-8;

    @Override
    public Spectrum largest(LinearOperator a, int k) {
        EigenSolver.checkCount(k, a);
        return all(matrixOf(a), true).largest(k);
    }

    @Override
    public Spectrum smallest(LinearOperator a, int k) {
        EigenSolver.checkCount(k, a);
        return all(matrixOf(a), true).smallest(k);
    }

    /** All eigenvalues, ascending, with their eigenvectors. */
    public static Spectrum all(DenseMatrix a) {
        return all(a, true);
    }

    /** All eigenvalues, ascending; the eigenvectors are kept only when asked for (they take another 8 n^2 bytes). */
    public static Spectrum all(DenseMatrix a, boolean keepVectors) {
        if (a == null) {
            throw new IllegalArgumentException("the matrix must not be null");
        }
        double[] entries = a.data();
        for (int i = 0; i < entries.length; i++) {
            if (!Double.isFinite(entries[i])) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "the matrix has entry (%d, %d) = %s: "
                        + "an eigendecomposition needs finite entries; check how the matrix was computed",
                        i / a.cols(), i % a.cols(), entries[i]));
            }
        }
        a.requireSymmetric("the matrix", SYMMETRY_TOLERANCE);
        int n = a.dimension();
        checkFits(n);
        long start = System.nanoTime();
        double[] work = entries.clone(); // symmetric: row-major and column-major are the same matrix
        double[] lambda = new double[n];
        int info = openblas.LAPACKE_dsyevd(openblas.LAPACK_COL_MAJOR, (byte) (keepVectors ? 'V' : 'N'), (byte) 'U', n,
                work, n, lambda);
        if (info != 0) {
            throw new IllegalStateException("LAPACK dsyevd failed (info = " + info + ") on a " + n + " x " + n
                    + " matrix: " + (info > 0 ? "the divide-and-conquer iteration did not converge" : "argument "
                    + (-info) + " was refused"));
        }
        double[][] vectors = null;
        if (keepVectors) {
            // Column-major: eigenvector k is column k, entries k n .. k n + n - 1.
            vectors = new double[n][];
            for (int k = 0; k < n; k++) {
                vectors[k] = java.util.Arrays.copyOfRange(work, k * n, k * n + n);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (keepVectors) {
            checkSample(a, lambda, vectors);
        }
        return new Spectrum(lambda, vectors, n, "dense (LAPACK dsyevd)", n, seconds, true, true, null)
                .withOperator(a);
    }

    /**
     * Checks three eigenpairs (the extremes and the middle: 3 n^2 flops against LAPACK's n^3): OpenBLAS 0.3.19's
     * SkylakeX kernels return wrong eigenvectors for n >= ~100, with right eigenvalues.
     */
    private static void checkSample(DenseMatrix a, double[] lambda, double[][] vectors) {
        int n = lambda.length;
        double scale = Math.max(Math.abs(lambda[0]), Math.abs(lambda[n - 1]));
        for (int k : new int[]{0, n / 2, n - 1}) {
            double[] r = a.apply(vectors[k]);
            Vectors.axpy(-lambda[k], vectors[k], r);
            double residual = Vectors.norm(r);
            if (!(residual <= 1e-8 * Math.max(scale, Double.MIN_NORMAL) * Math.sqrt(n))) {
                throw new IllegalStateException(String.format(Locale.ROOT, "LAPACK returned a wrong eigenvector: "
                        + "|A v - lambda v| = %.3g for eigenvalue %d of %d (|lambda| up to %.3g). OpenBLAS's SkylakeX "
                        + "kernels do this: start the JVM with OPENBLAS_CORETYPE=Haswell (now %s)", residual, k, n,
                        scale, System.getenv("OPENBLAS_CORETYPE")));
            }
        }
    }

    /**
     * Refuses an n x n decomposition that would not fit in the heap: the working copy (8 n^2 bytes) and the
     * eigenvectors (as much again).
     */
    public static void checkFits(long n) {
        String what = String.format(Locale.ROOT, "a dense %d x %d eigendecomposition (LAPACK's working copy, 8 "
                + "bytes per entry, and as much for the eigenvectors)", n, n);
        String fix = "use Lanczos for the extreme eigenvalues or SpectralDensity for the spectrum's shape";
        Memory.require(n > 700_000_000L ? -1 : 16 * n * n, what, fix);
        if (n * n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(what + " has " + n * n + " entries, more than a Java array holds: " + fix);
        }
    }

    private static DenseMatrix matrixOf(LinearOperator a) {
        // A Hessian by finite differences is symmetric only to ~1e-9: dense() symmetrises what is rounding, refuses the rest.
        return a instanceof DenseMatrix ? (DenseMatrix) a : a.dense();
    }

    @Override
    public String toString() {
        return "dense symmetric eigendecomposition (LAPACK dsyevd, OpenBLAS)";
    }
}
