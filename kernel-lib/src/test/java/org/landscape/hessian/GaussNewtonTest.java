package org.landscape.hessian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.landscape.data.Dataset;
import org.landscape.model.Activation;
import org.landscape.model.Architecture;
import org.landscape.model.Loss;
import org.landscape.model.Network;

/**
 * Proposition 12.5 on a tanh network with the square loss, each part computed independently: H (fourth-order
 * differences of gradients), H0 (exact, from backpropagated Jacobians), H1 (differences of the frozen-error
 * gradient). Tolerances relative to max |H|: 1e-9 for identities between finite-difference quantities, 1e-12 for
 * the PSD-ness of the exact H0.
 */
class GaussNewtonTest {
    private final Network net = Network.builder(Architecture.of(3, 5, 4, 1)).activation(Activation.TANH)
            .loss(Loss.SQUARE).seed(21).build();
    private final Dataset data = Fixtures.data(25, 3, 1, "real", 22);

    GaussNewtonTest() {
        Fixtures.jiggle(net, 0.4, 23);
    }

    @Test
    void h0PlusH1IsTheHessian() {
        GaussNewton split = GaussNewton.at(net, data);
        DenseMatrix h = Hessians.dense(net, data), h0 = split.h0(), h1 = split.h1();
        double scale = h.maxAbs();
        assertTrue(h0.plus(h1).maxAbsDifference(h) <= 1e-9 * scale, "|H0 + H1 - H| = " + h0.plus(h1).maxAbsDifference(h));
        assertTrue(h1.maxAbs() > 1e-2 * scale, "H1 is not negligible here: " + h1.maxAbs());
    }

    @Test
    void h0IsPositiveSemidefiniteAndH1IsNot() {
        GaussNewton split = GaussNewton.at(net, data);
        Spectrum s0 = DenseEigen.all(split.h0());
        assertTrue(s0.min() >= -1e-12 * s0.max(), "smallest eigenvalue of H0: " + s0.min());
        Spectrum s1 = DenseEigen.all(split.h1());
        assertTrue(s1.min() < -1e-3 && s1.max() > 1e-3, "H1 is indefinite: " + s1.summary());
    }

    @Test
    void h1IsLinearInTheErrorsAndH0DoesNotSeeTheLabels() {
        GaussNewton split = GaussNewton.at(net, data);
        DenseMatrix h = Hessians.dense(net, data), h0 = split.h0();
        // The full Hessian on the sample whose errors are doubled: H0 + 2 H1.
        Dataset doubled = split.scaledData(2);
        DenseMatrix h2 = Hessians.dense(net, doubled);
        DenseMatrix h1 = h.minus(h0), h1Doubled = h2.minus(h0);
        assertTrue(h1Doubled.maxAbsDifference(h1.times(2)) <= 1e-9 * h.maxAbs(),
                "H1 doubles: " + h1Doubled.maxAbsDifference(h1.times(2)));
        GaussNewton other = GaussNewton.at(net, doubled);
        assertEquals(0, other.h0().maxAbsDifference(h0), 1e-14, "H0 is the same for other labels");
        // The errors really doubled.
        double[][] e = split.errors(), e2 = other.errors();
        for (int i = 0; i < e.length; i++) {
            assertEquals(2 * e[i][0], e2[i][0], 1e-12);
        }
        assertEquals(4 * split.risk(), other.risk(), 1e-12);
    }

    @Test
    void theOperatorsAgreeWithTheMatrices() {
        GaussNewton split = GaussNewton.at(net, data);
        DenseMatrix h0 = split.h0(), h1 = split.h1();
        double scale = h0.maxAbs() + h1.maxAbs();
        Random r = new Random(24);
        for (double lambda : new double[]{0.1, 1, 5}) {
            double[] v = Vectors.gaussian(split.dimension(), r);
            double[] viaData = split.scaled(lambda).apply(v);
            double[] viaSplit = h0.combine(1, h1, lambda).apply(v);
            double[] matrixFree = LinearOperator.combination(1, split.h0Operator(), lambda, split.h1Operator()).apply(v);
            for (int i = 0; i < v.length; i++) {
                double tol = 1e-8 * scale * Math.max(1, lambda) * Vectors.norm(v);
                assertEquals(viaSplit[i], viaData[i], tol, "H^lambda v, lambda = " + lambda);
                assertEquals(viaSplit[i], matrixFree[i], tol, "matrix-free H0 v + lambda H1 v");
            }
        }
    }

    @Test
    void theSplitHoldsForEveryLossAndTheLambdaScalingIsForTheSquareLoss() {
        Network ce = Network.builder(Architecture.of(3, 4, 2)).activation(Activation.TANH).loss(Loss.CROSS_ENTROPY)
                .seed(1).build();
        Dataset oneHot = Fixtures.data(10, 3, 2, "one-hot", 1);
        Fixtures.jiggle(ce, 0.4, 2);
        GaussNewton split = GaussNewton.at(ce, oneHot);
        // The generalised Gauss-Newton matrix is PSD, and H0 + H1 is the Hessian.
        assertTrue(DenseEigen.all(split.h0()).min() >= -1e-14);
        DenseMatrix h = Hessians.dense(ce, oneHot);
        assertTrue(split.h0().plus(split.h1()).maxAbsDifference(h) <= 1e-8 * h.maxAbs());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> split.scaled(2));
        assertTrue(e.getMessage().contains("square loss") && e.getMessage().contains("CROSS_ENTROPY"), e.getMessage());
        // The hinge loss is piecewise linear in the outputs: H0 = 0.
        Network hinge = Network.builder(Architecture.of(3, 2)).loss(Loss.HINGE).build();
        assertEquals(0, GaussNewton.at(hinge, Fixtures.data(5, 3, 2, "one-hot", 2)).h0().maxAbs());
    }
}
