package org.landscape.hessian;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.landscape.data.Dataset;
import org.landscape.data.Synthetic;
import org.landscape.model.Activation;
import org.landscape.model.Architecture;
import org.landscape.model.Network;
import org.landscape.train.Trainer;

class RescaledHessiansTest {
    private final Network net = Network.builder(Architecture.of(3, 4, 1)).activation(Activation.TANH).seed(2).build();
    private final Dataset data = Synthetic.teacher(40, 3, 6, 0.3, 3);

    @Test
    void measuredHessiansOfRescaledSamplesAreH0PlusLambdaH1() {
        double[] theta = Trainer.gradientDescent(0.1).steps(300).progress(false).train(net, data).finalParameters();
        GaussNewton split = GaussNewton.at(net, data, theta);
        DenseMatrix h0 = split.h0(), h1 = split.h1();
        double[] lambdas = {1e-3, 1, 1000};
        RescaledHessians r = RescaledHessians.of(split, h0, h1, 1000, 1e-3, 1);
        assertArrayEquals(lambdas, r.lambdas(), 0);
        assertTrue(r.maxRelativeDifference() < 1e-6, "difference " + r.maxRelativeDifference());
        // independent: the spectrum of the measured matrix against the combination's
        assertEquals(DenseEigen.all(h0.combine(1, h1, 1000), false).min(), r.smallest()[2], 1e-6 * h1.maxAbs() * 1000);
        assertEquals(DenseEigen.all(h1, false).min(), r.h1Smallest(), 0);
        assertEquals(0, r.negativeCounts()[0], "H0 is PSD, so a tiny lambda leaves no eigenvalue below -0.001");
        assertTrue(r.countsNonDecreasing());
        assertEquals(3, r.table().rowCount());
    }

    @Test
    void refusesMismatchedMatricesAndBadLambdas() {
        GaussNewton split = GaussNewton.at(net, data);
        DenseMatrix small = DenseMatrix.identity(2);
        assertThrows(IllegalArgumentException.class, () -> RescaledHessians.of(split, small, small, 1, 2));
        DenseMatrix id = DenseMatrix.identity(split.dimension());
        assertThrows(IllegalArgumentException.class, () -> RescaledHessians.of(split, id, id, 1));
        assertThrows(IllegalArgumentException.class, () -> RescaledHessians.of(split, id, id, 0, 1));
    }
}
