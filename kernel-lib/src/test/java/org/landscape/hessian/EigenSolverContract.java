package org.landscape.hessian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The contract of every {@link EigenSolver}, EJML style: one set of fixtures with known spectra (diagonal, random
 * orthogonal similarity, repeated, clustered, indefinite), run against each solver by a subclass.
 *
 * <p>Tolerances, relative to |A| = max |lambda| (5 to 10 here): eigenvalues within {@link #eigenvalueTolerance()},
 * residuals |A v - lambda v| within {@link #residualTolerance()}, eigenvectors orthonormal to 1e-8.
 */
abstract class EigenSolverContract {
    static final int K = 4;

    abstract EigenSolver solver();

    /** Allowed |lambda_found - lambda_true| / |A|. */
    abstract double eigenvalueTolerance();

    /** Allowed |A v - lambda v| / |A|. */
    abstract double residualTolerance();

    static Fixtures.Known[] spectra() {
        return Fixtures.spectra();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("spectra")
    void findsTheLargestEigenvaluesInDescendingOrder(Fixtures.Known known) {
        Spectrum s = solver().largest(known.matrix, K);
        assertTrue(s.converged(), known + ": " + s.summary());
        assertEquals(K, s.count());
        int n = known.ascending.length;
        for (int i = 0; i < K; i++) {
            assertEquals(known.ascending[n - 1 - i], s.eigenvalue(i), eigenvalueTolerance() * known.norm(),
                    known + ": eigenvalue " + i + " of " + s.summary());
        }
        checkPairs(known, s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("spectra")
    void findsTheSmallestEigenvaluesInAscendingOrder(Fixtures.Known known) {
        Spectrum s = solver().smallest(known.matrix, K);
        assertTrue(s.converged(), known + ": " + s.summary());
        for (int i = 0; i < K; i++) {
            assertEquals(known.ascending[i], s.eigenvalue(i), eigenvalueTolerance() * known.norm(),
                    known + ": eigenvalue " + i + " of " + s.summary());
        }
        checkPairs(known, s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("spectra")
    void worksThroughTheOperatorInterfaceAlone(Fixtures.Known known) {
        // The same matrix hidden behind a function: solvers may not rely on having the entries.
        LinearOperator op = LinearOperator.of(known.matrix.dimension(), known.matrix::apply);
        Spectrum s = solver().largest(op, 2);
        int n = known.ascending.length;
        assertEquals(known.ascending[n - 1], s.eigenvalue(0), eigenvalueTolerance() * known.norm(), known.name);
        assertEquals(known.ascending[n - 2], s.eigenvalue(1), eigenvalueTolerance() * known.norm(), known.name);
        assertTrue(s.products() > 0, "the number of products is counted");
    }

    @Test
    void aOneByOneMatrixHasItsEntryAsEigenvalue() {
        Spectrum s = solver().largest(DenseMatrix.diagonal(-2.5), 1);
        assertEquals(-2.5, s.eigenvalue(0), 1e-12);
        assertEquals(1.0, Math.abs(s.eigenvector(0)[0]), 1e-12);
    }

    @Test
    void refusesKOutsideOneToN() {
        DenseMatrix a = Fixtures.diagonal().matrix;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> solver().largest(a, 41));
        assertTrue(e.getMessage().contains("k = 41") && e.getMessage().contains("dimension 40"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> solver().smallest(a, 0));
        assertThrows(IllegalArgumentException.class, () -> solver().largest(null, 1));
    }

    private void checkPairs(Fixtures.Known known, Spectrum s) {
        double norm = known.norm();
        for (int i = 0; i < s.count(); i++) {
            double[] v = s.eigenvector(i);
            assertEquals(1.0, Vectors.norm(v), 1e-8, known + ": eigenvector " + i + " has unit length");
            assertTrue(Fixtures.residual(known.matrix, s.eigenvalue(i), v) <= residualTolerance() * norm,
                    known + ": residual of pair " + i + " = " + Fixtures.residual(known.matrix, s.eigenvalue(i), v));
            for (int j = 0; j < i; j++) {
                assertEquals(0.0, Vectors.dot(v, s.eigenvector(j)), 1e-8,
                        known + ": eigenvectors " + i + " and " + j + " are orthogonal (repeated eigenvalues too)");
            }
        }
    }
}
