package org.landscape.hessian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Power iteration at its default tolerance (residual 1e-10 |A|): eigenvalues within 1e-9 |A|, residuals within
 * 1e-9 |A|. The clustered fixture (gaps of 0.01 at 10) takes it tens of thousands of products.
 */
class PowerIterationTest extends EigenSolverContract {

    @Override
    EigenSolver solver() {
        return new PowerIteration();
    }

    @Override
    double eigenvalueTolerance() {
        return 1e-9;
    }

    @Override
    double residualTolerance() {
        return 1e-9;
    }

    @Test
    void needsManyMoreProductsThanLanczosWhenEigenvaluesAreClose() {
        DenseMatrix a = Fixtures.clustered().matrix;
        Spectrum power = new PowerIteration().largest(a, 2);
        Spectrum lanczos = new Lanczos().largest(a, 2);
        assertTrue(power.products() > 10 * lanczos.products(),
                "power " + power.products() + " vs Lanczos " + lanczos.products());
    }

    @Test
    void reportsWhenItRunsOutOfIterations() {
        Spectrum s = new PowerIteration().maxIterations(20).largest(Fixtures.clustered().matrix, 1);
        assertFalse(s.converged());
        assertTrue(s.notes().get(0).contains("not converged in 20 products"), s.notes().toString());
        assertEquals(1, s.count());
    }
}
