package org.landscape.hessian;

import org.landscape.model.ParameterLayout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.landscape.data.Dataset;
import org.landscape.model.Activation;
import org.landscape.model.Architecture;
import org.landscape.model.Loss;
import org.landscape.model.Network;

/**
 * Hessian-vector products by central differences against the full (fourth-order) finite-difference Hessian and
 * against the exact layer blocks. Stated accuracy: |H v - (H) v| <= 1e-8 |H| |v| for the default step.
 */
class HessianVectorProductTest {

    private static Network tanhNet() {
        Network net = Network.builder(Architecture.of(3, 6, 4, 2)).activation(Activation.TANH).loss(Loss.SQUARE)
                .seed(11).build();
        Fixtures.jiggle(net, 0.3, 12);
        return net;
    }

    @Test
    void productsAgreeWithTheFullHessian() {
        Network net = tanhNet();
        Dataset data = Fixtures.data(30, 3, 2, "real", 13);
        DenseMatrix h = Hessians.dense(net, data);
        HessianVectorProduct hvp = HessianVectorProduct.at(net, data);
        Random r = new Random(14);
        for (int t = 0; t < 5; t++) {
            double[] v = Vectors.gaussian(h.rows(), r);
            double[] a = hvp.apply(v), b = h.apply(v);
            double err = 0;
            for (int i = 0; i < a.length; i++) {
                err = Math.max(err, Math.abs(a[i] - b[i]));
            }
            assertTrue(err <= 1e-8 * h.maxAbs() * Vectors.norm(v), "max error " + err);
        }
        assertEquals(10, hvp.gradientCount(), "two gradients per product");
        assertEquals(2, hvp.gradientsPerProduct());
    }

    @Test
    void theFullHessianIsSymmetricToFiniteDifferenceAccuracyAndMatchesTheExactBlocks() {
        Network net = tanhNet();
        Dataset data = Fixtures.data(30, 3, 2, "real", 15);
        DenseMatrix raw = DenseMatrix.of(HessianVectorProduct.at(net, data).fourthOrder());
        assertTrue(raw.maxAsymmetry() <= 1e-10 * raw.maxAbs(), "asymmetry " + raw.maxAsymmetry());
        LayerwiseHessian exact = LayerwiseHessian.of(net, data);
        for (int l = 0; l < exact.layers(); l++) {
            ParameterLayout p = exact.layout();
            double err = raw.block(p.start(l), p.end(l)).maxAbsDifference(exact.block(l));
            assertTrue(err <= 1e-10, "layer " + l + ": fourth-order differences vs recursion " + err);
            double central = DenseMatrix.of(HessianVectorProduct.at(net, data)).block(p.start(l), p.end(l))
                    .maxAbsDifference(exact.block(l));
            assertTrue(central <= 1e-8, "layer " + l + ": central differences vs recursion " + central);
        }
    }

    @Test
    void parametersAreRestoredAfterEveryProduct() {
        Network net = tanhNet();
        double[] before = net.parameters();
        Dataset data = Fixtures.data(10, 3, 2, "real", 16);
        double[] elsewhere = before.clone();
        elsewhere[0] += 1;
        HessianVectorProduct hvp = HessianVectorProduct.at(net, data, elsewhere);
        hvp.apply(Vectors.gaussian(before.length, new Random(1)));
        hvp.fourthOrder().apply(Vectors.gaussian(before.length, new Random(2)));
        hvp.gradient();
        assertArrayEquals(before, net.parameters(), 0.0);
    }

    @Test
    void parametersAreRestoredWhenTheGradientIsNotFiniteAndTheMessageSaysWhere() {
        // ReLU with huge weights: the square loss overflows to infinity, and so does its gradient.
        Network net = Network.builder(Architecture.of(2, 3, 1)).activation(Activation.RELU).seed(1).build();
        double[] before = net.parameters();
        double[] huge = new double[before.length];
        Arrays.fill(huge, 1e110);
        Dataset data = Dataset.of("positive inputs", new double[][]{{1, 2}, {3, 1}}, new double[][]{{0}, {1}});
        HessianVectorProduct hvp = HessianVectorProduct.at(net, data, huge);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> hvp.apply(Vectors.gaussian(before.length, new Random(3))));
        assertTrue(e.getMessage().contains("the gradient at theta + ") && e.getMessage().contains("Infinity"),
                e.getMessage());
        assertArrayEquals(before, net.parameters(), 0.0, "restored even though the product failed");
    }

    @Test
    @org.junit.jupiter.api.Tag("reliability")
    void refusesVectorsOfTheWrongLengthOrWithNaN() {
        Network net = tanhNet();
        HessianVectorProduct hvp = HessianVectorProduct.at(net, Fixtures.data(5, 3, 2, "real", 17));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> hvp.apply(new double[3]));
        assertTrue(e.getMessage().contains("v has 3 entries but the operator has dimension " + hvp.dimension()),
                e.getMessage());
        double[] nan = new double[hvp.dimension()];
        nan[2] = Double.NaN;
        e = assertThrows(IllegalArgumentException.class, () -> hvp.apply(nan));
        assertTrue(e.getMessage().contains("v[2] is NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> hvp.withRelativeStep(2));
        assertTrue(e.getMessage().contains("step must be in (0, 1)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> HessianVectorProduct.at(net, Fixtures.data(5, 4, 2, "real", 1)));
        assertTrue(e.getMessage().contains("has 4 inputs"), e.getMessage());
        assertArrayEquals(new double[hvp.dimension()], hvp.apply(new double[hvp.dimension()]), 0.0, "H 0 = 0");
    }

    @Test
    void theHessianIsSymmetricAsAnOperator() {
        Network net = tanhNet();
        HessianVectorProduct h = HessianVectorProduct.at(net, Fixtures.data(20, 3, 2, "real", 18));
        Random r = new Random(19);
        double[] u = Vectors.gaussian(h.dimension(), r), v = Vectors.gaussian(h.dimension(), r);
        double uhv = Vectors.dot(u, h.apply(v)), vhu = Vectors.dot(v, h.apply(u));
        assertEquals(uhv, vhu, 1e-8 * Math.abs(uhv), "u.Hv = v.Hu");
    }

    @Test
    void denseSymmetrisesRoundingButRefusesADifferenceAcrossAKink() {
        // One ReLU unit whose pre-activation h = 2 w1 + b1 lies 1.5 steps above its kink: moving w1 by a step moves h
        // by two and crosses it, moving b1 does not, so H[b1][w1] jumps while H[w1][b1] stays smooth.
        Network net = Network.builder(Architecture.of(1, 1, 1)).activation(Activation.RELU).loss(Loss.SQUARE).seed(1).build();
        Dataset data = Dataset.of("kink", new double[][]{{2}}, new double[][]{{1}});
        ParameterLayout.Layer hidden = net.layout().layer(0), out = net.layout().layer(1);
        double[] theta = new double[(int) net.parameterCount()];
        theta[hidden.weight(0, 0)] = 1;
        theta[hidden.bias(0)] = -2;
        theta[out.weight(0, 0)] = 1;
        double eps = HessianVectorProduct.DEFAULT_RELATIVE_STEP * Vectors.norm(theta);
        theta[hidden.bias(0)] = -2 + 1.5 * eps;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Hessians.dense(net, data, theta));
        assertTrue(e.getMessage().contains("kink"), e.getMessage());
        // Away from the kink the same network's Hessian is assembled and exactly symmetric.
        theta[hidden.bias(0)] = -1;
        assertEquals(0, Hessians.dense(net, data, theta).maxAsymmetry());
    }
}
