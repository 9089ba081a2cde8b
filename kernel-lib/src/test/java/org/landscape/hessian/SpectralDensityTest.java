package org.landscape.hessian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Stochastic Lanczos quadrature: a density that integrates to 1 (within 1e-9) with the right moments. */
class SpectralDensityTest {

    @Test
    void integratesToOneForAnyBroadening() {
        Fixtures.Known known = Fixtures.indefinite();
        SpectralDensity d = SpectralDensity.estimate(known.matrix, 4, 15, 1);
        assertEquals(1.0, d.integral(), 1e-9);
        assertEquals(1.0, d.withSigma(2.0).integral(), 1e-9);
        assertEquals(1.0, d.withSigma(1e-3).integral(), 1e-9);
        assertEquals(60, d.products());
    }

    @Test
    void itsMeanIsTheMeanRayleighQuotientOfTheSameVectors() {
        DenseMatrix a = Fixtures.rotated().matrix;
        SpectralDensity d = SpectralDensity.estimate(a, 5, 10, 7);
        Random r = new Random(7); // the same +-1 vectors, in the same order
        double mean = 0;
        for (int v = 0; v < 5; v++) {
            double[] z = Vectors.normalized(Vectors.rademacher(a.dimension(), r));
            mean += Vectors.dot(z, a.apply(z)) / 5;
        }
        assertEquals(mean, d.mean(), 1e-12, "Gauss quadrature is exact for degree 1");
        assertEquals(a.trace() / a.dimension(), d.mean(), 0.5, "and estimates tr(A)/n");
    }

    @Test
    void withAsManyStepsAsTheDimensionItsNodesAreTheEigenvalues() {
        Fixtures.Known known = Fixtures.rotated();
        SpectralDensity d = SpectralDensity.estimate(known.matrix, 1, Fixtures.N, 3);
        assertEquals(known.ascending[0], d.minNode(), 1e-9 * known.norm());
        assertEquals(known.ascending[Fixtures.N - 1], d.maxNode(), 1e-9 * known.norm());
        assertEquals(1.0, d.massBelow(known.ascending[Fixtures.N - 1] + 1), 1e-12, "the weights sum to 1");
        assertEquals(0.0, d.massBelow(known.ascending[0] - 1), 1e-12);
    }

    @Test
    void refusesBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> SpectralDensity.estimate(Fixtures.diagonal().matrix, 0, 5, 1));
        SpectralDensity d = SpectralDensity.estimate(Fixtures.diagonal().matrix, 1, 5, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.withSigma(-1));
        assertTrue(e.getMessage().contains("sigma must be a positive width"), e.getMessage());
    }
}
