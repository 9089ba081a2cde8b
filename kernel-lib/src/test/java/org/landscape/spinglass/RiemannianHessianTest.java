package org.landscape.spinglass;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.landscape.hessian.DenseEigen;
import org.landscape.hessian.DenseMatrix;
import org.landscape.hessian.Index;
import org.landscape.hessian.Lanczos;
import org.landscape.hessian.Spectrum;

/** The Riemannian Hessian as a LinearOperator: the hessian package's solvers agree with its tangent matrix. */
class RiemannianHessianTest {

    @Test
    void productsAreTheDenseMatrixAndTheSolversSeeTheTangentSpectrumPlusTheZeroOnW() {
        try (SphericalSpinGlass glass = SphericalSpinGlass.of(30, 3, 5)) {
            double[] w = glass.randomPoint(3);
            RiemannianHessian h = glass.riemannianHessian(w);
            DenseMatrix dense = h.dense();
            double[] v = glass.randomPoint(9);
            assertArrayEquals(dense.apply(v), h.apply(v), 1e-12, "operator product = dense matrix product");
            assertArrayEquals(new double[30], h.apply(w), 1e-12, "w is mapped to 0");

            double[] tangent = h.eigenvalues();
            assertEquals(29, tangent.length);
            double[] all = DenseEigen.all(DenseMatrix.of(h).symmetrized()).eigenvalues();
            int zero = 0;
            for (int i = 0, j = 0; i < all.length; i++) {
                if (zero == 0 && Math.abs(all[i]) < 1e-10 && (j == tangent.length || Math.abs(tangent[j]) > 1e-10)) {
                    zero++;
                    continue;
                }
                assertEquals(tangent[j++], all[i], 1e-9, "eigenvalue " + i);
            }
            assertEquals(1, zero, "one extra zero eigenvalue, on w");

            Spectrum low = new Lanczos().seed(1).smallest(h, 1);
            assertEquals(tangent[0], low.eigenvalue(0), 1e-7, "Lanczos on the operator finds the smallest");
            assertEquals(Index.count(tangent), h.index());
        }
    }

    @Test
    void theMeasuredSemicircleRadiusIsTwoSqrtOfHTimesHMinusOne() {
        try (SphericalSpinGlass glass = SphericalSpinGlass.of(60, 3, 11)) {
            double radius = glass.semicircleRadius(10, 1);
            assertEquals(2 * Math.sqrt(6), radius, 0.02 * 2 * Math.sqrt(6), "radius from the couplings");
            assertEquals(Complexity.eInfinity(3), radius / 3, 0.02 * Complexity.eInfinity(3), "E_inf = R / H");
        }
    }
}
