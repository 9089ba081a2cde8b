package org.landscape.hessian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** LAPACK through ND4J: exact to rounding, so the contract's tolerances are 1e-12. */
class DenseEigenTest extends EigenSolverContract {

    @Override
    EigenSolver solver() {
        return new DenseEigen();
    }

    @Override
    double eigenvalueTolerance() {
        return 1e-12;
    }

    @Override
    double residualTolerance() {
        return 1e-12;
    }

    @Test
    void allEigenvaluesAscendingWithIndexAndTrace() {
        Fixtures.Known known = Fixtures.indefinite();
        Spectrum s = DenseEigen.all(known.matrix);
        assertTrue(s.isComplete());
        for (int i = 0; i < known.ascending.length; i++) {
            assertEquals(known.ascending[i], s.eigenvalue(i), 1e-12 * known.norm());
        }
        int negative = 0;
        double sum = 0;
        for (double v : known.ascending) {
            negative += v < -Index.PAPER_TOLERANCE ? 1 : 0;
            sum += v;
        }
        assertEquals(negative, s.index());
        assertEquals(sum, s.trace(), 1e-11);
        assertEquals(known.matrix.trace(), s.trace(), 1e-11);
        assertTrue(s.summary().contains("index " + negative), s.summary());
    }

    @Test
    void refusesANonSymmetricMatrixNamingTheAsymmetry() {
        DenseMatrix a = DenseMatrix.of(new double[][]{{1, 2}, {2.5, 1}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DenseEigen.all(a));
        assertTrue(e.getMessage().contains("not symmetric") && e.getMessage().contains("0.5"), e.getMessage());
        // An operator whose matrix is not symmetric is refused the same way.
        LinearOperator skew = LinearOperator.of(2, v -> new double[]{v[1], -v[0]});
        e = assertThrows(IllegalArgumentException.class, () -> new DenseEigen().largest(skew, 1));
        assertTrue(e.getMessage().contains("max |A_ij - A_ji| = 2"), e.getMessage());
    }

    @Test
    void refusesAMatrixThatWouldNotFitWithItsSizeInMegabytes() {
        LinearOperator huge = LinearOperator.of(100_000, v -> v.clone());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DenseEigen().largest(huge, 1));
        assertTrue(e.getMessage().contains("needs 80.00 GB"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DenseEigen.checkFits(100_000));
        assertTrue(e.getMessage().contains("needs 160.00 GB") && e.getMessage().contains("Lanczos"), e.getMessage());
    }

    /** Issue 10 item 18: the one largest eigenvalue was labelled "1 smallest eigenvalues". */
    @Test
    void aSingleEigenvalueIsLabelledByTheEndItCameFrom() {
        DenseMatrix a = Fixtures.similarity(new double[]{-2, -1, 0.5, 1, 3}, 5);
        for (EigenSolver solver : new EigenSolver[]{new DenseEigen(), new Lanczos(), new PowerIteration()}) {
            assertTrue(solver.largest(a, 1).summary().startsWith("1 largest eigenvalue of"), solver.largest(a, 1).summary());
            assertTrue(solver.smallest(a, 1).summary().startsWith("1 smallest eigenvalue of"),
                    solver.smallest(a, 1).summary());
            assertTrue(solver.largest(a, 2).summary().startsWith("2 largest"), solver + "");
        }
    }

    @Test
    @org.junit.jupiter.api.Tag("reliability")
    void eigenvectorsOfALargerMatrixAreRightAndNaNIsRefused() {
        // n = 300 takes LAPACK's blocked paths, where OpenBLAS's SkylakeX kernels returned wrong eigenvectors.
        int n = 300;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = -5 + 10.0 * i / n;
        }
        DenseMatrix a = Fixtures.similarity(d, 7);
        Spectrum s = DenseEigen.all(a);
        assertTrue(s.maxResidual() <= 1e-11 * 5, "largest residual " + s.maxResidual());
        assertEquals(n, s.residuals().length);
        assertTrue(s.summary().contains("largest residual"), s.summary());
        a.set(3, 4, Double.NaN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DenseEigen.all(a));
        assertTrue(e.getMessage().contains("(3, 4) = NaN"), e.getMessage());
    }

    @Test
    void twoThousandIsStillFine() {
        DenseEigen.checkFits(2000); // 32 MB: no exception
        assertEquals("a dense 100000 x 100000 Hessian needs 80.0 GB", Hessians.denseSize(100_000));
    }
}
