package org.landscape.hessian;

import java.util.Locale;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;

/**
 * All eigenvalues and eigenvectors of a dense symmetric matrix, by LAPACK through ND4J
 * ({@code Eigen.symmetricGeneralizedEigenvalues} on DOUBLE arrays). Exact to rounding (~1e-15 relative), but the
 * matrix must be held: 8 n^2 bytes, twice over (the Java copy and ND4J's), so a matrix that would not fit is refused
 * with its size in MB before anything is allocated. For an operator that is not a matrix it first builds the matrix
 * from n products.
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
        a.requireSymmetric("the matrix", SYMMETRY_TOLERANCE);
        int n = a.dimension();
        checkFits(n);
        long start = System.nanoTime();
        INDArray m = a.toINDArray();
        INDArray values = Eigen.symmetricGeneralizedEigenvalues(m, true);
        double[] lambda = values.toDoubleVector();
        double[][] vectors = null;
        if (keepVectors) {
            // LAPACK leaves eigenvector k in column k; the transpose's rows are then contiguous.
            double[] rows = m.transpose().dup('c').data().asDouble();
            vectors = new double[n][n];
            for (int k = 0; k < n; k++) {
                System.arraycopy(rows, k * n, vectors[k], 0, n);
            }
        }
        m.close();
        values.close();
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Spectrum(lambda, vectors, n, "dense (LAPACK)", n, seconds, true, true, null);
    }

    /**
     * Refuses an n x n decomposition that would not fit: it needs 8 n^2 bytes off-heap (ND4J) and as much again on
     * the heap for the eigenvectors.
     */
    public static void checkFits(long n) {
        double need = DenseMatrix.bytes(n);
        long max = Pointer.maxBytes(), used = Pointer.totalBytes();
        double freeOffHeap = max > 0 ? max - used : Double.POSITIVE_INFINITY;
        if (need > 0.8 * freeOffHeap) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "a dense %d x %d eigendecomposition needs %.1f MB off-heap (8 bytes per entry) but ND4J has "
                            + "%.1f MB free: use Lanczos for the extreme eigenvalues or SpectralDensity for the "
                            + "spectrum's shape", n, n, need / 1e6, freeOffHeap / 1e6));
        }
        DenseMatrix.checkFits(n, n, "heap (for the eigenvectors)");
    }

    private static DenseMatrix matrixOf(LinearOperator a) {
        // A Hessian by finite differences is symmetric only to ~1e-9: dense() symmetrises what is rounding, refuses the rest.
        return a instanceof DenseMatrix ? (DenseMatrix) a : a.dense();
    }

    @Override
    public String toString() {
        return "dense symmetric eigendecomposition (LAPACK via ND4J)";
    }
}
