package org.landscape.hessian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.landscape.data.Dataset;
import org.landscape.model.Activation;
import org.landscape.model.Architecture;
import org.landscape.model.Network;
import org.landscape.display.Displayable;
import org.landscape.display.MimeBundle;

/** The index with the paper's tolerance, and every result's notebook form (a picture and a one-line summary). */
class IndexAndDisplayTest {

    @Test
    void indexCountsEigenvaluesBelowMinusTheTolerance() {
        double[] eig = {-0.5, -0.002, -0.001, -0.0005, 0, 0.3};
        assertEquals(0.001, Index.PAPER_TOLERANCE);
        assertEquals(2, Index.count(eig), "-0.001 itself is 'zero' in the paper's convention");
        assertEquals(4, Index.count(eig, 0));
        assertEquals(2.0 / 6, Index.fraction(eig), 1e-15);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Index.count(new double[]{1, Double.NaN}));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Index.count(eig, -1));
    }

    private static void displays(Displayable d, String... words) {
        MimeBundle b = d.toMimeBundle();
        assertTrue(b.has(MimeBundle.TEXT), d.getClass().getSimpleName());
        assertTrue(b.has(MimeBundle.PNG) || b.has(MimeBundle.HTML), d.getClass().getSimpleName());
        assertTrue(!d.summary().contains("\n"), "one line: " + d.summary());
        for (String w : words) {
            assertTrue(d.summary().contains(w), "'" + w + "' in: " + d.summary());
        }
    }

    @Test
    void everyResultShowsAsAPictureWithASummary() {
        Fixtures.Known known = Fixtures.indefinite();
        displays(DenseEigen.all(known.matrix).named("the indefinite fixture"), "spectrum of the indefinite fixture",
                "index", "trace");
        displays(new Lanczos().largest(known.matrix, 3), "3 largest eigenvalues", "Lanczos", "products");
        displays(SpectralDensity.estimate(known.matrix, 2, 10, 1), "SLQ", "integral 1.0000");
        Trace.Estimate trace = Trace.hutchinson(known.matrix, 5, 1); // one number: shown as its summary alone
        assertEquals(trace.summary(), trace.toMimeBundle().get(MimeBundle.TEXT));
        assertTrue(trace.summary().contains("Hutchinson"), trace.summary());
        displays(ScaledSpectra.of(DenseMatrix.identity(3), DenseMatrix.diagonal(-1, 0.5, 1), 0.1, 1, 10),
                "eigenvalues below -0.001: 0, 0, 1");
        Network net = Network.builder(Architecture.of(2, 3, 1)).activation(Activation.RELU).seed(1).build();
        Fixtures.jiggle(net, 0.2, 1);
        Dataset data = Fixtures.data(10, 2, 1, "real", 1);
        displays(LayerwiseHessian.of(net, data), "layer 0 (9 x 9)", "trace of H");
    }

    @Test
    void scaledSpectraFollowTheLambdaArgument() {
        // H0 = I, H1 = diag(-1, 0.5, 1): H^lambda = diag(1 - lambda, 1 + lambda / 2, 1 + lambda).
        ScaledSpectra s = ScaledSpectra.of(DenseMatrix.identity(3), DenseMatrix.diagonal(-1, 0.5, 1), 0.5, 2, 100);
        assertEquals(0.5, s.smallest()[0], 1e-14);
        assertEquals(-1, s.smallest()[1], 1e-14);
        assertEquals(-99, s.smallest()[2], 1e-12);
        assertEquals(-1, s.h1Smallest(), 1e-14);
        assertEquals(1, s.negativeCounts()[2]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScaledSpectra.of(DenseMatrix.identity(3), DenseMatrix.identity(3), 0, 1));
        assertTrue(e.getMessage().contains("lambda must be > 0"), e.getMessage());
    }
}
