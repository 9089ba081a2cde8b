package org.landscape.hessian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.landscape.data.Dataset;
import org.landscape.model.Activation;
import org.landscape.model.Architecture;
import org.landscape.model.Network;

/** Trace estimators against exact traces. Random estimates are checked within 4 standard errors (fixed seeds). */
class TraceTest {

    @Test
    void hutchinsonIsExactForADiagonalMatrix() {
        DenseMatrix d = Fixtures.diagonal().matrix;
        Trace.Estimate e = Trace.hutchinson(d, 3, 1);
        assertEquals(d.trace(), e.value(), 1e-12, "z^T D z = tr D for every +-1 vector z");
        assertEquals(0, e.standardError(), 1e-12);
    }

    @Test
    void hutchinsonIsWithinItsStandardErrorAndTheErrorIsHonest() {
        DenseMatrix a = Fixtures.indefinite().matrix;
        double frob2 = 0, diag2 = 0;
        for (int i = 0; i < a.rows(); i++) {
            for (int j = 0; j < a.cols(); j++) {
                frob2 += a.get(i, j) * a.get(i, j);
            }
            diag2 += a.get(i, i) * a.get(i, i);
        }
        int s = 400;
        double theory = Math.sqrt(2 * (frob2 - diag2) / s);
        Trace.Estimate e = Trace.hutchinson(a, s, 2);
        assertTrue(Math.abs(e.value() - a.trace()) <= 4 * theory, e + " vs exact " + a.trace());
        assertEquals(theory, e.standardError(), 0.25 * theory, "estimated vs theoretical standard error");
        assertEquals(s, e.products());
    }

    @Test
    void hutchPlusPlusIsExactForLowRankAndBeatsHutchinsonOnADecayingSpectrum() {
        double[] d = new double[Fixtures.N];
        for (int i = 0; i < 5; i++) {
            d[i] = 10 - i;
        }
        DenseMatrix lowRank = Fixtures.similarity(d, 3);
        Trace.Estimate exact = Trace.hutchPlusPlus(lowRank, 30, 4);
        assertEquals(lowRank.trace(), exact.value(), 1e-9, "rank 5 <= 30 / 3");
        for (int i = 0; i < d.length; i++) {
            d[i] = 10 * Math.pow(0.7, i);
        }
        DenseMatrix decaying = Fixtures.similarity(d, 5);
        double errHutch = 0, errPlus = 0;
        for (int seed = 0; seed < 20; seed++) {
            errHutch += Math.abs(Trace.hutchinson(decaying, 24, seed).value() - decaying.trace());
            errPlus += Math.abs(Trace.hutchPlusPlus(decaying, 24, seed).value() - decaying.trace());
        }
        assertTrue(errPlus < 0.2 * errHutch, "mean errors over 20 seeds: Hutch++ " + errPlus / 20
                + ", Hutchinson " + errHutch / 20);
    }

    @Test
    void estimatesTheTraceOfANetworksHessian() {
        Network net = Network.builder(Architecture.of(3, 8, 1)).activation(Activation.RELU).seed(5).build();
        Fixtures.jiggle(net, 0.3, 6);
        Dataset data = Fixtures.data(30, 3, 1, "real", 7);
        double exact = Hessians.dense(net, data).trace();
        assertEquals(exact, LayerwiseHessian.of(net, data).trace(), 1e-8, "recursion's trace");
        HessianVectorProduct h = HessianVectorProduct.at(net, data);
        Trace.Estimate hutch = Trace.hutchinson(h, 60, 8), plus = Trace.hutchPlusPlus(h, 60, 8);
        assertTrue(Math.abs(hutch.value() - exact) <= 4 * hutch.standardError(), hutch + " vs " + exact);
        assertTrue(Math.abs(plus.value() - exact) <= 4 * plus.standardError() + 1e-8, plus + " vs " + exact);
    }

    @Test
    void refusesTooFewProducts() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trace.hutchinson(Fixtures.diagonal().matrix, 1, 1));
        assertTrue(e.getMessage().contains("must be >= 2, got 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Trace.hutchPlusPlus(Fixtures.diagonal().matrix, 2, 1));
        assertTrue(Trace.exact(DenseMatrix.identity(3)).summary().contains("trace 3"));
    }
}
