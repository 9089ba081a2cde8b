package org.landscape.hessian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Lanczos at its default tolerance (residual 1e-9 |A|): eigenvalues within 1e-9 |A| (their error is at most the
 * residual, in practice its square over the gap), residuals within 1e-8 |A|.
 */
class LanczosTest extends EigenSolverContract {

    @Override
    EigenSolver solver() {
        return new Lanczos();
    }

    @Override
    double eigenvalueTolerance() {
        return 1e-9;
    }

    @Override
    double residualTolerance() {
        return 1e-8;
    }

    @Test
    void usesFarFewerProductsThanTheDimensionOnAWellSeparatedTop() {
        double[] d = new double[400];
        for (int i = 0; i < d.length; i++) {
            d[i] = i < 395 ? Math.sin(i) : 10 + i - 395; // bulk in [-1, 1], five outliers 10..14
        }
        Spectrum s = new Lanczos().largest(DenseMatrix.diagonal(d), 5);
        assertEquals(14, s.eigenvalue(0), 1e-9 * 14);
        assertEquals(10, s.eigenvalue(4), 1e-9 * 14);
        assertTrue(s.products() < 120, "products: " + s.products());
    }

    @Test
    void breakdownReportsTheInvariantSubspaceInsteadOfFailing() {
        double[] d = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        DenseMatrix a = DenseMatrix.diagonal(d);
        double[] start = new double[10];
        start[0] = 1;
        start[1] = 1; // lies in span(e1, e2): an invariant subspace of dimension 2
        Spectrum stopped = new Lanczos().start(start).restartOnBreakdown(false).largest(a, 3);
        assertEquals(2, stopped.count(), stopped.summary());
        assertEquals(2, stopped.eigenvalue(0), 1e-12);
        assertEquals(1, stopped.eigenvalue(1), 1e-12);
        assertTrue(stopped.notes().get(0).contains("invariant subspace of dimension 2"), stopped.notes().toString());
        // By default it restarts orthogonally and finds the true top three.
        Spectrum full = new Lanczos().start(start).largest(a, 3);
        assertEquals(10, full.eigenvalue(0), 1e-9);
        assertEquals(9, full.eigenvalue(1), 1e-9);
        assertEquals(8, full.eigenvalue(2), 1e-9);
        assertTrue(full.notes().get(0).contains("broke down after 2 steps"), full.notes().toString());
    }

    @Test
    void findsEveryCopyOfARepeatedEigenvalue() {
        Spectrum s = new Lanczos().largest(Fixtures.repeated().matrix, 4);
        assertEquals(6, s.eigenvalue(2), 1e-9 * 6);
        assertTrue(s.eigenvalue(3) < 6 - 0.01, "only three copies of 6: " + s.summary());
    }

    @Test
    void saysSoWhenItDoesNotConverge() {
        Spectrum s = new Lanczos().maxSteps(3).checkMultiplicity(false).largest(Fixtures.clustered().matrix, 2);
        assertFalse(s.converged());
        assertTrue(s.summary().contains("NOT CONVERGED") && s.summary().contains("raise maxSteps"), s.summary());
    }

    @Test
    void refusesBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new Lanczos().tolerance(0));
        assertThrows(IllegalArgumentException.class, () -> new Lanczos().maxSteps(-1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Lanczos().start(new double[3]).largest(Fixtures.diagonal().matrix, 1));
        assertTrue(e.getMessage().contains("start has 3 entries"), e.getMessage());
    }
}
